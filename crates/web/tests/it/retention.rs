//! Retention in the workbench (issue 14): the inbox flags a report whose purge is near, its
//! page shows the day and postpones it (a refused day keeps what was typed), and the admin's
//! page lists what is due within 30 days.

use crate::helpers::{Options, spawn_app_with};
use crate::workbench::{csrf_of, first_report_id, report_with_file, sign_in_new};

#[tokio::test]
async fn a_report_due_for_purge_is_flagged_postponed_from_its_page_and_listed_for_the_admin() {
    // Kept 0 months after its last activity: due on the day it arrives.
    let app = spawn_app_with(Options {
        tweak: |config, _| config.retention_months = 0,
        ..Options::default()
    })
    .await;
    let (amira, _) = sign_in_new(&app, "amira", None).await;
    report_with_file(&app).await;
    let id = first_report_id(&app, &amira).await;
    let today = app.clock.now_date().to_string();
    let get = |path: String| {
        let amira = amira.clone();
        let url = app.url(&path);
        async move {
            let response = amira.get(url).send().await.unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };

    let (_, inbox) = get("/investigator/inbox".into()).await;
    assert!(inbox.contains(&format!("purge after {today}")), "{inbox}");
    let (status, admin) = get("/investigator/admin/retention".into()).await;
    assert_eq!(status, 200);
    assert!(admin.contains(&format!("/investigator/reports/{id}#retention")));
    assert!(admin.contains("No report has been purged."));

    let (_, page) = get(format!("/investigator/reports/{id}")).await;
    assert!(page.contains(&format!("Kept until <strong>{today}</strong>")));
    assert!(page.contains("due for purge within 30 days"));
    let csrf = csrf_of(&page);

    // A day that is not later: refused, with the day, the reason and the message box kept.
    let refused = amira
        .post(app.url(&format!("/investigator/reports/{id}/retention")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("retain_until", today.as_str()),
            ("retention_reason", "Asked by the prosecutor"),
            ("message", "A reply in progress"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let refused = refused.text().await.unwrap();
    assert!(refused.contains("Give a day written YYYY-MM-DD"));
    assert!(refused.contains(&format!("value=\"{today}\"")));
    assert!(refused.contains("Asked by the prosecutor"));
    assert!(refused.contains("A reply in progress"));

    let later = (app.clock.now_date() + time::Duration::days(400)).to_string();
    let postponed = amira
        .post(app.url(&format!("/investigator/reports/{id}/retention")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("retain_until", later.as_str()),
            ("retention_reason", "Asked by the prosecutor"),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        postponed.status().is_redirection(),
        "{}",
        postponed.status()
    );
    let (_, page) = get(format!("/investigator/reports/{id}")).await;
    assert!(page.contains(&format!("Kept until <strong>{later}</strong> (postponed)")));
    assert!(!page.contains("due for purge within 30 days"));
    let (_, inbox) = get("/investigator/inbox".into()).await;
    assert!(!inbox.contains("purge after"));
    let (_, admin) = get("/investigator/admin/retention".into()).await;
    assert!(admin.contains("No report is due for purge in the next 30 days."));
    let (_, audit) = get("/investigator/admin/audit".into()).await;
    assert!(audit.contains("retention postponed"));
    assert!(audit.contains(&later));
    assert!(!audit.contains("prosecutor"), "the reason is sealed");
}
