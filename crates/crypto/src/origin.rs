//! Proof of origin of the messages between investigators and a reporter.
//!
//! A message is age-encrypted to the report key and the reporter's mailbox key, both public:
//! anyone can make such a file. What only the two parties can make is a MAC under the X25519
//! shared secret of those two keys: investigators hold the report key's secret, the reporter
//! (through their receipt) the mailbox key's, and `X25519(report secret, mailbox public) =
//! X25519(mailbox secret, report public)`. Someone who plants a message in the data
//! directory or the database holds neither secret and cannot make its tag.
//!
//! # Construction
//!
//! ```text
//! shared = X25519(own secret, peer public)           (refused if all zero)
//! key    = HKDF-SHA256(ikm = shared, salt = "quietline message origin v1",
//!                      info = lp(report public key) lp(mailbox public key))
//! tag    = HMAC-SHA256(key, lp(field 1) lp(field 2) ...)        as lowercase hex
//! ```
//!
//! The public keys are the age texts (`age1...`). The caller binds the message to its
//! place: report id, message id, author and the SHA-256 of the sealed bytes.
//!
//! What only one side may vouch for (the reporter's own copy of their report, which the
//! report key's holders must not be able to replace) takes [`OriginKey::of_own`] instead:
//!
//! ```text
//! key    = HKDF-SHA256(ikm = own secret, salt = "quietline own origin v1", info = purpose)
//! ```
//!
//! The age crate does not expose raw X25519, so the secret and public keys are read back from
//! their Bech32 texts (the encodings `age-keygen` writes) into x25519-dalek, the library age
//! itself uses.

use age::secrecy::ExposeSecret;
use bech32::primitives::decode::CheckedHrpstring;
use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::{CryptoError, Identity, Recipient};

const SALT: &[u8] = b"quietline message origin v1";
const OWN_SALT: &[u8] = b"quietline own origin v1";

/// The MAC key shared by a report key and a mailbox key.
pub struct OriginKey(Zeroizing<[u8; 32]>);

fn bytes_32(text: &str) -> Option<Zeroizing<[u8; 32]>> {
    let checked = CheckedHrpstring::new::<bech32::Bech32>(text).ok()?;
    let data = Zeroizing::new(checked.byte_iter().collect::<Vec<u8>>());
    let array: [u8; 32] = data.as_slice().try_into().ok()?;
    Some(Zeroizing::new(array))
}

impl OriginKey {
    /// The key between `own` (the report key, or the mailbox key) and `peer` (the other
    /// one's public key). `report` and `mailbox` are the two public keys, in that order
    /// whichever side computes it.
    pub fn between(
        own: &Identity,
        peer: &Recipient,
        report: &Recipient,
        mailbox: &Recipient,
    ) -> Result<Self, CryptoError> {
        let secret_text = Zeroizing::new(own.0.to_string().expose_secret().to_lowercase());
        let secret = bytes_32(&secret_text).ok_or(CryptoError::InvalidIdentity)?;
        let public = bytes_32(&peer.to_string()).ok_or(CryptoError::InvalidRecipient)?;
        let secret = x25519_dalek::StaticSecret::from(*secret);
        let shared = secret.diffie_hellman(&x25519_dalek::PublicKey::from(*public));
        if !shared.was_contributory() {
            return Err(CryptoError::InvalidRecipient);
        }
        let mut info = Vec::new();
        for key in [report.to_string(), mailbox.to_string()] {
            info.extend_from_slice(&(key.len() as u64).to_be_bytes());
            info.extend_from_slice(key.as_bytes());
        }
        let hkdf = Hkdf::<Sha256>::new(Some(SALT), shared.as_bytes());
        let mut key = Zeroizing::new([0u8; 32]);
        hkdf.expand(&info, key.as_mut())
            .map_err(|_| CryptoError::Kdf)?;
        Ok(Self(key))
    }

    /// A key only the holder of `own`'s secret can make, for `purpose` (one key per use).
    pub fn of_own(own: &Identity, purpose: &[u8]) -> Result<Self, CryptoError> {
        let secret_text = Zeroizing::new(own.0.to_string().expose_secret().to_lowercase());
        let secret = bytes_32(&secret_text).ok_or(CryptoError::InvalidIdentity)?;
        let hkdf = Hkdf::<Sha256>::new(Some(OWN_SALT), secret.as_ref());
        let mut key = Zeroizing::new([0u8; 32]);
        hkdf.expand(purpose, key.as_mut())
            .map_err(|_| CryptoError::Kdf)?;
        Ok(Self(key))
    }

