//! The workbench's operations against a real data directory.

use std::time::{Duration, Instant};

use quietline_core::taxonomy::Incident;
use quietline_core::{Limits, ReportDraft, ReportStatus};
use quietline_crypto::TotpSecret;
use quietline_service::{
    AuditQuery, Author, BulkChange, Clock as _, InboxQuery, InboxSort, Instance, Investigator, Now,
    ReceiptOutcome, ReportSelection, ServiceConfig, ServiceError, SignInOutcome, SystemClock,
};
use secrecy::{ExposeSecret, SecretString};

use crate::{TODAY, fresh_instance};

pub(crate) const PASSWORD: &str = "correct horse battery staple";

pub(crate) fn at(seconds: u64, mono: Instant) -> Now {
    Now {
        wall: time::OffsetDateTime::from_unix_timestamp(1_800_000_000 + seconds as i64).unwrap(),
        mono: mono + Duration::from_secs(seconds),
    }
}

/// Adds an investigator, enrols their TOTP, and returns the session and the TOTP secret.
pub(crate) async fn enrolled(
    instance: &Instance,
    username: &str,
    start: Instant,
) -> (Investigator, TotpSecret, Vec<String>) {
    instance
        .add_investigator(username, &SecretString::from(PASSWORD), None, TODAY)
        .await
        .unwrap();
    let now = at(0, start);
    let enrolment = match instance
        .sign_in(username, &SecretString::from(PASSWORD), "", "req", now)
        .await
        .unwrap()
    {
        SignInOutcome::EnrolmentNeeded(enrolment) => enrolment,
        other => panic!("expected enrolment, got {other:?}"),
    };
    assert!(
        enrolment
            .otpauth_uri
            .expose_secret()
            .starts_with("otpauth://totp/Quietline:")
    );
    assert!(enrolment.qr_svg.contains("<svg"));
    let totp = TotpSecret::from_base32(enrolment.secret_base32.expose_secret()).unwrap();
    let code = totp.code_at(now.unix()).unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert!(
        instance
            .confirm_enrolment(&enrolment.token, wrong, "req", now)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        instance.enrolment(&enrolment.token, now).is_some(),
        "a wrong code keeps the enrolment open"
    );
    let investigator = instance
        .confirm_enrolment(&enrolment.token, &code, "req", now)
        .await
        .unwrap()
        .expect("code accepted");
    let codes = enrolment
        .recovery_codes
        .iter()
        .map(|c| c.expose_secret().to_owned())
        .collect();
    (investigator, totp, codes)
}

/// Signs `username` in again at `now` (a TOTP step not used yet).
pub(crate) async fn signed_in(
    instance: &Instance,
    username: &str,
    totp: &TotpSecret,
    now: Now,
) -> Investigator {
    match instance
        .sign_in(
            username,
            &SecretString::from(PASSWORD),
            &totp.code_at(now.unix()).unwrap(),
            "req",
            now,
        )
        .await
        .unwrap()
    {
        SignInOutcome::SignedIn(investigator) => investigator,
        other => panic!("not signed in: {other:?}"),
    }
}

pub(crate) async fn submit(
    instance: &Instance,
    language: &str,
    incident: &str,
    narrative: &str,
) -> quietline_core::Receipt {
    let answers = ReportDraft::from_fields(
        [
            ("subject", "happened_to_me"),
            ("incident", incident),
            ("narrative", narrative),
            ("city", "Prato"),
        ],
        &Limits::default(),
    )
    .validate(language, &Limits::default(), TODAY)
    .unwrap();
    let mut submission = instance.begin_submission(TODAY).await.unwrap();
    let mut upload = submission
        .attachment("chat.png", "image/png")
        .await
        .unwrap();
    upload.write(b"PNG bytes").await.unwrap();
    upload.finish().await.unwrap();
    submission.complete(&answers).await.unwrap()
}

