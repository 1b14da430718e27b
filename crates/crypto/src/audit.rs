//! The audit trail's two primitives: the hash that chains each entry to the one before
//! ([`entry_hash`]), and the Ed25519 signature over a chain head ([`AuditSigner`],
//! [`verify_head`]). Storage and service decide what is recorded; this module only makes
//! the bytes that prove it was not changed.
//!
//! # Entry hash (v1)
//!
//! `hash = SHA-256(encoding)` written as 64 lowercase hex digits, where the encoding is
//!
//! ```text
//! lp("quietline audit entry v1")
//! u64be(seq)
//! lp(prev_hash) lp(at) lp(actor) lp(action) lp(subject) lp(detail) lp(request_id)
//!
//! lp(x) = u64be(byte length of x) || bytes of x (UTF-8)
//! ```
//!
//! Every field is the text exactly as stored (the detail is the stored JSON text, so
//! verification never depends on re-serialising JSON). Length prefixes make the encoding
//! unambiguous (no two different entries give the same bytes); the leading label
//! separates it from every other use of SHA-256. The first entry's `prev_hash` is
//! [`GENESIS_HASH`] (64 zeros).
//!
//! # Signed head (v1)
//!
//! An Ed25519 signature (RFC 8032, verified strictly) over
//!
//! ```text
//! lp("quietline audit head v1") u64be(seq) lp(hash) lp(signed_at)
//! ```
//!
//! with the same `lp`. The public key and signature are lowercase hex (64 and 128 digits).
//!
//! # Entry MAC (v1)
//!
//! The hash chain has no key: anyone who can write the database can append an entry whose
//! hash is right. So every entry also carries a MAC that only holders of the audit key (the
//! server and the `quietline` command on its machine) can make:
//!
//! ```text
//! key = HKDF-SHA256(ikm = the 32-byte Ed25519 seed, salt = "quietline audit entry mac key v1")
//! mac = HMAC-SHA256(key, lp("quietline audit entry mac v1") lp(hash))
//! ```
//!
//! The server signs no head over an entry whose MAC is wrong, and `quietline audit verify`
//! (given the key file) names it. The entry hash itself is unchanged, so the chain and every
//! head signed before MACs existed still verify.
//!
//! # Exported head (v1)
//!
//! What `quietline audit export-head` writes for off-host keeping is a signed head plus how
//! many reports the instance had and the newest one's id, signed together (Ed25519) over
//!
//! ```text
//! lp("quietline audit export v1") u64be(seq) lp(hash) lp(signed_at) u64be(reports) lp(newest_report)
//! ```
//!
//! so that a copy restored from an older backup can name a report it lacks.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::{CryptoError, keyfile};

/// `prev_hash` of the first entry: 64 zeros.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const ENTRY_LABEL: &str = "quietline audit entry v1";
const HEAD_LABEL: &str = "quietline audit head v1";
const EXPORT_LABEL: &str = "quietline audit export v1";
const TREE_HEAD_LABEL: &str = "quietline audit tree head v1";
const MAC_KEY_SALT: &[u8] = b"quietline audit entry mac key v1";
const MAC_LABEL: &str = "quietline audit entry mac v1";

/// The recorded fields of one audit entry, as stored (text, exactly).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntryFields<'a> {
    /// Position in the log, from 1.
    pub seq: u64,
    /// When, UTC RFC 3339 to the second.
    pub at: &'a str,
    /// Who (`investigator:<id>`, `cli`, `system`).
    pub actor: &'a str,
    /// What (a stable code).
    pub action: &'a str,
    /// On what (an id, or empty).
    pub subject: &'a str,
    /// Facts, as a JSON object's text.
    pub detail: &'a str,
    /// The request it was part of.
    pub request_id: &'a str,
}

/// Feeds `lp(bytes)` to `sink`: the length as 8 bytes big-endian, then the bytes.
fn length_prefixed(sink: &mut impl FnMut(&[u8]), bytes: &[u8]) {
    // usize is at most 64 bits on every supported target.
    sink(&(bytes.len() as u64).to_be_bytes());
    sink(bytes);
}

