//! Tests of `quietline xref` (issue 4): being written.
