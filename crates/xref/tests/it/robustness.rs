//! No panic on any input: arbitrary bytes and arbitrary JSON through the parser and the engine.

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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

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
