//! Keys derived from secrets a person can carry: the 14 secret digits of a receipt, an
//! investigator's password.
//!
//! Construction: `Argon2id(secret, salt, secret-key = pepper, m, t, p)` gives 32 bytes,
//! used as an X25519 secret key and so as an age identity (age's own X25519 keys are 32
//! uniformly random bytes, clamped at use; an Argon2id output is such a string). Its public
//! half is stored; it serves both as the verifier (a secret is right when it derives the
//! stored recipient) and as the key that messages for the holder are encrypted to. One
//! Argon2id run therefore checks the secret and unlocks what it protects, and the stored
//! value is worthless without the pepper, which is kept outside the database.
//!
//! The bytes are turned into an identity through age's Bech32 text form because the age
//! crate offers no constructor from raw bytes; the encoding is the one `age-keygen` writes.

use bech32::{Bech32, Hrp};
use secrecy::{ExposeSecret, SecretBox};
use zeroize::{Zeroize, Zeroizing};

use crate::CryptoError;
use crate::keys::Identity;

/// Length of the per-secret salts, in bytes (RFC 9106 recommends 16).
pub const SALT_BYTES: usize = 16;

/// Argon2id cost parameters. They are stored beside every derived key, so raising the
/// defaults later does not lock anyone out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory, in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl KdfParams {
    /// Quietline's default: 64 MiB, 3 passes, 1 lane (RFC 9106 section 4, second
    /// recommended option, with one lane so that concurrent requests use every core).
    /// About 0.1-0.2 s on one core of the reference machine (docs/benchmarks.md).
    pub const DEFAULT: Self = Self {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 1,
    };

    /// The cost GlobaLeaks uses for its receipts (128 MiB, 16 passes), for comparison.
    pub const GLOBALEAKS: Self = Self {
        memory_kib: 128 * 1024,
        iterations: 16,
        parallelism: 1,
    };

    /// Cheapest parameters accepted: for tests only, never for deployment.
    pub const TEST_ONLY: Self = Self {
        memory_kib: 8 * 1024,
        iterations: 1,
        parallelism: 1,
    };

    /// Rejects parameters that are too weak to protect anything or so costly that reading
    /// them from a tampered database would let an attacker exhaust the server.
    pub fn validate(&self) -> Result<(), CryptoError> {
        if !(8 * 1024..=4 * 1024 * 1024).contains(&self.memory_kib) {
            return Err(CryptoError::KdfParams("memory must be 8 MiB to 4 GiB"));
        }
        if !(1..=64).contains(&self.iterations) {
            return Err(CryptoError::KdfParams("iterations must be 1 to 64"));
        }
        if !(1..=16).contains(&self.parallelism) {
            return Err(CryptoError::KdfParams("parallelism must be 1 to 16"));
        }
        Ok(())
    }
}

/// The server-side pepper: 32 secret bytes kept outside the database (a file in the data
/// directory's `secrets/`, which an operator may move to other storage).
pub struct Pepper(SecretBox<[u8; 32]>);

impl Pepper {
    /// A pepper from its bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(SecretBox::new(Box::new(bytes)))
    }

    /// A fresh random pepper.
    pub fn generate() -> Result<Self, CryptoError> {
        crate::random_bytes().map(Self::from_bytes)
    }

    /// The bytes, for writing to the pepper file.
    pub fn expose_bytes(&self) -> &[u8; 32] {
        self.0.expose_secret()
    }

    /// HMAC-SHA-256 of `value` for `purpose` under the pepper, as hex: for high-entropy
    /// secrets that need no slow hash (recovery codes), so a stolen database alone does not
    /// let anyone check guesses.
    pub fn keyed_hash(&self, purpose: &str, value: &str) -> String {
        crate::TokenKey::from_bytes(*self.0.expose_secret()).token(purpose, value)
    }
}

/// Argon2id's working memory, kept between runs so that a server allocates it once per
/// core instead of once per request (repeated large allocations fragment the allocator's
/// arenas and are never returned to the system). It is wiped after every run: Argon2's
/// memory holds values derived from the secret.
#[derive(Default)]
pub struct KdfMemory(Vec<argon2::Block>);

impl KdfMemory {
    /// Empty; grows to the size the parameters need at first use.
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.0.len() * argon2::Block::SIZE
    }
}

/// Derives the identity for `secret` (see the module documentation) in fresh memory.
/// CPU- and memory-bound: run it on a blocking thread.
pub fn derive_identity(
    secret: &[u8],
    salt: &[u8],
    pepper: &Pepper,
    params: &KdfParams,
) -> Result<Identity, CryptoError> {
    derive_identity_in(secret, salt, pepper, params, &mut KdfMemory::new())
}

