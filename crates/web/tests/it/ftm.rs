//! The FollowTheMoney export over real HTTP (issue 14, point 7): reports filed through the
//! form in several languages with every combination of the police and partner consents, a
//! site with the bureau claimed to run it, the admin's download for police, then the real
//! `followthemoney` package from PyPI (`ftm validate`, `ftm aggregate`, and its schema's
//! required properties) on the file, and what must and must not be in it.
//!
//! The package is installed by .ci/run in a virtual environment whose `ftm` it names in
//! `QUIETLINE_TEST_FTM`. Without it the test says so and is skipped; under CI it fails.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use regex::Regex;
use serde_json::Value;

use crate::helpers::{TestApp, receipt_in, spawn_app};
use crate::workbench::{csrf_of, sign_in_new};

/// The `ftm` command of the virtual environment .ci/run makes, if there is one.
fn ftm_command() -> Option<PathBuf> {
    let Some(path) = std::env::var_os("QUIETLINE_TEST_FTM") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but QUIETLINE_TEST_FTM is not: the FollowTheMoney export would not be \
             validated (.ci/run installs followthemoney and sets it)"
        );
        eprintln!(
            "skipped: QUIETLINE_TEST_FTM does not name an `ftm` command (python3 -m venv \
             target/ftm-venv && target/ftm-venv/bin/pip install followthemoney==4.11.2, as \
             .ci/run does)"
        );
        return None;
    };
    let path = PathBuf::from(path);
    // A path relative to the workspace, as .ci/run may give it.
    let path = if path.is_relative() {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(path)
    } else {
        path
    };
    assert!(path.exists(), "QUIETLINE_TEST_FTM: no {}", path.display());
    Some(path)
}

/// Runs `program args` with `input` on its standard input; its standard output.
fn run(program: &std::path::Path, args: &[&str], input: &str) -> String {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "{} {args:?} failed: {}",
        program.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn entities(lines: &str) -> Vec<Value> {
    lines
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Every (id, schema, property, value) of the entities.
fn values(entities: &[Value]) -> BTreeSet<(String, String, String, String)> {
    let mut out = BTreeSet::new();
    for e in entities {
        for (prop, vals) in e["properties"].as_object().unwrap() {
            for v in vals.as_array().unwrap() {
                out.insert((
                    e["id"].as_str().unwrap().to_owned(),
                    e["schema"].as_str().unwrap().to_owned(),
                    prop.clone(),
                    v.as_str().unwrap().to_owned(),
                ));
            }
        }
    }
    out
}

fn of_schema<'a>(entities: &'a [Value], schema: &str) -> Vec<&'a Value> {
    entities.iter().filter(|e| e["schema"] == schema).collect()
}

