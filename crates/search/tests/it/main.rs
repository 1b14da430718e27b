//! The search engine with the real tantivy index in RAM: what queries find across scripts and
//! spellings, who sees what, paging, replacing, and that nothing reaches the disk.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod finding;
mod no_disk;

use quietline_core::{ReportId, SiteId};
use quietline_search::{Document, Engine, Found, Kind, Owner, Request, WriterOptions};

/// A document of `kind` for `owner`, keyed by kind and a number.
pub fn doc(owner: Owner, kind: Kind, n: usize, text: &str) -> Document {
    Document {
        key: format!("{}:{n}", kind.code()),
        owner,
        kind,
        text: text.to_owned(),
        extra: format!("extra {n}"),
    }
}

/// A fresh engine.
pub fn engine() -> Engine {
    Engine::new(WriterOptions::default()).unwrap()
}

/// Everything `text` finds, for someone who sees everything.
pub fn find(engine: &Engine, text: &str) -> Found {
    engine
        .search(
            &Request {
                text,
                kind: None,
                offset: 0,
                limit: 50,
            },
            &|_| true,
        )
        .unwrap()
}

/// The owners of what `text` finds, in order.
pub fn owners(engine: &Engine, text: &str) -> Vec<Owner> {
    find(engine, text)
        .hits
        .into_iter()
        .map(|h| h.owner)
        .collect()
}

/// A report owner and a site owner, fresh.
pub fn report() -> Owner {
    Owner::Report(ReportId::random())
}

/// A site owner, fresh.
pub fn site() -> Owner {
    Owner::Site(SiteId::random())
}
