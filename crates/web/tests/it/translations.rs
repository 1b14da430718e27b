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

/// Each message's `{ $variable }`s, by key.
fn variables(path: &Path) -> std::collections::BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let message = Regex::new(r"(?m)^([a-zA-Z][a-zA-Z0-9_-]*) = (.*)$").unwrap();
    let variable = Regex::new(r"\{\s*\$([a-z_]+)\s*\}").unwrap();
    message
        .captures_iter(&text)
        .map(|c| {
            let vars = variable
                .captures_iter(&c[2])
                .map(|v| v[1].to_string())
                .collect();
            (c[1].to_string(), vars)
        })
        .collect()
}

fn locale_dirs() -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(crate_dir().join("locales"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_translation_uses_exactly_the_english_variables() {
    let english = variables(&crate_dir().join("locales/en/main.ftl"));
    for dir in locale_dirs() {
        let other = variables(&dir.join("main.ftl"));
        for (key, vars) in &english {
            assert_eq!(
                other.get(key),
                Some(vars),
                "{}: {key} must use {vars:?}",
                dir.display()
            );
        }
    }
}

#[test]
fn each_locale_says_whether_a_native_speaker_reviewed_it_and_the_docs_agree() {
    let operators = std::fs::read_to_string(crate_dir().join("../../docs/operators.md")).unwrap();
    let readme = std::fs::read_to_string(crate_dir().join("../../README.md")).unwrap();
    for dir in locale_dirs() {
        let tag = dir.file_name().unwrap().to_str().unwrap().to_owned();
        let text = std::fs::read_to_string(dir.join("main.ftl")).unwrap();
        let header = text
            .lines()
            .take_while(|l| l.starts_with("###"))
            .find_map(|l| l.strip_prefix("### Review: "))
            .unwrap_or_else(|| panic!("{tag}: no \"### Review:\" line in the header"));
        let lang = quietline_web::Lang::from_tag(&tag).unwrap();
        let status = lang.review().code();
        let agrees = match status {
            "source" => header.starts_with("the source text"),
            "native" => header.starts_with("reviewed by a native speaker"),
            _ => header.starts_with("not yet reviewed by a native speaker"),
        };
        assert!(
            agrees,
            "{tag}: language-review = {status}, header says {header:?}"
        );
        // docs/operators.md has a row per language: | name | `tag` | status |
        let row = format!("| {} | `{tag}` | {status} |", lang.name());
        assert!(operators.contains(&row), "docs/operators.md lacks {row:?}");
        assert!(
            readme.contains(&lang.name()),
            "README.md does not name {tag}"
        );
    }
}

#[test]
fn uyghur_and_tibetan_messages_are_written_in_their_own_script() {
    // Messages that are the same in every language (the unit symbols are written in Latin
    // letters in Uyghur and Tibetan text too).
    let same_everywhere = [
        "site-name",
        "language-direction",
        "language-review",
        "number-decimal-separator",
        "size-kib",
        "size-mib",
        "size-gib",
        "size-tib",
    ];
    let message = Regex::new(r"(?m)^([a-zA-Z][a-zA-Z0-9_-]*) = (.*)$").unwrap();
    for (tag, script) in [
        ("ug", '\u{0600}'..='\u{06FF}'),
        ("bo", '\u{0F00}'..='\u{0FFF}'),
    ] {
        let text =
            std::fs::read_to_string(crate_dir().join(format!("locales/{tag}/main.ftl"))).unwrap();
        for c in message.captures_iter(&text) {
            if same_everywhere.contains(&&c[1]) {
                continue;
            }
            assert!(
                c[2].chars().any(|ch| script.contains(&ch)),
                "{tag}: {} is not translated: {}",
                &c[1],
                &c[2]
            );
        }
    }
}

#[test]
fn the_tibetan_font_was_made_for_the_tibetan_text_of_the_pages() {
    // static/fonts/generate.sh writes the Tibetan runs it subset the font for; the same
    // extraction here tells whether the translation changed since (then run the script).
    let text = std::fs::read_to_string(crate_dir().join("locales/bo/main.ftl")).unwrap();
    let run = Regex::new("[\u{0F00}-\u{0FFF}]+").unwrap();
    let mut runs: Vec<&str> = Vec::new();
    for line in text.lines() {
        let Some((_, value)) = line.split_once(" = ") else {
            continue;
        };
        if line.starts_with('#') {
            continue;
        }
        for m in run.find_iter(value) {
            if !runs.contains(&m.as_str()) {
                runs.push(m.as_str());
            }
        }
    }
    let made_for = std::fs::read_to_string(crate_dir().join("static/fonts/tibetan.text")).unwrap();
    assert!(
        made_for == format!("{}\n", runs.join("\n")),
        "locales/bo/main.ftl changed since the Tibetan font was made: run \
         bash crates/web/static/fonts/generate.sh"
    );
    let font = std::fs::read(crate_dir().join("static/fonts/tibetan.woff2")).unwrap();
    assert!(
        font.starts_with(b"wOF2") && font.len() < 40 * 1024,
        "{} bytes",
        font.len()
    );
}
