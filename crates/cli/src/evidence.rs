//! `quietline evidence export|verify`: a case's evidence bundle for police or partners, made
//! with the recovery identity, time-stamped if an authority is given; and its offline check,
//! which needs nothing but the bundle and the identity it was sealed to (docs/evidence.md).

use anyhow::{Context, bail};
use quietline_service::{
    Audience, BundleProblem, Clock, EvidenceOpener, EvidenceRequest, LetterLanguage, Now,
    ServiceConfig, ServiceError, SystemClock, verify_bundle,
};

use crate::args::{EvidenceAction, EvidenceArgs};
use crate::init::open;
use crate::report::read_identity;

pub async fn run(args: EvidenceArgs) -> anyhow::Result<()> {
    match args.action {
        EvidenceAction::Export {
            data,
            identity,
            case,
            audience,
            to,
            out,
            letter,
            tsa_url,
        } => {
            let case = case
                .parse()
                .context("the case id is 32 hexadecimal digits")?;
            let Some(audience) = Audience::from_code(&audience) else {
                bail!("--for is `police` or `partners`");
            };
            let letter =
                match letter.as_deref() {
                    None => None,
                    Some(tag) => Some(LetterLanguage::from_tag(tag).context(
                        "--letter is `en` or `fr` (the languages a letter is written in)",
                    )?),
                };
            if out.exists() {
                bail!("{} already exists: choose another --out", out.display());
            }
            let recovery = read_identity(&identity)?;
            let instance = open(&data, ServiceConfig::default()).await?;
            let now = Now {
                wall: SystemClock.now(),
                mono: SystemClock.instant(),
            };
            let request = EvidenceRequest {
                case,
                audience,
                recipient: to,
                letter,
            };
            let prepared = match instance
                .prepare_evidence(EvidenceOpener::Recovery(&recovery), &request, "", now)
                .await
            {
                Ok(prepared) => prepared,
                Err(ServiceError::NotFound) => bail!("there is no case {case} that opens"),
                Err(ServiceError::Invalid(_)) => {
                    bail!("--to must be an age recipient (age1...)")
                }
                Err(err) => return Err(err).context("preparing the bundle (nothing was written)"),
            };
            let token = match &tsa_url {
                Some(url) => Some(
                    crate::audit::timestamp(url, prepared.manifest())
                        .await?
                        .token,
                ),
                None => None,
            };
            let summary = prepared.summary.clone();
            prepared
                .write(&out, token)
                .await
                .context("writing the bundle (nothing was left behind)")?;
            println!(
                "{}: {} report(s), {} item(s), {} bytes; {} report(s) of the case left out (see README.txt in the bundle){}",
                out.display(),
                summary.reports,
                summary.items,
                summary.bytes,
                summary.left_out,
                if tsa_url.is_some() {
                    "; manifest time-stamped"
                } else {
                    ""
                }
            );
            Ok(())
        }
        EvidenceAction::Verify {
            identity,
            audit_key,
            bundle,
        } => {
            let identity = read_identity(&identity)?;
            let checked = tokio::task::spawn_blocking(move || {
                verify_bundle(&bundle, &identity, audit_key.as_deref())
            })
            .await?;
            match checked {
                Ok(check) => {
                    // The title comes from the bundle: printed without control characters.
                    let title: String = check
                        .manifest
                        .case_title
                        .chars()
                        .filter(|c| !c.is_control())
                        .collect();
                    println!(
                        "OK: case \"{title}\", {} report(s), {} item(s), {} custody entr(y/ies); every original matches the manifest, which the signed audit trail vouches for",
                        check.manifest.reports.len(),
                        check.manifest.items.len(),
                        check.custody_entries,
                    );
                    if check.without_commitment > 0 {
                        println!(
                            "note: {} original(s) arrived before commitments were recorded: their arrival is vouched for by the trail only",
                            check.without_commitment
                        );
                    }
                    if check.without_inclusion > 0 {
                        println!(
                            "note: {} original(s) arrived on a day not yet committed when the bundle was made: their commitments have no proof in a day's tree",
                            check.without_inclusion
                        );
                    }
                    if check.derived > 0 {
                        println!(
                            "note: {} derived cop(y/ies) (working copies made by investigators): vouched for by the manifest, not by a commitment of arrival",
                            check.derived
                        );
                    }
                    println!(
                        "{}",
                        if check.audit_key_checked {
                            "audit key: the one you gave".to_owned()
                        } else {
                            format!(
                                "audit key NOT CHECKED: the bundle says {}; compare it with the instance's published key, or pass --audit-key",
                                check.manifest.audit_public_key
                            )
                        }
                    );
                    println!(
                        "{}",
                        match check.timestamp_unix {
                            Some(unix) => format!(
                                "time-stamped at {} (check the authority's signature with openssl ts -verify)",
                                time::OffsetDateTime::from_unix_timestamp(
                                    i64::try_from(unix).unwrap_or(i64::MAX)
                                )
                                .map(|t| t.to_string())
                                .unwrap_or_default()
                            ),
                            None => "no time-stamp".to_owned(),
                        }
                    );
                    Ok(())
                }
                Err(problem) => {
                    eprintln!("FAILED: {problem}");
                    std::process::exit(match problem {
                        BundleProblem::Unreadable(_) => 2,
                        _ => 1,
                    });
                }
            }
        }
    }
}
