//! Working copies without metadata: [`strip`] takes the bytes of a JPEG, PNG or PDF (told
//! apart by their first bytes, never by a claimed type or name) and returns a copy with the
//! metadata removed, and what was removed, in words an investigator can read on the report page.
//!
//! - **JPEG** (`img-parts`, no re-encoding): every application segment (APP1 to APP15) and
//!   comment is removed, except the ICC colour profile (APP2 `ICC_PROFILE`) and Adobe's colour
//!   transform (APP14 `Adobe`), which change how the pixels are shown; JFIF (APP0) stays. The
//!   segments between the scans of a progressive JPEG are read too, and anything after the
//!   end-of-image marker (a phone's second image, an appended trailer) is dropped. The
//!   quantisation and Huffman tables, frame header and scan data are copied byte for byte.
//! - **PNG** (`img-parts`): the critical chunks and those that say how to show the pixels
//!   (transparency, gamma, chromaticities, sRGB, ICC profile, significant bits, background,
//!   physical size, cICP, HDR metadata, APNG's animation chunks) stay; text chunks (`tEXt`,
//!   `zTXt`, `iTXt`, which also carry XMP), `eXIf`, `tIME` and every other ancillary chunk are
//!   removed. The image data (`IDAT`) is copied byte for byte.
//! - **PDF** (`lopdf`): the trailer's document information dictionary (`/Info`: author,
//!   creator, producer, dates...), every `/Metadata` entry (the catalog's XMP and that of any page,
//!   image or font) with its stream, every stream of `/Type /Metadata` left unreferenced, and
//!   `/PieceInfo` (an application's private data) are removed; the document is then written
//!   again whole, so earlier revisions kept by incremental updates (where an edited document's
//!   first author often still is) are gone too. Encrypted PDFs are refused: removing their
//!   metadata would mean decrypting them.
//!
//! **Bounded memory.** The strip works on a file held in memory, and builds the copy in memory
//! too (a PDF's objects as well, decompressed where lopdf needs them). That is bounded by the
//! caller: files reach Quietline within the configured maximum file size (`--max-file-mib`), and
//! the service makes one copy at a time per request; it does not grow with the number or total
//! size of a report's files.
//!
//! What this cannot remove is said in docs/evidence.md: what the pixels or the page show
//! (a face, a street sign, a watermark), metadata hidden in the image data itself, and, for a
//! PDF, text or images an author put on a page.

use std::collections::BTreeSet;

use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::{Bytes, ImageEncoder};

/// A file format the strip understands, from the file's first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    Png,
    /// PDF (`%PDF-`).
    Pdf,
}

impl Format {
    /// The format of `bytes`, by their first bytes, if it is one the strip understands.
    pub fn detect(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else {
            None
        }
    }

    /// The standard content type.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Pdf => "application/pdf",
        }
    }

    /// The usual file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Pdf => "pdf",
        }
    }
}

/// One kind of metadata that was removed. The codes are stable (they are stored, sealed, with
/// the copy).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Removed {
    /// EXIF that held a GPS position.
    ExifWithGps,
    /// EXIF (camera, dates, settings...) without a GPS position.
    Exif,
    /// XMP (Adobe's metadata packets).
    Xmp,
    /// IPTC and other Photoshop resources (JPEG APP13).
    Iptc,
    /// A JPEG comment.
    Comment,
    /// Another application's data segment in a JPEG (APPn).
    ApplicationData,
    /// Bytes after the end of the image (a second image, a trailer).
    Trailer,
    /// PNG text chunks (`tEXt`, `zTXt`, `iTXt`).
    PngText,
    /// The PNG's last-modification time (`tIME`).
    PngTime,
    /// Other ancillary PNG chunks.
    PngOther,
    /// The PDF's document information dictionary.
    PdfInfo,
    /// XMP metadata streams of a PDF.
    PdfXmp,
    /// An application's private data in a PDF (`/PieceInfo`).
    PdfPieceInfo,
}