    fn mac(&self, fields: &[&[u8]]) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.0.as_ref())
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        for field in fields {
            mac.update(&(field.len() as u64).to_be_bytes());
            mac.update(field);
        }
        mac
    }

    /// The tag of `fields`, as hex.
    pub fn tag(&self, fields: &[&[u8]]) -> String {
        hex::encode(self.mac(fields).finalize().into_bytes())
    }

    /// Whether `tag` is the tag of `fields` (constant time); malformed is `false`.
    pub fn verify(&self, fields: &[&[u8]], tag: &str) -> bool {
        match hex::decode(tag) {
            Ok(bytes) => self.mac(fields).verify_slice(&bytes).is_ok(),
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_derive_the_same_key_and_nobody_else_does() {
        let report = Identity::generate();
        let mailbox = Identity::generate();
        let (r, m) = (report.recipient(), mailbox.recipient());
        let investigators =
            OriginKey::between(&report, &m, &r, &m).unwrap_or_else(|e| panic!("{e}"));
        let reporter = OriginKey::between(&mailbox, &r, &r, &m).unwrap_or_else(|e| panic!("{e}"));
        let tag = investigators.tag(&[b"report", b"message", b"investigator"]);
        assert!(reporter.verify(&[b"report", b"message", b"investigator"], &tag));
        assert!(!reporter.verify(&[b"report", b"message", b"reporter"], &tag));
        assert!(!reporter.verify(&[b"report", b"message", b"investigator"], "00"));
        // Someone holding only the public keys and their own key cannot make it.
        let intruder = Identity::generate();
        let forged = OriginKey::between(&intruder, &m, &r, &m).unwrap_or_else(|e| panic!("{e}"));
        assert!(!reporter.verify(
            &[b"report", b"message", b"investigator"],
            &forged.tag(&[b"report", b"message", b"investigator"])
        ));
    }

    #[test]
    fn a_key_of_ones_own_is_made_only_with_that_secret_and_purpose() {
        let mailbox = Identity::generate();
        let report = Identity::generate();
        let (r, m) = (report.recipient(), mailbox.recipient());
        let own = OriginKey::of_own(&mailbox, b"reporter_copy").unwrap_or_else(|e| panic!("{e}"));
        let again = OriginKey::of_own(&mailbox, b"reporter_copy").unwrap_or_else(|e| panic!("{e}"));
        let tag = own.tag(&[b"report", b"copy"]);
        assert!(again.verify(&[b"report", b"copy"], &tag));
        // Not the holder of the report key, not another purpose, not another identity.
        for other in [
            OriginKey::between(&report, &m, &r, &m),
            OriginKey::of_own(&mailbox, b"something else"),
            OriginKey::of_own(&report, b"reporter_copy"),
        ] {
            let other = other.unwrap_or_else(|e| panic!("{e}"));
            assert!(!own.verify(&[b"report", b"copy"], &other.tag(&[b"report", b"copy"])));
        }
        // Frozen: stored tags depend on it. Computed independently with Python's hmac and
        // hashlib (HKDF by hand, RFC 5869), secret key [1; 32].
        let fixed = Identity::from_identity_file(
            "AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZ9K4CN",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            OriginKey::of_own(&fixed, b"reporter_copy")
                .unwrap_or_else(|e| panic!("{e}"))
                .tag(&[b"report", b"copy"]),
            "f413b53fd38ab41b01d1972fa1fd4e10a9570d3e3733a4885668f2cddbc82f07"
        );
    }

    #[test]
    fn the_derivation_is_frozen() {
        // Stored tags depend on it. Computed independently with Python's `cryptography`
        // (X25519) and hmac/hashlib (HKDF by hand, RFC 5869): secret keys [1; 32] (report)
        // and [2; 32] (mailbox).
        let report = Identity::from_identity_file(
            "AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZ9K4CN",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let r = report.recipient();
        assert_eq!(
            r.to_string(),
            "age15nsf9y4k28p83wth93tf7hafhvfajp45d2mge80ems45gz0c5gys3me64l"
        );
        let m: Recipient = "age1e6xn45wvkce7c7msc9upffw8dmxs9959q5xng369hgzcwrjc04vszex59m"
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        let key = OriginKey::between(&report, &m, &r, &m).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            key.tag(&[b"r", b"m", b"investigator"]),
            "efd931fa9ff0bdf34b4dbf212400f3c763039c01028d4c908074d8dac1d2c22e"
        );
    }
}
