//! The strip, checked with exiftool (Debian's `libimage-exiftool-perl`, installed by `.ci/run`):
//! the metadata exiftool wrote is there before and gone after, and the image data is the same
//! bytes. The test files are made here: a JPEG encoded from known pixels (`jpeg-encoder`), a PNG
//! written chunk by chunk, a PDF written by hand; exiftool then adds GPS, EXIF, XMP, IPTC, text
//! and document information, as a camera or an editor would.

use std::path::Path;
use std::process::Command;

use quietline_evidence::strip::{Format, Removed, StripError, strip};
use serde_json::Value;

/// Whether exiftool is here; under CI it must be.
fn exiftool_present() -> bool {
    let found = Command::new("exiftool").arg("-ver").output().is_ok();
    assert!(
        found || std::env::var_os("CI").is_none(),
        "exiftool is missing (apt-get install libimage-exiftool-perl)"
    );
    if !found {
        eprintln!("exiftool not installed: skipped");
    }
    found
}

fn exiftool(args: &[&str], file: &Path) {
    let out = Command::new("exiftool")
        .args(["-q", "-overwrite_original"])
        .args(args)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every tag exiftool reads, as `Group:Tag` → value (`-G1`: the specific group, such as `GPS`,
/// `XMP-dc`, `IPTC`, `PDF`).
fn tags(bytes: &[u8]) -> serde_json::Map<String, Value> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("exiftool")
        .args(["-j", "-G1", "-a", "-n"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut all: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    match all.remove(0) {
        Value::Object(map) => map,
        other => panic!("{other}"),
    }
}

fn has_group(tags: &serde_json::Map<String, Value>, group: &str) -> bool {
    tags.keys().any(|k| k.starts_with(&format!("{group}:")))
}

fn with_metadata(bytes: &[u8], args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    std::fs::write(&path, bytes).unwrap();
    exiftool(args, &path);
    std::fs::read(&path).unwrap()
}

const GPS: [&str; 4] = [
    "-GPSLatitude=48.8566",
    "-GPSLatitudeRef=N",
    "-GPSLongitude=2.3522",
    "-GPSLongitudeRef=E",
];

fn jpeg(progressive: bool) -> Vec<u8> {
    let (w, h) = (32u16, 24u16);
    let pixels: Vec<u8> = (0..usize::from(w) * usize::from(h))
        .flat_map(|i| [(i * 7) as u8, (i * 3) as u8, 200])
        .collect();
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 90);
    encoder.set_progressive(progressive);
    encoder
        .encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

/// The JPEG from its first quantisation table on: tables, frame, scans, end of image.
fn image_data_of_jpeg(bytes: &[u8]) -> &[u8] {
    let at = bytes.windows(2).position(|w| w == [0xFF, 0xDB]).unwrap();
    let end = bytes.windows(2).rposition(|w| w == [0xFF, 0xD9]).unwrap();
    &bytes[at..end + 2]
}

#[test]
fn a_jpeg_loses_gps_exif_xmp_iptc_and_comment_and_keeps_its_image_data() {
    if !exiftool_present() {
        return;
    }
    for progressive in [false, true] {
        let mut original = with_metadata(
            &jpeg(progressive),
            &[
                GPS[0],
                GPS[1],
                GPS[2],
                GPS[3],
                "-EXIF:Artist=Amira Example",
                "-EXIF:Model=Phone X",
                "-XMP-dc:Creator=Amira Example",
                "-IPTC:By-line=Amira Example",
                "-Comment=taken at the station",
            ],
        );
        // A trailer after the end of the image, as some phones append.
        original.extend_from_slice(b"TRAILER-WITH-SECRETS");
        let before = tags(&original);
        for group in ["GPS", "IFD0", "XMP-dc", "IPTC", "File"] {
            assert!(
                has_group(&before, group),
                "{group} missing before: {before:?}"
            );
        }
        assert_eq!(before["File:Comment"], "taken at the station");

        let copy = strip(&original).unwrap();
        assert_eq!(copy.format, Format::Jpeg);
        for kind in [
            Removed::ExifWithGps,
            Removed::Xmp,
            Removed::Iptc,
            Removed::Comment,
            Removed::Trailer,
        ] {
            assert!(
                copy.removed.contains(&kind),
                "{kind:?} not said: {:?}",
                copy.removed
            );
        }
        let after = tags(&copy.bytes);
        for group in [
            "GPS",
            "IFD0",
            "ExifIFD",
            "XMP-dc",
            "XMP-x",
            "IPTC",
            "Photoshop",
        ] {
            assert!(!has_group(&after, group), "{group} left: {after:?}");
        }
        assert!(!after.contains_key("File:Comment"), "{after:?}");
        assert!(!after.keys().any(|k| k.contains("Warning")), "{after:?}");
        assert_eq!(after["File:ImageWidth"], 32);
        assert!(!copy.bytes.ends_with(b"TRAILER-WITH-SECRETS"));
        // The pixels are untouched: tables, frame header and scans, byte for byte.
        assert_eq!(
            image_data_of_jpeg(&copy.bytes),
            image_data_of_jpeg(&original)
        );
        // And stripping again finds nothing.
        assert!(strip(&copy.bytes).unwrap().removed.is_empty());
    }
}

/// A PNG chunk: length, type, data, CRC-32 (ISO 3309, as PNG's spec gives it).
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut covered = kind.to_vec();
    covered.extend_from_slice(data);
    out.extend_from_slice(&crc32(&covered).to_be_bytes());
    out
}

/// A 4×4 RGB PNG whose image data is a zlib stream of one stored (uncompressed) block.
fn png() -> Vec<u8> {
    let (w, h) = (4u32, 4u32);
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0); // filter: none
        for x in 0..w {
            raw.extend_from_slice(&[(x * 60) as u8, (y * 60) as u8, 128]);
        }
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    let len = raw.len() as u16;
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend_from_slice(&len.to_le_bytes());
    zlib.extend_from_slice(&(!len).to_le_bytes());
    zlib.extend_from_slice(&raw);
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &ihdr));
    out.extend(chunk(b"IDAT", &zlib));
    out.extend(chunk(b"IEND", &[]));
    out
}