impl Removed {
    /// Every kind, in the order they are listed.
    pub const ALL: [Self; 13] = [
        Self::ExifWithGps,
        Self::Exif,
        Self::Xmp,
        Self::Iptc,
        Self::Comment,
        Self::ApplicationData,
        Self::Trailer,
        Self::PngText,
        Self::PngTime,
        Self::PngOther,
        Self::PdfInfo,
        Self::PdfXmp,
        Self::PdfPieceInfo,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::ExifWithGps => "exif_gps",
            Self::Exif => "exif",
            Self::Xmp => "xmp",
            Self::Iptc => "iptc",
            Self::Comment => "comment",
            Self::ApplicationData => "app_data",
            Self::Trailer => "trailer",
            Self::PngText => "png_text",
            Self::PngTime => "png_time",
            Self::PngOther => "png_other",
            Self::PdfInfo => "pdf_info",
            Self::PdfXmp => "pdf_xmp",
            Self::PdfPieceInfo => "pdf_piece_info",
        }
    }

    /// The kind of a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// In words (English, as the workbench is).
    pub fn label(self) -> &'static str {
        match self {
            Self::ExifWithGps => "EXIF (with GPS position)",
            Self::Exif => "EXIF",
            Self::Xmp => "XMP",
            Self::Iptc => "IPTC",
            Self::Comment => "comment",
            Self::ApplicationData => "other application data",
            Self::Trailer => "data after the end of the image",
            Self::PngText => "PNG text chunks",
            Self::PngTime => "PNG modification time",
            Self::PngOther => "other PNG chunks",
            Self::PdfInfo => "PDF document information",
            Self::PdfXmp => "PDF XMP metadata",
            Self::PdfPieceInfo => "PDF application data",
        }
    }
}

/// A working copy with its metadata removed.
#[derive(Clone, Debug)]
pub struct Stripped {
    /// The format the input was found to be.
    pub format: Format,
    /// The copy's bytes.
    pub bytes: Vec<u8>,
    /// What was removed, each kind once, in [`Removed::ALL`]'s order; empty when the file had
    /// no metadata to remove.
    pub removed: Vec<Removed>,
}

/// Why no copy could be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StripError {
    /// Not a JPEG, PNG or PDF (by its first bytes).
    #[error("not a JPEG, PNG or PDF file")]
    Unsupported,
    /// It starts like one of them but cannot be read as one.
    #[error("the {format:?} file cannot be read: {reason}")]
    Unreadable {
        /// What it looked like.
        format: Format,
        /// What went wrong (the parser's words; no content).
        reason: String,
    },
    /// An encrypted PDF: its metadata cannot be removed without decrypting it.
    #[error("the PDF is encrypted")]
    Encrypted,
}

/// A copy of `bytes` without metadata, and what was removed.
pub fn strip(bytes: &[u8]) -> Result<Stripped, StripError> {
    let format = Format::detect(bytes).ok_or(StripError::Unsupported)?;
    let mut removed = BTreeSet::new();
    let copy = match format {
        Format::Jpeg => strip_jpeg(bytes, &mut removed),
        Format::Png => strip_png(bytes, &mut removed),
        Format::Pdf => strip_pdf(bytes, &mut removed),
    }?;
    Ok(Stripped {
        format,
        bytes: copy,
        removed: removed.into_iter().collect(),
    })
}

fn unreadable(format: Format, reason: impl ToString) -> StripError {
    StripError::Unreadable {
        format,
        reason: reason.to_string(),
    }
}

const EXIF_PREFIX: &[u8] = b"Exif\0\0";
const XMP_PREFIXES: [&[u8]; 2] = [
    b"http://ns.adobe.com/xap/1.0/\0",
    b"http://ns.adobe.com/xmp/extension/\0",
];

/// Whether an EXIF block (TIFF structure) holds any GPS field. An EXIF block that cannot be
/// read is said to hold one: it is removed either way, and "with GPS" is the careful word.
fn exif_has_gps(tiff: &[u8]) -> bool {
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    let parsed = reader
        .read_raw(tiff.to_vec())
        .or_else(|e| e.distill_partial_result(|_| {}));
    match parsed {
        Ok(exif) => exif.fields().any(|f| f.tag.context() == exif::Context::Gps),
        Err(_) => true,
    }
}

fn exif_kind(tiff: &[u8]) -> Removed {
    if exif_has_gps(tiff) {
        Removed::ExifWithGps
    } else {
        Removed::Exif
    }
}

