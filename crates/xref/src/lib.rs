//! Cross-referencing engine (issue 4): decides which records name the same real-world person,
//! site or organisation, across scripts (simplified and traditional Han; Uyghur and Tibetan names
//! in Arabic, Cyrillic, Tibetan, Latin and Chinese transcription), romanisations (pinyin,
//! Wade-Giles, Hong Kong Cantonese and other dialect spellings of surnames) and identifier formats
//! (phones in any format, e-mail, WeChat, postal addresses).
//!
//! The crate owns normalisation, the decision rules and clustering. It must never do I/O, read a
//! clock, use randomness, or depend on a web framework, database or async runtime: storage and
//! the command line feed it records, and it returns findings plus diagnostics instead of failing
//! on messy input. Same records in the same order, same output.
//!
//! ```
//! use quietline_xref::{Index, Kind, Record};
//!
//! let mut a = Record::new("r1", Kind::Person);
//! a.names = vec!["陳偉".into()];
//! a.phones = vec!["(416) 555-0199".into()];
//! a.country = "CA".into();
//! let mut b = Record::new("r2", Kind::Person);
//! b.names = vec!["CHAN Wai".into()];
//! b.phones = vec!["+1 416 555 0199".into()];
//! let mut index = Index::new();
//! let update = index.add(vec![a, b]);
//! assert_eq!(index.entity(0), index.entity(1));
//! assert_eq!(index.links(1)[0].evidence[0].to_string(), "same phone +14165550199");
//! assert!(update.diagnostics.is_empty());
//! ```
//!
//! Module map: `record` (input), `phone`, `ident` (e-mail, WeChat), `address`, `city`, `name`
//! (`han`, `romanisation`, `wade_giles`, `cantonese`, `surnames`, `sound`, and `elements`: Uyghur
//! and Tibetan names in every script, issue 16), `normal` (a record
//! normalised), `decide` (pairwise rules, conflicts), `cluster` (the cluster rule), `index` (the
//! live index), `explain` (evidence).

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod address;
mod blocks;
mod city;
mod cluster;
mod decide;
mod diagnostic;
mod error;
mod explain;
mod ident;
mod index;
mod name;
mod normal;
mod parallel;
mod phone;
mod record;
mod text;

pub use diagnostic::{Diagnostic, Severity};
pub use error::Error;
pub use explain::{Corroboration, Evidence, Link, NameRule};
pub use index::{BLOCK_LIMIT, EntityId, Finding, Index, Update};
pub use phone::Phone;
pub use record::{Kind, MAX_LINE_BYTES, MAX_VALUE_BYTES, MAX_VALUES, Record, parse_line};

/// Traditional Chinese to simplified, with OpenCC's dictionaries: the folding every Han name
/// goes through here (陳偉 and 陈伟 are one name). Exposed so that other text in the workbench
/// folds the same way (the search engine folds what it indexes and what it is asked with it),
/// and there is one conversion table, not two.
pub fn simplify(text: &str) -> String {
    name::han::simplify(text)
}

/// Cross-references a whole batch: the entity of every record, in input order, plus diagnostics.
/// Equivalent to adding all records to a new [`Index`].
pub fn resolve(records: Vec<Record>) -> (Index, Vec<Diagnostic>) {
    let mut index = Index::new();
    let update = index.add(records);
    (index, update.diagnostics)
}
