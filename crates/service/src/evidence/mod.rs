//! Evidence bundles (issue 14, points 4 to 6): a case's reports, as their reporters allowed,
//! in one file a court can check offline.
//!
//! A bundle is a tar archive sealed with age to the receiving agency's recipient, so that
//! `age -d` and `tar` open it anywhere. Its members, in this order:
//!
//! - `README.txt`: the first page: what the bundle holds, which reports were left out and
//!   why (counts only), and how to check it;
//! - `cover-letter.txt` (a referral only): the case in a letter, in English or French;
//! - `manifest.json`: every item (a report's answers, each file, each message) with its kind,
//!   size, SHA-256, arrival day, commitment and nonce and the commitment's inclusion proof in
//!   its day's Merkle tree (`crate::integrity`), and the audit entries about it;
//! - `custody.json`: those audit entries in full, each with its inclusion proof in an RFC
//!   9162 Merkle tree over the hashes of every entry of the trail so far, and that tree's
//!   head signed with the instance's audit key (see "Why a tree" below);
//! - `audit-public-key.txt`: the key that signed it (compare it with the copy kept away
//!   from the server: `quietline audit public-key`);
//! - `manifest.tsr` (when the operator gave a time-stamping authority): an RFC 3161 token
//!   over the SHA-256 of `manifest.json`, which `openssl ts -verify` checks;
//! - `reports/<reference>/answers.json`, `files/<id>`, `messages/<seq>-<from>.txt`: the
//!   originals, byte for byte as they arrived (a file under its id: its name, as the reporter's
//!   browser sent it, is in the manifest).
//!
//! **Why a tree over the trail rather than a stretch of the chain.** The trail is a hash
//! chain; a contiguous range from an item's first entry to a signed head would prove the same
//! with nothing new, but it would hand the receiving agency every entry in between: who
//! signed in when, which other reports were opened, to the second. An inclusion proof shows
//! one entry and about log2(n) hashes. The tree head is signed at export with the audit key
//! (the same key as the chain's heads, under another label, so neither signature can stand
//! for the other), and the tree's leaves are the chain's entry hashes, so `audit verify` and
//! the bundle vouch for the same entries.
//!
//! **Consent.** A bundle is made for police or for partner organisations, and holds only the
//! case's reports whose reporter said yes to that (`share_police`, `share_partners`); the
//! first page counts the others and says why they are not there. Nothing else can be asked
//! for: there is no bundle "for ourselves" (that is `quietline backup`).
//!
//! Files stream from their age objects through the tar writer into the bundle's age stream:
//! memory does not grow with them. Each is hashed on the way and compared with the SHA-256
//! recorded at its arrival; a file that differs stops the export, and the partial bundle is
//! deleted. Items that arrived before commitments existed (migration 0014) are hashed in a
//! first pass, and the manifest says they have no commitment.

mod letter;
mod verify;

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use quietline_core::{CaseId, Day, ReportAnswers, ReportId};
use quietline_crypto::commitment::inclusion_paths;
use quietline_crypto::{Identity, Recipient, open, open_reader, seal_writer};
use quietline_storage::{Author, ObjectName};
use serde::{Deserialize, Serialize};
use serde_json::json;
use zeroize::Zeroizing;

use crate::audit::{Actor, AuditAction, AuditEvent};
use crate::integrity::{IntegrityProof, ItemKind};
use crate::workbench::{Investigator, Now};
use crate::{AttachmentMeta, Instance, ServiceError};

pub use letter::LetterLanguage;
pub use verify::{BundleCheck, BundleProblem, verify_bundle};

/// The bundle format written by this build.
pub const BUNDLE_FORMAT: &str = "quietline-evidence-1";

/// Who a bundle is for: what the reporters' consents must allow (the FollowTheMoney
/// export's purposes, under the name the bundle's manifest gives them).
pub use crate::workbench::SharePurpose as Audience;

