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
/// memory holds values derived from the secret (argon2-rust's `zeroize-memory` feature wipes
/// the arena before it is parked between runs, and again when it is dropped).
#[derive(Default)]
pub struct KdfMemory(Option<argon2_rust::Hasher>);

impl KdfMemory {
    /// Empty; grows to the size the parameters need at first use.
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.0.as_ref().map_or(0, |h| h.reserved_blocks() * 1024)
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
    let mut key = Zeroizing::new([0u8; 32]);
    argon2id(secret, salt, pepper, params, memory, &mut key)?;

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

/// Argon2id(secret, salt, secret-key = pepper, m, t, p) into `out` (32 bytes), version 0x13, in
/// reusable `memory`. The choice of fill (AVX-512, AVX2, SSE2 or portable) is made at run time
/// by argon2-rust from what the CPU reports, and never changes the output (known-answer tests
/// below, against fixed values computed with the implementation used before).
fn argon2id(
    secret: &[u8],
    salt: &[u8],
    pepper: &Pepper,
    params: &KdfParams,
    memory: &mut KdfMemory,
    out: &mut [u8; 32],
) -> Result<(), CryptoError> {
    use argon2_rust::{Algorithm, Argon2, Params, Version, params};
    let argon_params = Params::builder()
        .memory(params::Memory::kib(u64::from(params.memory_kib)))
        .passes(params.iterations)
        .lanes(params.parallelism)
        // One thread per derivation: the server runs one derivation per core at a time.
        .threads(1)
        .tag_len(params::TagLen::bytes(32))
        .build()
        .map_err(|_| CryptoError::KdfParams("rejected by Argon2"))?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params);
    let hasher = match &mut memory.0 {
        Some(h) => {
            h.set_argon2(argon);
            h
        }
        none => none.insert(argon.hasher()),
    };
    hasher
        .hash_into_with_ad(secret, salt, pepper.expose_bytes(), &[], out)
        .map_err(|_| CryptoError::Kdf)
}

/// The Argon2id backend this CPU uses (`avx512`, `avx2`, `sse2`, `scalar`...), for benchmarks
/// and start-up diagnostics.
pub fn argon2_backend() -> String {
    argon2_rust::detected_backend().to_string()
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
        // Wiping the parked arena is argon2-rust's `zeroize-memory` feature (enabled in the
        // workspace's Cargo.toml); the crate does not expose the arena to check it from here.
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Known answers, computed with the implementation used before issue 15 (RustCrypto's
    /// `argon2` 0.6: `Argon2::new_with_secret(pepper, Argon2id, V0x13, Params::new(m, t, p,
    /// Some(32)))`, `hash_password_into(secret, salt)`), so that no receipt or password derived
    /// before changes.
    #[test]
    fn outputs_equal_the_known_answers() {
        let counting: [u8; 16] = core::array::from_fn(|i| i as u8 + 1);
        let falling: [u8; 16] = core::array::from_fn(|i| 200 - i as u8);
        let zero_to_31: [u8; 32] = core::array::from_fn(|i| i as u8);
        // (secret, salt, pepper, parameters, output in hex)
        type Case<'a> = (&'a [u8], [u8; 16], [u8; 32], KdfParams, &'a str);
        let cases: [Case; 5] = [
            (
                b"12345678901234",
                counting,
                [9; 32],
                FAST,
                "6413ad2c379e7c6dafd1950987aa22f44798e7e875f4f685fef5eaa782f00339",
            ),
            (
                b"correct horse battery staple",
                [0xA5; 16],
                zero_to_31,
                KdfParams {
                    memory_kib: 16 * 1024,
                    iterations: 2,
                    parallelism: 1,
                },
                "1199487fae99851f6903b9d5dad8c43b1c7f28ad620ea86501b1e78d4e7bd59c",
            ),
            (
                b"00000000000000",
                [0; 16],
                [0xFF; 32],
                KdfParams {
                    memory_kib: 8 * 1024,
                    iterations: 3,
                    parallelism: 2,
                },
                "b5678f220c6a71bf503ffe233b99c9895995e1c9eb175e904681cc8dab4b4917",
            ),
            (
                b"98765432109876",
                falling,
                [7; 32],
                KdfParams::DEFAULT,
                "4e46209c4918ba38742f1763632e773c9614e991d558adc9c65651c080b86641",
            ),
            (
                "пароль 密码".as_bytes(),
                [0x3C; 16],
                [0x11; 32],
                KdfParams {
                    memory_kib: 8 * 1024,
                    iterations: 1,
                    parallelism: 4,
                },
                "2a99c091bf397b7f8974ea369b4252ac7def080b73d655983f056f14a461fa63",
            ),
        ];
        let mut memory = KdfMemory::new();
        for (secret, salt, pepper, params, expected) in cases {
            let mut out = [0u8; 32];
            argon2id(
                secret,
                &salt,
                &Pepper::from_bytes(pepper),
                &params,
                &mut memory,
                &mut out,
            )
            .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(hex(&out), expected, "{params:?}");
        }
        // And the identity built from the first: the recipient stored for a receipt.
        let identity = derive_identity(
            b"12345678901234",
            &counting,
            &Pepper::from_bytes([9; 32]),
            &FAST,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(identity.recipient().to_string(), KNOWN_RECIPIENT);
    }

    /// The recipient derived from the first known answer (its bytes as an age identity).
    const KNOWN_RECIPIENT: &str = "age177w3caegmlyzwwcl733lt2w3dyu8ch62r0z9yjtzm7x25qfr34kqu5zgu2";

    /// Differential test against the implementation used before, over many small shapes
    /// (memory not a multiple of the lanes' sync points, one to four lanes, one to three
    /// passes, empty and long secrets): the outputs must be equal.
    #[test]
    fn outputs_equal_the_previous_implementation() {
        let mut memory = KdfMemory::new();
        for case in 0u32..48 {
            let parallelism = 1 + case % 4;
            let params = KdfParams {
                memory_kib: 8 * parallelism * (1 + case % 5) + case % 7 * 8,
                iterations: 1 + case % 3,
                parallelism,
            };
            let secret: Vec<u8> = (0..(case * 7) % 70)
                .map(|i| (i * 31 + case) as u8)
                .collect();
            let salt: Vec<u8> = (0..16 + case % 9).map(|i| (i ^ case) as u8).collect();
            let pepper = Pepper::from_bytes(core::array::from_fn(|i| (i as u32 * case) as u8));
            let mut ours = [0u8; 32];
            argon2id(&secret, &salt, &pepper, &params, &mut memory, &mut ours)
                .unwrap_or_else(|e| panic!("{e}"));
            let before = argon2::Argon2::new_with_secret(
                pepper.expose_bytes(),
                argon2::Algorithm::Argon2id,
                argon2::Version::V0x13,
                argon2::Params::new(
                    params.memory_kib,
                    params.iterations,
                    params.parallelism,
                    Some(32),
                )
                .unwrap_or_else(|e| panic!("{e}")),
            )
            .unwrap_or_else(|e| panic!("{e}"));
            let mut theirs = [0u8; 32];
            before
                .hash_password_into(&secret, &salt, &mut theirs)
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(ours, theirs, "{params:?}, secret of {} bytes", secret.len());
        }
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
