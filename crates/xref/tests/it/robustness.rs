//! No panic on any input: arbitrary bytes and arbitrary JSON through the parser and the engine,
//! and structurally valid records whose every field value is hostile (control and bidi characters,
//! combining marks alone, full-width digits, very long runs) still parse, link and keep their
//! identity.

use proptest::prelude::*;
use quietline_xref::{Index, parse_line};

fn any_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        ".{0,40}".prop_map(serde_json::Value::String),
        "[0-9 ()+.-]{0,25}".prop_map(serde_json::Value::String),
        "[陳陈偉伟黃王志明 A-Za-z'-]{0,12}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("id".to_string()),
                    Just("kind".to_string()),
                    Just("names".to_string()),
                    Just("phones".to_string()),
                    Just("emails".to_string()),
                    Just("wechat".to_string()),
                    Just("addresses".to_string()),
                    Just("city".to_string()),
                    Just("country".to_string()),
                    ".{0,8}",
                ],
                inner,
                0..8,
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A field value an attacker or a broken client might send.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,60}",
        "[\u{202A}-\u{202E}\u{2066}-\u{2069}\u{200B}-\u{200F}\u{FEFF}]{1,6}[陳陈偉伟黃王志明 A-Za-z'-]{0,12}",
        "\\p{M}{1,30}",
        "[0-9\u{FF10}-\u{FF19}+() .-]{0,40}",
        "[\x00-\x1F\x7F]{1,12}",
        "[@._+a-z-]{0,30}",
        "[ぁ-んア-ン가-힣ئ-ي\u{0F40}-\u{0F6C}]{1,20}",
        (1usize..4000).prop_map(|n| "陈".repeat(n)),
        (1usize..4000).prop_map(|n| "9".repeat(n)),
    ]
}

/// A person, site or organisation record with hostile values in every field, and one e-mail
/// address that is unique to it (so that it has a strong identifier of its own).
fn hostile_record(position: usize) -> impl Strategy<Value = serde_json::Value> {
    let list = || prop::collection::vec(hostile_text(), 0..4);
    (
        0usize..3,
        list(),
        list(),
        list(),
        list(),
        list(),
        hostile_text(),
        prop_oneof![
            Just("CA".to_string()),
            Just("NL".to_string()),
            hostile_text()
        ],
    )
        .prop_map(
            move |(kind, names, phones, mut emails, wechat, addresses, city, country)| {
                emails.push(format!("anchor{position}@example.org"));
                let kind = ["person", "site", "organization"][kind];
                serde_json::json!({
                    "id": format!("r{position}"),
                    "kind": kind,
                    "names": names,
                    "phones": phones,
                    "emails": emails,
                    "wechat": wechat,
                    "addresses": addresses,
                    "city": city,
                    "country": country,
                })
            },
        )
}

fn hostile_records() -> impl Strategy<Value = Vec<serde_json::Value>> {
    (1usize..10).prop_flat_map(|n| (0..n).map(hostile_record).collect::<Vec<_>>())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn hostile_values_in_valid_records_parse_and_link_each_to_its_copy(values in hostile_records()) {
        let n = values.len();
        let mut records = Vec::new();
        for (i, value) in values.iter().enumerate() {
            let parsed = parse_line(&value.to_string(), i as u64 + 1);
            prop_assert!(parsed.is_ok(), "record {i} refused: {value}");
            if let Ok((record, _diagnostics)) = parsed {
                records.push(record);
            }
        }
        prop_assert_eq!(records.len(), n);
        let mut index = Index::new();
        index.add(records.clone());
        index.add(records);
        prop_assert_eq!(index.len(), 2 * n);
        for p in 0..n {
            let (original, copy) = (index.entity(p), index.entity(p + n));
            prop_assert!(original.is_some());
            prop_assert_eq!(original, copy, "record {} and its copy", p);
            // Only a copy shares the record's own e-mail; others may link through hostile values.
            prop_assert!(index.links(p).iter().any(|l| l.to == p + n), "no link to the copy of {}", p);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let mut index = Index::new();
        let mut records = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if let Ok((r, _)) = parse_line(line, i as u64 + 1) {
                records.push(r);
            }
        }
        index.add(records);
    }

    #[test]
    fn arbitrary_records_never_panic(values in prop::collection::vec(any_json(), 1..12), kind in 0usize..4) {
        let kinds = ["person", "site", "organization", "other"];
        let mut records = Vec::new();
        for (i, v) in values.into_iter().enumerate() {
            let mut v = v;
            if let serde_json::Value::Object(m) = &mut v {
                m.entry("id").or_insert(serde_json::json!(format!("r{i}")));
                m.entry("kind").or_insert(serde_json::json!(kinds[kind]));
            }
            if let Ok((r, _)) = parse_line(&v.to_string(), i as u64 + 1) {
                records.push(r);
            }
        }
        let n = records.len();
        let mut index = Index::new();
        index.add(records.clone());
        // Adding the same records again links each to its copy.
        index.add(records);
        for p in 0..n {
            prop_assert!(index.entity(p).is_some());
            let _ = index.links(p);
        }
    }
}

/// Found by the `xref_records` fuzz target (2026-12-02): a record with more than 64 e-mail
/// addresses keeps the first 64 (`MAX_VALUES`) and says so; the fuzz target had put the
/// address that links a record to its copy last, where the cap dropped it. The cap is the
/// engine's promise; what is kept links.
#[test]
fn a_record_with_more_than_64_values_keeps_the_first_64_says_so_and_links_by_them() {
    let mut emails: Vec<String> = vec!["kept@example.org".to_owned()];
    emails.extend((0..70).map(|i| format!("\u{1}{i}")));
    emails.push("dropped@example.org".to_owned());
    let line = |id: &str, email: &[String]| {
        serde_json::json!({"id": id, "kind": "person", "names": ["t8."], "emails": email})
            .to_string()
    };
    let (first, warnings) = parse_line(&line("a", &emails), 1).expect("the record parses");
    assert!(
        warnings
            .iter()
            .any(|w| w.to_string().contains("only the first 64")),
        "{warnings:?}"
    );
    let (copy, _) = parse_line(&line("b", &emails), 2).unwrap();
    let (other, _) = parse_line(&line("c", &["dropped@example.org".to_owned()]), 3).unwrap();
    let mut index = Index::new();
    index.add(vec![first, copy, other]);
    assert_eq!(
        index.entity(0),
        index.entity(1),
        "linked by the address kept"
    );
    assert_ne!(
        index.entity(0),
        index.entity(2),
        "the address past the cap is not used"
    );
}