/// Whose keys open the case and its reports.
pub enum EvidenceOpener<'a> {
    /// A signed-in admin: the workspace key of the session, their own identity for reports
    /// (only reports their key opens can be in the bundle; the others are counted).
    Admin(&'a Investigator),
    /// The organisation's recovery identity (the command line).
    Recovery(&'a Identity),
}

/// What to export.
#[derive(Clone, Debug)]
pub struct EvidenceRequest {
    /// The case.
    pub case: CaseId,
    /// Who it is for.
    pub audience: Audience,
    /// The receiving agency's age recipient (`age1…`).
    pub recipient: String,
    /// With a cover letter in this language (a referral).
    pub letter: Option<LetterLanguage>,
}

/// One item of the manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestItem {
    /// Where it is in the bundle.
    pub path: String,
    /// The report it belongs to.
    pub report: ReportId,
    /// `answers`, `attachment` or `message`.
    pub kind: String,
    /// The item's id (the report's for its answers).
    pub item_id: String,
    /// For a file, its name and type as the reporter's browser sent them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// For a file, its claimed type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// For a message, who wrote it (`reporter` or `investigator`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// For a derived copy: what it was made from, by whom, when and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<ManifestDerivation>,
    /// Bytes.
    pub size: u64,
    /// SHA-256, hex.
    pub sha256: String,
    /// The UTC day it arrived.
    pub arrival_day: Day,
    /// The commitment recorded at arrival and its nonce (absent for an item that arrived
    /// before commitments existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<ManifestCommitment>,
    /// The custody entries about it (their `seq`: the entries on its report).
    pub audit_entries: Vec<u64>,
}

/// How a derived copy (a working copy: a translation, a transcript, a redacted version, a
/// copy without metadata) came from its original. Originals are in the bundle beside it,
/// unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestDerivation {
    /// The original file's id (its item has `item_id` this).
    pub original: String,
    /// `translation`, `transcript`, `redacted`, `other` or `metadata_removed`.
    pub kind: String,
    /// The investigator who added it, or asked Quietline to make it (an id, as the audit
    /// trail names them).
    pub investigator: String,
    /// Why, in their words.
    pub reason: String,
    /// For a copy without metadata, what was removed (codes).
    pub removed: Vec<String>,
}

/// An item's commitment, as the manifest gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestCommitment {
    /// `SHA-256(nonce || sha256)`, hex.
    pub value: String,
    /// The nonce, hex.
    pub nonce: String,
    /// Its inclusion in its day's tree, or absent while the day was not committed yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inclusion: Option<ManifestInclusion>,
}

/// A commitment's inclusion proof in its day's tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestInclusion {
    /// The day.
    pub day: Day,
    /// The leaf's index among the day's commitments sorted by value.
    pub leaf_index: u64,
    /// The day's number of commitments.
    pub tree_size: u64,
    /// The audit path, hex.
    pub audit_path: Vec<String>,
    /// The day's root.
    pub root: String,
    /// The custody entry (`integrity_day_committed`) that holds the root.
    pub audit_seq: u64,
}

/// A report in the bundle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestReport {
    /// The report.
    pub id: ReportId,
    /// Its short reference.
    pub reference: String,
    /// The day it arrived.
    pub received_day: Day,
    /// The consents its reporter gave (codes).
    pub consents: Vec<String>,
}

/// Why reports of the case are not in the bundle, and how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    /// `no_consent` (the reporter did not allow this audience) or `no_access` (the key of
    /// whoever exported does not open it).
    pub reason: String,
    /// How many reports.
    pub count: usize,
}

/// `manifest.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`BUNDLE_FORMAT`].
    pub format: String,
    /// The case.
    pub case: CaseId,
    /// Its title.
    pub case_title: String,
    /// Who it is for (`police`, `partners`).
    pub audience: Audience,
    /// The day it was made.
    pub made_day: Day,
    /// The reports in it.
    pub reports: Vec<ManifestReport>,
    /// The case's reports not in it, counted by reason.
    pub left_out: Vec<LeftOut>,
    /// Every original in it.
    pub items: Vec<ManifestItem>,
    /// The bundle's own documents (`README.txt`, `cover-letter.txt`) and their SHA-256.
    pub documents: Vec<Document>,
    /// The custody entries (by `seq`) the bundle holds besides the record of its own making
    /// (the `export` entry whose `manifest` is this file's SHA-256).
    pub custody: Vec<u64>,
    /// The audit key (hex) that signed the custody record's tree head.
    pub audit_public_key: String,
}

/// A document of the bundle, vouched for by the manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Its name in the bundle.
    pub path: String,
    /// SHA-256, hex.
    pub sha256: String,
}

