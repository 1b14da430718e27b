//! Bounds on the shape of a multipart body, checked on its bytes before the multipart parser
//! sees them.
//!
//! The parser (multer) keeps a part's headers, and anything before the first boundary, in
//! memory until it finds their end: a body that never ends its headers would be held whole
//! (up to the size allowed for all of a report's files). This guard watches the stream for
//! the boundary and ends it with an error as soon as a part's headers, the preamble or the
//! epilogue grow past a few KiB. When the parts become too many, it ends the stream just
//! before the first one too many, without an error (multer drops what it buffered when the
//! stream fails, and the parts before are what the reporter typed), and says so through
//! [`FormGuard::parts_cut`].
//!
//! Hand-written rather than taken from a crate because it is not a parser: it only looks for
//! the delimiter (`CRLF--boundary`, RFC 2046 §5.1.1) and the blank line that ends a part's
//! headers, and counts; multer still parses everything it lets through.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures::Stream;

/// Longest header block of one part, and longest preamble or epilogue, in bytes. A
/// browser's part headers are a few hundred bytes (a file name is at most 255 characters).
pub(crate) const MAX_PART_HEADER_BYTES: u64 = 8 * 1024;

/// What the guard refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ShapeError {
    /// A part's headers, the preamble or the epilogue passed [`MAX_PART_HEADER_BYTES`].
    #[error("a multipart header block is too long")]
    HeaderTooLong,
    /// More parts than allowed.
    #[error("more than {0} parts")]
    TooManyParts(usize),
}

#[derive(Clone, Copy, Debug)]
enum Place {
    /// Before the first delimiter (or in a part's content): looking for the next one.
    Content,
    /// Just after a delimiter: `--` closes the body, anything else starts headers.
    AfterDelimiter,
    /// In a part's headers, until the blank line.
    Headers,
    /// After the closing delimiter.
    Epilogue,
}

/// The stream of a multipart body, passed through while its shape stays within bounds.
pub(crate) struct FormGuard<S> {
    inner: S,
    /// `\r\n--boundary`.
    delimiter: Vec<u8>,
    max_parts: usize,
    parts: usize,
    /// A delimiter was seen (what comes before the first is the preamble).
    started: bool,
    place: Place,
    /// Stream offset where `place` began (the virtual `\r\n` before the body is offset 0).
    since: u64,
    /// The last bytes seen, kept to find a pattern split between two chunks.
    tail: Vec<u8>,
    /// Stream offset of `tail[0]`.
    tail_offset: u64,
    /// The stream is over (refused, or cut after the last part allowed).
    ended: bool,
    /// Set when the stream was cut for too many parts.
    cut: Arc<AtomicBool>,
}

impl<S> FormGuard<S> {
    pub fn new(inner: S, boundary: &str, max_parts: usize) -> Self {
        Self {
            inner,
            delimiter: [b"\r\n--", boundary.as_bytes()].concat(),
            max_parts,
            parts: 0,
            started: false,
            place: Place::Content,
            since: 0,
            // A body may start with the delimiter without the CRLF: scan as if one came first.
            tail: b"\r\n".to_vec(),
            tail_offset: 0,
            ended: false,
            cut: Arc::default(),
        }
    }