#[tokio::test]
async fn sign_in_needs_password_and_a_fresh_second_factor() {
    let (instance, _dir, _recovery) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (_, totp, codes) = enrolled(&instance, "amira", start).await;

    let sign_in = |password: &'static str, code: String, seconds: u64| {
        let instance = instance.clone();
        async move {
            instance
                .sign_in(
                    "amira",
                    &SecretString::from(password),
                    &code,
                    "req",
                    at(seconds, start),
                )
                .await
                .unwrap()
        }
    };
    let now = 90;
    let code = totp.code_at(at(now, start).unix()).unwrap();
    assert!(matches!(
        sign_in(PASSWORD, code.clone(), now).await,
        SignInOutcome::SignedIn(_)
    ));
    assert!(
        matches!(sign_in(PASSWORD, code, now).await, SignInOutcome::Rejected),
        "a code works once"
    );
    let later = totp.code_at(at(150, start).unix()).unwrap();
    assert!(matches!(
        sign_in("wrong password!!", later.clone(), 150).await,
        SignInOutcome::Rejected
    ));
    assert!(matches!(
        sign_in(PASSWORD, "123456".into(), 150).await,
        SignInOutcome::Rejected
    ));
    assert!(matches!(
        instance
            .sign_in(
                "nobody",
                &SecretString::from(PASSWORD),
                &later,
                "req",
                at(150, start)
            )
            .await
            .unwrap(),
        SignInOutcome::Rejected
    ));

    // A recovery code replaces the TOTP code, once.
    let recovery = codes[3].to_uppercase();
    assert!(matches!(
        sign_in(PASSWORD, recovery.clone(), 200).await,
        SignInOutcome::SignedIn(_)
    ));
    assert!(matches!(
        sign_in(PASSWORD, recovery, 210).await,
        SignInOutcome::Rejected
    ));
}

#[tokio::test]
async fn repeated_failures_pause_sign_in_for_that_account() {
    let (instance, _dir, _recovery) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (_, totp, _) = enrolled(&instance, "bao", start).await;
    for attempt in 0..5u64 {
        let outcome = instance
            .sign_in(
                "bao",
                &SecretString::from("a wrong password"),
                "000000",
                "req",
                at(60 + attempt, start),
            )
            .await;
        assert!(matches!(outcome.unwrap(), SignInOutcome::Rejected));
    }
    // Paused: even the right password and code are refused, and the answer is the same.
    let code = totp.code_at(at(70, start).unix()).unwrap();
    let paused = instance
        .sign_in(
            "bao",
            &SecretString::from(PASSWORD),
            &code,
            "req",
            at(70, start),
        )
        .await
        .unwrap();
    assert!(matches!(paused, SignInOutcome::Rejected));
    // After the pause (30 s after the fifth failure; the attempt above, refused unchecked,
    // did not extend it).
    let code = totp.code_at(at(200, start).unix()).unwrap();
    let resumed = instance
        .sign_in(
            "bao",
            &SecretString::from(PASSWORD),
            &code,
            "req",
            at(200, start),
        )
        .await
        .unwrap();
    assert!(matches!(resumed, SignInOutcome::SignedIn(_)), "{resumed:?}");
}

