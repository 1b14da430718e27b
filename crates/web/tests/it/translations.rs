//! Every user-visible string is translated: each locale has exactly the keys of English,
//! and every key the code and templates use exists.

use std::collections::BTreeSet;
use std::path::Path;

use quietline_core::ReportStatus;
use quietline_core::taxonomy::{
    COUNTRIES, Consent, Demand, Incident, PersonRole, PlaceKind, Subject, WhenPrecision,
};
use regex::Regex;

fn keys(path: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let re = Regex::new(r"(?m)^([a-zA-Z][a-zA-Z0-9_-]*) =").unwrap();
    re.captures_iter(&text).map(|c| c[1].to_string()).collect()
}

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_locale_has_exactly_the_english_keys() {
    let locales = crate_dir().join("locales");
    let english = keys(&locales.join("en").join("main.ftl"));
    assert!(english.len() > 200);
    let mut seen = 0;
    for entry in std::fs::read_dir(&locales).unwrap() {
        let dir = entry.unwrap().path();
        let other = keys(&dir.join("main.ftl"));
        let missing: Vec<_> = english.difference(&other).collect();
        let extra: Vec<_> = other.difference(&english).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: missing {missing:?}, extra {extra:?}",
            dir.display()
        );
        seen += 1;
    }
    assert!(seen >= 4);
}

#[test]
fn every_key_the_pages_use_exists() {
    let english = keys(&crate_dir().join("locales").join("en").join("main.ftl"));
    let mut used = BTreeSet::new();
    let literal = Regex::new(r#"\bt[1n]?\(\s*"([a-z0-9_-]+)""#).unwrap();
    // Every template and source file, in every folder (workbench/ included).
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    for dir in ["templates", "src"] {
        walk(&crate_dir().join(dir), &mut paths);
    }
    for nested in [
        "templates/workbench/report.html",
        "src/pages/report_form.rs",
    ] {
        assert!(
            paths.contains(&crate_dir().join(nested)),
            "the scan reaches {nested}"
        );
    }
    let sources: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    for source in &sources {
        used.extend(literal.captures_iter(source).map(|c| c[1].to_string()));
    }
    // Keys built from taxonomy codes.
    let codes = |prefix: &str, codes: Vec<&str>| {
        codes
            .into_iter()
            .map(move |c| format!("{prefix}-{c}"))
            .collect::<Vec<_>>()
    };
    used.extend(codes(
        "subject",
        Subject::ALL.iter().map(|c| c.code()).collect(),
    ));
    used.extend(codes(
        "incident",
        Incident::ALL.iter().map(|c| c.code()).collect(),
    ));
    used.extend(codes(
        "demand",
        Demand::ALL.iter().map(|c| c.code()).collect(),
    ));
    used.extend(codes(
        "when",
        WhenPrecision::ALL.iter().map(|c| c.code()).collect(),
    ));
    used.extend(codes(
        "place-kind",
        PlaceKind::ALL.iter().map(|c| c.code()).collect(),
    ));
    used.extend(codes(
        "role",
        PersonRole::ALL.iter().map(|c| c.code()).collect(),
    ));
    used.extend(codes(
        "consent",
        Consent::ALL.iter().map(|c| c.code()).collect(),
    ));
    used.extend(codes(
        "status",
        ReportStatus::ALL.iter().map(|c| c.code()).collect(),
    ));
    used.extend(codes("country", COUNTRIES.to_vec()));
    for field in [
        "names",
        "phones",
        "wechat",
        "emails",
        "accounts",
        "description",
    ] {
        used.insert(format!("person-{field}-label"));
    }
    for field in ["name", "details"] {
        used.insert(format!("org-{field}-label"));
    }
    let missing: Vec<_> = used.difference(&english).collect();
    assert!(
        missing.is_empty(),
        "used but not in en/main.ftl: {missing:?}"
    );
    assert!(used.len() > 150, "the scan found only {} keys", used.len());
}
