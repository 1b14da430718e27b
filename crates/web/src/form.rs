//! Reading a multipart form as it streams in: text fields are collected (within limits,
//! as UTF-8), files are passed chunk by chunk to an upload that encrypts them, and every
//! way a request can be wrong ends in a value the page can explain, never a panic.
//!
//! Files are written only when the CSRF token, which the form puts first, has been
//! checked; otherwise, or once a limit is passed, the rest of the files is read and
//! discarded so that the page can still be shown with every typed value.
//!
//! Memory stays bounded whatever arrives: the body's shape is checked before the parser
//! buffers anything ([`crate::form_guard`]: part headers of a few KiB, a number of parts),
//! field names are short, the CSRF token and the nonce are no longer than their fixed
//! length, and text is collected within the form's text budget. A body that breaks those
//! bounds is answered 400 at once, without reading the rest: no browser sends one. (A token
//! or nonce that is merely wrong, as from a stale page, is not an attack: the form comes
//! back with what was typed.)

use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::Body;
use axum::http::HeaderMap;
use axum_extra::extract::CookieJar;
use quietline_service::{DerivedCopyDraft, DerivedUpload, Reply, ServiceError, Submission, Upload};

use crate::form_guard::{FormGuard, ShapeError};
use crate::state::AppState;

/// Longest field name (the report form's longest is `person20_description`).
const MAX_FIELD_NAME: usize = 64;

/// Fields that have a fixed length, and the length: anything longer is not a browser
/// sending the form it was given.
fn fixed_length(name: &str) -> Option<usize> {
    match name {
        "csrf" => Some(crate::csrf::TOKEN_LENGTH),
        "nonce" => Some(NONCE_LENGTH),
        _ => None,
    }
}

/// Length of the report form's anti-double-submit nonce (16 random bytes, hex).
pub(crate) const NONCE_LENGTH: usize = 32;

/// Whether `nonce` has the form the server gives it (lowercase hex, [`NONCE_LENGTH`]).
pub(crate) fn is_nonce(nonce: &str) -> bool {
    nonce.len() == NONCE_LENGTH
        && nonce
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Where files go.
pub(crate) enum FileSink<'a> {
    Submission(&'a mut Submission),
    Reply(&'a mut Reply),
    /// An investigator's derived copy of a report's file (one file).
    Derived(&'a mut DerivedCopyDraft),
}

impl FileSink<'_> {
    async fn attachment(
        &mut self,
        name: &str,
        content_type: &str,
    ) -> Result<Receiving<'_>, ServiceError> {
        Ok(match self {
            Self::Submission(s) => Receiving::File(s.attachment(name, content_type).await?),
            Self::Reply(r) => Receiving::File(r.attachment(name, content_type).await?),
            Self::Derived(d) => Receiving::Derived(d.attachment(name, content_type).await?),
        })
    }
}

/// A file being received into its sink.
enum Receiving<'a> {
    File(Upload<'a>),
    Derived(DerivedUpload<'a>),
}

impl Receiving<'_> {
    async fn write(&mut self, chunk: &[u8]) -> Result<(), ServiceError> {
        match self {
            Self::File(u) => u.write(chunk).await,
            Self::Derived(u) => u.write(chunk).await,
        }
    }

    async fn finish(self) -> Result<(), ServiceError> {
        match self {
            Self::File(u) => u.finish().await,
            Self::Derived(u) => u.finish().await,
        }
    }
}

/// A limit the request passed. Each becomes a page that states it (413, or 408 when the
/// connection was too slow), with every typed value read before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LimitPassed {
    File,
    Report,
    FileCount(usize),
    Text,
    /// More parts than allowed: what came after the last one read is not kept.
    Parts,
    /// The body came slower than the minimum rate: what had arrived is kept.
    TooSlow,
}

/// What was read.
#[derive(Debug, Default)]
pub(crate) struct ReadForm {
    /// Text fields in order.
    pub fields: Vec<(String, String)>,
    /// The CSRF token matched the cookie.
    pub csrf_ok: bool,
    /// Some file content was received but not kept.
    pub files_dropped: bool,
    /// The first limit passed, if any.
    pub limit: Option<LimitPassed>,
}

impl ReadForm {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.fields.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

/// Why a form could not be read at all.
#[derive(Debug)]
pub(crate) enum FormError {
    /// Not multipart, broken multipart, a part's headers too long, a field name too long,
    /// a token or nonce of the wrong length, or a text field that is not UTF-8: 400.
    Malformed,
    /// Storing a file failed on the server's side: 500.
    Internal(ServiceError),
}

/// Reads the form. Files go to `sink` once the CSRF token checked out; a field named in
/// `stop_files_after` (a button that re-displays the form) makes later files discarded.
pub(crate) async fn read_form(
    state: &AppState,
    jar: &CookieJar,
    headers: &HeaderMap,
    body: Body,
    mut sink: Option<FileSink<'_>>,
    stop_files_after: &[&str],
) -> Result<ReadForm, FormError> {
    let limits = &state.instance.config().limits;
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .ok_or(FormError::Malformed)?;
    let boundary = multer::parse_boundary(content_type).map_err(|_| FormError::Malformed)?;
    let whole = limits.max_report_bytes + limits.max_text_bytes() + 1024 * 1024;
    let constraints =
        multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(whole));
    let guarded = FormGuard::new(
        body.into_data_stream(),
        &boundary,
        state.config.max_form_parts,
    );
    let cut = guarded.parts_cut();
    let mut multipart = multer::Multipart::with_constraints(guarded, boundary, constraints);

