//! Integration tests of the `quietline` binary and the server it runs: the real binary,
//! real `age`, a real data directory, HTTP over loopback.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod attacks;
mod audit;
mod commands;
mod evidence;
mod reporting_line;
mod seized;
mod support;
mod tidy;
mod workbench;
mod xref;

#[path = "../crash/harness.rs"]
pub mod crash_harness;
