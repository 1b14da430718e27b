//! age X25519 key pairs, and secret keys wrapped (encrypted) to other keys.

use std::fmt;
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use secrecy::SecretString;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::CryptoError;
use crate::seal::{open, seal};

/// A secret key: a report key, a reporter's mailbox key, an investigator's key, or the
/// organisation's recovery key. Not `Debug`-printable, wiped on drop (by x25519-dalek).
#[derive(Clone)]
pub struct Identity(pub(crate) age::x25519::Identity);

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Identity({})", self.recipient())
    }
}

impl Identity {
    /// A fresh random key.
    pub fn generate() -> Self {
        Self(age::x25519::Identity::generate())
    }

    /// Its public half.
    pub fn recipient(&self) -> Recipient {
        Recipient(self.0.to_public())
    }

    /// Reads an identity file as `age-keygen` writes it: `#` comment lines, then one
    /// `AGE-SECRET-KEY-1...` line. (Parsed here rather than with `age::IdentityFile`
    /// because only X25519 keys are valid for Quietline, and we need the concrete type.)
    pub fn from_identity_file(contents: &str) -> Result<Self, CryptoError> {
        let mut keys = contents
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'));
        let key = keys.next().ok_or(CryptoError::InvalidIdentity)?;
        if keys.next().is_some() {
            return Err(CryptoError::InvalidIdentity);
        }
        age::x25519::Identity::from_str(key)
            .map(Self)
            .map_err(|_| CryptoError::InvalidIdentity)
    }

    /// The identity in the form `age -i FILE` reads, with its public key as a comment.
    pub fn to_identity_file(&self) -> SecretString {
        SecretString::from(format!(
            "# public key: {}\n{}\n",
            self.recipient(),
            self.0.to_string().expose_secret()
        ))
    }
}

/// A public key to encrypt to: `age1...`.
#[derive(Clone, PartialEq, Eq)]
pub struct Recipient(pub(crate) age::x25519::Recipient);

impl Recipient {
    /// Compares two recipients in constant time (used to check a derived key against a
    /// stored one without leaking how many characters matched).
    pub fn ct_eq(&self, other: &Recipient) -> bool {
        self.to_string()
            .as_bytes()
            .ct_eq(other.to_string().as_bytes())
            .into()
    }
}

impl FromStr for Recipient {
    type Err = CryptoError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        age::x25519::Recipient::from_str(s.trim())
            .map(Self)
            .map_err(|_| CryptoError::InvalidRecipient)
    }
}

impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Recipient({self})")
    }
}

/// Encrypts a secret key to `recipients`. The result is an age file whose plaintext is an
/// identity file, so `age -d -i recovery.txt key.age > report.key` yields a key that
/// `age -d -i report.key` accepts.
pub fn wrap_identity(
    identity: &Identity,
    recipients: &[Recipient],
) -> Result<Vec<u8>, CryptoError> {
    seal(
        recipients,
        identity.to_identity_file().expose_secret().as_bytes(),
    )
}

/// Decrypts a secret key wrapped by [`wrap_identity`].
pub fn unwrap_identity(wrapped: &[u8], with: &Identity) -> Result<Identity, CryptoError> {
    let plaintext: Zeroizing<Vec<u8>> = open(with, wrapped)?;
    let text = std::str::from_utf8(&plaintext).map_err(|_| CryptoError::InvalidIdentity)?;
    Identity::from_identity_file(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_file_round_trips_and_hides_the_secret_in_debug() {
        let identity = Identity::generate();
        let file = identity.to_identity_file();
        let parsed =
            Identity::from_identity_file(file.expose_secret()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parsed.recipient(), identity.recipient());
        let debug = format!("{identity:?}");
        assert!(!debug.contains("AGE-SECRET-KEY"), "{debug}");
    }

    #[test]
    fn identity_file_rejects_garbage_and_two_keys() {
        assert!(Identity::from_identity_file("").is_err());
        assert!(Identity::from_identity_file("# only a comment\n").is_err());
        assert!(Identity::from_identity_file("AGE-SECRET-KEY-1NOTAKEY").is_err());
        let a = Identity::generate().to_identity_file();
        let b = Identity::generate().to_identity_file();
        let two = format!("{}{}", a.expose_secret(), b.expose_secret());
        assert!(Identity::from_identity_file(&two).is_err());
    }

    #[test]
    fn wrapped_identity_opens_for_each_recipient_only() {
        let report_key = Identity::generate();
        let investigator = Identity::generate();
        let recovery = Identity::generate();
        let outsider = Identity::generate();
        let wrapped = wrap_identity(
            &report_key,
            &[investigator.recipient(), recovery.recipient()],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        for holder in [&investigator, &recovery] {
            let opened = unwrap_identity(&wrapped, holder).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(opened.recipient(), report_key.recipient());
        }
        assert!(matches!(
            unwrap_identity(&wrapped, &outsider),
            Err(CryptoError::Decrypt(_))
        ));
    }

    #[test]
    fn recipients_parse_and_compare() {
        let r = Identity::generate().recipient();
        let parsed: Recipient = format!(" {r}\n").parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(parsed.ct_eq(&r));
        assert!(!parsed.ct_eq(&Identity::generate().recipient()));
        assert!("age1notakey".parse::<Recipient>().is_err());
        assert!("AGE-SECRET-KEY-1".parse::<Recipient>().is_err());
    }
}
