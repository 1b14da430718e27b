//! Integration tests of the cross-referencing engine: accuracy on the labelled corpus, the live
//! index against the batch, and robustness on arbitrary input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../support/corpus.rs"]
mod corpus;

mod accuracy;
mod incremental;
mod names;
mod rare;
mod robustness;
