//! Entry points for the fuzz targets in `fuzz/` (compiled only under `cargo fuzz`, which
//! sets `--cfg fuzzing`): the multipart reading of the report form, without a server.

use bytes::Bytes;

use crate::form_guard::FormGuard;

/// One part as multer read it: field name, file name, content.
pub type Part = (Option<String>, Option<String>, Vec<u8>);

/// What reading a multipart body gave.
#[derive(Debug, PartialEq, Eq)]
pub struct Read {
    /// The parts read, in order, until the body ended or failed.
    pub parts: Vec<Part>,
    /// The body failed (malformed, a header block too long, over the whole-body limit).
    pub failed: bool,
    /// The guard cut the body before a part too many.
    pub cut: bool,
}

/// Reads `chunks` (one body, as the network split it) with the boundary `boundary` the
/// way the report form does: through the shape guard (at most `max_parts` parts), then
/// multer with the whole-body limit `whole`. `guarded: false` leaves the guard out, to
/// compare.
pub fn read_multipart(
    chunks: Vec<Bytes>,
    boundary: &str,
    max_parts: usize,
    whole: u64,
    guarded: bool,
) -> Read {
    let stream = futures::stream::iter(chunks.into_iter().map(Ok::<_, std::io::Error>));
    let constraints =
        multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(whole));
    let (mut multipart, cut) = if guarded {
        let guard = FormGuard::new(stream, boundary, max_parts);
        let cut = guard.parts_cut();
        (
            multer::Multipart::with_constraints(guard, boundary.to_owned(), constraints),
            Some(cut),
        )
    } else {
        (
            multer::Multipart::with_constraints(stream, boundary.to_owned(), constraints),
            None,
        )
    };
    futures::executor::block_on(async {
        let mut read = Read {
            parts: Vec::new(),
            failed: false,
            cut: false,
        };
        loop {
            match multipart.next_field().await {
                Ok(Some(mut field)) => {
                    let name = field.name().map(str::to_owned);
                    let file_name = field.file_name().map(str::to_owned);
                    let mut content = Vec::new();
                    loop {
                        match field.chunk().await {
                            Ok(Some(chunk)) => content.extend_from_slice(&chunk),
                            Ok(None) => break,
                            Err(_) => {
                                read.failed = true;
                                break;
                            }
                        }
                    }
                    read.parts.push((name, file_name, content));
                    if read.failed {
                        break;
                    }
                }
                Ok(None) => break,
                Err(_) => {
                    read.failed = true;
                    break;
                }
            }
        }
        read.cut = cut.is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed));
        read
    })
}
