//! Derived copies (issue 14): an investigator's upload of a translation streams into
//! encryption and is listed with who, when and why; Quietline makes a copy of a PNG without
//! its text chunks and refuses a file that is not an image or PDF; originals never change; the
//! reason and names are sealed; adding and downloading are audited by id; an investigator whose
//! key does not open the report gets nothing. On both engines.

use quietline_core::{Limits, ReportDraft};
use quietline_evidence::strip::Removed;
use quietline_service::{
    Clock as _, DerivedKind, InboxQuery, ServiceConfig, ServiceError, SystemClock,
};
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

use crate::workbench::{at, enrolled};
use crate::{TODAY, fresh_instances_with_urls};

/// A PNG chunk (length, type, data, CRC-32).
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in kind.iter().chain(data) {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&(!crc).to_be_bytes());
    out
}

/// A 1×1 grey PNG with a text chunk naming its author.
fn png_with_text() -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
    out.extend(chunk(b"tEXt", b"Author\0Amira Example"));
    // zlib: one stored block holding the row (filter 0, grey 0x80), then its Adler-32.
    out.extend(chunk(
        b"IDAT",
        &[
            0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF, 0x00, 0x80, 0x00, 0x83, 0x00, 0x81,
        ],
    ));
    out.extend(chunk(b"IEND", &[]));
    out
}

async fn read_all(mut reader: impl tokio::io::AsyncRead + Unpin) -> Vec<u8> {
    let mut out = Vec::new();
    reader.read_to_end(&mut out).await.unwrap();
    out
}