/// The hash of an entry chained to `prev_hash` (the previous entry's hash, or
/// [`GENESIS_HASH`] for the first): 64 lowercase hex digits. See the module docs for the
/// exact encoding.
pub fn entry_hash(prev_hash: &str, fields: &EntryFields<'_>) -> String {
    let mut hasher = Sha256::new();
    let mut sink = |bytes: &[u8]| hasher.update(bytes);
    length_prefixed(&mut sink, ENTRY_LABEL.as_bytes());
    sink(&fields.seq.to_be_bytes());
    for field in [
        prev_hash,
        fields.at,
        fields.actor,
        fields.action,
        fields.subject,
        fields.detail,
        fields.request_id,
    ] {
        length_prefixed(&mut sink, field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// The bytes a head signature covers.
fn head_message(seq: u64, hash: &str, signed_at: &str) -> Vec<u8> {
    let mut message = Vec::new();
    let mut sink = |bytes: &[u8]| message.extend_from_slice(bytes);
    length_prefixed(&mut sink, HEAD_LABEL.as_bytes());
    sink(&seq.to_be_bytes());
    length_prefixed(&mut sink, hash.as_bytes());
    length_prefixed(&mut sink, signed_at.as_bytes());
    message
}

/// The bytes a tree head signature covers: the label, the tree's size (8 bytes, big endian),
/// its root and the time it was signed (each length-prefixed), as for heads.
fn tree_head_message(size: u64, root: &str, signed_at: &str) -> Vec<u8> {
    let mut message = Vec::new();
    let mut sink = |bytes: &[u8]| message.extend_from_slice(bytes);
    length_prefixed(&mut sink, TREE_HEAD_LABEL.as_bytes());
    sink(&size.to_be_bytes());
    length_prefixed(&mut sink, root.as_bytes());
    length_prefixed(&mut sink, signed_at.as_bytes());
    message
}

/// The bytes an export signature covers.
fn export_message(
    seq: u64,
    hash: &str,
    signed_at: &str,
    reports: u64,
    newest_report: &str,
) -> Vec<u8> {
    let mut message = Vec::new();
    let mut sink = |bytes: &[u8]| message.extend_from_slice(bytes);
    length_prefixed(&mut sink, EXPORT_LABEL.as_bytes());
    sink(&seq.to_be_bytes());
    length_prefixed(&mut sink, hash.as_bytes());
    length_prefixed(&mut sink, signed_at.as_bytes());
    sink(&reports.to_be_bytes());
    length_prefixed(&mut sink, newest_report.as_bytes());
    message
}

/// The instance's audit signing key (Ed25519). The secret never leaves this type: no
/// Debug of it, no export; it is wiped when dropped.
pub struct AuditSigner {
    key: SigningKey,
}

impl AuditSigner {
    /// The key whose 32-byte seed is `seed`.
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        Self {
            key: SigningKey::from_bytes(seed),
        }
    }

    /// Reads the key file at `path` (32 bytes, owner-only), creating it with a fresh
    /// random seed on first use.
    pub fn open_or_create(path: &std::path::Path) -> Result<Self, CryptoError> {
        let seed = Zeroizing::new(keyfile::read_or_create_32(path)?);
        Ok(Self::from_seed(&seed))
    }

    /// Reads the existing key file at `path`.
    pub fn open(path: &std::path::Path) -> Result<Self, CryptoError> {
        let seed = Zeroizing::new(keyfile::read_32(path)?);
        Ok(Self::from_seed(&seed))
    }

    fn mac(&self, hash: &str) -> Hmac<Sha256> {
        let seed = Zeroizing::new(self.key.to_bytes());
        let hkdf = Hkdf::<Sha256>::new(Some(MAC_KEY_SALT), seed.as_ref());
        let mut key = Zeroizing::new([0u8; 32]);
        hkdf.expand(&[], key.as_mut())
            .unwrap_or_else(|_| unreachable!("32 bytes is a valid HKDF-SHA256 length"));
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key.as_ref())
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        let mut sink = |bytes: &[u8]| mac.update(bytes);
        length_prefixed(&mut sink, MAC_LABEL.as_bytes());
        length_prefixed(&mut sink, hash.as_bytes());
        mac
    }

    /// The MAC of the entry whose hash is `hash` (64 lowercase hex digits): see the module
    /// documentation.
    pub fn entry_mac(&self, hash: &str) -> String {
        hex::encode(self.mac(hash).finalize().into_bytes())
    }

    /// Whether `mac` is this key's MAC of the entry `hash` (constant time).
    pub fn verify_entry_mac(&self, hash: &str, mac: Option<&str>) -> bool {
        match mac.map(hex::decode) {
            Some(Ok(bytes)) => self.mac(hash).verify_slice(&bytes).is_ok(),
            _ => false,
        }
    }

    /// Signs an exported head with the instance's inventory (see the module documentation).
    pub fn sign_export(
        &self,
        seq: u64,
        hash: &str,
        signed_at: &str,
        reports: u64,
        newest_report: &str,
    ) -> String {
        hex::encode(
            self.key
                .sign(&export_message(
                    seq,
                    hash,
                    signed_at,
                    reports,
                    newest_report,
                ))
                .to_bytes(),
        )
    }

    /// The public key, 64 lowercase hex digits: publish it, or keep it away from the
    /// server, to verify heads with [`verify_head`].
    pub fn public_key_hex(&self) -> String {
        hex::encode(self.key.verifying_key().as_bytes())
    }

    /// Signs a tree head: the RFC 9162 Merkle tree over the hashes of entries `1..=size`,
    /// whose root is `root` (hex), at `signed_at` (UTC RFC 3339). What an evidence bundle's
    /// custody record proves its entries against: 128 lowercase hex digits.
    pub fn sign_tree_head(&self, size: u64, root: &str, signed_at: &str) -> String {
        hex::encode(
            self.key
                .sign(&tree_head_message(size, root, signed_at))
                .to_bytes(),
        )
    }

    /// Signs the head `(seq, hash)` at `signed_at` (UTC RFC 3339): 128 lowercase hex digits.
    pub fn sign_head(&self, seq: u64, hash: &str, signed_at: &str) -> String {
        hex::encode(
            self.key
                .sign(&head_message(seq, hash, signed_at))
                .to_bytes(),
        )
    }
}

impl std::fmt::Debug for AuditSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditSigner")
            .field("public_key", &self.public_key_hex())
            .finish_non_exhaustive()
    }
}

