//! CSRF protection for every POST: a random cookie (`SameSite=Strict`, so a cross-site
//! page cannot make the browser send it) and, in each form, an HMAC of it under the
//! server's form key (so a cross-site page cannot forge the field either).
//!
//! The cookie is set only on pages that carry a form. It holds nothing about the person.

use axum_extra::extract::cookie::CookieJar;

use crate::cookies::{self, Name};
use crate::error::WebError;
use crate::state::AppState;

const PURPOSE: &str = "form";

/// Length of a form token (HMAC-SHA-256, hex): a field with another length is not one.
pub(crate) const TOKEN_LENGTH: usize = 64;

/// The CSRF cookie's value for this browser, creating one if needed, and the token for forms.
/// Without a random value for a new cookie (the system's random source failed) the page is an
/// error: a form never carries a token of an empty or guessable cookie.
pub(crate) fn issue(state: &AppState, jar: CookieJar) -> Result<(CookieJar, String), WebError> {
    let (jar, value) = match cookies::value(state, &jar, Name::Form)
        .map(str::to_owned)
        .filter(|v| v.len() == 64)
    {
        Some(value) => (jar, value),
        None => {
            let value =
                quietline_crypto::random_hex::<32>().map_err(|err| WebError::no_random(&err))?;
            let jar = jar.add(cookies::set(state, Name::Form, value.clone()));
            (jar, value)
        }
    };
    let token = state.instance.form_key().token(PURPOSE, &value);
    Ok((jar, token))
}

/// Whether `token` (from a form) matches the browser's CSRF cookie.
pub(crate) fn verify(state: &AppState, jar: &CookieJar, token: &str) -> bool {
    match cookies::value(state, jar, Name::Form) {
        Some(cookie) if !cookie.is_empty() && token.len() == TOKEN_LENGTH => {
            state.instance.form_key().verify(PURPOSE, cookie, token)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use quietline_crypto::TokenKey;

    #[test]
    fn the_form_token_format_is_frozen() {
        // Tokens in forms already served must keep verifying across refactors. Computed
        // independently: Python's hmac.new(key, b"form\0" + cookie, hashlib.sha256).
        let key = TokenKey::from_bytes([0x24; 32]);
        let cookie = "ab".repeat(32);
        let token = key.token(super::PURPOSE, &cookie);
        assert_eq!(
            token,
            "b9242fe7a0f50440e2d1d1c356c63f2b99f624414d4eaf00c5ba8ebed9a2f4df"
        );
        assert!(key.verify(super::PURPOSE, &cookie, &token));
    }
}
