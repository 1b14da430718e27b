//! The reporter's own copy of what they sent (issue 13): a choice on the form, off by
//! default. If chosen, intake seals the answers and the files' names, types and sizes to the
//! mailbox key alone (the key the receipt derives), as `reporter_copy.age` in the report's
//! folder, published with the rest of the report. Whoever holds the receipt can then read the
//! report's content; investigators read the report itself, never this copy (they cannot: it
//! is sealed to the mailbox key only). Not chosen, nothing is written and nothing records the
//! choice (no column: the object's presence is the only trace, docs/threat-model.md).
//!
//! The object's plaintext is one line of proof of origin, then the JSON:
//!
//! ```text
//! v1:<hex HMAC under OriginKey::of_own(mailbox key, "reporter_copy") of
//!     (report id, "reporter_copy", JSON bytes)>\n
//! {"format":1,"answers":{...},"files":[{"name":...,"content_type":...,"size":...}]}
//! ```
//!
//! Anyone can seal a file to the mailbox key (its public half is in the database); only the
//! holder of the mailbox key's secret can make the tag: the intake, which holds the freshly
//! derived key for the moment it takes, and the reporter with their receipt. Not the report
//! key's holders (investigators, the recovery identity), unlike a message's proof of origin:
//! a copy planted in the data directory, by anyone, is never shown as what the reporter sent.
//!
//! Returning reporters read it with the mailbox key of their session, in memory, on each
//! page view; it is never cached, written in clear or logged. "Delete my copy" removes the
//! object (overwritten, then unlinked: best effort on a file system).

use quietline_core::{ReportAnswers, ReportId};
use quietline_crypto::{Identity, OriginKey, open, seal};
use quietline_storage::ObjectName;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{AttachmentMeta, Instance, ReporterAccess, ServiceError};

/// The format of the copy's JSON.
const COPY_FORMAT: u32 = 1;
/// The proof of origin's version, at the start of the plaintext.
const COPY_ORIGIN_PREFIX: &str = "v1:";
/// What the proof of origin binds the content to, besides the report id.
const COPY_LABEL: &[u8] = b"reporter_copy";

/// What the reporter sent with the report, as kept for them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReporterCopy {
    /// The copy's format.
    pub format: u32,
    /// The answers of the form.
    pub answers: ReportAnswers,
    /// The files sent with the report (not their content): names, types, sizes.
    pub files: Vec<AttachmentMeta>,
}

/// Whether a returning reporter has a copy to read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum CopyState {
    /// No copy: the reporter did not choose one, or deleted it.
    #[default]
    NotKept,
    /// The copy, decrypted and its proof of origin checked.
    Kept(Box<ReporterCopy>),
    /// An object is there but does not open with this receipt or its proof of origin fails:
    /// someone else put it there; it must not be shown as what the reporter sent.
    Unverified,
}

fn origin_fields(report: ReportId, json: &[u8]) -> [Vec<u8>; 3] {
    [
        report.to_string().into_bytes(),
        COPY_LABEL.to_vec(),
        json.to_vec(),
    ]
}

/// The key of the copy's proof of origin: the mailbox key's own.
fn copy_origin(mailbox: &Identity) -> Result<OriginKey, ServiceError> {
    Ok(OriginKey::of_own(mailbox, COPY_LABEL)?)
}

/// The sealed copy: to the mailbox key only, with its proof of origin.
pub(crate) fn seal_copy(
    report: ReportId,
    mailbox: &Identity,
    answers: &ReportAnswers,
    files: &[AttachmentMeta],
) -> Result<Vec<u8>, ServiceError> {
    let copy = ReporterCopy {
        format: COPY_FORMAT,
        answers: answers.clone(),
        files: files.to_vec(),
    };
    let json = Zeroizing::new(
        serde_json::to_vec(&copy).map_err(|_| ServiceError::Corrupt("reporter copy"))?,
    );
    let fields = origin_fields(report, &json);
    let fields: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
    let mut plain = Zeroizing::new(Vec::with_capacity(json.len() + 80));
    plain.extend_from_slice(COPY_ORIGIN_PREFIX.as_bytes());
    plain.extend_from_slice(copy_origin(mailbox)?.tag(&fields).as_bytes());
    plain.push(b'\n');
    plain.extend_from_slice(&json);
    Ok(seal(&[mailbox.recipient()], &plain)?)
}

/// Opens a sealed copy with the mailbox key and checks its proof of origin.
fn open_copy(report: ReportId, mailbox: &Identity, sealed: &[u8]) -> CopyState {
    let Ok(plain) = open(mailbox, sealed) else {
        return CopyState::Unverified;
    };
    let Some(newline) = plain.iter().position(|b| *b == b'\n') else {
        return CopyState::Unverified;
    };
    let (head, json) = (&plain[..newline], &plain[newline + 1..]);
    let Some(tag) = std::str::from_utf8(head)
        .ok()
        .and_then(|h| h.strip_prefix(COPY_ORIGIN_PREFIX))
    else {
        return CopyState::Unverified;
    };
    let fields = origin_fields(report, json);
    let fields: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
    if !copy_origin(mailbox).is_ok_and(|origin| origin.verify(&fields, tag)) {
        return CopyState::Unverified;
    }
    match serde_json::from_slice::<ReporterCopy>(json) {
        Ok(copy) => CopyState::Kept(Box::new(copy)),
        Err(_) => CopyState::Unverified,
    }
}

impl Instance {
    /// The reporter's copy, if one is kept, opened with the session's mailbox key (for
    /// [`Instance::reporter_thread`]).
    pub(crate) async fn reporter_copy(
        &self,
        access: &ReporterAccess,
    ) -> Result<CopyState, ServiceError> {
        match self
            .inner
            .objects
            .read(access.report, ObjectName::ReporterCopy)
            .await
        {
            Ok(sealed) => Ok(open_copy(access.report, &access.mailbox, &sealed)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(CopyState::NotKept),
            Err(e) => Err(e.into()),
        }
    }

    /// "Delete my copy": removes the reporter's copy of their report (the report itself stays
    /// with the investigators). Returns whether there was one. Only a session opened with the
    /// receipt can ask; not audited, as nothing a reporter does is traced to them.
    pub async fn delete_reporter_copy(
        &self,
        access: &ReporterAccess,
        today: time::Date,
    ) -> Result<bool, ServiceError> {
        // The report must still exist (a session outlives nothing it should not).
        self.inner
            .db
            .report(access.report)
            .await?
            .ok_or(ServiceError::NotFound)?;
        Ok(self
            .inner
            .objects
            .remove(access.report, ObjectName::ReporterCopy, today)
            .await?)
    }
}