/// One audit entry of the custody record, with its inclusion proof.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustodyEntry {
    /// Position in the trail, from 1 (its leaf is at `seq - 1`).
    pub seq: u64,
    /// When, UTC RFC 3339 to the second.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// On what.
    pub subject: String,
    /// Facts, JSON text.
    pub detail: String,
    /// The request it was part of.
    pub request_id: String,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash (`quietline_crypto::audit::entry_hash`).
    pub hash: String,
    /// Its audit path in the tree of [`TreeHead::size`] entries, hex.
    pub inclusion_path: Vec<String>,
}

/// The signed head of the tree over the trail's entry hashes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeHead {
    /// Entries `1..=size`.
    pub size: u64,
    /// The RFC 9162 root over their hashes, hex.
    pub root: String,
    /// When it was signed, UTC RFC 3339.
    pub signed_at: String,
    /// Ed25519 signature (`quietline_crypto::audit::verify_tree_head`), hex.
    pub signature: String,
}

/// `custody.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Custody {
    /// The signed tree head.
    pub tree_head: TreeHead,
    /// The entries about the bundle's items and the case, and the daily integrity entries
    /// its commitments need, by `seq`.
    pub entries: Vec<CustodyEntry>,
}

/// A bundle made ready: its manifest is final (time-stamp it now), its originals still to
/// be streamed by [`PreparedEvidence::write`].
pub struct PreparedEvidence {
    manifest_json: Vec<u8>,
    custody_json: Vec<u8>,
    readme: String,
    letter: Option<String>,
    audit_public_key: String,
    recipient: Recipient,
    items: Vec<PlannedItem>,
    /// Where a bundle for a download is written (a file with no name).
    spool: PathBuf,
    /// What the summary says.
    pub summary: EvidenceSummary,
}

/// What a bundle holds, in numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceSummary {
    /// Reports in it.
    pub reports: usize,
    /// Reports of the case left out (all reasons).
    pub left_out: usize,
    /// Originals in it.
    pub items: usize,
    /// Their bytes.
    pub bytes: u64,
}

/// Where an item's bytes come from when the bundle is written.
enum PlannedSource {
    /// Small, already decrypted (answers, messages).
    Plain(Zeroizing<Vec<u8>>),
    /// An age object, decrypted as it streams.
    Object { key: Identity, path: PathBuf },
}

struct PlannedItem {
    path: String,
    size: u64,
    sha256: String,
    source: PlannedSource,
}

impl PreparedEvidence {
    /// The bytes of `manifest.json` (what a time-stamp covers).
    pub fn manifest(&self) -> &[u8] {
        &self.manifest_json
    }

    /// Writes the bundle to `out` (a new file, owner-only, made complete or not at all),
    /// with `timestamp` (an RFC 3161 token over the manifest's SHA-256) if given.
    pub async fn write(self, out: &Path, timestamp: Option<Vec<u8>>) -> Result<(), ServiceError> {
        let out = out.to_owned();
        tokio::task::spawn_blocking(move || self.write_blocking(&out, timestamp))
            .await
            .map_err(|_| ServiceError::Corrupt("bundle writer"))?
    }

    /// Writes the bundle into a file with no name in the data directory (it is gone when
    /// closed), and returns it at its start: for a download.
    pub async fn write_unnamed(
        self,
        timestamp: Option<Vec<u8>>,
    ) -> Result<tokio::fs::File, ServiceError> {
        tokio::task::spawn_blocking(move || -> Result<tokio::fs::File, ServiceError> {
            let file = tempfile::tempfile_in(&self.spool)?;
            let mut file = self.write_into(file, timestamp)?;
            std::io::Seek::rewind(&mut file)?;
            Ok(tokio::fs::File::from_std(file))
        })
        .await
        .map_err(|_| ServiceError::Corrupt("bundle writer"))?
    }

    fn write_blocking(self, out: &Path, timestamp: Option<Vec<u8>>) -> Result<(), ServiceError> {
        let partial = out.with_extension("partial");
        // Owner-only, whatever the process's umask.
        let result = std::os::unix::fs::OpenOptionsExt::mode(
            std::fs::OpenOptions::new().write(true).create_new(true),
            0o600,
        )
        .open(&partial)
        .map_err(ServiceError::from)
        .and_then(|file| self.write_into(file, timestamp))
        .and_then(|file| Ok(file.sync_all()?));
        match result {
            Ok(()) => {
                std::fs::rename(&partial, out)?;
                Ok(())
            }
            Err(err) => {
                let _ = std::fs::remove_file(&partial);
                Err(err)
            }
        }
    }

