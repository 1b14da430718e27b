//! HMAC-SHA-256 tokens (RFC 2104) that bind a form to a cookie, for CSRF protection: the
//! form carries `HMAC(key, cookie)`, and a cross-site page can neither read the cookie nor
//! (with SameSite=Strict) make the browser send it.

use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretBox};
use sha2::Sha256;

use crate::CryptoError;

/// The server's key for form tokens (kept in the data directory's secrets).
pub struct TokenKey(SecretBox<[u8; 32]>);

impl TokenKey {
    /// A key from 32 secret bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(SecretBox::new(Box::new(bytes)))
    }

    /// A fresh random key.
    pub fn generate() -> Result<Self, CryptoError> {
        crate::random_bytes().map(Self::from_bytes)
    }

    fn mac(&self, purpose: &str, value: &str) -> Hmac<Sha256> {
        // HMAC accepts keys of any length, so this cannot fail for a 32-byte key.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.0.expose_secret())
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        mac
    }

    /// The token for `value` (a cookie's content) and `purpose` (so that a token made for
    /// one use is worthless for another).
    pub fn token(&self, purpose: &str, value: &str) -> String {
        hex::encode(self.mac(purpose, value).finalize().into_bytes())
    }

    /// Whether `token` is the token for `value` and `purpose`, in constant time.
    pub fn verify(&self, purpose: &str, value: &str, token: &str) -> bool {
        match hex::decode(token) {
            Ok(bytes) => self.mac(purpose, value).verify_slice(&bytes).is_ok(),
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_only_for_their_value_purpose_and_key() {
        let key = TokenKey::from_bytes([1; 32]);
        let token = key.token("csrf", "cookie-a");
        assert!(key.verify("csrf", "cookie-a", &token));
        assert!(!key.verify("csrf", "cookie-b", &token));
        assert!(!key.verify("other", "cookie-a", &token));
        assert!(!TokenKey::from_bytes([2; 32]).verify("csrf", "cookie-a", &token));
        assert!(!key.verify("csrf", "cookie-a", "zz"));
        assert!(!key.verify("csrf", "cookie-a", ""));
    }
}
