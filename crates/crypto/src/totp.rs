//! The investigators' second factor: TOTP (RFC 6238; HMAC-SHA-1, 6 digits, 30-second
//! steps, one step of clock skew either way), as every authenticator app implements it, and
//! single-use recovery codes for when the phone is lost.
//!
//! The TOTP secret is stored only sealed to the investigator's password-derived key, so a
//! stolen database holds no usable second factor; this module only computes and checks.

use secrecy::{ExposeSecret, SecretString};
use totp_rs::{Algorithm, Builder, Secret, Totp};
use zeroize::Zeroizing;

use crate::CryptoError;

/// Length of a TOTP secret: 160 bits, the length RFC 4226 recommends for HMAC-SHA-1.
pub const TOTP_SECRET_BYTES: usize = 20;

/// A TOTP secret. Not printable; wiped on drop.
pub struct TotpSecret(Zeroizing<Vec<u8>>);

impl TotpSecret {
    /// A fresh random secret.
    pub fn generate() -> Result<Self, CryptoError> {
        Ok(Self(Zeroizing::new(
            crate::random_bytes::<TOTP_SECRET_BYTES>()?.to_vec(),
        )))
    }

    /// The secret with these bytes (as stored, once decrypted).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        if bytes.len() != TOTP_SECRET_BYTES {
            return Err(CryptoError::InvalidIdentity);
        }
        Ok(Self(Zeroizing::new(bytes.to_vec())))
    }

    /// The secret an authenticator app was given in base32 (what [`TotpSecret::base32`] shows
    /// at enrolment): for a second device, or a test that plays the app.
    pub fn from_base32(text: &str) -> Result<Self, CryptoError> {
        let secret =
            Secret::try_from_base32(text.trim()).map_err(|_| CryptoError::InvalidIdentity)?;
        Self::from_bytes(secret.as_bytes())
    }

    /// The bytes, for sealing.
    pub fn expose_bytes(&self) -> &[u8] {
        &self.0
    }

    fn totp(&self, issuer: &str, account: &str) -> Result<Totp, CryptoError> {
        Builder::new()
            .with_algorithm(Algorithm::SHA1)
            .with_digits(6)
            .with_skew(1)
            .with_step_duration(30)
            .with_secret(Secret::from(self.0.to_vec()))
            .with_issuer(Some(issuer))
            .with_account_name(account)
            .build()
            .map_err(|_| CryptoError::InvalidIdentity)
    }

    /// The secret in base32, as authenticator apps and `oathtool --totp -b` take it.
    pub fn base32(&self) -> SecretString {
        SecretString::from(Secret::from(self.0.to_vec()).to_base32())
    }

    /// The `otpauth://totp/...` URI to enrol an authenticator app.
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> Result<SecretString, CryptoError> {
        self.totp(issuer, account)?
            .to_url()
            .map(SecretString::from)
            .map_err(|_| CryptoError::InvalidIdentity)
    }

    /// The enrolment URI as a QR code, an SVG document rendered here (never by a service).
    pub fn qr_svg(&self, issuer: &str, account: &str) -> Result<String, CryptoError> {
        let uri = self.otpauth_uri(issuer, account)?;
        let code = qrcode::QrCode::with_error_correction_level(
            uri.expose_secret().as_bytes(),
            qrcode::EcLevel::M,
        )
        .map_err(|_| CryptoError::InvalidIdentity)?;
        Ok(code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(220, 220)
            .quiet_zone(true)
            .build())
    }

    /// The code at `unix_time` (tests and the enrolment check use it).
    pub fn code_at(&self, unix_time: u64) -> Result<String, CryptoError> {
        Ok(self.totp("", "x")?.generate(unix_time).to_string())
    }

    /// The time step `code` is valid for at `unix_time` (allowing one step of skew), if
    /// any. The caller **MUST** refuse a step at or before the last one accepted, so that a
    /// code is used once (RFC 6238, section 5.2).
    pub fn verify(&self, code: &str, unix_time: u64) -> Option<u64> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.totp("", "x").ok()?.check(&code, unix_time)
    }
}

