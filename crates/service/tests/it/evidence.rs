//! Evidence bundles on both engines (issue 14, points 4 to 6): a case of four reports, one for
//! each combination of the police and partners consents, exported for each audience; the
//! bundle holds exactly the consenting reports, says on its first page how many were left
//! out and why, and verifies offline; each tampering (a file, the manifest, a custody entry,
//! the signed tree head, the time-stamp) is named by the check.

use std::io::{Read, Write};
use std::path::Path;

use quietline_core::{Limits, ReportDraft, ReportId};
use quietline_crypto::{Identity, open_reader, seal_writer};
use quietline_service::{
    Audience, BundleProblem, CaseChange, CaseFields, CaseStatus, Clock as _, EvidenceOpener,
    EvidenceRequest, Instance, LetterLanguage, ReceiptOutcome, ServiceConfig, SystemClock,
    verify_bundle,
};

use crate::workbench::{at, enrolled};
use crate::{TODAY, fresh_instances_with_urls};

async fn submit(instance: &Instance, consents: &[&str], file: &[u8]) -> ReportId {
    let mut fields = vec![
        ("subject", "happened_to_me"),
        ("incident", "family_pressure"),
        ("when_precision", "month"),
        ("when_month", "2026-09"),
        ("city", "Prato"),
        ("narrative", "他们给我在国内的母亲打电话"),
        ("person1_names", "陈伟"),
    ];
    fields.extend(consents.iter().map(|c| ("consent", *c)));
    let answers = ReportDraft::from_fields(fields, &Limits::default())
        .validate("zh-Hans", &Limits::default(), TODAY)
        .unwrap();
    let mut submission = instance.begin_submission(TODAY).await.unwrap();
    let mut upload = submission
        .attachment("通话记录.jpg", "image/jpeg")
        .await
        .unwrap();
    upload.write(file).await.unwrap();
    upload.finish().await.unwrap();
    let receipt = submission.complete(&answers).await.unwrap();
    match instance
        .open_receipt(&receipt, SystemClock.instant())
        .await
        .unwrap()
    {
        ReceiptOutcome::Accepted(access) => access.report,
        _ => panic!("receipt refused"),
    }
}

/// The bundle's members, in order.
fn members(bundle: &Path, identity: &Identity) -> Vec<(String, Vec<u8>)> {
    let plain = open_reader(identity, std::fs::File::open(bundle).unwrap()).unwrap();
    let mut archive = tar::Archive::new(plain);
    archive
        .entries()
        .unwrap()
        .map(|entry| {
            let mut entry = entry.unwrap();
            let name = entry.path().unwrap().to_string_lossy().into_owned();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (name, bytes)
        })
        .collect()
}

/// The bundle made again from `members`, sealed to `identity`, beside the original.
fn rebuilt(
    bundle: &Path,
    identity: &Identity,
    members: &[(String, Vec<u8>)],
) -> std::path::PathBuf {
    let out = bundle.with_extension(format!("tampered{}", members.len() + rand_suffix()));
    let file = std::fs::File::create(&out).unwrap();
    let sealed = seal_writer(&[identity.recipient()], file).unwrap();
    let mut archive = tar::Builder::new(sealed);
    for (name, bytes) in members {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o600);
        archive
            .append_data(&mut header, name, bytes.as_slice())
            .unwrap();
    }
    let mut sealed = archive.into_inner().unwrap();
    sealed.flush().unwrap();
    sealed.finish().unwrap();
    out
}

fn rand_suffix() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::SeqCst)
}

fn edited(
    members: &[(String, Vec<u8>)],
    name: &str,
    edit: impl FnOnce(&mut Vec<u8>),
) -> Vec<(String, Vec<u8>)> {
    let mut out = members.to_vec();
    let member = out.iter_mut().find(|(n, _)| n == name).unwrap();
    edit(&mut member.1);
    out
}

fn edited_json(
    members: &[(String, Vec<u8>)],
    name: &str,
    edit: impl FnOnce(&mut serde_json::Value),
) -> Vec<(String, Vec<u8>)> {
    edited(members, name, |bytes| {
        let mut value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        edit(&mut value);
        *bytes = serde_json::to_vec_pretty(&value).unwrap();
    })
}

