//! Integration tests of quietline-evidence: working copies checked with an independent tool
//! (exiftool), on files made here from known pixels and filled with metadata by exiftool itself.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod strip;