    fn write_into(
        self,
        file: std::fs::File,
        timestamp: Option<Vec<u8>>,
    ) -> Result<std::fs::File, ServiceError> {
        let sealed = seal_writer(std::slice::from_ref(&self.recipient), file)?;
        let mut archive = tar::Builder::new(sealed);
        archive.mode(tar::HeaderMode::Deterministic);
        append(&mut archive, "README.txt", self.readme.as_bytes())?;
        if let Some(letter) = &self.letter {
            append(&mut archive, "cover-letter.txt", letter.as_bytes())?;
        }
        append(&mut archive, "manifest.json", &self.manifest_json)?;
        append(&mut archive, "custody.json", &self.custody_json)?;
        append(
            &mut archive,
            "audit-public-key.txt",
            format!("{}\n", self.audit_public_key).as_bytes(),
        )?;
        if let Some(token) = &timestamp {
            append(&mut archive, "manifest.tsr", token)?;
        }
        for item in self.items {
            // The source lives through the iteration: a decrypting reader borrows its key.
            let source = item.source;
            let reader: Box<dyn Read + '_> = match &source {
                PlannedSource::Plain(bytes) => Box::new(std::io::Cursor::new(bytes.as_slice())),
                PlannedSource::Object { key, path } => {
                    Box::new(open_reader(key, std::fs::File::open(path)?)?)
                }
            };
            let mut hashing = HashingReader::new(reader.take(item.size));
            let mut header = tar::Header::new_gnu();
            header.set_size(item.size);
            header.set_mode(0o600);
            header.set_mtime(0);
            archive.append_data(&mut header, &item.path, &mut hashing)?;
            let (sha256, read) = hashing.finish();
            if read != item.size || sha256 != item.sha256 {
                tracing::error!(
                    "an original does not match the SHA-256 recorded at its arrival: the bundle was not made"
                );
                return Err(ServiceError::Corrupt(
                    "an original differs from what arrived",
                ));
            }
        }
        let sealed = archive.into_inner()?;
        Ok(sealed.finish()?)
    }
}

fn append<W: Write>(
    archive: &mut tar::Builder<W>,
    path: &str,
    bytes: &[u8],
) -> Result<(), ServiceError> {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o600);
    header.set_mtime(0);
    archive.append_data(&mut header, path, bytes)?;
    Ok(())
}

/// Hashes what passes through it.
struct HashingReader<R> {
    inner: R,
    hasher: quietline_crypto::commitment::ContentHasher,
}

