//! Integrity from arrival (issue 14, point 2): every item a report holds (the answers JSON,
//! each file, each message, as the exact plaintext bytes sealed) is hashed as it is sealed, and
//! a hiding commitment to that hash is recorded with it (`quietline_crypto::commitment`:
//! `SHA-256(nonce || SHA-256(item))`, the nonce, hash and size sealed to the report key). Once
//! a UTC day has ended, one audit entry per day (`integrity_day_committed`) holds the RFC 6962
//! Merkle root of that day's commitments, sorted by value: the trail learns how many items
//! arrived that day and nothing of when in the day or in which order.
//!
//! [`Instance::integrity_items`] gives, for the evidence bundle, each item's hash, nonce,
//! commitment and inclusion proof against its day's entry; [`verify_item`] checks them without
//! any database. docs/evidence.md ("Integrity from arrival") shows the same check by hand.

use quietline_core::{Day, ReportId};
use quietline_crypto::commitment::{
    self, ContentHasher, Hash32, commit, draw_nonce, inclusion_path, merkle_root,
};
use quietline_crypto::{Identity, Recipient, open, seal};
use quietline_storage::NewCommitment;
use serde::{Deserialize, Serialize};

use crate::audit::{Actor, AuditAction, AuditEvent};
use crate::{Instance, ServiceError};

/// What kind of item a commitment is to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    /// The report's answers (the JSON sealed as `answers.age`); its id is the report's.
    Answers,
    /// A file sent with the report or with a reply.
    Attachment,
    /// A message, from the reporter or from investigators.
    Message,
}

impl ItemKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Answers => "answers",
            Self::Attachment => "attachment",
            Self::Message => "message",
        }
    }

    /// The kind of a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "answers" => Some(Self::Answers),
            "attachment" => Some(Self::Attachment),
            "message" => Some(Self::Message),
            _ => None,
        }
    }
}

/// What opens a commitment, sealed to the report key beside it.
#[derive(Serialize, Deserialize)]
struct Opening {
    nonce: String,
    sha256: String,
    size: u64,
}

/// A commitment to an item whose SHA-256 and size are known, ready to be recorded: a fresh
/// nonce, the commitment, and the opening sealed to `report_key` (the recipient the item
/// itself is sealed to).
pub(crate) fn new_commitment(
    report: ReportId,
    kind: ItemKind,
    item_id: String,
    day: Day,
    (sha256, size): (Hash32, u64),
    report_key: &Recipient,
) -> Result<NewCommitment, ServiceError> {
    let nonce = draw_nonce()?;
    let opening = Opening {
        nonce: hex::encode(nonce),
        sha256: hex::encode(sha256),
        size,
    };
    let json = zeroize::Zeroizing::new(
        serde_json::to_vec(&opening).map_err(|_| ServiceError::Corrupt("opening"))?,
    );
    Ok(NewCommitment {
        commitment: hex::encode(commit(&nonce, &sha256)),
        report_id: report,
        kind: kind.code().to_owned(),
        item_id,
        day,
        opening_sealed: seal(std::slice::from_ref(report_key), &json)?,
    })
}

/// [`new_commitment`] for bytes in hand (the answers JSON, a message's text).
pub(crate) fn commitment_to_bytes(
    report: ReportId,
    kind: ItemKind,
    item_id: String,
    day: Day,
    bytes: &[u8],
    report_key: &Recipient,
) -> Result<NewCommitment, ServiceError> {
    let mut hasher = ContentHasher::new();
    hasher.update(bytes);
    new_commitment(report, kind, item_id, day, hasher.finish(), report_key)
}

/// One item of a report as the evidence bundle needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntegrityItem {
    /// What it is.
    pub kind: ItemKind,
    /// The item's id (the report's for the answers, else the attachment's or message's).
    pub item_id: String,
    /// The UTC day its commitment was recorded under (its arrival day, or the next day if it
    /// arrived while that day was being committed).
    pub day: Day,
    /// Size of the plaintext in bytes.
    pub size: u64,
    /// SHA-256 of the plaintext, 64 lowercase hex digits.
    pub sha256: String,
    /// The commitment's nonce, hex.
    pub nonce: String,
    /// The commitment, `SHA-256(nonce || sha256)`, hex.
    pub commitment: String,
    /// Its inclusion in the day's tree, or pending while the day is not committed.
    pub proof: IntegrityProof,
}

/// Where an item's commitment stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntegrityProof {
    /// The day has not ended or its root is not in the audit trail yet.
    Pending,
    /// Included in the day's tree, whose root is in audit entry `audit_seq`.
    Included(InclusionProof),
}