/// What an application segment or comment is, or `None` for one that stays.
fn jpeg_metadata(marker: u8, contents: &[u8]) -> Option<Removed> {
    match marker {
        markers::APP1 if contents.starts_with(EXIF_PREFIX) => {
            Some(exif_kind(&contents[EXIF_PREFIX.len()..]))
        }
        markers::APP1 if XMP_PREFIXES.iter().any(|p| contents.starts_with(p)) => Some(Removed::Xmp),
        markers::APP2 if contents.starts_with(b"ICC_PROFILE\0") => None,
        markers::APP13 => Some(Removed::Iptc),
        markers::APP14 if contents.starts_with(b"Adobe") => None,
        markers::APP0 => None,
        markers::COM => Some(Removed::Comment),
        m if (markers::APP1..=markers::APP15).contains(&m) => Some(Removed::ApplicationData),
        _ => None,
    }
}

fn strip_jpeg(bytes: &[u8], removed: &mut BTreeSet<Removed>) -> Result<Vec<u8>, StripError> {
    let jpeg =
        Jpeg::from_bytes(Bytes::copy_from_slice(bytes)).map_err(|e| unreadable(Format::Jpeg, e))?;
    let mut out = vec![0xFF, markers::SOI];
    let mut scanned = false;
    for segment in jpeg.segments() {
        let marker = segment.marker();
        if let Some(kind) = jpeg_metadata(marker, segment.contents()) {
            removed.insert(kind);
            continue;
        }
        let length = u16::try_from(segment.contents().len() + 2)
            .map_err(|_| unreadable(Format::Jpeg, "segment too long"))?;
        out.extend_from_slice(&[0xFF, marker]);
        out.extend_from_slice(&length.to_be_bytes());
        out.extend_from_slice(segment.contents());
        if marker == markers::SOS {
            // img-parts leaves everything after the first scan's header to us: its
            // entropy-coded data, any later segments and scans, the end of the image, and what
            // follows it.
            let whole = segment.clone().encoder().bytes();
            let header = 4 + segment.contents().len();
            let tail = whole
                .get(header..)
                .ok_or_else(|| unreadable(Format::Jpeg, "scan"))?;
            copy_scans(tail, &mut out, removed)?;
            scanned = true;
            break;
        }
    }
    if !scanned {
        return Err(unreadable(Format::Jpeg, "no image data"));
    }
    Ok(out)
}

/// Copies entropy-coded data and the segments between scans up to the end-of-image marker,
/// without the metadata segments among them; what follows the end of the image is dropped.
fn copy_scans(
    tail: &[u8],
    out: &mut Vec<u8>,
    removed: &mut BTreeSet<Removed>,
) -> Result<(), StripError> {
    let mut i = 0;
    while i < tail.len() {
        if tail[i] != 0xFF {
            out.push(tail[i]);
            i += 1;
            continue;
        }
        let Some(&next) = tail.get(i + 1) else {
            return Err(unreadable(Format::Jpeg, "truncated"));
        };
        match next {
            // A stuffed 0xFF byte, or a restart marker: part of the scan.
            0x00 | markers::RST0..=markers::RST7 => {
                out.extend_from_slice(&[0xFF, next]);
                i += 2;
            }
            // Fill bytes before a marker.
            0xFF => i += 1,
            markers::EOI => {
                out.extend_from_slice(&[0xFF, markers::EOI]);
                if tail.len() > i + 2 {
                    removed.insert(Removed::Trailer);
                }
                return Ok(());
            }
            marker => {
                let length = tail
                    .get(i + 2..i + 4)
                    .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
                    .ok_or_else(|| unreadable(Format::Jpeg, "truncated"))?;
                let end = i + 2 + length;
                let contents = tail
                    .get(i + 4..end)
                    .ok_or_else(|| unreadable(Format::Jpeg, "truncated"))?;
                match jpeg_metadata(marker, contents) {
                    Some(kind) => {
                        removed.insert(kind);
                    }
                    None => out.extend_from_slice(&tail[i..end]),
                }
                i = end;
            }
        }
    }
    Err(unreadable(Format::Jpeg, "no end of image"))
}

