//! Every key Quietline holds and every byte it encrypts goes through this crate, and only
//! this crate touches key material (**invariant**). The API is small on purpose, after age:
//!
//! - [`Identity`] / [`Recipient`]: an age X25519 key pair, the secret half never printed.
//! - [`seal`] / [`open`] for small objects, [`seal_stream`] for files of any size. Output is
//!   always a standard age v1 file, so an organisation can decrypt with the `age` tool alone.
//! - [`wrap_identity`] / [`unwrap_identity`]: a secret key encrypted to other keys (a report
//!   key to its investigators and the recovery recipient).
//! - [`derive_identity`]: a key derived from a low-entropy secret (a receipt, a password) with
//!   Argon2id and a server-side [`Pepper`].
//! - [`TokenKey`]: HMAC tokens for CSRF protection.
//! - [`AuthKey`]: tags on the public keys the database stores, with a key that is not in
//!   the database, so that a row changed by someone who can write the database is refused.
//! - [`OriginKey`]: proof of origin of messages, keyed by the X25519 secret a report key and
//!   a mailbox key share.
//! - [`timestamp`]: RFC 3161 requests and tokens for signed audit heads.
//! - [`TotpSecret`] and [`recovery_codes`]: investigators' second factor.
//! - [`commitment`]: integrity from arrival: SHA-256 of what a reporter sent, hiding
//!   commitments to it and the daily RFC 6962 Merkle tree over them.
//! - [`audit`]: the audit trail's hash chain ([`audit::entry_hash`]) and the Ed25519 key
//!   that signs its heads ([`audit::AuditSigner`], [`audit::verify_head`]).
//!
//! Nothing here does network I/O; [`keyfile`] reads and writes secret files with owner-only
//! permissions.

#![deny(missing_docs)]

pub mod audit;
mod auth;
pub mod commitment;
mod error;
mod kdf;
pub mod keyfile;
mod keys;
mod origin;
mod seal;
pub mod timestamp;
mod token;
mod totp;

pub use auth::AuthKey;
pub use error::CryptoError;
pub use kdf::{
    KdfMemory, KdfParams, Pepper, SALT_BYTES, argon2_backend, derive_identity, derive_identity_in,
};
pub use keys::{Identity, Recipient, unwrap_identity, wrap_identity};
pub use origin::OriginKey;
pub use seal::{
    SealingWriter, SyncSealingWriter, open, open_any, open_reader, open_stream, seal, seal_stream,
    seal_writer,
};
pub use token::TokenKey;
pub use totp::{TOTP_SECRET_BYTES, TotpSecret, normalise_recovery_code, recovery_codes};

/// Fills `buf` from the operating system's CSPRNG.
pub fn fill_random(buf: &mut [u8]) -> Result<(), CryptoError> {
    getrandom::fill(buf).map_err(|_| CryptoError::Random)
}

/// SHA-256 of the parts, each length-prefixed (so that ("ab", "c") and ("a", "bc") differ),
/// as hex: to recognise that a sealed object has not changed since it was last opened.
pub fn fingerprint(parts: &[&[u8]]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hex::encode(hasher.finalize())
}

/// `N` random bytes from the operating system's CSPRNG.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut buf = [0u8; N];
    fill_random(&mut buf)?;
    Ok(buf)
}

/// A random token of `N` bytes as lowercase hex: session ids, form nonces.
pub fn random_hex<const N: usize>() -> Result<String, CryptoError> {
    random_bytes::<N>().map(hex::encode)
}