#[tokio::test]
async fn sessions_expire_when_idle_and_end_everywhere_on_password_change() {
    let (instance, _dir, _recovery) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (first, totp, _) = enrolled(&instance, "chen", start).await;
    let session = first.session.0.clone();
    assert!(
        instance
            .investigator_session(&session, at(29 * 60, start))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        instance
            .investigator_session(&session, at(58 * 60, start))
            .await
            .unwrap()
            .is_some(),
        "touching extends"
    );
    assert!(
        instance
            .investigator_session(&session, at(89 * 60, start))
            .await
            .unwrap()
            .is_none(),
        "30 idle minutes end it"
    );

    let code = |s: u64| totp.code_at(at(s, start).unix()).unwrap();
    let SignInOutcome::SignedIn(one) = instance
        .sign_in(
            "chen",
            &SecretString::from(PASSWORD),
            &code(6000),
            "r",
            at(6000, start),
        )
        .await
        .unwrap()
    else {
        panic!()
    };
    let SignInOutcome::SignedIn(two) = instance
        .sign_in(
            "chen",
            &SecretString::from(PASSWORD),
            &code(6030),
            "r",
            at(6030, start),
        )
        .await
        .unwrap()
    else {
        panic!()
    };
    let new = SecretString::from("an entirely new passphrase");
    assert!(
        !instance
            .change_password(
                &one,
                &SecretString::from("not the password"),
                &new,
                &code(6060),
                "r",
                at(6060, start)
            )
            .await
            .unwrap()
    );
    assert!(
        instance
            .change_password(
                &one,
                &SecretString::from(PASSWORD),
                &new,
                &code(6090),
                "r",
                at(6090, start)
            )
            .await
            .unwrap()
    );
    for session in [&one.session.0, &two.session.0] {
        assert!(
            instance
                .investigator_session(session, at(6100, start))
                .await
                .unwrap()
                .is_none(),
            "every session ended"
        );
    }
    // The new password works (and unwraps the same key: the workspace still opens).
    let outcome = instance
        .sign_in("chen", &new, &code(6150), "r", at(6150, start))
        .await
        .unwrap();
    let SignInOutcome::SignedIn(again) = outcome else {
        panic!("{outcome:?}")
    };
    assert!(instance.workspace_ready(&again));
    assert!(matches!(
        instance
            .sign_in(
                "chen",
                &SecretString::from(PASSWORD),
                &code(6180),
                "r",
                at(6180, start)
            )
            .await
            .unwrap(),
        SignInOutcome::Rejected
    ));
    // Absolute lifetime: 12 hours, however active.
    for step in 1..=35 {
        let t = 6150 + step * 20 * 60;
        assert!(
            instance
                .investigator_session(&again.session.0, at(t, start))
                .await
                .unwrap()
                .is_some(),
            "alive at {t}"
        );
    }
    assert!(
        instance
            .investigator_session(&again.session.0, at(6150 + 12 * 3600 + 1, start))
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn the_inbox_filters_sorts_pages_and_follows_triage() {
    let (instance, _dir, _recovery) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (amira, _, _) = enrolled(&instance, "amira", start).await;
    let now = at(100, start);
    let receipt = submit(&instance, "zh-Hant", "family_pressure", "first").await;
    submit(&instance, "fr", "threats", "second").await;
    submit(&instance, "zh-Hant", "threats", "third").await;

    let all = instance
        .inbox(
            &amira,
            &InboxQuery {
                page: 1,
                per_page: 50,
                ..InboxQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(all.total, 3);
    // Newest day first; within a day, by the random ids (no order of arrival is kept).
    let ids: Vec<_> = all.entries.iter().map(|e| e.id).collect();
    let mut by_id = ids.clone();
    by_id.sort_by(|a, b| b.cmp(a));
    assert_eq!(ids, by_id, "one day, in descending id order");
    let first = all
        .entries
        .iter()
        .find(|e| {
            e.summary
                .as_ref()
                .is_some_and(|s| s.incidents.contains(&Incident::FamilyPressure))
        })
        .unwrap();
    let summary = first.summary.as_ref().unwrap();
    assert_eq!(
        (
            summary.language.as_str(),
            summary.incidents.as_slice(),
            summary.city.as_str()
        ),
        ("zh-Hant", &[Incident::FamilyPressure][..], "Prato")
    );

    let threats = InboxQuery {
        incident: Some(Incident::Threats),
        sort: InboxSort::Oldest,
        page: 1,
        per_page: 50,
        ..InboxQuery::default()
    };
    let oldest: Vec<_> = instance
        .inbox(&amira, &threats)
        .await
        .unwrap()
        .entries
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(oldest.len(), 2);
    assert!(
        oldest[0] < oldest[1],
        "oldest first: ascending ids within the day"
    );
    let chinese = InboxQuery {
        language: Some("zh-Hant".into()),
        page: 1,
        per_page: 1,
        ..InboxQuery::default()
    };
    let page = instance.inbox(&amira, &chinese).await.unwrap();
    assert_eq!((page.total, page.pages, page.entries.len()), (2, 2, 1));

    // Bulk triage, assignment, tags.
    let first_id = first.id;
    let others: Vec<_> = ids.iter().copied().filter(|id| *id != first_id).collect();
    assert_eq!(
        instance
            .set_status(&amira, &others, ReportStatus::Spam, "req", now)
            .await
            .unwrap(),
        2
    );
    let visible = instance
        .inbox(
            &amira,
            &InboxQuery {
                page: 1,
                per_page: 50,
                ..InboxQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(visible.total, 1, "spam is hidden unless asked for");
    let spam = InboxQuery {
        status: Some(ReportStatus::Spam),
        page: 1,
        per_page: 50,
        ..InboxQuery::default()
    };
    assert_eq!(instance.inbox(&amira, &spam).await.unwrap().total, 2);
    instance
        .assign(&amira, &[first_id], Some(amira.id), "req", now)
        .await
        .unwrap();
    instance
        .set_tags(
            &amira,
            first_id,
            &[" Fuzhou ".into(), "station".into(), "station".into()],
            "req",
            now,
        )
        .await
        .unwrap();
    let mine = InboxQuery {
        assignee: Some(Some(amira.id)),
        tag: Some("Fuzhou".into()),
        page: 1,
        per_page: 50,
        ..InboxQuery::default()
    };
    let found = instance.inbox(&amira, &mine).await.unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.entries[0].tags, vec!["Fuzhou", "station"]);

    // A reply from the reporter shows as unread until the report is opened.
    let ReceiptOutcome::Accepted(access) = instance
        .open_receipt(&receipt, SystemClock.instant())
        .await
        .unwrap()
    else {
        panic!()
    };
    let reply = instance.begin_reply(&access, TODAY).await.unwrap();
    reply.complete("more details").await.unwrap();
    let unread = InboxQuery {
        unread_only: true,
        page: 1,
        per_page: 50,
        ..InboxQuery::default()
    };
    assert_eq!(
        instance.inbox(&amira, &unread).await.unwrap().entries[0].id,
        first_id
    );
    let view = instance
        .open_report(&amira, first_id, "req", now)
        .await
        .unwrap();
    assert_eq!(view.answers.narrative, "first");
    assert_eq!(view.tags, vec!["Fuzhou", "station"]);
    assert_eq!(
        view.messages
            .iter()
            .map(|m| (m.author, m.text.as_str()))
            .collect::<Vec<_>>(),
        vec![(Author::Reporter, "more details")]
    );
    assert_eq!(instance.inbox(&amira, &unread).await.unwrap().total, 0);
}

#[tokio::test]
async fn reading_a_report_with_files_messages_and_notes() {
    let (instance, _dir, _recovery) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (amira, _, _) = enrolled(&instance, "amira", start).await;
    let now = at(100, start);
    let receipt = submit(&instance, "en", "surveillance", "They photographed us.").await;
    let id = instance
        .inbox(
            &amira,
            &InboxQuery {
                page: 1,
                per_page: 5,
                ..InboxQuery::default()
            },
        )
        .await
        .unwrap()
        .entries[0]
        .id;

    instance
        .reply_to_reporter(&amira, id, "Where was this?", "req", now)
        .await
        .unwrap();
    instance
        .add_note(&amira, id, "Matches the Prato reports.", "req", now)
        .await
        .unwrap();
    assert!(matches!(
        instance.add_note(&amira, id, "  ", "req", now).await,
        Err(ServiceError::Invalid(_))
    ));
    let view = instance.open_report(&amira, id, "req", now).await.unwrap();
    assert_eq!(view.attachments.len(), 1);
    assert_eq!(view.attachments[0].meta.name, "chat.png");
    assert_eq!(view.notes[0].author, "amira");
    assert_eq!(view.notes[0].text, "Matches the Prato reports.");
    // One call gives the page everything: investigators' names and the linked sites too.
    assert!(view.investigators.iter().any(|i| i.username == "amira"));
    assert!(view.sites.as_ref().unwrap().linked.is_empty());
    let site = instance
        .create_site(
            &amira,
            &quietline_service::SiteFields {
                names: "Prato station".into(),
                ..quietline_service::SiteFields::new_site()
            },
            "req",
            now,
        )
        .await
        .unwrap();
    instance
        .link_report_to_site(&amira, site, id, "req", now)
        .await
        .unwrap();
    let view = instance.open_report(&amira, id, "req", now).await.unwrap();
    assert_eq!(
        view.sites
            .as_ref()
            .unwrap()
            .linked
            .iter()
            .map(|s| s.id)
            .collect::<Vec<_>>(),
        vec![site]
    );

    let (meta, mut reader) = instance
        .open_attachment(&amira, id, view.attachments[0].id, "req", now)
        .await
        .unwrap();
    let mut content = Vec::new();
    tokio::io::AsyncReadExt::read_to_end(&mut reader, &mut content)
        .await
        .unwrap();
    assert_eq!(
        (meta.content_type.as_str(), content.as_slice()),
        ("image/png", &b"PNG bytes"[..])
    );

    // The reporter reads the investigators' message, but never the internal note.
    let ReceiptOutcome::Accepted(access) = instance
        .open_receipt(&receipt, SystemClock.instant())
        .await
        .unwrap()
    else {
        panic!()
    };
    let thread = instance.reporter_thread(&access).await.unwrap();
    assert_eq!(
        thread
            .messages
            .iter()
            .map(|m| m.text.as_str())
            .collect::<Vec<_>>(),
        vec!["Where was this?"]
    );
}

#[tokio::test]
async fn a_report_opens_when_the_site_registry_cannot_be_read_and_says_its_sites_are_unavailable() {
    use sqlx::Connection;
    let (instance, dir, _) = fresh_instance(ServiceConfig::default()).await;
    // A site row that no key opens, written behind the service's back (a damaged disk, an
    // intruder), before anyone unlocks the workspace.
    let url = format!("sqlite:{}", dir.path().join("data/quietline.db").display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("INSERT INTO sites (id, created_day, updated_day, sealed) VALUES ($1, $2, $2, $3)")
        .bind(quietline_core::SiteId::random().to_string())
        .bind("2026-11-29")
        .bind(b"not an age file".to_vec())
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();

    let start = SystemClock.instant();
    let (amira, _, _) = enrolled(&instance, "amira", start).await;
    submit(&instance, "en", "surveillance", "They photographed us.").await;
    let query = InboxQuery {
        page: 1,
        per_page: 5,
        ..InboxQuery::default()
    };
    let id = instance.inbox(&amira, &query).await.unwrap().entries[0].id;
    assert!(
        instance.sites(&amira).await.is_err(),
        "the registry does not read"
    );
    // The report itself opens; its sites are said to be unavailable, not "none".
    let view = instance
        .open_report(&amira, id, "req", at(1, start))
        .await
        .unwrap();
    assert_eq!(view.answers.narrative, "They photographed us.");
    assert!(view.sites.is_none());
}

#[tokio::test]
async fn a_later_investigator_waits_for_a_grant_of_the_workspace_and_earlier_reports() {
    let (instance, _dir, recovery) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (admin, _, _) = enrolled(&instance, "amira", start).await;
    submit(&instance, "en", "threats", "before bao").await;
    let (bao, _, _) = enrolled(&instance, "bao", start).await;
    submit(&instance, "en", "threats", "after bao").await;
    let now = at(100, start);

    // Bao's key opens the newer report, but the workspace waits for a grant.
    assert!(matches!(
        instance.inbox(&bao, &InboxQuery::default()).await,
        Err(ServiceError::NoAccess)
    ));
    let reports = instance
        .inbox(
            &admin,
            &InboxQuery {
                page: 1,
                per_page: 10,
                ..InboxQuery::default()
            },
        )
        .await
        .unwrap();
    // The inbox keeps no order of arrival within a day: tell them apart by what they say.
    let mut by_narrative = std::collections::HashMap::new();
    for entry in &reports.entries {
        let view = instance
            .open_report(&admin, entry.id, "req", now)
            .await
            .unwrap();
        by_narrative.insert(view.answers.narrative, entry.id);
    }
    let (newer, older) = (by_narrative["after bao"], by_narrative["before bao"]);
    assert!(matches!(
        instance.grant_access(&bao, "amira", "req", now).await,
        Err(ServiceError::Forbidden)
    ));

    let granted = instance
        .grant_access(&admin, "bao", "req", now)
        .await
        .unwrap();
    assert_eq!(
        (granted.workspace, granted.reports, granted.skipped),
        (true, 1, 0)
    );
    let bao = instance
        .investigator_session(&bao.session.0, now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        instance
            .inbox(
                &bao,
                &InboxQuery {
                    page: 1,
                    per_page: 10,
                    ..InboxQuery::default()
                }
            )
            .await
            .unwrap()
            .total,
        2
    );
    assert_eq!(
        instance
            .open_report(&bao, older, "req", now)
            .await
            .unwrap()
            .answers
            .narrative,
        "before bao"
    );
    assert_eq!(
        instance
            .open_report(&bao, newer, "req", now)
            .await
            .unwrap()
            .answers
            .narrative,
        "after bao"
    );

    // A third, granted by the recovery holder (CLI): everything.
    let (chen, _, _) = enrolled(&instance, "chen", start).await;
    let granted = instance
        .grant_access_with_recovery(&recovery, "chen", now)
        .await
        .unwrap();
    assert_eq!((granted.workspace, granted.reports), (true, 2));
    let chen = instance
        .investigator_session(&chen.session.0, now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        instance
            .open_report(&chen, older, "req", now)
            .await
            .unwrap()
            .answers
            .narrative,
        "before bao"
    );
    assert!(matches!(
        instance
            .grant_access_with_recovery(&quietline_crypto::Identity::generate(), "chen", now)
            .await,
        Err(ServiceError::NoAccess)
    ));
}

#[tokio::test]
async fn reports_received_before_any_investigator_get_their_summary_at_the_recovery_grant() {
    let (instance, _dir, recovery) = fresh_instance(ServiceConfig::default()).await;
    submit(&instance, "zh-Hans", "online_contact", "early").await;
    let start = SystemClock.instant();
    let (amira, _, _) = enrolled(&instance, "amira", start).await;
    let page = instance
        .inbox(
            &amira,
            &InboxQuery {
                page: 1,
                per_page: 10,
                ..InboxQuery::default()
            },
        )
        .await
        .unwrap();
    assert!(
        page.entries[0].summary.is_none(),
        "no workspace existed when it arrived"
    );
    assert!(matches!(
        instance
            .open_report(&amira, page.entries[0].id, "req", at(10, start))
            .await,
        Err(ServiceError::NoAccess)
    ));
    let granted = instance
        .grant_access_with_recovery(&recovery, "amira", at(20, start))
        .await
        .unwrap();
    assert_eq!((granted.workspace, granted.reports), (false, 1));
    let page = instance
        .inbox(
            &amira,
            &InboxQuery {
                page: 1,
                per_page: 10,
                ..InboxQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        page.entries[0].summary.as_ref().unwrap().language,
        "zh-Hans"
    );
    assert_eq!(
        instance
            .open_report(&amira, page.entries[0].id, "req", at(30, start))
            .await
            .unwrap()
            .answers
            .narrative,
        "early"
    );
}

#[tokio::test]
async fn unlocking_reads_a_sealed_snapshot_and_notices_what_changed_since() {
    let (instance, dir, _recovery) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (amira, totp, _) = enrolled(&instance, "amira", start).await;
    for i in 0..105 {
        submit(
            &instance,
            if i % 2 == 0 { "fr" } else { "en" },
            "threats",
            &format!("report {i}"),
        )
        .await;
    }
    let snapshot = dir.path().join("data").join("cache").join("inbox.age");
    assert!(!snapshot.exists());

    // Lock (last session ends), unlock: over 100 reports opened one by one, so a snapshot is sealed.
    let mut t = 100;
    let relock = |instance: &Instance, investigator: &Investigator, t: &mut u64| {
        let instance = instance.clone();
        let investigator = investigator.clone();
        let seconds = *t;
        *t += 60;
        let code = totp.code_at(at(seconds + 30, start).unix()).unwrap();
        async move {
            instance
                .sign_out(&investigator, "req", at(seconds, start))
                .await
                .unwrap();
            let outcome = instance
                .sign_in(
                    "amira",
                    &SecretString::from(PASSWORD),
                    &code,
                    "req",
                    at(seconds + 30, start),
                )
                .await
                .unwrap();
            let SignInOutcome::SignedIn(again) = outcome else {
                panic!("{outcome:?}")
            };
            again
        }
    };
    let amira = relock(&instance, &amira, &mut t).await;
    assert!(snapshot.exists(), "a sealed snapshot after a large unlock");
    let sealed = std::fs::read(&snapshot).unwrap();
    assert!(
        sealed.starts_with(b"age-encryption.org/v1") && !sealed.windows(6).any(|w| w == b"threat")
    );

    // A change after the snapshot (tags) is seen at the next unlock.
    let query = InboxQuery {
        language: Some("fr".into()),
        page: 1,
        per_page: 200,
        ..InboxQuery::default()
    };
    let one = instance.inbox(&amira, &query).await.unwrap().entries[0].id;
    instance
        .set_tags(&amira, one, &["Wenzhou".into()], "req", at(t, start))
        .await
        .unwrap();
    let amira = relock(&instance, &amira, &mut t).await;
    let tagged = InboxQuery {
        tag: Some("Wenzhou".into()),
        page: 1,
        per_page: 10,
        ..InboxQuery::default()
    };
    assert_eq!(
        instance
            .inbox(&amira, &tagged)
            .await
            .unwrap()
            .entries
            .iter()
            .map(|e| e.id)
            .collect::<Vec<_>>(),
        vec![one]
    );
    assert_eq!(instance.inbox(&amira, &query).await.unwrap().total, 53);

    // A damaged snapshot is only a lost cache.
    std::fs::write(&snapshot, b"not an age file").unwrap();
    let amira = relock(&instance, &amira, &mut t).await;
    assert_eq!(instance.inbox(&amira, &query).await.unwrap().total, 53);
    assert_eq!(instance.inbox(&amira, &tagged).await.unwrap().total, 1);
}

#[tokio::test]
async fn admin_pages_check_the_role_and_a_bulk_change_applies_to_its_selection() {
    let (instance, _dir, _recovery) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (amira, _, _) = enrolled(&instance, "amira", start).await;
    let (bao, _, _) = enrolled(&instance, "bao", start).await;
    assert!(amira.is_admin() && !bao.is_admin());
    let now = at(100, start);

    // The admin pages' operations check the role themselves, not only the web's extractor.
    let query = AuditQuery {
        before: None,
        limit: 20,
        verify: true,
    };
    assert!(matches!(
        instance.audit_view(&bao, query).await,
        Err(ServiceError::Forbidden)
    ));
    assert!(matches!(
        instance.investigators_view(&bao).await,
        Err(ServiceError::Forbidden)
    ));
    let audit = instance.audit_view(&amira, query).await.unwrap();
    assert!(audit.verification.expect("asked for").is_intact());
    assert!(!audit.entries.is_empty());
    assert!(audit.actors.values().any(|name| name == "amira"));
    assert_eq!(audit.public_key, instance.audit_public_key());
    let people = instance.investigators_view(&amira).await.unwrap();
    assert_eq!(people.people.len(), 2);

    // Two copies of one campaign text and one other report: the group is the two copies.
    let campaign = "Your mother is not well and your family misses you every day. Come home \
                    before the new year and everything will be forgiven, the officer said \
                    on the phone, and told me to call the station in Prato again.";
    submit(&instance, "en", "family_pressure", campaign).await;
    submit(
        &instance,
        "en",
        "family_pressure",
        &campaign.replace("Prato", "Milan"),
    )
    .await;
    submit(
        &instance,
        "fr",
        "threats",
        "Un homme m'a suivi jusqu'à la gare.",
    )
    .await;
    let inbox = instance
        .inbox_view(
            &amira,
            &InboxQuery {
                page: 1,
                per_page: 50,
                ..InboxQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(inbox.page.total, 3);
    assert_eq!(inbox.investigators.len(), 2);
    let copy = inbox
        .page
        .entries
        .iter()
        .find(|e| e.near_duplicates > 0)
        .expect("the copies are grouped")
        .id;
    let spam = ReportSelection::NearDuplicatesOf(copy);
    let changed = instance
        .change_reports(
            &amira,
            &spam,
            BulkChange::Status(ReportStatus::Spam),
            "req",
            now,
        )
        .await
        .unwrap();
    assert_eq!(changed, 2, "both copies, not the other report");
    let nothing = ReportSelection::Reports(Vec::new());
    let unknown = BulkChange::Assign(Some(quietline_core::InvestigatorId::random()));
    assert_eq!(
        instance
            .change_reports(&amira, &nothing, unknown, "req", now)
            .await
            .unwrap(),
        0,
        "an empty selection changes nothing"
    );
}

#[tokio::test]
async fn every_report_gets_a_short_reference_even_one_stored_before_they_existed() {
    use sqlx::Connection;
    let (instance, dir, _recovery) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (amira, _, _) = enrolled(&instance, "amira", start).await;
    for narrative in ["first", "second", "third"] {
        submit(&instance, "en", "threats", narrative).await;
    }
    let inbox = instance
        .inbox(
            &amira,
            &InboxQuery {
                page: 1,
                per_page: 50,
                ..InboxQuery::default()
            },
        )
        .await
        .unwrap();
    let mut references: Vec<_> = inbox.entries.iter().map(|e| e.reference).collect();
    assert!(references.iter().all(Option::is_some), "{references:?}");
    references.sort();
    references.dedup();
    assert_eq!(references.len(), 3, "unique");
    instance.close().await;

    // As if stored before references existed (or a stop between storing and drawing).
    let url = format!(
        "sqlite:{}",
        dir.path().join("data").join("quietline.db").display()
    );
    let without = async || {
        let mut db = sqlx::SqliteConnection::connect(&url).await.unwrap();
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE reference IS NULL")
            .fetch_one(&mut db)
            .await
            .unwrap();
        db.close().await.unwrap();
        count
    };
    let mut db = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("UPDATE reports SET reference = NULL")
        .execute(&mut db)
        .await
        .unwrap();
    db.close().await.unwrap();
    assert_eq!(without().await, 3);
    let reopened = Instance::open(
        quietline_service::DataDir::new(dir.path().join("data")),
        None,
        ServiceConfig::default(),
    )
    .await
    .unwrap();
    reopened.close().await;
    assert_eq!(without().await, 0, "given at the next start");
}

#[tokio::test]
async fn a_visit_to_a_report_is_audited_once_and_the_page_knows_its_neighbours() {
    let (instance, _dir, _recovery) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (amira, _, _) = enrolled(&instance, "amira", start).await;
    let now = at(100, start);
    for narrative in ["first", "second", "third"] {
        submit(&instance, "en", "threats", narrative).await;
    }
    let listed = instance
        .inbox(
            &amira,
            &InboxQuery {
                page: 1,
                per_page: 50,
                ..InboxQuery::default()
            },
        )
        .await
        .unwrap();
    let ids: Vec<_> = listed.entries.iter().map(|e| e.id).collect();
    let opened = async |report: quietline_core::ReportId| {
        instance
            .audit_page(None, 1000)
            .await
            .unwrap()
            .iter()
            .filter(|e| {
                e.parsed_action() == Some(quietline_service::AuditAction::ReportOpened)
                    && e.subject == report.to_string()
            })
            .count()
    };

    // The page shown again and again (after each action on it) is one visit.
    let middle = instance
        .open_report(&amira, ids[1], "req", now)
        .await
        .unwrap();
    assert_eq!(
        middle.neighbours,
        (Some(ids[0]), Some(ids[2])),
        "as the inbox lists them"
    );
    instance
        .set_status(&amira, &[ids[1]], ReportStatus::InReview, "req", now)
        .await
        .unwrap();
    instance
        .open_report(&amira, ids[1], "req", now)
        .await
        .unwrap();
    instance
        .open_report(&amira, ids[1], "req", now)
        .await
        .unwrap();
    assert_eq!(opened(ids[1]).await, 1, "one entry a visit");
    // Another report, then back: a new visit.
    let top = instance
        .open_report(&amira, ids[0], "req", now)
        .await
        .unwrap();
    assert_eq!(top.neighbours, (None, Some(ids[1])));
    instance
        .open_report(&amira, ids[1], "req", now)
        .await
        .unwrap();
    assert_eq!(opened(ids[1]).await, 2);
    assert_eq!(opened(ids[0]).await, 1);
    // Spam is left out, as the inbox leaves it out.
    instance
        .set_status(&amira, &[ids[1]], ReportStatus::Spam, "req", now)
        .await
        .unwrap();
    let top = instance
        .open_report(&amira, ids[0], "req", now)
        .await
        .unwrap();
    assert_eq!(top.neighbours, (None, Some(ids[2])));
}

#[tokio::test]
async fn unread_is_each_investigators_own() {
    for (engine, instance, _dir, _recovery) in
        crate::fresh_instances(ServiceConfig::default()).await
    {
        let start = SystemClock.instant();
        let now = at(100, start);
        let (amira, _, _) = enrolled(&instance, "amira", start).await;
        let (bao, _, _) = enrolled(&instance, "bao", start).await;
        let receipt = submit(&instance, "en", "threats", "one").await;
        submit(&instance, "en", "threats", "two").await;
        instance
            .grant_access(&amira, "bao", "req", now)
            .await
            .unwrap();
        let bao = instance
            .investigator_session(&bao.session.0, now)
            .await
            .unwrap()
            .unwrap();
        let unread = InboxQuery {
            unread_only: true,
            sort: InboxSort::Unread,
            page: 1,
            per_page: 50,
            ..InboxQuery::default()
        };
        // (first words, unread, opened) of each unread row, most unread first.
        let rows = async |who: &Investigator| {
            instance
                .inbox(who, &unread)
                .await
                .unwrap()
                .entries
                .iter()
                .map(|e| {
                    (
                        e.summary.as_ref().unwrap().opening.clone(),
                        e.unread,
                        e.opened,
                    )
                })
                .collect::<Vec<_>>()
        };
        let id_of = async |opening: &str| {
            instance
                .inbox(
                    &amira,
                    &InboxQuery {
                        per_page: 50,
                        ..InboxQuery::default()
                    },
                )
                .await
                .unwrap()
                .entries
                .into_iter()
                .find(|e| e.summary.as_ref().unwrap().opening == opening)
                .unwrap()
                .id
        };
        let row = |opening: &str, unread, opened| (opening.to_owned(), unread, opened);
        let mut both = rows(&amira).await;
        both.sort();
        assert_eq!(
            both,
            vec![row("one", 1, false), row("two", 1, false)],
            "{engine}: new reports are unread"
        );
        assert_eq!(rows(&bao).await.len(), 2, "{engine}");

        // Amira opens the first report: read for her, still unread for Bao.
        let one = id_of("one").await;
        instance.open_report(&amira, one, "req", now).await.unwrap();
        assert_eq!(rows(&amira).await, vec![row("two", 1, false)], "{engine}");
        assert_eq!(rows(&bao).await.len(), 2, "{engine}: not read by him");

        // Its reporter answers: unread again for her (one reply), two items for him.
        let ReceiptOutcome::Accepted(access) = instance
            .open_receipt(&receipt, SystemClock.instant())
            .await
            .unwrap()
        else {
            panic!()
        };
        instance
            .begin_reply(&access, TODAY)
            .await
            .unwrap()
            .complete("more details")
            .await
            .unwrap();
        let mut amiras = rows(&amira).await;
        amiras.sort();
        assert_eq!(
            amiras,
            vec![row("one", 1, true), row("two", 1, false)],
            "{engine}"
        );
        assert_eq!(
            rows(&bao).await,
            vec![row("one", 2, false), row("two", 1, false)],
            "{engine}: most unread first: the report and its reply"
        );

        // Bao reads it; Amira's count is hers alone.
        instance.open_report(&bao, one, "req", now).await.unwrap();
        assert_eq!(rows(&bao).await, vec![row("two", 1, false)], "{engine}");
        assert_eq!(rows(&amira).await.len(), 2, "{engine}");
        instance.close().await;
    }
}
