//! The report form's multipart reading (the shape guard, then multer) on any body, split
//! anywhere. Properties: no panic; at most `max_parts` parts get through; a body the guard
//! lets through whole (not cut, not refused) reads exactly as without the guard (the guard
//! only bounds, it never changes what a browser's form says).
#![no_main]

use arbitrary::Arbitrary;
use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use quietline_web::fuzzing::read_multipart;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    /// Where the network splits the body (offsets, reduced modulo its length).
    splits: Vec<u16>,
    max_parts: u8,
    /// A few well-formed parts first, so that the fuzzer starts from a browser's shape.
    fields: Vec<(&'a str, Option<&'a str>, &'a [u8])>,
    /// Then anything.
    tail: &'a [u8],
}

const BOUNDARY: &str = "----quietlinefuzzboundary";

fuzz_target!(|input: Input<'_>| {
    let mut body = Vec::new();
    for (name, file_name, content) in input.fields.iter().take(16) {
        body.extend_from_slice(b"--");
        body.extend_from_slice(BOUNDARY.as_bytes());
        body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        body.extend_from_slice(name.as_bytes());
        body.push(b'"');
        if let Some(file_name) = file_name {
            body.extend_from_slice(b"; filename=\"");
            body.extend_from_slice(file_name.as_bytes());
            body.push(b'"');
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(input.tail);
    let body = Bytes::from(body);
    let mut cuts: Vec<usize> = input
        .splits
        .iter()
        .take(32)
        .map(|&s| if body.is_empty() { 0 } else { usize::from(s) % body.len() })
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut chunks = Vec::new();
    let mut start = 0;
    for cut in cuts.into_iter().chain([body.len()]) {
        if cut > start {
            chunks.push(body.slice(start..cut));
            start = cut;
        }
    }
    let max_parts = usize::from(input.max_parts % 40) + 1;
    let whole = 1 << 20;
    let guarded = read_multipart(chunks.clone(), BOUNDARY, max_parts, whole, true);
    assert!(guarded.parts.len() <= max_parts, "{} parts of {max_parts}", guarded.parts.len());
    if !guarded.failed && !guarded.cut {
        let plain = read_multipart(chunks, BOUNDARY, max_parts, whole, false);
        assert_eq!(guarded.parts, plain.parts, "the guard changed a body it let through");
    }
});
