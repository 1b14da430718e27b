//! Checking a bundle offline, with no database and no server: what `quietline evidence
//! verify` runs, and what docs/evidence.md shows how to do by hand.
//!
//! The checks run in an order chosen so that the first one to fail names what was changed:
//! the manifest against the commitments recorded at arrival (a changed hash or nonce in
//! `manifest.json`), each original against the manifest (a changed file), the custody
//! record's signed tree head (a changed head), each custody entry against its hash and its
//! inclusion in the signed tree (a changed entry), each day's root against the custody
//! record, and last the time-stamp against `manifest.json` (a changed or foreign token, or a
//! manifest changed in a way no commitment covers).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use quietline_crypto::audit::{EntryFields, entry_hash, verify_tree_head};
use quietline_crypto::commitment::{Hash32, root_from_path};
use quietline_crypto::{Identity, open_reader};

use super::{Custody, HashingReader, Manifest};
use crate::integrity::{InclusionProof, IntegrityFailure, verify_item};

/// Members read whole (the others are originals, hashed as they stream): each, and all
/// together, at most this (a bundle from elsewhere must not exhaust the verifier's memory).
const SMALL_MEMBER_MAX: u64 = 64 * 1024 * 1024;
const SMALL_MEMBERS_MAX: u64 = 256 * 1024 * 1024;

/// What a bundle that checks out holds.
#[derive(Clone, Debug)]
pub struct BundleCheck {
    /// Its manifest.
    pub manifest: Manifest,
    /// Custody entries checked.
    pub custody_entries: usize,
    /// The time-stamp's time (Unix seconds), when the bundle has one. Its signature is for
    /// `openssl ts -verify` to check, with the authority's certificate.
    pub timestamp_unix: Option<u64>,
}

/// The first thing about a bundle that does not check out.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BundleProblem {
    /// It is not a bundle this identity opens.
    #[error("not an evidence bundle that this identity opens: {0}")]
    Unreadable(String),
    /// A member is missing or unreadable.
    #[error("{0} is missing from the bundle")]
    Missing(String),
    /// `manifest.json` does not agree with the commitments recorded at arrival.
    #[error("manifest.json, {path}: {what}")]
    Manifest {
        /// The item.
        path: String,
        /// What is wrong.
        what: String,
    },
    /// An original is not what the manifest says arrived.
    #[error("{path}: {what}")]
    Item {
        /// The member.
        path: String,
        /// What is wrong.
        what: String,
    },
    /// The custody record's tree head.
    #[error("custody.json, tree head: {0}")]
    TreeHead(String),
    /// A custody entry.
    #[error("custody.json, entry {seq}: {what}")]
    CustodyEntry {
        /// The entry.
        seq: u64,
        /// What is wrong.
        what: String,
    },
    /// The time-stamp.
    #[error("manifest.tsr: {0}")]
    Timestamp(String),
}

fn item(path: &str, what: &str) -> BundleProblem {
    BundleProblem::Item {
        path: path.to_owned(),
        what: what.to_owned(),
    }
}

fn hash32(hex_text: &str) -> Option<Hash32> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(hex_text, &mut out).ok()?;
    Some(out)
}

