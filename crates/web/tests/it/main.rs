//! The reporter pages over real HTTP: each test starts the real application on a random
//! loopback port with a fresh data directory, and drives it like a browser with
//! JavaScript off would (plain form posts, cookies).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod attacks;
mod bad_input;
mod browser;
mod cases;
mod crossref;
mod derived;
mod ftm;
mod helpers;
mod languages;
mod modules;
mod pages;
mod receipts;
mod reply_templates;
mod reporter_copy;
mod retention;
mod site_suggestions;
mod sites;
mod statistics;
mod translations;
mod workbench;