impl<R: Read> HashingReader<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            hasher: quietline_crypto::commitment::ContentHasher::new(),
        }
    }

    fn finish(self) -> (String, u64) {
        let (hash, size) = self.hasher.finish();
        (hex::encode(hash), size)
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// How many audit entries are read at a time while the trail's tree is built.
const TRAIL_CHUNK: u32 = 5_000;

impl Instance {
    /// Prepares a case's evidence bundle for `request.audience`: checks the consents, reads
    /// the items' hashes and commitments, records the export in the audit trail, and signs a
    /// tree head over the trail that includes that record. Refused with
    /// [`ServiceError::Forbidden`] for an investigator who is not an admin,
    /// [`ServiceError::Invalid`] (field `recipient`) for a recipient that is not an age one.
    pub async fn prepare_evidence(
        &self,
        opener: EvidenceOpener<'_>,
        request: &EvidenceRequest,
        request_id: &str,
        now: Now,
    ) -> Result<PreparedEvidence, ServiceError> {
        let recipient: Recipient = request.recipient.trim().parse().map_err(|_| {
            ServiceError::Invalid(vec![quietline_core::FieldError {
                field: "recipient".into(),
                problem: quietline_core::Problem::InvalidChoice,
            }])
        })?;
        let (keys, identity, actor) = match opener {
            EvidenceOpener::Admin(admin) => {
                if !admin.is_admin() {
                    return Err(ServiceError::Forbidden);
                }
                let workspace = self.workspace_for(admin)?;
                (
                    workspace.keys(),
                    admin.identity.clone(),
                    Actor::Investigator(admin.id),
                )
            }
            EvidenceOpener::Recovery(recovery) => {
                let key = self.workspace_key_from_recovery(recovery).await?;
                (
                    self.checked_workspace_keys(key).await?,
                    recovery.clone(),
                    Actor::Cli,
                )
            }
        };
        let (_, case) = self.open_case(&keys, request.case).await?;
        let db = &self.inner.db;

        let mut reports = Vec::new();
        let mut facts = Vec::new();
        let mut items: Vec<(ManifestItem, PlannedSource)> = Vec::new();
        let mut no_consent = 0;
        let mut no_access = 0;
        let mut purged = 0;
        let mut unverified = 0;
        for &report in &case.reports {
            let key = match self.report_key(&identity, report).await {
                Ok(key) => key,
                Err(ServiceError::NoAccess) => {
                    no_access += 1;
                    continue;
                }
                // Gone: purged at the end of its retention (or never there).
                Err(ServiceError::NotFound) => {
                    purged += 1;
                    continue;
                }
                Err(err) => return Err(err),
            };
            let row = db.inbox_row(report).await?.ok_or(ServiceError::NotFound)?;
            let answers_plain = open(
                &key,
                &self.inner.objects.read(report, ObjectName::Answers).await?,
            )?;
            let answers: ReportAnswers = serde_json::from_slice(&answers_plain)
                .map_err(|_| ServiceError::Corrupt("answers"))?;
            if !answers.consents.contains(&request.audience.consent()) {
                no_consent += 1;
                continue;
            }
            let reference = row
                .reference
                .map_or_else(|| report.to_string(), |r| r.to_string());
            facts.push(letter::ReportFacts::of(&reference, &answers));
            reports.push(ManifestReport {
                id: report,
                reference: reference.clone(),
                received_day: row.received_day,
                consents: answers
                    .consents
                    .iter()
                    .map(|c| c.code().to_owned())
                    .collect(),
            });
            let integrity = self.integrity_items(&identity, report, None).await?;
            let committed = |kind: ItemKind, id: &str| {
                integrity
                    .iter()
                    .find(|i| i.kind == kind && i.item_id == id)
                    .cloned()
            };
            let folder = format!("reports/{reference}");
            let mut add = |mut item: ManifestItem, source: PlannedSource, kind: ItemKind| {
                if let Some(found) = committed(kind, &item.item_id) {
                    item.sha256 = found.sha256.clone();
                    item.size = found.size;
                    item.arrival_day = found.day;
                    item.commitment = Some(ManifestCommitment {
                        value: found.commitment.clone(),
                        nonce: found.nonce.clone(),
                        inclusion: match &found.proof {
                            IntegrityProof::Pending => None,
                            IntegrityProof::Included(p) => Some(ManifestInclusion {
                                day: p.day,
                                leaf_index: p.leaf_index,
                                tree_size: p.tree_size,
                                audit_path: p.audit_path.clone(),
                                root: p.root.clone(),
                                audit_seq: p.audit_seq,
                            }),
                        },
                    });
                }
                items.push((item, source));
            };
            let blank = |path: String, kind: &str, id: String, day: Day| ManifestItem {
                path,
                report,
                kind: kind.to_owned(),
                item_id: id,
                name: None,
                content_type: None,
                author: None,
                derived: None,
                size: 0,
                sha256: String::new(),
                arrival_day: day,
                commitment: None,
                audit_entries: Vec::new(),
            };
            let mut answers_item = blank(
                format!("{folder}/answers.json"),
                "answers",
                report.to_string(),
                row.received_day,
            );
            answers_item.size = answers_plain.len() as u64;
            answers_item.sha256 = crate::integrity::sha256_hex(&answers_plain);
            add(
                answers_item,
                PlannedSource::Plain(Zeroizing::new(answers_plain.to_vec())),
                ItemKind::Answers,
            );
            for attachment in db.attachments(report).await? {
                let meta_plain = open(
                    &key,
                    &self
                        .inner
                        .objects
                        .read(report, ObjectName::AttachmentMeta(attachment.id))
                        .await?,
                )?;
                let meta: AttachmentMeta = serde_json::from_slice(&meta_plain)
                    .map_err(|_| ServiceError::Corrupt("attachment meta"))?;
                let path = self
                    .inner
                    .objects
                    .path(report, ObjectName::AttachmentContent(attachment.id));
                let mut item = blank(
                    format!("{folder}/files/{}", attachment.id),
                    "attachment",
                    attachment.id.to_string(),
                    attachment.added_day,
                );
                item.name = Some(meta.name);
                item.content_type = Some(meta.content_type);
                item.size = meta.size;
                if committed(ItemKind::Attachment, &item.item_id).is_none() {
                    // Arrived before commitments: hashed now, in a first pass.
                    let (sha256, size) = hash_object(&key, &path).await?;
                    item.sha256 = sha256;
                    item.size = size;
                }
                add(
                    item,
                    PlannedSource::Object {
                        key: key.clone(),
                        path,
                    },
                    ItemKind::Attachment,
                );
            }
            let mut derived = Vec::new();
            for copy in self.derived_copies_with(&key, report).await? {
                let path = self
                    .inner
                    .objects
                    .path(report, ObjectName::DerivedCopy(copy.id));
                let mut item = blank(
                    format!("{folder}/derived/{}", copy.id),
                    "derived",
                    copy.id.to_string(),
                    copy.day,
                );
                item.name = Some(copy.name.clone());
                item.content_type = Some(copy.content_type.clone());
                item.size = copy.size;
                item.sha256 = copy.sha256.clone();
                item.derived = Some(ManifestDerivation {
                    original: copy.original.to_string(),
                    kind: copy.kind.code().to_owned(),
                    investigator: copy.investigator.to_string(),
                    reason: copy.reason.clone(),
                    removed: copy.removed.iter().map(|r| r.code().to_owned()).collect(),
                });
                // Added by investigators: no commitment of arrival (its SHA-256 was recorded,
                // sealed, when it was made; the custody record has the entry that added it).
                derived.push((
                    item,
                    PlannedSource::Object {
                        key: key.clone(),
                        path,
                    },
                ));
            }
            // A message goes in only with its proof of origin: its author and place in the
            // conversation are clear columns a database writer could change.
            let report_row = db.report(report).await?.ok_or(ServiceError::NotFound)?;
            let (report_recipient, mailbox_recipient) = self.report_recipients(&report_row).await?;
            let origin = quietline_crypto::OriginKey::between(
                &key,
                &mailbox_recipient,
                &report_recipient,
                &mailbox_recipient,
            )?;
            for message in db.messages(report).await? {
                let sealed = self
                    .inner
                    .objects
                    .read(report, ObjectName::Message(message.id))
                    .await?;
                if !self.message_origin_ok(&origin, &message, &sealed) {
                    tracing::error!(
                        case = %request.case,
                        "a message failed its proof of origin and was left out of the bundle"
                    );
                    unverified += 1;
                    continue;
                }
                let plain = open(&key, &sealed)?;
                let from = match message.author {
                    Author::Reporter => "reporter",
                    Author::Investigator => "investigator",
                };
                let mut item = blank(
                    format!("{folder}/messages/{:03}-{from}.txt", message.seq),
                    "message",
                    message.id.to_string(),
                    message.sent_day,
                );
                item.author = Some(from.to_owned());
                item.size = plain.len() as u64;
                item.sha256 = crate::integrity::sha256_hex(&plain);
                add(
                    item,
                    PlannedSource::Plain(Zeroizing::new(plain.to_vec())),
                    ItemKind::Message,
                );
            }
            items.extend(derived);
        }
        let left_out: Vec<LeftOut> = [
            ("no_consent", no_consent),
            ("no_access", no_access),
            ("purged", purged),
            ("unverified_messages", unverified),
        ]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(reason, count)| LeftOut {
            reason: reason.to_owned(),
            count,
        })
        .collect();

        // Paths come from clear columns (references, message numbers): two items must never
        // share one.
        let mut paths = HashSet::new();
        if !items.iter().all(|(i, _)| paths.insert(i.path.clone())) {
            tracing::error!(case = %request.case, "two items of the bundle would share a path");
            return Err(ServiceError::Corrupt("two items would share a path"));
        }

        // The trail as it stands, checked entry by entry before anything of it is signed: a
        // database writer must not get the audit key's signature over entries they changed.
        let in_bundle: HashSet<String> = reports.iter().map(|r| r.id.to_string()).collect();
        let day_entries: HashSet<u64> = items
            .iter()
            .filter_map(|(i, _)| {
                i.commitment
                    .as_ref()?
                    .inclusion
                    .as_ref()
                    .map(|p| p.audit_seq)
            })
            .collect();
        let case_id = request.case.to_string();
        let mut trail = CheckedTrail::default();
        self.read_trail(&mut trail).await?;
        // What custody keeps: entries on the bundle's reports, the day entries its
        // commitments need, and of the case only its creation and edits (not who opened it,
        // nor which reports were added or removed: left-out reports are counted, never named).
        let keep = |row: &quietline_storage::AuditRow| {
            in_bundle.contains(&row.subject)
                || day_entries.contains(&row.seq)
                || (row.subject == case_id
                    && matches!(row.action.as_str(), "case_created" | "case_edited"))
        };
        let kept: Vec<u64> = trail
            .rows
            .iter()
            .filter(|r| keep(r))
            .map(|r| r.seq)
            .collect();
        for (item, _) in &mut items {
            let report = item.report.to_string();
            item.audit_entries = trail
                .rows
                .iter()
                .filter(|r| r.subject == report)
                .map(|r| r.seq)
                .collect();
        }

        let audit_public_key = self.inner.audit_signer.public_key_hex();
        let made_day = Day::new(now.today());
        let mut manifest = Manifest {
            format: BUNDLE_FORMAT.to_owned(),
            case: request.case,
            case_title: case.fields.title.clone(),
            audience: request.audience,
            made_day,
            reports,
            left_out,
            items: items.iter().map(|(i, _)| i.clone()).collect(),
            documents: Vec::new(),
            custody: kept.clone(),
            audit_public_key: audit_public_key.clone(),
        };
        let readme = letter::first_page(&manifest);
        let letter = request
            .letter
            .map(|language| letter::cover_letter(language, &manifest, &case, &facts));
        manifest.documents.push(Document {
            path: "README.txt".into(),
            sha256: crate::integrity::sha256_hex(readme.as_bytes()),
        });
        if let Some(letter) = &letter {
            manifest.documents.push(Document {
                path: "cover-letter.txt".into(),
                sha256: crate::integrity::sha256_hex(letter.as_bytes()),
            });
        }
        let manifest_json =
            serde_json::to_vec_pretty(&manifest).map_err(|_| ServiceError::Corrupt("manifest"))?;

        // The export is recorded with the manifest's SHA-256: the signed tree then vouches for
        // the manifest (and, through it, for every item and document), time-stamp or not.
        let export_seq = self
            .audit(
                AuditEvent {
                    actor,
                    action: AuditAction::Export,
                    subject: request.case.to_string(),
                    detail: [
                        ("what".to_owned(), json!("evidence_bundle")),
                        ("audience".to_owned(), json!(request.audience.code())),
                        ("reports".to_owned(), json!(manifest.reports.len())),
                        (
                            "left_out".to_owned(),
                            json!(no_consent + no_access + purged),
                        ),
                        ("letter".to_owned(), json!(request.letter.is_some())),
                        (
                            "manifest".to_owned(),
                            json!(crate::integrity::sha256_hex(&manifest_json)),
                        ),
                    ]
                    .into_iter()
                    .collect(),
                    request_id: request_id.to_owned(),
                },
                now.wall,
            )
            .await?;
        self.read_trail(&mut trail).await?;
        let mut custody_seqs = kept;
        custody_seqs.push(export_seq);

        let signed_at = crate::audit::rfc3339_seconds(now.wall)?;
        // The tree over a long trail is built once, off the async workers.
        let indexes: Vec<u64> = custody_seqs.iter().map(|seq| seq - 1).collect();
        let (trail, proven) = tokio::task::spawn_blocking(move || {
            let proven = inclusion_paths(&trail.leaves, &indexes);
            (trail, proven)
        })
        .await
        .map_err(|_| ServiceError::Corrupt("custody"))?;
        let (root, paths) = proven.ok_or(ServiceError::Corrupt("audit inclusion"))?;
        let (tree_head, entries) = custody_of(
            &trail,
            &custody_seqs,
            root,
            paths,
            &self.inner.audit_signer,
            signed_at,
        )?;
        let custody = Custody { tree_head, entries };
        let summary = EvidenceSummary {
            reports: manifest.reports.len(),
            left_out: no_consent + no_access + purged,
            items: manifest.items.len(),
            bytes: manifest.items.iter().map(|i| i.size).sum(),
        };
        let custody_json =
            serde_json::to_vec_pretty(&custody).map_err(|_| ServiceError::Corrupt("custody"))?;
        Ok(PreparedEvidence {
            manifest_json,
            custody_json,
            readme,
            letter,
            audit_public_key,
            recipient,
            spool: self.inner.objects.root().to_owned(),
            items: items
                .into_iter()
                .map(|(item, source)| PlannedItem {
                    path: item.path,
                    size: item.size,
                    sha256: item.sha256,
                    source,
                })
                .collect(),
            summary,
        })
    }

    /// Reads the trail after what `trail` holds, checking each entry as `audit verify`
    /// does: its seq follows, its `prev_hash` is the previous entry's hash, its hash is
    /// recomputed from its fields, and its MAC (under the key in `secrets/`) verifies. Refused
    /// with [`ServiceError::Corrupt`] (and logged) at the first entry that does not: the
    /// export signs nothing over a trail someone changed.
    async fn read_trail(&self, trail: &mut CheckedTrail) -> Result<(), ServiceError> {
        let db = &self.inner.db;
        let signer = &self.inner.audit_signer;
        loop {
            let chunk = db.audit_entries_after(trail.last_seq, TRAIL_CHUNK).await?;
            if chunk.is_empty() {
                return Ok(());
            }
            for row in chunk {
                let recomputed = quietline_crypto::audit::entry_hash(
                    &row.prev_hash,
                    &quietline_crypto::audit::EntryFields {
                        seq: row.seq,
                        at: &row.at,
                        actor: &row.actor,
                        action: &row.action,
                        subject: &row.subject,
                        detail: &row.detail,
                        request_id: &row.request_id,
                    },
                );
                let sound = row.seq == trail.last_seq + 1
                    && row.prev_hash == trail.last_hash
                    && recomputed == row.hash
                    && signer.verify_entry_mac(&row.hash, row.mac.as_deref());
                let mut leaf = [0u8; 32];
                if !sound || hex::decode_to_slice(&row.hash, &mut leaf).is_err() {
                    tracing::error!(
                        seq = row.seq,
                        "the audit trail does not verify at this entry: no evidence bundle is signed over it (run `quietline audit verify`)"
                    );
                    return Err(ServiceError::Corrupt("the audit trail does not verify"));
                }
                trail.last_seq = row.seq;
                trail.last_hash = row.hash.clone();
                trail.leaves.push(leaf);
                trail.rows.push(row);
            }
        }
    }
}