/// Opens the bundle at `path` with `identity` and checks everything in it; the first thing
/// that fails is named. Blocking (it streams the whole file): run it off an async runtime.
pub fn verify_bundle(path: &Path, identity: &Identity) -> Result<BundleCheck, BundleProblem> {
    let unreadable = |e: &dyn std::fmt::Display| BundleProblem::Unreadable(e.to_string());
    let file = std::fs::File::open(path).map_err(|e| unreadable(&e))?;
    let plain = open_reader(identity, file).map_err(|e| unreadable(&e))?;
    let mut archive = tar::Archive::new(plain);
    let mut small: HashMap<String, Vec<u8>> = HashMap::new();
    let mut originals: HashMap<String, (String, u64)> = HashMap::new();
    let mut small_bytes = 0u64;
    for entry in archive.entries().map_err(|e| unreadable(&e))? {
        let entry = entry.map_err(|e| unreadable(&e))?;
        let name = entry
            .path()
            .map_err(|e| unreadable(&e))?
            .to_string_lossy()
            .into_owned();
        if name.starts_with("reports/") {
            let mut hashing = HashingReader::new(entry);
            std::io::copy(&mut hashing, &mut std::io::sink()).map_err(|e| unreadable(&e))?;
            originals.insert(name, hashing.finish());
        } else {
            let mut bytes = Vec::new();
            entry
                .take(SMALL_MEMBER_MAX)
                .read_to_end(&mut bytes)
                .map_err(|e| unreadable(&e))?;
            small_bytes += bytes.len() as u64;
            if small_bytes > SMALL_MEMBERS_MAX {
                return Err(BundleProblem::Unreadable(
                    "its members other than originals are larger than any bundle's".into(),
                ));
            }
            small.insert(name, bytes);
        }
    }
    let member = |name: &str| {
        small
            .get(name)
            .ok_or_else(|| BundleProblem::Missing(name.to_owned()))
    };
    let manifest_json = member("manifest.json")?;
    let manifest: Manifest =
        serde_json::from_slice(manifest_json).map_err(|e| BundleProblem::Manifest {
            path: "(the file)".into(),
            what: format!("not a manifest ({e})"),
        })?;
    let custody: Custody = serde_json::from_slice(member("custody.json")?).map_err(|e| {
        BundleProblem::TreeHead(format!("custody.json is not a custody record ({e})"))
    })?;

    // 1. The manifest against the commitments recorded at arrival.
    for listed in &manifest.items {
        let Some(commitment) = &listed.commitment else {
            continue;
        };
        let proof = commitment.inclusion.as_ref().map(|p| InclusionProof {
            day: p.day,
            leaf_index: p.leaf_index,
            tree_size: p.tree_size,
            audit_path: p.audit_path.clone(),
            root: p.root.clone(),
            audit_seq: p.audit_seq,
        });
        let outcome = match &proof {
            Some(proof) => verify_item(&listed.sha256, &commitment.nonce, &commitment.value, proof),
            None => {
                let recomputed = hash32(&listed.sha256)
                    .zip(hash32(&commitment.nonce))
                    .map(|(sha, nonce)| quietline_crypto::commitment::commit(&nonce, &sha));
                if recomputed.is_some_and(|c| Some(c) == hash32(&commitment.value)) {
                    Ok(())
                } else {
                    Err(IntegrityFailure::Commitment)
                }
            }
        };
        if let Err(failure) = outcome {
            return Err(BundleProblem::Manifest {
                path: listed.path.clone(),
                what: match failure {
                    IntegrityFailure::Commitment => {
                        "its SHA-256 and nonce do not give the commitment recorded when it arrived"
                            .into()
                    }
                    IntegrityFailure::Inclusion => {
                        "its commitment is not in its day's Merkle tree".into()
                    }
                    other => other.to_string(),
                },
            });
        }
    }

    // 2. Each original against the manifest, and nothing unlisted.
    for listed in &manifest.items {
        let Some((sha256, size)) = originals.get(&listed.path) else {
            return Err(BundleProblem::Missing(listed.path.clone()));
        };
        if *sha256 != listed.sha256 || *size != listed.size {
            return Err(item(
                &listed.path,
                "its SHA-256 is not the one manifest.json gives: it was changed",
            ));
        }
    }
    if let Some(extra) = originals
        .keys()
        .find(|path| !manifest.items.iter().any(|i| &i.path == *path))
    {
        return Err(item(extra, "it is not listed in manifest.json"));
    }

    // 3. The signed tree head.
    let key_file = String::from_utf8_lossy(member("audit-public-key.txt")?)
        .trim()
        .to_owned();
    if key_file != manifest.audit_public_key {
        return Err(BundleProblem::TreeHead(
            "audit-public-key.txt and manifest.json name different keys".into(),
        ));
    }
    let head = &custody.tree_head;
    if !verify_tree_head(
        &manifest.audit_public_key,
        head.size,
        &head.root,
        &head.signed_at,
        &head.signature,
    ) {
        return Err(BundleProblem::TreeHead(
            "its signature does not verify with the audit public key".into(),
        ));
    }
    let root = hash32(&head.root)
        .ok_or_else(|| BundleProblem::TreeHead("its root is not a SHA-256".into()))?;

    // 4. Each custody entry: its hash, and its place in the signed tree.
    for entry in &custody.entries {
        let bad = |what: &str| BundleProblem::CustodyEntry {
            seq: entry.seq,
            what: what.to_owned(),
        };
        let recomputed = entry_hash(
            &entry.prev_hash,
            &EntryFields {
                seq: entry.seq,
                at: &entry.at,
                actor: &entry.actor,
                action: &entry.action,
                subject: &entry.subject,
                detail: &entry.detail,
                request_id: &entry.request_id,
            },
        );
        if recomputed != entry.hash {
            return Err(bad("its fields do not give its hash: it was changed"));
        }
        let leaf = hash32(&entry.hash).ok_or_else(|| bad("its hash is not a SHA-256"))?;
        let path: Option<Vec<Hash32>> = entry.inclusion_path.iter().map(|p| hash32(p)).collect();
        let included = path
            .and_then(|path| root_from_path(&leaf, entry.seq.wrapping_sub(1), head.size, &path))
            .is_some_and(|r| r == root);
        if !included {
            return Err(bad("it is not in the signed audit trail"));
        }
    }

    // 5. Each day's root, and each item's entries, in the custody record.
    for listed in &manifest.items {
        if let Some(inclusion) = listed
            .commitment
            .as_ref()
            .and_then(|c| c.inclusion.as_ref())
        {
            let holds_root = custody.entries.iter().any(|e| {
                e.seq == inclusion.audit_seq
                    && e.action == "integrity_day_committed"
                    && serde_json::from_str::<serde_json::Value>(&e.detail)
                        .ok()
                        .and_then(|d| d.get("root").and_then(|r| r.as_str()).map(str::to_owned))
                        .is_some_and(|r| r == inclusion.root)
            });
            if !holds_root {
                return Err(BundleProblem::Manifest {
                    path: listed.path.clone(),
                    what: format!(
                        "its day's root is not the one audit entry {} holds",
                        inclusion.audit_seq
                    ),
                });
            }
        }
        if let Some(seq) = listed
            .audit_entries
            .iter()
            .find(|seq| !custody.entries.iter().any(|e| e.seq == **seq))
        {
            return Err(BundleProblem::Manifest {
                path: listed.path.clone(),
                what: format!("audit entry {seq} is not in custody.json"),
            });
        }
    }

    // 6. The time-stamp, over manifest.json.
    let timestamp_unix = match small.get("manifest.tsr") {
        None => None,
        Some(token) => {
            let (imprint, unix) = quietline_crypto::timestamp::token_imprint(token)
                .map_err(|e| BundleProblem::Timestamp(format!("not a time-stamp token ({e})")))?;
            if imprint != quietline_crypto::commitment::sha256(manifest_json) {
                return Err(BundleProblem::Timestamp(
                    "it time-stamps other data than this manifest.json".into(),
                ));
            }
            Some(unix)
        }
    };
    Ok(BundleCheck {
        custody_entries: custody.entries.len(),
        manifest,
        timestamp_unix,
    })
}
