//! What the tests of several crates share, so that each is written once: an HTTP client that
//! keeps cookies and stops at redirects as a test needs, and the hidden fields (CSRF token,
//! form nonce) scraped from a page. (The authenticator app's secret is read from the base32
//! shown at enrolment by `quietline_crypto::TotpSecret::from_base32`, not by a decoder of the
//! tests' own.) A dev-dependency of the crates whose tests drive the server; never part of the
//! binary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::LazyLock;

use regex::Regex;

/// A client as a browser: it keeps cookies; redirects are left to the test to follow, so that
/// it can check where they lead.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a reqwest client")
}

/// The hidden fields of a page's forms, in order: `(name, value)` (the CSRF token, the form
/// nonce, ids). Only hex values, as the server writes them.
pub fn hidden_fields(html: &str) -> Vec<(String, String)> {
    static HIDDEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<input type="hidden" name="([a-z_]+)" value="([0-9a-f]*)">"#).unwrap()
    });
    HIDDEN
        .captures_iter(html)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

/// The page's CSRF token (empty if it has none, which the server refuses).
pub fn csrf_of(html: &str) -> String {
    hidden_fields(html)
        .into_iter()
        .find(|(name, _)| name == "csrf")
        .map(|(_, value)| value)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hidden_fields_and_the_token_are_read_in_order() {
        let page = r#"<form><input type="hidden" name="csrf" value="ab12"><input type="hidden" name="nonce" value="00ff"><input name="text" value="x"></form>"#;
        assert_eq!(
            hidden_fields(page),
            [
                ("csrf".to_owned(), "ab12".to_owned()),
                ("nonce".to_owned(), "00ff".to_owned())
            ]
        );
        assert_eq!(csrf_of(page), "ab12");
        assert_eq!(csrf_of("<p>no form</p>"), "");
    }
}
