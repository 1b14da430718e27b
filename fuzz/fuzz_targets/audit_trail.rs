//! The audit verifier ([`TrailCheck`]) on trails a tampered database could hold. A genuine
//! trail is built from the fuzzer's entries (chained, MACed, a signed head every four), then
//! the fuzzer changes it. Properties: the untouched trail verifies whole; an edited field,
//! MAC or link is found, at or before the entry changed; any change at all, however
//! malformed the rows, is checked without a panic.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use quietline_crypto::audit::{AuditSigner, EntryFields, GENESIS_HASH, entry_hash};
use quietline_service::TrailCheck;
use quietline_storage::{AuditHeadRow, AuditRow};

#[derive(Arbitrary, Debug)]
struct Entry<'a> {
    at: &'a str,
    actor: &'a str,
    action: &'a str,
    subject: &'a str,
    detail: &'a str,
    request_id: &'a str,
}

#[derive(Arbitrary, Debug)]
enum Change<'a> {
    /// A content field of entry `at` (0 at, 1 actor, .. 5 request id) set to `to`.
    Field {
        at: u8,
        which: u8,
        to: &'a str,
    },
    Mac {
        at: u8,
        to: Option<&'a str>,
    },
    Link {
        at: u8,
        to: &'a str,
    },
    Seq {
        at: u8,
        to: u64,
    },
    Remove {
        at: u8,
    },
    Swap {
        a: u8,
        b: u8,
    },
    CutTail {
        keep: u8,
    },
    HeadHash {
        at: u8,
        to: &'a str,
    },
    HeadSeq {
        at: u8,
        to: u64,
    },
    HeadKey {
        at: u8,
        to: &'a str,
    },
    HeadSignature {
        at: u8,
        to: &'a str,
    },
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    entries: Vec<Entry<'a>>,
    changes: Vec<Change<'a>>,
    with_macs: bool,
}