/// Whether `signature` (hex) is `public_key_hex`'s Ed25519 signature of `message`. Anything
/// malformed is `false`; strict verification (no malleable or small-order forms).
fn verify_signed(public_key_hex: &str, message: &[u8], signature: &str) -> bool {
    let Some(key) =
        decode_array::<32>(public_key_hex).and_then(|bytes| VerifyingKey::from_bytes(&bytes).ok())
    else {
        return false;
    };
    let Some(signature) = decode_array::<64>(signature).map(|b| Signature::from_bytes(&b)) else {
        return false;
    };
    key.verify_strict(message, &signature).is_ok()
}

/// Whether `signature` (hex) is `public_key_hex`'s signature of the head `(seq, hash)` at
/// `signed_at`. Anything malformed is simply `false`. Strict verification: no malleable
/// or small-order forms are accepted.
pub fn verify_head(
    public_key_hex: &str,
    seq: u64,
    hash: &str,
    signed_at: &str,
    signature: &str,
) -> bool {
    verify_signed(
        public_key_hex,
        &head_message(seq, hash, signed_at),
        signature,
    )
}

/// Whether `signature` (hex) is `public_key_hex`'s signature of the tree head `(size, root)`
/// at `signed_at` ([`AuditSigner::sign_tree_head`]). Anything malformed is simply `false`.
pub fn verify_tree_head(
    public_key_hex: &str,
    size: u64,
    root: &str,
    signed_at: &str,
    signature: &str,
) -> bool {
    verify_signed(
        public_key_hex,
        &tree_head_message(size, root, signed_at),
        signature,
    )
}

