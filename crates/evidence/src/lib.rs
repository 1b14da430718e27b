//! What makes reports court-ready, without keys or I/O: everything here is pure functions over
//! bytes already in memory, so that it can be tested on its own and run anywhere (a blocking
//! thread of the server, the command line, a verifier offline).
//!
//! - [`strip`]: a working copy of a JPEG, PNG or PDF with its metadata removed (EXIF with any
//!   GPS position, XMP, IPTC, comments, PNG text chunks, the PDF's document information and XMP
//!   streams), and the list of what was removed. The original is never changed: the copy is a
//!   new file beside it (docs/evidence.md, "Evidentiary and working copies").
//!
//! **Invariant:** no keys, no file system, network, clock, database or async runtime.

#![deny(missing_docs)]

pub mod strip;