/// PNG chunks that say how to show the pixels (and the critical ones): kept.
const PNG_KEPT: [&[u8; 4]; 17] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"bKGD", b"pHYs", b"cICP", b"mDCV", b"cLLI", b"acTL", b"fcTL",
];

fn strip_png(bytes: &[u8], removed: &mut BTreeSet<Removed>) -> Result<Vec<u8>, StripError> {
    let mut png =
        Png::from_bytes(Bytes::copy_from_slice(bytes)).map_err(|e| unreadable(Format::Png, e))?;
    if png.chunk_by_type(*b"IDAT").is_none() {
        return Err(unreadable(Format::Png, "no image data"));
    }
    png.chunks_mut().retain(|chunk| {
        let kind = chunk.kind();
        if PNG_KEPT.contains(&&kind) || &kind == b"fdAT" {
            return true;
        }
        let what = match &kind {
            b"iTXt" if chunk.contents().starts_with(b"XML:com.adobe.xmp\0") => Removed::Xmp,
            b"tEXt" | b"zTXt" | b"iTXt" => Removed::PngText,
            b"eXIf" => exif_kind(chunk.contents()),
            b"tIME" => Removed::PngTime,
            _ => Removed::PngOther,
        };
        removed.insert(what);
        false
    });
    Ok(ImageEncoder::from(png).bytes().to_vec())
}

fn strip_pdf(bytes: &[u8], removed: &mut BTreeSet<Removed>) -> Result<Vec<u8>, StripError> {
    use lopdf::{Document, Object};

    let mut doc = Document::load_mem(bytes).map_err(|e| unreadable(Format::Pdf, e))?;
    if doc.was_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err(StripError::Encrypted);
    }
    if let Some(info) = doc.trailer.remove(b"Info") {
        removed.insert(Removed::PdfInfo);
        if let Ok(id) = info.as_reference() {
            doc.objects.remove(&id);
        }
    }
    // Every /Metadata and /PieceInfo entry of every dictionary and stream, and what it points to.
    let mut gone = Vec::new();
    for object in doc.objects.values_mut() {
        let dict = match object {
            Object::Dictionary(dict) => dict,
            Object::Stream(stream) => &mut stream.dict,
            _ => continue,
        };
        for (key, kind) in [
            (&b"Metadata"[..], Removed::PdfXmp),
            (&b"PieceInfo"[..], Removed::PdfPieceInfo),
        ] {
            if let Some(value) = dict.remove(key) {
                removed.insert(kind);
                if let Ok(id) = value.as_reference() {
                    gone.push(id);
                }
            }
        }
    }
    for id in gone {
        doc.objects.remove(&id);
    }
    // Metadata streams nothing points to any more (an earlier revision's) go too.
    let orphans: Vec<_> = doc
        .objects
        .iter()
        .filter(|(_, object)| match object {
            Object::Stream(stream) => stream.dict.has_type(b"Metadata"),
            _ => false,
        })
        .map(|(id, _)| *id)
        .collect();
    for id in orphans {
        removed.insert(Removed::PdfXmp);
        doc.objects.remove(&id);
    }
    let mut out = Vec::with_capacity(bytes.len());
    doc.save_to(&mut out)
        .map_err(|e| unreadable(Format::Pdf, e))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_their_first_bytes_and_others_are_refused() {
        assert_eq!(Format::detect(b"\xFF\xD8\xFF\xE0"), Some(Format::Jpeg));
        assert_eq!(Format::detect(b"\x89PNG\r\n\x1a\nxx"), Some(Format::Png));
        assert_eq!(Format::detect(b"%PDF-1.7\n"), Some(Format::Pdf));
        assert_eq!(Format::detect(b"GIF89a"), None);
        assert!(matches!(strip(b"GIF89a...."), Err(StripError::Unsupported)));
        assert!(matches!(
            strip(b"%PDF-1.4 and nothing else"),
            Err(StripError::Unreadable {
                format: Format::Pdf,
                ..
            })
        ));
        assert!(matches!(
            strip(b"\xFF\xD8\xFF\xE0\x00"),
            Err(StripError::Unreadable {
                format: Format::Jpeg,
                ..
            })
        ));
        for kind in Removed::ALL {
            assert_eq!(Removed::from_code(kind.code()), Some(kind));
        }
    }
}
