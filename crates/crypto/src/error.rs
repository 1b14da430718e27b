//! The one error type of this crate.

/// What went wrong with a key or a ciphertext. Messages never include key material.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// Not an age X25519 recipient (`age1...`).
    #[error("not an age X25519 recipient (expected age1...)")]
    InvalidRecipient,
    /// Not an age X25519 identity (`AGE-SECRET-KEY-1...`).
    #[error("not an age X25519 identity (expected AGE-SECRET-KEY-1...)")]
    InvalidIdentity,
    /// Encryption needs at least one recipient.
    #[error("no recipients to encrypt to")]
    NoRecipients,
    /// The ciphertext is not for this key, or it was altered or truncated.
    #[error("cannot decrypt: wrong key, or the file is damaged")]
    Decrypt(#[source] Option<age::DecryptError>),
    /// Argon2id parameters out of the accepted bounds.
    #[error("key derivation parameters out of bounds: {0}")]
    KdfParams(&'static str),
    /// The key derivation failed.
    #[error("key derivation failed")]
    Kdf,
    /// The operating system's random number generator failed.
    #[error("the system random number generator failed")]
    Random,
    /// A time-stamp response that is not a granted token for the request (the text says
    /// what is wrong).
    #[error("time-stamp: {0}")]
    Timestamp(&'static str),
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl From<age::DecryptError> for CryptoError {
    fn from(err: age::DecryptError) -> Self {
        Self::Decrypt(Some(err))
    }
}

impl From<age::EncryptError> for CryptoError {
    fn from(err: age::EncryptError) -> Self {
        match err {
            age::EncryptError::Io(io) => Self::Io(io),
            _ => Self::NoRecipients,
        }
    }
}