/// The PNG's chunks of one type, read by hand (length, type, data, CRC).
fn png_chunks<'a>(bytes: &'a [u8], kind: &[u8]) -> Vec<&'a [u8]> {
    let mut found = Vec::new();
    let mut i = 8;
    while i + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
        if &bytes[i + 4..i + 8] == kind {
            found.push(&bytes[i + 8..i + 8 + len]);
        }
        i += 12 + len;
    }
    found
}

#[test]
fn a_png_loses_gps_exif_xmp_and_text_and_keeps_its_image_data() {
    if !exiftool_present() {
        return;
    }
    let original = with_metadata(
        &png(),
        &[
            GPS[0],
            GPS[1],
            GPS[2],
            GPS[3],
            "-PNG:Author=Amira Example",
            "-PNG:Comment=taken at the station",
            "-XMP-dc:Creator=Amira Example",
        ],
    );
    let before = tags(&original);
    for group in ["GPS", "XMP-dc", "PNG"] {
        assert!(
            has_group(&before, group),
            "{group} missing before: {before:?}"
        );
    }
    assert!(before.contains_key("PNG:Author"), "{before:?}");

    let copy = strip(&original).unwrap();
    assert_eq!(copy.format, Format::Png);
    for kind in [Removed::ExifWithGps, Removed::Xmp, Removed::PngText] {
        assert!(
            copy.removed.contains(&kind),
            "{kind:?} not said: {:?}",
            copy.removed
        );
    }
    let after = tags(&copy.bytes);
    for group in ["GPS", "IFD0", "XMP-dc", "XMP-x"] {
        assert!(!has_group(&after, group), "{group} left: {after:?}");
    }
    assert!(!after.contains_key("PNG:Author") && !after.contains_key("PNG:Comment"));
    assert!(!after.keys().any(|k| k.contains("Warning")), "{after:?}");
    assert_eq!(
        png_chunks(&copy.bytes, b"IDAT"),
        png_chunks(&original, b"IDAT")
    );
    assert_eq!(
        png_chunks(&copy.bytes, b"IHDR"),
        png_chunks(&original, b"IHDR")
    );
}

/// A one-page PDF written by hand, with its cross-reference table.
fn pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        "<< /Length 22 >>\nstream\n0 0 1 rg 10 10 50 50 re\nendstream",
        "<< /Author (Original Author) /Producer (Hand) >>",
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn a_pdf_loses_its_document_information_and_xmp_with_earlier_revisions() {
    if !exiftool_present() {
        return;
    }
    // exiftool adds an incremental update: the first revision's /Info stays in the file.
    let original = with_metadata(
        &pdf(),
        &[
            "-PDF:Author=Amira Example",
            "-PDF:Creator=Scanner 3000",
            "-XMP-dc:Creator=Amira Example",
        ],
    );
    assert!(original.windows(15).any(|w| w == b"Original Author"));
    let before = tags(&original);
    assert_eq!(before["PDF:Author"], "Amira Example", "{before:?}");
    assert!(has_group(&before, "XMP-dc"), "{before:?}");

    let copy = strip(&original).unwrap();
    assert_eq!(copy.format, Format::Pdf);
    assert_eq!(copy.removed, vec![Removed::PdfInfo, Removed::PdfXmp]);
    let after = tags(&copy.bytes);
    assert!(
        !has_group(&after, "XMP-dc") && !has_group(&after, "XMP-x"),
        "{after:?}"
    );
    assert!(
        !after.contains_key("PDF:Author") && !after.contains_key("PDF:Creator"),
        "{after:?}"
    );
    assert_eq!(after["PDF:PageCount"], 1, "{after:?}");
    assert!(!copy.bytes.windows(13).any(|w| w == b"Amira Example"));
    assert!(!copy.bytes.windows(15).any(|w| w == b"Original Author"));
    // The page is still there.
    assert!(
        copy.bytes
            .windows(22)
            .any(|w| w == b"0 0 1 rg 10 10 50 50 re"[..22].as_ref())
    );
}

#[test]
fn what_is_not_an_image_or_pdf_is_refused_and_so_is_an_encrypted_pdf() {
    assert!(matches!(
        strip(b"PK\x03\x04 a zip"),
        Err(StripError::Unsupported)
    ));
    assert!(matches!(
        strip(&png()[..20]),
        Err(StripError::Unreadable {
            format: Format::Png,
            ..
        })
    ));
    let encrypted = String::from_utf8(pdf()).unwrap().replace(
        "/Root 1 0 R",
        "/Root 1 0 R /Encrypt << /Filter /Standard /V 1 /R 2 /O (x) /U (y) /P -4 >>",
    );
    assert!(matches!(
        strip(encrypted.as_bytes()),
        Err(StripError::Encrypted | StripError::Unreadable { .. })
    ));
}