/// An RFC 6962 inclusion proof of a commitment in its day's tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InclusionProof {
    /// The day (the audit entry's subject).
    pub day: Day,
    /// The leaf's position among the day's commitments sorted by value, from 0.
    pub leaf_index: u64,
    /// How many commitments the day has (the entry's `count`).
    pub tree_size: u64,
    /// The audit path, from the leaf's sibling up, each 64 hex digits.
    pub audit_path: Vec<String>,
    /// The day's root as the audit entry holds it (its `root`), hex.
    pub root: String,
    /// The audit entry (`integrity_day_committed`) holding the root.
    pub audit_seq: u64,
}

/// Why [`verify_item`] refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IntegrityFailure {
    /// A value is not 64 hex digits.
    #[error("a hash, nonce, commitment or path value is not 64 hex digits")]
    Malformed,
    /// `SHA-256(nonce || sha256)` is not the commitment: the item or nonce changed.
    #[error("the commitment does not match the item's SHA-256 and nonce")]
    Commitment,
    /// The commitment and audit path do not give the day's root.
    #[error("the inclusion proof does not lead to the day's root")]
    Inclusion,
    /// The day is not committed yet: there is nothing to verify against.
    #[error("the day is not committed yet")]
    Pending,
}

fn hash32(text: &str) -> Result<Hash32, IntegrityFailure> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text, &mut out).map_err(|_| IntegrityFailure::Malformed)?;
    Ok(out)
}

/// SHA-256 of `bytes` as 64 lowercase hex digits (to compare a file with an item's `sha256`).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(commitment::sha256(bytes))
}

/// Checks an item's values with no database: `SHA-256(nonce || sha256)` must be
/// `commitment`, and the commitment at `proof.leaf_index` of a tree of `proof.tree_size`
/// leaves must give `proof.root` by `proof.audit_path` (RFC 9162 section 2.1.3.2). Whether
/// `sha256` is that of the file at hand, and whether `proof.root` is what audit entry
/// `proof.audit_seq` holds in a verified trail, are the caller's to check.
pub fn verify_item(
    sha256: &str,
    nonce: &str,
    commitment_hex: &str,
    proof: &InclusionProof,
) -> Result<(), IntegrityFailure> {
    let item = hash32(sha256)?;
    let nonce = hash32(nonce)?;
    let given = hash32(commitment_hex)?;
    if commit(&nonce, &item) != given {
        return Err(IntegrityFailure::Commitment);
    }
    let path = proof
        .audit_path
        .iter()
        .map(|p| hash32(p))
        .collect::<Result<Vec<_>, _>>()?;
    let root = hash32(&proof.root)?;
    if commitment::verify_inclusion(&given, proof.leaf_index, proof.tree_size, &path, &root) {
        Ok(())
    } else {
        Err(IntegrityFailure::Inclusion)
    }
}

impl IntegrityItem {
    /// [`verify_item`] on this item's values ([`IntegrityFailure::Pending`] without a proof).
    pub fn verify(&self) -> Result<(), IntegrityFailure> {
        match &self.proof {
            IntegrityProof::Pending => Err(IntegrityFailure::Pending),
            IntegrityProof::Included(proof) => {
                verify_item(&self.sha256, &self.nonce, &self.commitment, proof)
            }
        }
    }
}

impl Instance {
    /// Appends the daily entry (`integrity_day_committed`) of every day before `now`'s that
    /// holds commitments and has none yet, oldest first: closes the day (nothing more is
    /// recorded under it; an item arriving now goes to a later day), reads its commitments,
    /// and records the Merkle root of them sorted by value, with the count. Never today's.
    /// Run by the sweeper, whose first round is at start-up. Returns the entries appended.
    pub async fn commit_integrity_days(
        &self,
        now: time::OffsetDateTime,
    ) -> Result<usize, ServiceError> {
        if self.inner.audit_read_only {
            return Ok(0);
        }
        let db = &self.inner.db;
        let today = Day::new(now.date());
        let mut appended = 0;
        for day in db.integrity_days_to_commit(today).await? {
            let closed_now = db.close_integrity_day(day).await?;
            // Closed earlier without its entry noted: a crash may have come between appending
            // the entry and noting it.
            if !closed_now
                && let Some(entry) = db
                    .first_audit_entry_with(
                        AuditAction::IntegrityDayCommitted.code(),
                        &day.to_string(),
                    )
                    .await?
            {
                db.set_integrity_day_entry(day, entry.seq).await?;
                continue;
            }
            let leaves = day_leaves(&db.day_commitments(day).await?)?;
            let Some(root) = merkle_root(&leaves) else {
                // A day row without commitments (none recorded): no entry, ever.
                db.set_integrity_day_entry(day, 0).await?;
                continue;
            };
            let event = AuditEvent::new(Actor::System, AuditAction::IntegrityDayCommitted)
                .subject(day)
                .fact("day", day.to_string())
                .fact("root", hex::encode(root))
                .fact("count", leaves.len() as u64);
            let seq = self.audit(event, now).await?;
            db.set_integrity_day_entry(day, seq).await?;
            appended += 1;
        }
        Ok(appended)
    }