fn genuine(signer: &AuditSigner, entries: &[Entry<'_>]) -> (Vec<AuditRow>, Vec<AuditHeadRow>) {
    let mut rows = Vec::new();
    let mut heads = Vec::new();
    let mut prev = GENESIS_HASH.to_owned();
    for (i, e) in entries.iter().enumerate() {
        let seq = i as u64 + 1;
        let fields = EntryFields {
            seq,
            at: e.at,
            actor: e.actor,
            action: e.action,
            subject: e.subject,
            detail: e.detail,
            request_id: e.request_id,
        };
        let hash = entry_hash(&prev, &fields);
        if seq % 4 == 0 {
            heads.push(AuditHeadRow {
                seq,
                hash: hash.clone(),
                signed_at: e.at.to_owned(),
                signature: signer.sign_head(seq, &hash, e.at),
                public_key: signer.public_key_hex(),
            });
        }
        rows.push(AuditRow {
            seq,
            at: e.at.to_owned(),
            actor: e.actor.to_owned(),
            action: e.action.to_owned(),
            subject: e.subject.to_owned(),
            detail: e.detail.to_owned(),
            request_id: e.request_id.to_owned(),
            prev_hash: std::mem::replace(&mut prev, hash.clone()),
            mac: Some(signer.entry_mac(&hash)),
            hash,
        });
    }
    (rows, heads)
}

fn verify(
    signer: &AuditSigner,
    with_macs: bool,
    rows: Vec<AuditRow>,
    heads: Vec<AuditHeadRow>,
) -> quietline_service::AuditVerification {
    let mut check = TrailCheck::new(&signer.public_key_hex(), heads, with_macs.then_some(signer));
    for row in rows {
        if !check.entry(row) {
            break;
        }
    }
    check.finish()
}

fuzz_target!(|input: Input<'_>| {
    let signer = AuditSigner::from_seed(&[7; 32]);
    let entries = &input.entries[..input.entries.len().min(64)];
    let (rows, heads) = genuine(&signer, entries);
    let n = rows.len();

    let whole = verify(&signer, input.with_macs, rows.clone(), heads.clone());
    assert_eq!(whole.problem, None, "a genuine trail verifies");
    assert_eq!(whole.entries_checked, n as u64);

    let (mut changed_rows, mut changed_heads) = (rows.clone(), heads.clone());
    for change in input.changes.iter().take(8) {
        let pick = |at: u8, len: usize| (len > 0).then(|| usize::from(at) % len);
        match *change {
            Change::Field { at, which, to } => {
                if let Some(i) = pick(at, changed_rows.len()) {
                    let row = &mut changed_rows[i];
                    let field = match which % 6 {
                        0 => &mut row.at,
                        1 => &mut row.actor,
                        2 => &mut row.action,
                        3 => &mut row.subject,
                        4 => &mut row.detail,
                        _ => &mut row.request_id,
                    };
                    *field = to.to_owned();
                }
            }
            Change::Mac { at, to } => {
                if let Some(i) = pick(at, changed_rows.len()) {
                    changed_rows[i].mac = to.map(str::to_owned);
                }
            }
            Change::Link { at, to } => {
                if let Some(i) = pick(at, changed_rows.len()) {
                    changed_rows[i].prev_hash = to.to_owned();
                }
            }
            Change::Seq { at, to } => {
                if let Some(i) = pick(at, changed_rows.len()) {
                    changed_rows[i].seq = to;
                }
            }
            Change::Remove { at } => {
                if let Some(i) = pick(at, changed_rows.len()) {
                    changed_rows.remove(i);
                }
            }
            Change::Swap { a, b } => {
                if let (Some(a), Some(b)) =
                    (pick(a, changed_rows.len()), pick(b, changed_rows.len()))
                {
                    changed_rows.swap(a, b);
                }
            }
            Change::CutTail { keep } => changed_rows.truncate(usize::from(keep)),
            Change::HeadHash { at, to } => {
                if let Some(i) = pick(at, changed_heads.len()) {
                    changed_heads[i].hash = to.to_owned();
                }
            }
            Change::HeadSeq { at, to } => {
                if let Some(i) = pick(at, changed_heads.len()) {
                    changed_heads[i].seq = to;
                }
            }
            Change::HeadKey { at, to } => {
                if let Some(i) = pick(at, changed_heads.len()) {
                    changed_heads[i].public_key = to.to_owned();
                }
            }
            Change::HeadSignature { at, to } => {
                if let Some(i) = pick(at, changed_heads.len()) {
                    changed_heads[i].signature = to.to_owned();
                }
            }
        }
    }
    // Heads are read from the database in order of seq.
    changed_heads.sort_by_key(|h| h.seq);
    let untouched = changed_rows == rows && changed_heads == heads;
    let outcome = verify(
        &signer,
        input.with_macs,
        changed_rows.clone(),
        changed_heads,
    );
    if untouched {
        assert_eq!(outcome.problem, None);
    }
    // The first entry that is not the genuine one at its place (a MAC counts only when MACs
    // are checked) is found, there or before: a cut tail alone is not (signed heads and
    // exported heads are what find that).
    let same = |a: &AuditRow, b: &AuditRow| {
        a.seq == b.seq
            && a.prev_hash == b.prev_hash
            && a.hash == b.hash
            && (
                &a.at,
                &a.actor,
                &a.action,
                &a.subject,
                &a.detail,
                &a.request_id,
            ) == (
                &b.at,
                &b.actor,
                &b.action,
                &b.subject,
                &b.detail,
                &b.request_id,
            )
            && (!input.with_macs || a.mac == b.mac)
    };
    if let Some(p) = changed_rows
        .iter()
        .zip(&rows)
        .position(|(a, b)| !same(a, b))
    {
        let problem = outcome.problem.expect("a changed entry is found");
        assert!(
            problem.seq <= p as u64 + 1,
            "changed at {}, found at {}",
            p + 1,
            problem.seq
        );
    }
});