#[tokio::test]
async fn a_bundle_holds_only_consenting_reports_verifies_offline_and_names_each_tampering() {
    sqlx::any::install_default_drivers();
    for (engine, instance, dir, recovery, url) in
        fresh_instances_with_urls(ServiceConfig::default()).await
    {
        let start = SystemClock.instant();
        let (amira, _, _) = enrolled(&instance, "amira", start).await;
        let combos: [&[&str]; 4] = [
            &["share_police", "share_partners"],
            &["share_police"],
            &["share_partners"],
            &[],
        ];
        let mut reports = Vec::new();
        for (i, consents) in combos.iter().enumerate() {
            let file = format!("JPEG bytes of report {i}").into_bytes();
            reports.push(submit(&instance, consents, &file).await);
        }
        let now = at(100, start);
        let case = instance
            .create_case(
                &amira,
                CaseFields {
                    title: "Prato station".into(),
                    status: CaseStatus::Investigating,
                    lead: None,
                    description: "Calls to families in Fujian.".into(),
                },
                "req",
                now,
            )
            .await
            .unwrap();
        for report in &reports {
            instance
                .change_case(
                    &amira,
                    case,
                    CaseChange::AddReport(report.to_string()),
                    "req",
                    now,
                )
                .await
                .unwrap();
        }
        // A translation of the first report's file: a derived copy, beside its original.
        let original = instance
            .open_report(&amira, reports[0], "req", now)
            .await
            .unwrap()
            .attachments[0]
            .id;
        let mut draft = instance
            .begin_derived_copy(&amira, reports[0], original, TODAY)
            .await
            .unwrap();
        let mut upload = draft
            .attachment("translation.txt", "text/plain")
            .await
            .unwrap();
        upload
            .write(b"A translation of the call log")
            .await
            .unwrap();
        upload.finish().await.unwrap();
        draft
            .complete("translation", "For the Italian police", "req", now)
            .await
            .unwrap();
        // The day of arrival is over: its root enters the trail.
        assert!(instance.commit_integrity_days(now.wall).await.unwrap() >= 1);

        let agency = Identity::generate();
        let key = instance.audit_public_key();
        for audience in [Audience::Police, Audience::Partners] {
            let request = EvidenceRequest {
                case,
                audience,
                recipient: agency.recipient().to_string(),
                letter: Some(LetterLanguage::Fr),
            };
            let prepared = instance
                .prepare_evidence(EvidenceOpener::Recovery(&recovery), &request, "", now)
                .await
                .unwrap();
            let out = dir.path().join(format!("{}.bundle", audience.code()));
            prepared.write(&out, None).await.unwrap();
            let check = verify_bundle(&out, &agency, Some(&key))
                .unwrap_or_else(|p| panic!("{engine} {audience:?}: {p}"));
            let expected: Vec<ReportId> = reports
                .iter()
                .zip(combos)
                .filter(|(_, consents)| consents.contains(&audience.consent().code()))
                .map(|(r, _)| *r)
                .collect();
            let mut got: Vec<ReportId> = check.manifest.reports.iter().map(|r| r.id).collect();
            got.sort();
            let mut want = expected.clone();
            want.sort();
            assert_eq!(got, want, "{engine} {audience:?}");
            assert_eq!(check.manifest.left_out.len(), 1, "{engine}");
            assert_eq!(check.manifest.left_out[0].reason, "no_consent");
            assert_eq!(check.manifest.left_out[0].count, 2, "{engine}");
            // Answers and the file of each report, and the translation beside its original;
            // every item that arrived is committed and included in its day's tree.
            assert_eq!(check.manifest.items.len(), 5, "{engine}");
            assert!(
                check
                    .manifest
                    .items
                    .iter()
                    .filter(|i| i.kind != "derived")
                    .all(|i| i.commitment.as_ref().is_some_and(|c| c.inclusion.is_some())),
                "{engine}: {:?}",
                check.manifest.items
            );
            let derived = check
                .manifest
                .items
                .iter()
                .find(|i| i.kind == "derived")
                .unwrap();
            let derivation = derived.derived.as_ref().unwrap();
            assert_eq!(derivation.original, original.to_string(), "{engine}");
            assert_eq!(derivation.kind, "translation");
            assert_eq!(derivation.reason, "For the Italian police");
            assert!(
                check
                    .manifest
                    .items
                    .iter()
                    .any(|i| i.item_id == original.to_string()),
                "{engine}: the original is in the bundle too"
            );
            let all = members(&out, &agency);
            let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(
                names[0], "README.txt",
                "{engine}: the first page comes first"
            );
            let readme = String::from_utf8(all[0].1.clone()).unwrap();
            assert!(
                readme
                    .contains("  - 2: their reporter did not agree that the report be shared with"),
                "{engine}: {readme}"
            );
            let letter = String::from_utf8(all[1].1.clone()).unwrap();
            assert!(letter.starts_with("SIGNALEMENT"), "{engine}: {letter}");
            assert!(letter.contains("2026-09, Prato"), "{engine}: {letter}");
            // Nothing of a left-out report: not its id, not its file.
            for (report, consents) in reports.iter().zip(combos) {
                let inside = all.iter().any(|(_, bytes)| {
                    bytes
                        .windows(32)
                        .any(|w| w == report.to_string().as_bytes())
                });
                assert_eq!(
                    inside,
                    consents.contains(&audience.consent().code()),
                    "{engine} {audience:?}: {consents:?}"
                );
            }
            let file_of = |i: usize| format!("JPEG bytes of report {i}").into_bytes();
            for (i, consents) in combos.iter().enumerate() {
                let present = all.iter().any(|(_, bytes)| *bytes == file_of(i));
                assert_eq!(
                    present,
                    consents.contains(&audience.consent().code()),
                    "{engine}"
                );
            }
            if audience == Audience::Partners {
                continue;
            }

            // Tampering, one thing at a time: each is named.
            let file = all
                .iter()
                .find(|(n, _)| n.contains("/files/"))
                .unwrap()
                .0
                .clone();
            let bad = rebuilt(&out, &agency, &edited(&all, &file, |b| b[0] ^= 1));
            assert!(
                matches!(verify_bundle(&bad, &agency, Some(&key)), Err(BundleProblem::Item { ref path, .. }) if *path == file),
                "{engine}: a changed file"
            );
            let bad = rebuilt(
                &out,
                &agency,
                &edited_json(&all, "manifest.json", |m| {
                    m["items"][1]["sha256"] = serde_json::json!("00".repeat(32));
                }),
            );
            assert!(
                matches!(
                    verify_bundle(&bad, &agency, Some(&key)),
                    Err(BundleProblem::Manifest { .. })
                ),
                "{engine}: a changed manifest"
            );
            let bad = rebuilt(
                &out,
                &agency,
                &edited_json(&all, "custody.json", |c| {
                    c["entries"][0]["detail"] = serde_json::json!("{\"changed\":true}");
                }),
            );
            assert!(
                matches!(
                    verify_bundle(&bad, &agency, Some(&key)),
                    Err(BundleProblem::CustodyEntry { .. })
                ),
                "{engine}: a changed custody entry"
            );
            let bad = rebuilt(
                &out,
                &agency,
                &edited_json(&all, "custody.json", |c| {
                    c["tree_head"]["size"] =
                        serde_json::json!(c["tree_head"]["size"].as_u64().unwrap() + 1);
                }),
            );
            assert!(
                matches!(
                    verify_bundle(&bad, &agency, Some(&key)),
                    Err(BundleProblem::TreeHead(_))
                ),
                "{engine}: a changed tree head"
            );
            let mut with_token = all.clone();
            with_token.push(("manifest.tsr".into(), b"not a token".to_vec()));
            let bad = rebuilt(&out, &agency, &with_token);
            assert!(
                matches!(
                    verify_bundle(&bad, &agency, Some(&key)),
                    Err(BundleProblem::Timestamp(_))
                ),
                "{engine}: a bad time-stamp"
            );
            // A document, or a member the bundle never has, or a second copy of a member under
            // a name `tar -x` reads as the same file: each named.
            let bad = rebuilt(&out, &agency, &edited(&all, "README.txt", |b| b.push(b'!')));
            assert!(
                matches!(verify_bundle(&bad, &agency, Some(&key)), Err(BundleProblem::Item { ref path, .. }) if path == "README.txt"),
                "{engine}: a changed first page"
            );
            let mut shadowed = all.clone();
            shadowed.push((format!("./{file}"), b"changed".to_vec()));
            assert!(
                matches!(
                    verify_bundle(&rebuilt(&out, &agency, &shadowed), &agency, Some(&key)),
                    Err(BundleProblem::Item { .. })
                ),
                "{engine}: a shadow member"
            );
            // A manifest changed in every way its commitments allow (an item's SHA-256 and
            // commitment recomputed, its inclusion dropped): the trail's record of the export
            // names it.
            let forged = edited_json(&all, "manifest.json", |m| {
                m["case_title"] = serde_json::json!("Another case");
            });
            assert!(
                matches!(
                    verify_bundle(&rebuilt(&out, &agency, &forged), &agency, Some(&key)),
                    Err(BundleProblem::Manifest { .. })
                ),
                "{engine}: a manifest changed where no commitment covers it"
            );
            // Another audit key than the one kept: refused; without one, said unchecked.
            let stranger =
                quietline_crypto::audit::AuditSigner::from_seed(&[9; 32]).public_key_hex();
            assert!(
                matches!(
                    verify_bundle(&out, &agency, Some(&stranger)),
                    Err(BundleProblem::TreeHead(_))
                ),
                "{engine}"
            );
            assert!(
                !verify_bundle(&out, &agency, None)
                    .unwrap()
                    .audit_key_checked
            );
            // And untouched, rebuilt the same way, it still verifies.
            let same = rebuilt(&out, &agency, &all);
            assert!(
                verify_bundle(&same, &agency, Some(&key)).is_ok(),
                "{engine}"
            );
            // Another identity opens nothing.
            assert!(matches!(
                verify_bundle(&out, &Identity::generate(), Some(&key)),
                Err(BundleProblem::Unreadable(_))
            ));
        }
        // A database writer who changes an entry of the trail gets no signature over it: the
        // export checks every entry (hash, link, MAC) before it signs, and refuses.
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        sqlx::query("UPDATE audit_log SET actor = 'cli' WHERE seq = 2")
            .execute(&pool)
            .await
            .unwrap();
        let request = EvidenceRequest {
            case,
            audience: Audience::Police,
            recipient: agency.recipient().to_string(),
            letter: None,
        };
        assert!(
            matches!(
                instance
                    .prepare_evidence(EvidenceOpener::Recovery(&recovery), &request, "", now)
                    .await,
                Err(quietline_service::ServiceError::Corrupt(_))
            ),
            "{engine}: an export over a changed trail"
        );
    }
}