fn prop(entity: &Value, name: &str) -> Vec<String> {
    entity["properties"][name]
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

async fn file(app: &TestApp, lang: &str, fields: &[(&str, &str)]) {
    let response = app.submit(lang, fields, Vec::new()).await;
    assert_eq!(response.status(), 200, "report accepted");
    receipt_in(&response.text().await.unwrap());
}

#[tokio::test]
async fn the_ftm_export_for_police_holds_only_consenting_reports_and_validates_with_followthemoney()
{
    let Some(ftm) = ftm_command() else {
        return;
    };
    let app = spawn_app().await;
    let (admin, _) = sign_in_new(&app, "amira", None).await;
    let (colleague, _) = sign_in_new(&app, "bao", None).await;

    // Police yes, partners yes: a person in Chinese script with a WeChat ID and a phone, the
    // one who called, and an organisation.
    file(
        &app,
        "zh-Hans",
        &[
            ("subject", "happened_to_me"),
            ("incident", "threats"),
            ("incident", "online_contact"),
            ("narrative", "NARRATIVE-MARKER-7d1 他给我母亲打电话。"),
            ("when_precision", "exact"),
            ("when_date", "2024-03-05"),
            ("country", "CA"),
            ("city", "Toronto"),
            ("place_name", "多伦多海外服务站"),
            ("place_address", "5-1200 Maplewood Ave"),
            ("person1_names", "陈伟"),
            ("person1_role", "official_or_agent"),
            ("person1_phones", "+86 138 0013 8000"),
            ("person1_wechat", "wxid_chenwei_ftm"),
            ("person1_description", "DESCRIPTION-MARKER-7d1"),
            ("person2_names", "王芳"),
            ("person2_role", "family_member"),
            ("person2_emails", "wang.fang@example.com"),
            ("org1_name", "多伦多福清同乡会"),
            ("org1_details", "DETAILS-MARKER-7d1"),
            ("consent", "share_police"),
            ("consent", "share_partners"),
        ],
    )
    .await;
    // Police yes, partners no: the same man, romanised, with the same phone written
    // another way, and another account.
    file(
        &app,
        "en",
        &[
            ("subject", "happened_to_someone"),
            ("incident", "family_pressure"),
            ("narrative", "He phoned my cousin's parents."),
            ("when_precision", "month"),
            ("when_month", "2024-05"),
            ("country", "CA"),
            ("city", "Toronto"),
            ("person1_names", "CHAN Wai"),
            ("person1_role", "intermediary"),
            ("person1_phones", "0086 138 0013 8000"),
            ("person1_accounts", "Telegram: @chanwai_ftm"),
            ("consent", "share_police"),
        ],
    )
    .await;
    // Police no, partners yes.
    file(
        &app,
        "fr",
        &[
            ("subject", "happened_to_me"),
            ("incident", "surveillance"),
            ("narrative", "Quelqu'un me suit."),
            ("country", "FR"),
            ("city", "Paris"),
            ("person1_names", "Zhou Xiaotong"),
            ("person1_phones", "+33 6 12 34 56 78"),
            ("person1_wechat", "wxid_nopolice_only"),
            ("consent", "share_partners"),
        ],
    )
    .await;
    // Neither.
    file(
        &app,
        "zh-Hant",
        &[
            ("subject", "happened_to_me"),
            ("incident", "harassment"),
            ("narrative", "有人騷擾我。"),
            ("country", "CA"),
            ("city", "Toronto"),
            ("person1_names", "林秀英"),
            ("person1_phones", "(416) 555-0144"),
            ("consent", "follow_up"),
        ],
    )
    .await;

    // A site of the registry with the bureau claimed to run it.
    let new = admin
        .get(app.url("/investigator/sites/new"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let created = admin
        .post(app.url("/investigator/sites"))
        .form(&[
            ("csrf", csrf_of(&new).as_str()),
            (
                "names",
                "Toronto Overseas Service Station\n多伦多华侨服务站",
            ),
            ("address", "1200 Maplewood Ave"),
            ("city", "Toronto"),
            ("country", "CA"),
            ("lat", ""),
            ("lon", ""),
            ("precision", "exact"),
            ("type", "station"),
            ("agency", "Fuzhou Public Security Bureau"),
            ("level", "corroborated"),
            ("notes", "SITE-NOTE-MARKER-7d1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 303);

    // Admins only: an investigator is refused the page and the file.
    assert_eq!(
        colleague
            .get(app.url("/investigator/admin/ftm"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let page = admin
        .get(app.url("/investigator/admin/ftm"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"value="police""#), "{page}");
    let csrf = csrf_of(&page);
    let refused = admin
        .post(app.url("/investigator/admin/ftm"))
        .form(&[("csrf", csrf.as_str()), ("purpose", "everyone")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400, "no such purpose");

    let response = admin
        .post(app.url("/investigator/admin/ftm"))
        .form(&[("csrf", csrf.as_str()), ("purpose", "police")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "application/x-ndjson"
    );
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        Regex::new(r#"^attachment; filename="quietline-police-\d{4}-\d{2}-\d{2}\.ftm\.json"$"#)
            .unwrap()
            .is_match(&disposition),
        "{disposition}"
    );
    let export = response.text().await.unwrap();
    let written = entities(&export);

    // The first line counts what was left out, and nothing else about it.
    let first = &written[0];
    assert_eq!(first["schema"], "Note");
    let summary = prop(first, "description").join(" ");
    assert!(summary.contains("Reports included: 2"), "{summary}");
    assert!(
        summary.contains("Left out: 2 without that consent"),
        "{summary}"
    );

    // Nothing of the reports without police consent, nor anything beyond names and
    // identifiers of the others.
    for absent in [
        "Zhou Xiaotong",
        "wxid_nopolice_only",
        "+33612345678",
        "612345678",
        "林秀英",
        "+14165550144",
        "555-0144",
        "NARRATIVE-MARKER",
        "DESCRIPTION-MARKER",
        "DETAILS-MARKER",
        "SITE-NOTE-MARKER",
        "騷擾",
    ] {
        assert!(!export.contains(absent), "{absent} is in the export");
    }

    // `ftm validate` re-reads every entity against the schema and cleans every value; it
    // drops what does not fit, so nothing may change on the way.
    let validated = entities(&run(&ftm, &["validate"], &export));
    assert_eq!(validated.len(), written.len());
    let (before, after) = (values(&written), values(&validated));
    assert_eq!(
        before.difference(&after).collect::<Vec<_>>(),
        Vec::<&(String, String, String, String)>::new(),
        "values the schema does not accept as written"
    );
    // Required properties, with the package's own model.
    let python = ftm.with_file_name("python");
    let problems = run(
        &python,
        &[
            "-c",
            "import sys, json\n\
             from followthemoney import model\n\
             for line in sys.stdin:\n\
             \x20   e = json.loads(line)\n\
             \x20   schema = model.get(e['schema'])\n\
             \x20   assert schema is not None and not schema.abstract, e['schema']\n\
             \x20   for p in schema.required:\n\
             \x20       if not e['properties'].get(p):\n\
             \x20           print(e['id'], e['schema'], 'lacks', p)\n\
             \x20   model.get_proxy(e)\n",
        ],
        &export,
    );
    assert_eq!(problems, "", "entities without a required property");

    // Every schema the issue names is there.
    for schema in [
        "Person",
        "Organization",
        "PublicBody",
        "Address",
        "UserAccount",
        "Mention",
        "Note",
        "Event",
        "Document",
        "UnknownLink",
    ] {
        assert!(
            !of_schema(&written, schema).is_empty(),
            "no {schema} in {export}"
        );
    }
    // Two reports name the same man (same phone): two fragments of one person, two mentions.
    let chen: Vec<&Value> = of_schema(&written, "Person")
        .into_iter()
        .filter(|p| prop(p, "phone").contains(&"+8613800138000".to_owned()))
        .collect();
    assert_eq!(chen.len(), 2, "one fragment per report");
    assert_eq!(chen[0]["id"], chen[1]["id"], "one entity");
    let chen_id = chen[0]["id"].as_str().unwrap().to_owned();
    let mentions: Vec<&Value> = of_schema(&written, "Mention")
        .into_iter()
        .filter(|m| prop(m, "resolved") == [chen_id.clone()])
        .collect();
    assert_eq!(mentions.len(), 2);
    let mut mentioned: Vec<String> = mentions.iter().flat_map(|m| prop(m, "name")).collect();
    mentioned.sort();
    assert_eq!(mentioned, ["CHAN Wai", "陈伟"]);
    // Ids are ours, never made of a name or a number.
    let ours = Regex::new(r"^ql-[a-z-]+-[0-9a-f]{32}(-[a-z0-9]+)*$").unwrap();
    for e in &written {
        let id = e["id"].as_str().unwrap();
        assert!(ours.is_match(id), "{id}");
    }
    // Accounts: the WeChat ID and the Telegram handle, owned by him.
    let accounts: BTreeMap<String, (Vec<String>, Vec<String>)> = of_schema(&written, "UserAccount")
        .into_iter()
        .map(|a| {
            (
                prop(a, "username").join(""),
                (prop(a, "service"), prop(a, "owner")),
            )
        })
        .collect();
    assert_eq!(
        accounts["wxid_chenwei_ftm"],
        (vec!["WeChat".to_owned()], vec![chen_id.clone()])
    );
    assert_eq!(
        accounts["@chanwai_ftm"],
        (vec!["Telegram".to_owned()], vec![chen_id.clone()])
    );
    // His roles as each reporter gave them, on each report's incident.
    let roles: BTreeSet<String> = of_schema(&written, "UnknownLink")
        .into_iter()
        .filter(|l| prop(l, "subject") == [chen_id.clone()])
        .flat_map(|l| prop(l, "role"))
        .collect();
    assert_eq!(
        roles,
        BTreeSet::from(["intermediary".to_owned(), "official or agent".to_owned()])
    );
    // Incidents dated as precisely as given, with who was involved.
    let mut dates: Vec<String> = of_schema(&written, "Event")
        .into_iter()
        .flat_map(|e| prop(e, "date"))
        .collect();
    dates.sort();
    assert_eq!(dates, ["2024-03-05", "2024-05"]);
    assert!(
        of_schema(&written, "Event")
            .iter()
            .all(|e| prop(e, "involved").contains(&chen_id))
    );
    // The bureau, and the station it is claimed to run.
    let bureau = of_schema(&written, "PublicBody")[0];
    assert_eq!(prop(bureau, "name"), ["Fuzhou Public Security Bureau"]);
    assert!(of_schema(&written, "UnknownLink").iter().any(|l| {
        prop(l, "object") == [bureau["id"].as_str().unwrap().to_owned()]
            && prop(l, "role")
                .join("")
                .starts_with("Operating agency, as claimed")
    }));
    assert!(export.contains("wang.fang@example.com"), "her e-mail");

    // `ftm aggregate` merges the fragments: one person with both names.
    let merged = entities(&run(&ftm, &["aggregate"], &export));
    let ids: BTreeSet<&str> = written.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(merged.len(), ids.len(), "one entity per id");
    assert!(merged.len() < written.len(), "fragments were merged");
    let chen = merged.iter().find(|e| e["id"] == chen_id.as_str()).unwrap();
    let mut names = prop(chen, "name");
    names.sort();
    assert_eq!(names, ["CHAN Wai", "陈伟"]);

    // Audited with its purpose and counts.
    let audit = admin
        .get(app.url("/investigator/admin/audit"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .replace("&#34;", "\"")
        .replace("&quot;", "\"");
    for part in [
        r#""what":"ftm""#,
        r#""purpose":"police""#,
        r#""reports":2"#,
        r#""left_out":2"#,
    ] {
        assert!(audit.contains(part), "{part} in {audit}");
    }

    // For partner organisations: the other two reports that consented to it.
    let partners = admin
        .post(app.url("/investigator/admin/ftm"))
        .form(&[("csrf", csrf.as_str()), ("purpose", "partners")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(partners.contains("Zhou Xiaotong") && partners.contains("陈伟"));
    assert!(!partners.contains("CHAN Wai") && !partners.contains("林秀英"));
    assert!(
        prop(&entities(&partners)[0], "description")
            .join("")
            .contains("Left out: 2 without that consent")
    );
}
