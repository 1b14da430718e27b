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
    /// Whether the audit key was checked against the copy the caller keeps (`false`: it was
    /// only read from the bundle, and someone who rebuilt the whole bundle with a key of their
    /// own would pass; say so).
    pub audit_key_checked: bool,
    /// Originals that arrived before commitments existed (no commitment to check).
    pub without_commitment: usize,
    /// Originals whose day had not ended when the bundle was made (commitment, no proof).
    pub without_inclusion: usize,
    /// Derived copies (vouched for by the manifest and the entry that added each, not by a
    /// commitment of arrival).
    pub derived: usize,
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

/// The members a bundle has besides the originals the manifest lists.
const DOCUMENT_MEMBERS: &[&str] = &[
    "README.txt",
    "cover-letter.txt",
    "manifest.json",
    "custody.json",
    "audit-public-key.txt",
    "manifest.tsr",
];

/// A member's name as `quietline evidence export` writes them: relative, no `.` or `..`, no
/// empty part, no trailing slash. Anything else could be read by `tar -x` as another member's
/// name (`./manifest.json`) and is refused.
fn canonical(name: &str) -> bool {
    !name.is_empty()
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Opens the bundle at `path` with `identity` and checks everything in it; the first thing
/// that fails is named. With `audit_key` (hex, the copy of `quietline audit public-key` kept
/// away from the server), the bundle's key must be that one; without it, the check says the
/// key was not checked. Blocking (it streams the whole file): run it off an async runtime.
pub fn verify_bundle(
    path: &Path,
    identity: &Identity,
    audit_key: Option<&str>,
) -> Result<BundleCheck, BundleProblem> {
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
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(item(&name, "it is not a regular file"));
        }
        if !canonical(&name) {
            return Err(item(&name, "its name is not one a bundle uses"));
        }
        if small.contains_key(&name) || originals.contains_key(&name) {
            return Err(item(&name, "it is in the bundle twice"));
        }
        if name.starts_with("reports/") {
            let mut hashing = HashingReader::new(entry);
            std::io::copy(&mut hashing, &mut std::io::sink()).map_err(|e| unreadable(&e))?;
            originals.insert(name, hashing.finish());
        } else {
            if !DOCUMENT_MEMBERS.contains(&name.as_str()) {
                return Err(item(&name, "it is not a member of an evidence bundle"));
            }
            if entry.header().size().unwrap_or(u64::MAX) > SMALL_MEMBER_MAX {
                return Err(item(&name, "it is larger than any bundle's"));
            }
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

    let mut listed_paths = std::collections::HashSet::new();
    if let Some(twice) = manifest
        .items
        .iter()
        .find(|i| !listed_paths.insert(i.path.as_str()))
    {
        return Err(BundleProblem::Manifest {
            path: twice.path.clone(),
            what: "it is listed twice".into(),
        });
    }

    // 1. The manifest against the commitments recorded at arrival.
    for listed in &manifest.items {
        let Some(commitment) = &listed.commitment else {
            continue;
        };
        if let Some(p) = &commitment.inclusion
            && p.day != listed.arrival_day
        {
            return Err(BundleProblem::Manifest {
                path: listed.path.clone(),
                what: "its arrival day is not the day its commitment was recorded under".into(),
            });
        }
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
        .find(|path| !listed_paths.contains(path.as_str()))
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
    if let Some(expected) = audit_key
        && expected.trim() != manifest.audit_public_key
    {
        return Err(BundleProblem::TreeHead(
            "it is signed with another key than the audit key you gave: this is not the instance's trail".into(),
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

    // 5. The record of the bundle's own making: an `export` entry of this case whose
    // `manifest` is this manifest's SHA-256. Through it the signed trail vouches for the
    // manifest, and through the manifest for every item and document.
    let manifest_sha256 = hex::encode(quietline_crypto::commitment::sha256(manifest_json));
    let made = custody.entries.iter().find(|e| {
        e.action == "export"
            && e.subject == manifest.case.to_string()
            && serde_json::from_str::<serde_json::Value>(&e.detail)
                .ok()
                .and_then(|d| {
                    d.get("manifest")
                        .and_then(|m| m.as_str())
                        .map(str::to_owned)
                })
                .is_some_and(|m| m == manifest_sha256)
    });
    let Some(made) = made else {
        return Err(BundleProblem::Manifest {
            path: "(the file)".into(),
            what:
                "it is not the manifest whose making the signed audit trail records: it was changed"
                    .into(),
        });
    };
    let mut expected: Vec<u64> = manifest.custody.clone();
    expected.push(made.seq);
    expected.sort_unstable();
    let mut held: Vec<u64> = custody.entries.iter().map(|e| e.seq).collect();
    held.sort_unstable();
    if held != expected {
        return Err(BundleProblem::TreeHead(
            "custody.json does not hold exactly the entries manifest.json lists".into(),
        ));
    }
    for document in &manifest.documents {
        let bytes = member(&document.path)?;
        if hex::encode(quietline_crypto::commitment::sha256(bytes)) != document.sha256 {
            return Err(item(
                &document.path,
                "its SHA-256 is not the one manifest.json gives: it was changed",
            ));
        }
    }
    if let Some(unvouched) = ["README.txt", "cover-letter.txt"].into_iter().find(|name| {
        small.contains_key(*name) && !manifest.documents.iter().any(|d| d.path == *name)
    }) {
        return Err(item(unvouched, "manifest.json does not vouch for it"));
    }

    // 6. Each day's root, and each item's entries, in the custody record.
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

    // 7. The time-stamp, over manifest.json.
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
    let originals_listed = manifest.items.iter().filter(|i| i.kind != "derived");
    let without_commitment = originals_listed
        .clone()
        .filter(|i| i.commitment.is_none())
        .count();
    let without_inclusion = originals_listed
        .filter(|i| i.commitment.as_ref().is_some_and(|c| c.inclusion.is_none()))
        .count();
    Ok(BundleCheck {
        custody_entries: custody.entries.len(),
        audit_key_checked: audit_key.is_some(),
        without_commitment,
        without_inclusion,
        derived: manifest
            .items
            .iter()
            .filter(|i| i.kind == "derived")
            .count(),
        manifest,
        timestamp_unix,
    })
}