    /// Becomes true if the stream was cut short because the form had too many parts.
    pub fn parts_cut(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.cut)
    }

    /// Follows the shape through `chunk`. For too many parts, the error comes with how many
    /// bytes of `chunk` come before the first part too many.
    fn scan(&mut self, chunk: &[u8]) -> Result<(), (ShapeError, usize)> {
        let chunk_start = self.tail_offset + self.tail.len() as u64;
        self.scan_from(chunk).map_err(|(error, at)| {
            let keep = at.saturating_sub(chunk_start);
            (
                error,
                usize::try_from(keep).unwrap_or(usize::MAX).min(chunk.len()),
            )
        })
    }

    /// [`Self::scan`], with the offset in the stream where a refusal applies.
    fn scan_from(&mut self, chunk: &[u8]) -> Result<(), (ShapeError, u64)> {
        let mut data = std::mem::take(&mut self.tail);
        data.extend_from_slice(chunk);
        let offset = self.tail_offset;
        let end = offset + data.len() as u64;
        loop {
            let from = usize::try_from(self.since.saturating_sub(offset)).unwrap_or(usize::MAX);
            let rest = data.get(from..).unwrap_or_default();
            match self.place {
                Place::Content => match find(rest, &self.delimiter) {
                    Some(at) => {
                        let found = offset + (from + at) as u64;
                        if !self.started && found - self.since > MAX_PART_HEADER_BYTES {
                            return Err((ShapeError::HeaderTooLong, 0));
                        }
                        self.started = true;
                        self.place = Place::AfterDelimiter;
                        self.since = found + self.delimiter.len() as u64;
                    }
                    None => {
                        if !self.started && end - self.since > MAX_PART_HEADER_BYTES {
                            return Err((ShapeError::HeaderTooLong, 0));
                        }
                        break;
                    }
                },
                Place::AfterDelimiter => {
                    let Some(next) = rest.get(..2) else { break };
                    if next == b"--" {
                        self.place = Place::Epilogue;
                    } else {
                        self.parts += 1;
                        if self.parts > self.max_parts {
                            let delimiter_start = self.since - self.delimiter.len() as u64;
                            return Err((
                                ShapeError::TooManyParts(self.max_parts),
                                delimiter_start,
                            ));
                        }
                        self.place = Place::Headers;
                    }
                }
                Place::Headers => match find(rest, b"\r\n\r\n") {
                    Some(at) => {
                        let found = offset + (from + at + 4) as u64;
                        if found - self.since > MAX_PART_HEADER_BYTES {
                            return Err((ShapeError::HeaderTooLong, 0));
                        }
                        self.place = Place::Content;
                        self.since = found;
                    }
                    None => {
                        if end - self.since > MAX_PART_HEADER_BYTES {
                            return Err((ShapeError::HeaderTooLong, 0));
                        }
                        break;
                    }
                },
                Place::Epilogue => {
                    if end - self.since > MAX_PART_HEADER_BYTES {
                        return Err((ShapeError::HeaderTooLong, 0));
                    }
                    break;
                }
            }
        }
        // Keep enough to find a delimiter or a blank line that this chunk ends inside.
        let keep = (self.delimiter.len() + 4).min(data.len());
        let cut = data.len() - keep;
        self.tail_offset = offset + cut as u64;
        data.drain(..cut);
        self.tail = data;
        Ok(())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

impl<S, E> Stream for FormGuard<S>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Item = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        match Pin::new(&mut self.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => match self.scan(&chunk) {
                Ok(()) => Poll::Ready(Some(Ok(chunk))),
                Err((ShapeError::TooManyParts(_), keep)) => {
                    self.ended = true;
                    self.cut.store(true, Ordering::Relaxed);
                    Poll::Ready(Some(Ok(chunk.slice(..keep))))
                }
                Err((refused, _)) => {
                    self.ended = true;
                    Poll::Ready(Some(Err(Box::new(refused))))
                }
            },
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &[u8], chunk: usize, max_parts: usize) -> Result<(), ShapeError> {
        let mut guard = FormGuard::new(
            futures::stream::empty::<Result<Bytes, std::io::Error>>(),
            "XyZ",
            max_parts,
        );
        for piece in body.chunks(chunk) {
            guard.scan(piece).map_err(|(error, _)| error)?;
        }
        Ok(())
    }

    fn form(parts: usize, header_padding: usize) -> Vec<u8> {
        let mut body = Vec::new();
        for i in 0..parts {
            body.extend_from_slice(b"--XyZ\r\nContent-Disposition: form-data; name=\"f");
            body.extend_from_slice(i.to_string().as_bytes());
            body.extend_from_slice(b"\"");
            body.extend(std::iter::repeat_n(b' ', header_padding));
            body.extend_from_slice(b"\r\n\r\nvalue with --XyZ inside? no: \r\n-XyZ\r\n");
        }
        body.extend_from_slice(b"--XyZ--\r\n");
        body
    }

    #[test]
    fn well_formed_bodies_pass_whatever_the_chunking() {
        for chunk in [1, 2, 3, 7, 64, 100_000] {
            assert_eq!(run(&form(40, 100), chunk, 40), Ok(()), "chunks of {chunk}");
        }
    }

    #[test]
    fn long_headers_too_many_parts_and_long_preambles_are_refused() {
        for chunk in [1, 5, 4096] {
            assert_eq!(
                run(&form(2, 9000), chunk, 10),
                Err(ShapeError::HeaderTooLong)
            );
            assert_eq!(
                run(&form(11, 10), chunk, 10),
                Err(ShapeError::TooManyParts(10))
            );
            let mut preamble = vec![b'a'; 9000];
            preamble.extend(form(1, 0));
            assert_eq!(run(&preamble, chunk, 10), Err(ShapeError::HeaderTooLong));
        }
        // A header that never ends is refused once it is too long, not at the end.
        let mut endless = b"--XyZ\r\nContent-Disposition: form-data; name=\"x\"".to_vec();
        endless.extend(vec![b'a'; 16 * 1024]);
        let mut guard = FormGuard::new(
            futures::stream::empty::<Result<Bytes, std::io::Error>>(),
            "XyZ",
            10,
        );
        let refused_after = endless
            .chunks(1024)
            .position(|piece| guard.scan(piece).is_err())
            .map(|i| (i + 1) * 1024);
        assert_eq!(refused_after, Some(9 * 1024));
    }

    #[tokio::test]
    async fn too_many_parts_end_the_stream_just_before_the_first_one_too_many() {
        use futures::StreamExt;
        let body = form(11, 10);
        let pieces: Vec<Result<Bytes, std::io::Error>> = body
            .chunks(100)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        let guard = FormGuard::new(futures::stream::iter(pieces), "XyZ", 10);
        let cut = guard.parts_cut();
        let passed: Vec<u8> = guard
            .map(|item| item.unwrap())
            .collect::<Vec<_>>()
            .await
            .concat();
        assert!(cut.load(Ordering::Relaxed));
        let ten = form(10, 10);
        // Everything up to the closing delimiter of ten parts, less that delimiter.
        let before_close = ten.len() - b"--XyZ--\r\n".len() - 2;
        assert_eq!(passed, &ten[..before_close]);
    }
}