    /// Every item of `report` (or only the item `item`, by id) with its hash, nonce,
    /// commitment and inclusion proof, for the evidence bundle: plain data, in the order of
    /// day, kind and id. `opener` (an investigator's identity or the recovery identity) must
    /// open the report key, which opens the sealed openings. Items of a day not committed
    /// yet carry [`IntegrityProof::Pending`]. Not audited here: the export that uses it is.
    pub async fn integrity_items(
        &self,
        opener: &Identity,
        report: ReportId,
        item: Option<&str>,
    ) -> Result<Vec<IntegrityItem>, ServiceError> {
        let db = &self.inner.db;
        let rows: Vec<_> = db
            .report_commitments(report)
            .await?
            .into_iter()
            .filter(|row| item.is_none_or(|id| row.item_id == id))
            .collect();
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let key = self.report_key(opener, report).await?;
        let mut out = Vec::with_capacity(rows.len());
        let mut trees: std::collections::HashMap<Day, Option<DayTree>> = Default::default();
        for row in rows {
            let json = open(&key, &row.opening_sealed)?;
            let opening: Opening =
                serde_json::from_slice(&json).map_err(|_| ServiceError::Corrupt("opening"))?;
            let kind = ItemKind::from_code(&row.kind).ok_or(ServiceError::Corrupt("item kind"))?;
            let tree = match trees.get(&row.day) {
                Some(tree) => tree.clone(),
                None => {
                    let tree = self.day_tree(row.day).await?;
                    trees.insert(row.day, tree.clone());
                    tree
                }
            };
            let proof = match tree {
                None => IntegrityProof::Pending,
                Some(tree) => {
                    let leaf =
                        hash32(&row.commitment).map_err(|_| ServiceError::Corrupt("commitment"))?;
                    let index =
                        tree.leaves.binary_search(&leaf).map_err(|_| {
                            ServiceError::Corrupt("a commitment missing from its day")
                        })? as u64;
                    let path = inclusion_path(&tree.leaves, index)
                        .ok_or(ServiceError::Corrupt("inclusion path"))?;
                    IntegrityProof::Included(InclusionProof {
                        day: row.day,
                        leaf_index: index,
                        tree_size: tree.leaves.len() as u64,
                        audit_path: path.iter().map(hex::encode).collect(),
                        root: tree.root.clone(),
                        audit_seq: tree.audit_seq,
                    })
                }
            };
            out.push(IntegrityItem {
                kind,
                item_id: row.item_id,
                day: row.day,
                size: opening.size,
                sha256: opening.sha256,
                nonce: opening.nonce,
                commitment: row.commitment,
                proof,
            });
        }
        Ok(out)
    }

    /// A committed day's leaves, and its root and entry as the audit trail holds them; `None`
    /// while the day is not committed.
    async fn day_tree(&self, day: Day) -> Result<Option<DayTree>, ServiceError> {
        let db = &self.inner.db;
        let Some(seq) = db
            .integrity_day(day)
            .await?
            .and_then(|d| d.audit_seq)
            .filter(|seq| *seq > 0)
        else {
            return Ok(None);
        };
        let entry = db
            .audit_entry(seq)
            .await?
            .ok_or(ServiceError::Corrupt("the day's audit entry is missing"))?;
        let detail: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&entry.detail)
                .map_err(|_| ServiceError::Corrupt("the day's audit entry"))?;
        let root = detail
            .get("root")
            .and_then(|r| r.as_str())
            .filter(|_| entry.action == AuditAction::IntegrityDayCommitted.code())
            .ok_or(ServiceError::Corrupt("the day's audit entry"))?
            .to_owned();
        let leaves = day_leaves(&db.day_commitments(day).await?)?;
        Ok(Some(DayTree {
            leaves,
            root,
            audit_seq: seq,
        }))
    }
}

/// A committed day, as proofs are made from it.
#[derive(Clone)]
struct DayTree {
    /// Its commitments, sorted by value.
    leaves: Vec<Hash32>,
    /// The root in its audit entry (hex).
    root: String,
    audit_seq: u64,
}

/// Stored commitments (hex, sorted) as leaves.
fn day_leaves(values: &[String]) -> Result<Vec<Hash32>, ServiceError> {
    let mut leaves = values
        .iter()
        .map(|v| hash32(v).map_err(|_| ServiceError::Corrupt("commitment")))
        .collect::<Result<Vec<_>, _>>()?;
    leaves.sort_unstable();
    Ok(leaves)
}