    let mut read = ReadForm::default();
    let mut text_bytes: u64 = 0;
    let mut keep_files = true;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(err) => {
                stream_failed(&mut read, &err, &cut)?;
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name.len() > MAX_FIELD_NAME {
            return Err(FormError::Malformed);
        }
        match field.file_name().map(str::to_owned) {
            Some(file_name) => {
                let content_type = field
                    .content_type()
                    .map(|m| m.to_string())
                    .unwrap_or_default();
                let mut field = field;
                let writing =
                    keep_files && read.csrf_ok && read.limit.is_none() && !file_name.is_empty();
                let mut upload = None;
                if writing && let Some(sink) = sink.as_mut() {
                    match sink.attachment(&file_name, &content_type).await {
                        Ok(u) => upload = Some(u),
                        Err(ServiceError::TooManyFiles { limit }) => {
                            read.limit.get_or_insert(LimitPassed::FileCount(limit));
                        }
                        Err(e) => return Err(FormError::Internal(e)),
                    }
                }
                let mut received = false;
                loop {
                    let chunk = match field.chunk().await {
                        Ok(Some(chunk)) => chunk,
                        Ok(None) => break,
                        Err(err) => {
                            read.files_dropped = true;
                            stream_failed(&mut read, &err, &cut)?;
                            return Ok(read);
                        }
                    };
                    received |= !chunk.is_empty();
                    if let Some(current) = upload.as_mut() {
                        match current.write(&chunk).await {
                            Ok(()) => {}
                            Err(ServiceError::FileTooLarge { .. }) => {
                                read.limit.get_or_insert(LimitPassed::File);
                                upload = None;
                            }
                            Err(ServiceError::ReportTooLarge { .. }) => {
                                read.limit.get_or_insert(LimitPassed::Report);
                                upload = None;
                            }
                            Err(e) => return Err(FormError::Internal(e)),
                        }
                    }
                }
                match upload {
                    Some(done) => done.finish().await.map_err(FormError::Internal)?,
                    None => read.files_dropped |= received,
                }
            }
            None => {
                let mut field = field;
                let mut value = Vec::new();
                let mut over = false;
                let fixed = fixed_length(&name);
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            text_bytes += chunk.len() as u64;
                            if fixed.is_some_and(|max| value.len() + chunk.len() > max) {
                                return Err(FormError::Malformed);
                            }
                            if text_bytes > limits.max_text_bytes() {
                                // Drain the rest of this field; the page says what the limit is.
                                read.limit.get_or_insert(LimitPassed::Text);
                                keep_files = false;
                                over = true;
                            } else {
                                value.extend_from_slice(&chunk);
                            }
                        }
                        Ok(None) => break,
                        Err(err) => {
                            stream_failed(&mut read, &err, &cut)?;
                            return Ok(read);
                        }
                    }
                }
                if over {
                    continue;
                }
                let value = String::from_utf8(value).map_err(|_| FormError::Malformed)?;
                if name == "csrf" {
                    read.csrf_ok = crate::csrf::verify(state, jar, &value);
                }
                if stop_files_after.contains(&name.as_str()) {
                    keep_files = false;
                }
                read.fields.push((name, value));
            }
        }
    }
    if cut.load(Ordering::Relaxed) {
        read.files_dropped = true;
        read.limit.get_or_insert(LimitPassed::Parts);
    }
    Ok(read)
}

/// What an error of the body stream means for the form: a limit the page states (the
/// values read so far are kept), or a body no browser sends (`Malformed`). `cut` is the
/// guard's word that it ended the body for too many parts (multer then finds it incomplete).
fn stream_failed(
    read: &mut ReadForm,
    err: &multer::Error,
    cut: &AtomicBool,
) -> Result<(), FormError> {
    let limit = match err {
        _ if cut.load(Ordering::Relaxed) => LimitPassed::Parts,
        multer::Error::StreamSizeExceeded { .. } => LimitPassed::Report,
        other if crate::slow_body::is_too_slow(other) => LimitPassed::TooSlow,
        other => match guard_refusal(other) {
            Some(ShapeError::TooManyParts(_)) => LimitPassed::Parts,
            Some(ShapeError::HeaderTooLong) | None => return Err(FormError::Malformed),
        },
    };
    read.files_dropped = true;
    read.limit.get_or_insert(limit);
    Ok(())
}

/// The form guard's refusal behind `err`, if that is what it is.
fn guard_refusal(err: &(dyn std::error::Error + 'static)) -> Option<ShapeError> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(shape) = e.downcast_ref::<ShapeError>() {
            return Some(*shape);
        }
        current = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_32_lowercase_hex_digits() {
        assert!(is_nonce("0123456789abcdef0123456789abcdef"));
        assert!(!is_nonce("0123456789ABCDEF0123456789abcdef"));
        assert!(!is_nonce("0123456789abcdef"));
        assert!(!is_nonce(&"a".repeat(1 << 20)));
    }
}