/// [`derive_identity`] in reusable `memory` (wiped before this returns).
pub fn derive_identity_in(
    secret: &[u8],
    salt: &[u8],
    pepper: &Pepper,
    params: &KdfParams,
    memory: &mut KdfMemory,
) -> Result<Identity, CryptoError> {
    params.validate()?;
    let argon_params = argon2::Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        Some(32),
    )
    .map_err(|_| CryptoError::KdfParams("rejected by Argon2"))?;
    let argon = argon2::Argon2::new_with_secret(
        pepper.expose_bytes(),
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon_params,
    )
    .map_err(|_| CryptoError::Kdf)?;
    let mut key = Zeroizing::new([0u8; 32]);
    let blocks = argon.params().block_count();
    if memory.0.len() < blocks {
        memory.0.resize(blocks, argon2::Block::default());
    }
    let hashed =
        argon.hash_password_into_with_memory(secret, salt, key.as_mut(), &mut memory.0[..blocks]);
    for block in &mut memory.0[..blocks] {
        block.zeroize();
    }
    hashed.map_err(|_| CryptoError::Kdf)?;

    let hrp = Hrp::parse("age-secret-key-").map_err(|_| CryptoError::InvalidIdentity)?;
    let mut encoded =
        bech32::encode::<Bech32>(hrp, key.as_ref()).map_err(|_| CryptoError::InvalidIdentity)?;
    encoded.make_ascii_uppercase();
    let identity = encoded
        .parse::<age::x25519::Identity>()
        .map_err(|_| CryptoError::InvalidIdentity);
    encoded.zeroize();
    identity.map(Identity)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: KdfParams = KdfParams::TEST_ONLY;

    #[test]
    fn derivation_is_deterministic_and_depends_on_every_input() {
        let pepper = Pepper::from_bytes([9; 32]);
        let salt = [1u8; SALT_BYTES];
        let derive = |secret: &[u8], salt: &[u8], pepper: &Pepper, params: &KdfParams| {
            derive_identity(secret, salt, pepper, params)
                .unwrap_or_else(|e| panic!("{e}"))
                .recipient()
        };
        let base = derive(b"12345678901234", &salt, &pepper, &FAST);
        assert_eq!(base, derive(b"12345678901234", &salt, &pepper, &FAST));
        assert_ne!(base, derive(b"12345678901235", &salt, &pepper, &FAST));
        assert_ne!(
            base,
            derive(b"12345678901234", &[2u8; SALT_BYTES], &pepper, &FAST)
        );
        assert_ne!(
            base,
            derive(
                b"12345678901234",
                &salt,
                &Pepper::from_bytes([8; 32]),
                &FAST
            )
        );
        let more = KdfParams {
            iterations: 2,
            ..FAST
        };
        assert_ne!(base, derive(b"12345678901234", &salt, &pepper, &more));
    }

    #[test]
    fn derived_identity_decrypts_what_is_sealed_to_its_recipient() {
        let pepper = Pepper::from_bytes([3; 32]);
        let identity = derive_identity(b"secret", &[5; SALT_BYTES], &pepper, &FAST)
            .unwrap_or_else(|e| panic!("{e}"));
        let sealed =
            crate::seal(&[identity.recipient()], b"message").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            crate::open(&identity, &sealed)
                .unwrap_or_else(|e| panic!("{e}"))
                .as_slice(),
            b"message"
        );
    }

    #[test]
    fn reused_memory_gives_the_same_keys_and_is_wiped() {
        let pepper = Pepper::from_bytes([4; 32]);
        let mut memory = KdfMemory::new();
        let small = FAST;
        let large = KdfParams {
            memory_kib: 16 * 1024,
            ..FAST
        };
        for params in [small, large, small] {
            let fresh = derive_identity(b"secret", &[6; SALT_BYTES], &pepper, &params)
                .unwrap_or_else(|e| panic!("{e}"));
            let reused =
                derive_identity_in(b"secret", &[6; SALT_BYTES], &pepper, &params, &mut memory)
                    .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(fresh.recipient(), reused.recipient());
        }
        assert_eq!(
            memory.bytes(),
            16 * 1024 * 1024,
            "grows to the largest need, no further"
        );
        assert!(
            memory.0.iter().all(|b| b.as_ref().iter().all(|w| *w == 0)),
            "wiped after use"
        );
    }

    #[test]
    fn parameters_are_bounded() {
        assert!(KdfParams::DEFAULT.validate().is_ok());
        assert!(KdfParams::GLOBALEAKS.validate().is_ok());
        assert!(
            KdfParams {
                memory_kib: 1024,
                ..FAST
            }
            .validate()
            .is_err()
        );
        assert!(
            KdfParams {
                iterations: 0,
                ..FAST
            }
            .validate()
            .is_err()
        );
        assert!(
            KdfParams {
                memory_kib: u32::MAX,
                ..FAST
            }
            .validate()
            .is_err()
        );
        assert!(
            derive_identity(
                b"x",
                &[0; SALT_BYTES],
                &Pepper::from_bytes([0; 32]),
                &KdfParams {
                    parallelism: 99,
                    ..FAST
                }
            )
            .is_err()
        );
    }
}