/// Whether `signature` is `public_key_hex`'s signature of an exported head and inventory.
pub fn verify_export(
    public_key_hex: &str,
    seq: u64,
    hash: &str,
    signed_at: &str,
    reports: u64,
    newest_report: &str,
    signature: &str,
) -> bool {
    verify_signed(
        public_key_hex,
        &export_message(seq, hash, signed_at, reports, newest_report),
        signature,
    )
}

/// Lowercase (or uppercase) hex of exactly `N` bytes.
fn decode_array<const N: usize>(text: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> EntryFields<'static> {
        EntryFields {
            seq: 1,
            at: "2026-11-29T10:15:30Z",
            actor: "cli",
            action: "investigator_added",
            subject: "0123456789abcdef0123456789abcdef",
            detail: r#"{"role":"admin"}"#,
            request_id: "",
        }
    }

    #[test]
    fn entry_hash_matches_a_fixed_vector_computed_independently() {
        // The same bytes hashed by Python's hashlib (the recipe is in docs/audit.md).
        assert_eq!(
            entry_hash(GENESIS_HASH, &fields()),
            "179c08f71fc6c6ee009ae149033e5188bc87f892ead7291c3f7153cc83efbe97"
        );
    }

    #[test]
    fn every_field_and_every_boundary_changes_the_hash() {
        let base = entry_hash(GENESIS_HASH, &fields());
        let variants = [
            EntryFields { seq: 2, ..fields() },
            EntryFields {
                at: "2026-11-29T10:15:31Z",
                ..fields()
            },
            EntryFields {
                actor: "system",
                ..fields()
            },
            EntryFields {
                action: "investigator_disabled",
                ..fields()
            },
            EntryFields {
                subject: "",
                ..fields()
            },
            EntryFields {
                detail: "{}",
                ..fields()
            },
            EntryFields {
                request_id: "a",
                ..fields()
            },
        ];
        for variant in variants {
            assert_ne!(entry_hash(GENESIS_HASH, &variant), base, "{variant:?}");
        }
        assert_ne!(
            entry_hash(&"1".repeat(64), &fields()),
            base,
            "the link counts"
        );
        // Moving a boundary between two fields gives a different hash (length prefixes).
        let a = EntryFields {
            subject: "ab",
            detail: "c",
            ..fields()
        };
        let b = EntryFields {
            subject: "a",
            detail: "bc",
            ..fields()
        };
        assert_ne!(entry_hash(GENESIS_HASH, &a), entry_hash(GENESIS_HASH, &b));
    }

    #[test]
    fn heads_sign_and_verify_against_fixed_vectors() {
        let signer = AuditSigner::from_seed(&[7; 32]);
        let public = signer.public_key_hex();
        assert_eq!(
            public,
            "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c"
        );
        let hash = entry_hash(GENESIS_HASH, &fields());
        let signature = signer.sign_head(64, &hash, "2026-11-29T10:20:00Z");
        // Ed25519 is deterministic: the same key and message give the same signature.
        assert_eq!(
            signature,
            "f3448e76658f57035b77a2bd2b0cc69e0454b2de108dc258a7c65036a9331f8d5d1c42c148852a3b6f5202a0f0a589b74d9d21633aa9f8c0101c91991b68ce0b"
        );
        assert!(verify_head(
            &public,
            64,
            &hash,
            "2026-11-29T10:20:00Z",
            &signature
        ));
    }

    #[test]
    fn a_tree_head_verifies_only_for_its_own_size_root_time_and_key() {
        let signer = AuditSigner::from_seed(&[7; 32]);
        let public = signer.public_key_hex();
        let root = entry_hash(GENESIS_HASH, &fields());
        let at = "2026-12-03T10:00:00Z";
        let signature = signer.sign_tree_head(9, &root, at);
        assert!(verify_tree_head(&public, 9, &root, at, &signature));
        assert!(!verify_tree_head(&public, 8, &root, at, &signature));
        assert!(!verify_tree_head(&public, 9, GENESIS_HASH, at, &signature));
        assert!(!verify_tree_head(
            &public,
            9,
            &root,
            "2026-12-03T10:00:01Z",
            &signature
        ));
        let other = AuditSigner::from_seed(&[8; 32]).public_key_hex();
        assert!(!verify_tree_head(&other, 9, &root, at, &signature));
        // Not interchangeable with an entry head's signature over the same values.
        assert!(!verify_head(&public, 9, &root, at, &signature));
    }

    #[test]
    fn a_head_verifies_only_for_its_own_seq_hash_time_and_key() {
        let signer = AuditSigner::from_seed(&[7; 32]);
        let public = signer.public_key_hex();
        let hash = entry_hash(GENESIS_HASH, &fields());
        let at = "2026-11-29T10:20:00Z";
        let signature = signer.sign_head(64, &hash, at);
        assert!(!verify_head(&public, 65, &hash, at, &signature));
        assert!(!verify_head(&public, 64, GENESIS_HASH, at, &signature));
        assert!(!verify_head(
            &public,
            64,
            &hash,
            "2026-11-29T10:20:01Z",
            &signature
        ));
        let other = AuditSigner::from_seed(&[8; 32]).public_key_hex();
        assert!(!verify_head(&other, 64, &hash, at, &signature));
        let mut flipped = signature.clone().into_bytes();
        flipped[10] = if flipped[10] == b'0' { b'1' } else { b'0' };
        let flipped = String::from_utf8(flipped).unwrap_or_default();
        assert!(!verify_head(&public, 64, &hash, at, &flipped));
        for garbage in ["", "zz", &signature[..126]] {
            assert!(!verify_head(&public, 64, &hash, at, garbage));
            assert!(!verify_head(garbage, 64, &hash, at, &signature));
        }
    }

    #[test]
    fn entry_macs_need_the_key_and_are_frozen() {
        let signer = AuditSigner::from_seed(&[7; 32]);
        let hash = entry_hash(GENESIS_HASH, &fields());
        let mac = signer.entry_mac(&hash);
        // Computed independently with Python's hmac and hashlib (HKDF by hand, RFC 5869).
        assert_eq!(
            mac,
            "d3c0de4d4304429dc9500ab4fec67b6fbb236f28297e0565238707ecccc3a187"
        );
        assert!(signer.verify_entry_mac(&hash, Some(&mac)));
        assert!(!signer.verify_entry_mac(GENESIS_HASH, Some(&mac)));
        assert!(!signer.verify_entry_mac(&hash, None));
        assert!(!AuditSigner::from_seed(&[8; 32]).verify_entry_mac(&hash, Some(&mac)));
    }

    #[test]
    fn exports_sign_the_head_with_the_inventory() {
        let signer = AuditSigner::from_seed(&[7; 32]);
        let public = signer.public_key_hex();
        let at = "2026-11-29T10:20:00Z";
        let signature = signer.sign_export(64, GENESIS_HASH, at, 11, "abc");
        assert!(verify_export(
            &public,
            64,
            GENESIS_HASH,
            at,
            11,
            "abc",
            &signature
        ));
        assert!(!verify_export(
            &public,
            64,
            GENESIS_HASH,
            at,
            10,
            "abc",
            &signature
        ));
        assert!(!verify_export(
            &public,
            64,
            GENESIS_HASH,
            at,
            11,
            "abd",
            &signature
        ));
        assert!(!verify_export(
            &public,
            63,
            GENESIS_HASH,
            at,
            11,
            "abc",
            &signature
        ));
        // An export signature is not a head signature, nor the reverse.
        assert!(!verify_head(&public, 64, GENESIS_HASH, at, &signature));
    }

    #[test]
    fn the_key_file_is_created_once_and_the_key_is_stable() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("secrets").join("audit.key");
        let first = AuditSigner::open_or_create(&path).unwrap_or_else(|e| panic!("{e}"));
        let second = AuditSigner::open_or_create(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first.public_key_hex(), second.public_key_hex());
        assert!(!format!("{first:?}").contains(&hex::encode(
            std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"))
        )));
    }
}
