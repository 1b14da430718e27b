//! RFC 3161 time-stamps of signed audit heads, from a time-stamping authority (TSA) the
//! operator chooses: a third party's signature that the head existed at a given time, which
//! the server cannot backdate.
//!
//! This module only builds the request and checks that the answer is a granted token for
//! this request (same SHA-256 imprint, same nonce), with RustCrypto's `x509-tsp` and `cms`
//! types; it sends nothing (the caller does the HTTP). The token's signature is checked with
//! the TSA's certificate by `openssl ts -verify` (docs/audit.md): that needs the TSA's chain
//! of trust, which belongs to the operator, not to the server.

use cms::signed_data::SignedData;
use der::asn1::{Int, OctetString};
use der::oid::ObjectIdentifier;
use der::{Any, Decode, Encode};
use sha2::{Digest, Sha256};
use x509_tsp::{MessageImprint, TimeStampReq, TimeStampResp, TspVersion, TstInfo};

use crate::CryptoError;

/// SHA-256 (NIST, RFC 5754).
const SHA_256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");

/// A time-stamp request for some data.
pub struct TimestampRequest {
    der: Vec<u8>,
    imprint: [u8; 32],
    nonce: Vec<u8>,
}

/// A granted time-stamp token for the requested data.
#[derive(Clone, Debug)]
pub struct Timestamp {
    /// The token (a CMS `ContentInfo` holding `SignedData`), DER: what
    /// `openssl ts -verify -token_in -in FILE` reads.
    pub token: Vec<u8>,
    /// The time the TSA vouches for, in Unix seconds.
    pub unix_seconds: u64,
}

fn bad(what: &'static str) -> CryptoError {
    CryptoError::Timestamp(what)
}

impl TimestampRequest {
    /// A request over SHA-256 of `data`, with a random nonce, asking for the TSA's
    /// certificate in the token.
    pub fn new(data: &[u8]) -> Result<Self, CryptoError> {
        let imprint: [u8; 32] = Sha256::digest(data).into();
        let mut nonce = crate::random_bytes::<8>()?.to_vec();
        // A positive INTEGER in its shortest form: top bit clear, first byte not zero.
        nonce[0] = (nonce[0] & 0x7f) | 0x01;
        let request = TimeStampReq {
            version: TspVersion::V1,
            message_imprint: MessageImprint {
                hash_algorithm: spki_sha256(),
                hashed_message: OctetString::new(imprint.to_vec()).map_err(|_| bad("imprint"))?,
            },
            req_policy: None,
            nonce: Some(Int::new(&nonce).map_err(|_| bad("nonce"))?),
            cert_req: true,
            extensions: None,
        };
        Ok(Self {
            der: request.to_der().map_err(|_| bad("encoding the request"))?,
            imprint,
            nonce,
        })
    }

    /// The request, DER (`application/timestamp-query`).
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Checks a TSA's answer (`application/timestamp-reply`, DER): granted, with a token
    /// whose imprint and nonce are this request's. Does not check the TSA's signature (see
    /// the module documentation).
    pub fn accept(&self, response: &[u8]) -> Result<Timestamp, CryptoError> {
        let response =
            TimeStampResp::from_der(response).map_err(|_| bad("not a time-stamp response"))?;
        // PKIStatus: 0 granted, 1 granted with modifications.
        let status = response.status.status as u8;
        if status > 1 {
            return Err(bad("the time-stamping authority refused the request"));
        }
        let token = response
            .time_stamp_token
            .ok_or(bad("the response has no token"))?;
        let signed = SignedData::from_der(&token.content.to_der().map_err(|_| bad("token"))?)
            .map_err(|_| bad("the token is not CMS signed data"))?;
        let content = signed
            .encap_content_info
            .econtent
            .ok_or(bad("the token has no content"))?;
        let info = TstInfo::from_der(content.value())
            .map_err(|_| bad("the token's content is not TSTInfo"))?;
        if info.message_imprint.hash_algorithm.oid != SHA_256
            || info.message_imprint.hashed_message.as_bytes() != self.imprint
        {
            return Err(bad("the token is for other data"));
        }
        if info.nonce.as_ref().map(Int::as_bytes) != Some(self.nonce.as_slice()) {
            return Err(bad("the token's nonce is not the request's"));
        }
        Ok(Timestamp {
            token: token.to_der().map_err(|_| bad("token"))?,
            unix_seconds: info.gen_time.to_unix_duration().as_secs(),
        })
    }
}

/// Reads a token (DER `ContentInfo`, as [`Timestamp::token`] holds it) and returns the
/// SHA-256 it time-stamps and the time it vouches for (Unix seconds). Does not check the TSA's
/// signature (see the module documentation): this is for a verifier to see that a token is
/// over the data at hand before `openssl ts -verify` checks who signed it.
pub fn token_imprint(token: &[u8]) -> Result<([u8; 32], u64), CryptoError> {
    let info = cms::content_info::ContentInfo::from_der(token)
        .map_err(|_| bad("not a time-stamp token"))?;
    let signed = SignedData::from_der(&info.content.to_der().map_err(|_| bad("token"))?)
        .map_err(|_| bad("the token is not CMS signed data"))?;
    let content = signed
        .encap_content_info
        .econtent
        .ok_or(bad("the token has no content"))?;
    let info = TstInfo::from_der(content.value())
        .map_err(|_| bad("the token's content is not TSTInfo"))?;
    if info.message_imprint.hash_algorithm.oid != SHA_256 {
        return Err(bad("the token is not over a SHA-256"));
    }
    let imprint: [u8; 32] = info
        .message_imprint
        .hashed_message
        .as_bytes()
        .try_into()
        .map_err(|_| bad("the token's imprint is not a SHA-256"))?;
    Ok((imprint, info.gen_time.to_unix_duration().as_secs()))
}

fn spki_sha256() -> cms::cert::x509::spki::AlgorithmIdentifier<Any> {
    cms::cert::x509::spki::AlgorithmIdentifier {
        oid: SHA_256,
        parameters: Some(Any::null()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_carry_the_imprint_and_a_nonce() {
        let request = TimestampRequest::new(b"abc").unwrap_or_else(|e| panic!("{e}"));
        let parsed = TimeStampReq::from_der(request.der()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            hex::encode(parsed.message_imprint.hashed_message.as_bytes()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(parsed.cert_req);
        assert_eq!(
            parsed.nonce.map(|n| n.as_bytes().to_vec()),
            Some(request.nonce.clone())
        );
        assert!(request.accept(b"garbage").is_err());
    }
}