#[tokio::test]
async fn derived_copies_are_added_listed_opened_and_audited() {
    for (engine, instance, dir, _recovery, _url) in
        fresh_instances_with_urls(ServiceConfig::default()).await
    {
        let start = SystemClock.instant();
        let (amira, _, _) = enrolled(&instance, "amira", start).await;
        let now = at(100, start);
        let answers = ReportDraft::from_fields(
            [
                ("subject", "happened_to_me"),
                ("narrative", "They photographed us."),
            ],
            &Limits::default(),
        )
        .validate("en", &Limits::default(), TODAY)
        .unwrap();
        let mut submission = instance.begin_submission(TODAY).await.unwrap();
        for (name, bytes) in [
            ("photo.png", png_with_text()),
            ("letter.txt", b"Dear sir".to_vec()),
        ] {
            let mut upload = submission.attachment(name, "image/png").await.unwrap();
            upload.write(&bytes).await.unwrap();
            upload.finish().await.unwrap();
        }
        submission.complete(&answers).await.unwrap();
        let report = instance
            .inbox(&amira, &InboxQuery::default())
            .await
            .unwrap()
            .entries[0]
            .id;
        let view = instance
            .open_report(&amira, report, "req", now)
            .await
            .unwrap();
        let (photo, letter) = (view.attachments[0].id, view.attachments[1].id);
        assert!(view.derived.is_empty());

        // Quietline's copy without metadata: the text chunk is gone, the pixels are not.
        let copy = instance
            .make_copy_without_metadata(&amira, report, photo, "req-strip", now)
            .await
            .unwrap();
        assert_eq!(copy.kind, DerivedKind::MetadataRemoved);
        assert_eq!(copy.removed, vec![Removed::PngText]);
        assert_eq!(copy.name, "photo.without-metadata.png");
        let (opened, reader) = instance
            .open_derived_copy(&amira, report, copy.id, "req-get", now)
            .await
            .unwrap();
        assert_eq!(opened, copy);
        let bytes = read_all(reader).await;
        assert!(!bytes.windows(12).any(|w| w == b"Amira Exampl"), "{engine}");
        assert!(bytes.windows(4).any(|w| w == b"IDAT"));
        assert_eq!(hex::encode(Sha256::digest(&bytes)), copy.sha256);
        assert_eq!(bytes.len() as u64, copy.size);
        // The original is unchanged.
        let (_, original) = instance
            .open_attachment(&amira, report, photo, "req", now)
            .await
            .unwrap();
        assert_eq!(read_all(original).await, png_with_text());

        assert!(matches!(
            instance
                .make_copy_without_metadata(&amira, report, letter, "req", now)
                .await,
            Err(ServiceError::CannotStrip(_))
        ));

        // An upload: refused without a reason (nothing kept), then recorded with one.
        let mut draft = instance
            .begin_derived_copy(&amira, report, letter, TODAY)
            .await
            .unwrap();
        let mut upload = draft.attachment("lettre.txt", "text/plain").await.unwrap();
        upload.write(b"Cher monsieur").await.unwrap();
        upload.finish().await.unwrap();
        let Err(ServiceError::Invalid(problems)) =
            draft.complete("translation", "  ", "req", now).await
        else {
            panic!("a copy without a reason was kept");
        };
        assert_eq!(problems[0].field, "reason");
        let mut draft = instance
            .begin_derived_copy(&amira, report, letter, TODAY)
            .await
            .unwrap();
        let mut upload = draft.attachment("lettre.txt", "text/plain").await.unwrap();
        upload.write(b"Cher monsieur").await.unwrap();
        upload.finish().await.unwrap();
        let translation = draft
            .complete("translation", "For the French police", "req-add", now)
            .await
            .unwrap();
        // Only the two copies' objects are in the report's folder (the refused one left none),
        // and no reason or name is on disk in clear.
        let derived_dir = dir.path().join(format!("data/reports/{report}/derived"));
        assert_eq!(
            std::fs::read_dir(&derived_dir).unwrap().count(),
            2,
            "{engine}"
        );
        for file in crate::files(dir.path()) {
            let content = std::fs::read(&file).unwrap();
            for clear in [&b"French police"[..], b"lettre.txt", b"Cher monsieur"] {
                assert!(
                    !content.windows(clear.len()).any(|w| w == clear),
                    "{engine}: {} holds {}",
                    file.display(),
                    String::from_utf8_lossy(clear)
                );
            }
        }

        let listed = instance.derived_copies(&amira, report).await.unwrap();
        assert_eq!(listed.len(), 2);
        let added = listed.iter().find(|c| c.id == translation).unwrap();
        assert_eq!(
            (
                added.kind,
                added.original,
                added.investigator,
                added.reason.as_str(),
                added.size
            ),
            (
                DerivedKind::Translation,
                letter,
                amira.id,
                "For the French police",
                13
            )
        );
        assert_eq!(added.day.to_string(), now.today().to_string());
        let view = instance
            .open_report(&amira, report, "req", now)
            .await
            .unwrap();
        assert_eq!(view.derived, listed);

        let entries = instance.audit_page(None, 20).await.unwrap();
        let of = |action: &str| {
            entries
                .iter()
                .filter(|e| e.action == action)
                .map(|e| (e.subject.clone(), e.detail.clone()))
                .collect::<Vec<_>>()
        };
        let added = of("derived_copy_added");
        assert_eq!(added.len(), 2, "{engine}");
        assert!(
            added
                .iter()
                .all(|(subject, _)| *subject == report.to_string())
        );
        assert!(
            added
                .iter()
                .any(|(_, d)| d.contains(&translation.to_string())
                    && d.contains("\"kind\":\"translation\"")
                    && d.contains(&letter.to_string()))
        );
        assert!(!added.iter().any(|(_, d)| d.contains("French")));
        assert_eq!(
            of("derived_copy_downloaded"),
            vec![(report.to_string(), format!("{{\"copy\":\"{}\"}}", copy.id))]
        );

        // A colleague whose key does not open the report gets none of it.
        let (bo, _, _) = enrolled(&instance, "bo", start).await;
        assert!(matches!(
            instance.derived_copies(&bo, report).await,
            Err(ServiceError::NoAccess)
        ));
        assert!(matches!(
            instance
                .open_derived_copy(&bo, report, copy.id, "req", now)
                .await,
            Err(ServiceError::NoAccess)
        ));
        assert!(matches!(
            instance
                .begin_derived_copy(&bo, report, letter, TODAY)
                .await,
            Err(ServiceError::NoAccess)
        ));
    }
}