/// Characters of recovery codes: lowercase letters and digits, without i, l, o and 1.
const RECOVERY_ALPHABET: &[u8; 32] = b"abcdefghjkmnpqrstuvwxyz023456789";

/// `count` fresh recovery codes, `xxxx-xxxx-xxxx` (60 bits each).
pub fn recovery_codes(count: usize) -> Result<Vec<SecretString>, CryptoError> {
    (0..count)
        .map(|_| {
            let bytes = crate::random_bytes::<12>()?;
            let mut code = String::with_capacity(14);
            for (i, byte) in bytes.iter().enumerate() {
                if i > 0 && i % 4 == 0 {
                    code.push('-');
                }
                let index = usize::from(byte & 31);
                code.push(char::from(
                    RECOVERY_ALPHABET.get(index).copied().unwrap_or(b'a'),
                ));
            }
            Ok(SecretString::from(code))
        })
        .collect()
}

/// A recovery code as typed, reduced to its canonical form (case, spaces and dashes
/// ignored), for hashing.
pub fn normalise_recovery_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_sha1_vectors_hold_for_six_digits() {
        // RFC 6238 appendix B, SHA-1 secret "12345678901234567890"; 8-digit codes there,
        // so the last six digits here.
        let secret = TotpSecret::from_bytes(b"12345678901234567890").unwrap();
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(secret.code_at(time).unwrap(), code, "t = {time}");
        }
    }

    #[test]
    fn codes_verify_within_one_step_of_skew_only() {
        let secret = TotpSecret::generate().unwrap();
        let now = 1_800_000_000;
        let code = secret.code_at(now).unwrap();
        assert_eq!(secret.verify(&code, now), Some(now / 30));
        assert_eq!(
            secret.verify(&code, now + 30),
            Some(now / 30),
            "one step late is fine"
        );
        assert_eq!(
            secret.verify(&code, now - 30),
            Some(now / 30),
            "one step early is fine"
        );
        assert_eq!(secret.verify(&code, now + 60), None, "two steps late");
        assert_eq!(secret.verify(&code, now - 60), None, "two steps early");
        assert_eq!(secret.verify(&code, now + 90), None);
        assert_eq!(
            secret.verify(&format!(" {} {} ", &code[..3], &code[3..]), now),
            Some(now / 30)
        );
        assert_eq!(secret.verify("12345", now), None);
        assert_eq!(secret.verify("abcdef", now), None);
    }

    #[test]
    fn enrolment_uri_and_qr_are_made_here() {
        let secret = TotpSecret::from_bytes(&[7; 20]).unwrap();
        let uri = secret.otpauth_uri("Quietline", "amira").unwrap();
        let uri = uri.expose_secret();
        assert!(uri.starts_with("otpauth://totp/Quietline:amira?"), "{uri}");
        assert!(uri.contains(&format!("secret={}", secret.base32().expose_secret())));
        let svg = secret.qr_svg("Quietline", "amira").unwrap();
        assert!(
            svg.contains("<svg") && !svg.contains("href") && !svg.contains("url("),
            "self-contained SVG"
        );
    }

    #[test]
    fn recovery_codes_are_distinct_and_normalise() {
        let codes = recovery_codes(10).unwrap();
        let set: std::collections::HashSet<_> =
            codes.iter().map(|c| c.expose_secret().to_owned()).collect();
        assert_eq!(set.len(), 10);
        let first = codes[0].expose_secret();
        assert_eq!(first.len(), 14);
        assert_eq!(
            normalise_recovery_code(&first.to_uppercase().replace('-', " ")),
            first.replace('-', "")
        );
    }

    #[test]
    fn the_base32_shown_at_enrolment_reads_back() {
        let secret = TotpSecret::generate().unwrap();
        let again = TotpSecret::from_base32(secret.base32().expose_secret()).unwrap();
        assert_eq!(again.expose_bytes(), secret.expose_bytes());
        assert!(TotpSecret::from_base32("not base32!").is_err());
        assert!(
            TotpSecret::from_base32("MFRGG").is_err(),
            "too short for a secret"
        );
    }
}
