//! Integration tests of the `quietline` binary and the server it runs.

mod xref;