/// The trail read and checked so far.
struct CheckedTrail {
    rows: Vec<quietline_storage::AuditRow>,
    leaves: Vec<quietline_crypto::commitment::Hash32>,
    last_seq: u64,
    last_hash: String,
}

impl Default for CheckedTrail {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            leaves: Vec::new(),
            last_seq: 0,
            last_hash: quietline_crypto::audit::GENESIS_HASH.to_owned(),
        }
    }
}

/// The signed tree head over the whole trail (whose root is `root`), and the custody entries
/// `seqs` with their inclusion `paths`.
fn custody_of(
    trail: &CheckedTrail,
    seqs: &[u64],
    root: quietline_crypto::commitment::Hash32,
    paths: Vec<Vec<quietline_crypto::commitment::Hash32>>,
    signer: &quietline_crypto::audit::AuditSigner,
    signed_at: String,
) -> Result<(TreeHead, Vec<CustodyEntry>), ServiceError> {
    let size = trail.leaves.len() as u64;
    let root = hex::encode(root);
    let signature = signer.sign_tree_head(size, &root, &signed_at);
    let mut entries = Vec::with_capacity(seqs.len());
    for (seq, path) in seqs.iter().zip(paths) {
        let row = trail
            .rows
            .get(usize::try_from(seq - 1).map_err(|_| ServiceError::Corrupt("seq"))?)
            .ok_or(ServiceError::Corrupt("custody entry"))?;
        entries.push(CustodyEntry {
            seq: row.seq,
            at: row.at.clone(),
            actor: row.actor.clone(),
            action: row.action.clone(),
            subject: row.subject.clone(),
            detail: row.detail.clone(),
            request_id: row.request_id.clone(),
            prev_hash: row.prev_hash.clone(),
            hash: row.hash.clone(),
            inclusion_path: path.iter().map(hex::encode).collect(),
        });
    }
    Ok((
        TreeHead {
            size,
            root,
            signed_at,
            signature,
        },
        entries,
    ))
}

/// SHA-256 and size of an age object's plaintext, streamed.
async fn hash_object(key: &Identity, path: &Path) -> Result<(String, u64), ServiceError> {
    let key = key.clone();
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || -> Result<(String, u64), ServiceError> {
        let mut reader = HashingReader::new(open_reader(&key, std::fs::File::open(&path)?)?);
        std::io::copy(&mut reader, &mut std::io::sink())?;
        Ok(reader.finish())
    })
    .await
    .map_err(|_| ServiceError::Corrupt("hashing"))?
}
