//! Authenticating what the database says about keys: every public key the server encrypts
//! to (the recovery recipient, investigators', the workspace's, a report's and its
//! mailbox's) is stored with a tag made with a key that is **not** in the database, so that
//! someone who can write the database (a PostgreSQL host, a restored backup, a snapshot)
//! cannot put their own key there and receive what is encrypted later.
//!
//! # Construction
//!
//! The key is derived from the pepper, which already lives outside the database (and may
//! live on another volume): `HKDF-SHA256(ikm = pepper, salt = "quietline recipient
//! authentication v1", info = "")`, 32 bytes. A tag is
//!
//! ```text
//! HMAC-SHA256(key, lp("quietline recipient v1") lp(kind) lp(field 1) lp(field 2) ...)
//! lp(x) = u64be(byte length of x) || x
//! ```
//!
//! as 64 lowercase hex digits. The kind and the fields bind the key to its role and its row
//! (`report`, the report id, its recipient and its mailbox recipient), so that a tagged key
//! cannot be moved to another row either (moving a mailbox key of a report the intruder
//! filed onto another report would otherwise give them that reporter's messages).
//!
//! Why the pepper: losing it already locks out every receipt and password (they are derived
//! with it), so this adds no new way to lose data, and no new file to back up.

use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretBox};
use sha2::Sha256;

use crate::Pepper;

const KEY_SALT: &[u8] = b"quietline recipient authentication v1";
const TAG_LABEL: &[u8] = b"quietline recipient v1";

/// The key that tags stored public keys (see the module documentation).
pub struct AuthKey(SecretBox<[u8; 32]>);

impl AuthKey {
    /// The key derived from the pepper.
    pub fn from_pepper(pepper: &Pepper) -> Self {
        let hkdf = Hkdf::<Sha256>::new(Some(KEY_SALT), pepper.expose_bytes());
        let mut key = Box::new([0u8; 32]);
        // 32 bytes is far below HKDF-SHA256's limit of 255 blocks: this cannot fail.
        hkdf.expand(&[], key.as_mut())
            .unwrap_or_else(|_| unreachable!("32 bytes is a valid HKDF-SHA256 length"));
        Self(SecretBox::new(key))
    }

    fn mac(&self, kind: &str, fields: &[&[u8]]) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.0.expose_secret())
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        for part in [TAG_LABEL, kind.as_bytes()]
            .into_iter()
            .chain(fields.iter().copied())
        {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac
    }

    /// The tag of `fields` for `kind`, as hex.
    pub fn tag(&self, kind: &str, fields: &[&[u8]]) -> String {
        hex::encode(self.mac(kind, fields).finalize().into_bytes())
    }

    /// Whether `tag` is the tag of `fields` for `kind` (constant time). Anything malformed,
    /// a missing tag included, is `false`.
    pub fn verify(&self, kind: &str, fields: &[&[u8]], tag: Option<&str>) -> bool {
        match tag.map(hex::decode) {
            Some(Ok(bytes)) => self.mac(kind, fields).verify_slice(&bytes).is_ok(),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_bind_the_key_the_kind_and_every_field() {
        let key = AuthKey::from_pepper(&Pepper::from_bytes([1; 32]));
        let tag = key.tag("report", &[b"id-1", b"age1a", b"age1b"]);
        assert!(key.verify("report", &[b"id-1", b"age1a", b"age1b"], Some(&tag)));
        assert!(!key.verify("report", &[b"id-2", b"age1a", b"age1b"], Some(&tag)));
        assert!(!key.verify("report", &[b"id-1", b"age1b", b"age1a"], Some(&tag)));
        assert!(!key.verify("workspace", &[b"id-1", b"age1a", b"age1b"], Some(&tag)));
        assert!(!key.verify("report", &[b"id-1a", b"ge1a", b"age1b"], Some(&tag)));
        assert!(!key.verify("report", &[b"id-1", b"age1a", b"age1b"], None));
        assert!(!key.verify("report", &[b"id-1", b"age1a", b"age1b"], Some("zz")));
        let other = AuthKey::from_pepper(&Pepper::from_bytes([2; 32]));
        assert!(!other.verify("report", &[b"id-1", b"age1a", b"age1b"], Some(&tag)));
    }

    #[test]
    fn the_tag_format_is_frozen() {
        // Tags are stored: a change here would refuse every key of every instance. The value
        // was computed independently with Python's hmac and hashlib (HKDF by hand, RFC 5869).
        let key = AuthKey::from_pepper(&Pepper::from_bytes([7; 32]));
        assert_eq!(
            key.tag("recovery", &[b"", b"age1xyz"]),
            "5142aa77be2ff08984ce03218bd828867000c7f131a57031a69aa24fc09bce45"
        );
    }
}
