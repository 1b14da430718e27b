//! Full-text search of an unlocked workspace (issue 13): reports' answers, messages, notes,
//! file names and site records, in memory only.
//!
//! The crate owns the index (a tantivy index in a RAM directory: `Engine`), how text is cut
//! into terms and folded (`analysis`: Latin diacritics and case, CJK characters and their
//! pairs, traditional Chinese to simplified with the OpenCC conversion the cross-referencing
//! engine uses), what a query means (`query`: every part must match; a part of several terms
//! is a phrase), ranking (BM25), the passage shown with each hit (`snippet`) and the rule
//! that what the asker may not see is dropped before anything is counted.
//!
//! **Invariants.** No I/O: nothing is ever written to a file, not even a temporary one
//! (tantivy is built without its `mmap` feature, the only part of it that touches the file
//! system; a test runs a build in a process whose working and temporary directories must stay
//! empty). No clock, randomness, database or async runtime. What goes in and who may see it
//! are the caller's: `quietline-service` decrypts, decides access and audits.
//!
//! ```
//! use quietline_core::ReportId;
//! use quietline_search::{Document, Engine, Kind, Owner, Request, WriterOptions};
//!
//! let engine = Engine::new(WriterOptions::default()).unwrap();
//! let report = ReportId::random();
//! engine
//!     .put_now([Document {
//!         key: format!("report:{report}"),
//!         owner: Owner::Report(report),
//!         kind: Kind::Report,
//!         text: "他們在多倫多的警察服務站要求我回國".into(),
//!         extra: String::new(),
//!     }])
//!     .unwrap();
//! let request = Request { text: "服务站", kind: None, offset: 0, limit: 10 };
//! let found = engine.search(&request, &|_| true).unwrap();
//! assert_eq!(found.total, 1);
//! assert_eq!(found.hits[0].snippet.parts()[1], ("服務站", true));
//! // Whoever may not see the report finds nothing, not even a count.
//! assert_eq!(engine.search(&request, &|_| false).unwrap().total, 0);
//! ```

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod analysis;
mod engine;
mod query;
mod snippet;

pub use analysis::{fold_word, is_cjk};
pub use engine::{
    Document, Engine, Error, Found, Hit, Kind, MAX_DEPTH, MAX_LIMIT, Owner, Request, Visibility,
    WriterOptions,
};
pub use query::{MAX_QUERY_CHARS, QueryProblem};
pub use snippet::{SNIPPET_CHARS, Snippet};
