//! The input record and its JSON-lines form.
//!
//! `{"id": str, "kind": "person" | "site" | "organization", "names": [str], "phones": [str],
//! "emails": [str], "wechat": [str], "addresses": [str], "city": str, "country": str}`. Absent
//! fields are empty and unknown fields are ignored. Parsing is lenient where meaning is clear (a
//! single string where a list is expected, a numeric id) and says so in a diagnostic; it fails
//! only when there is no record to speak of (not JSON, not an object, no id).

use crate::{Diagnostic, Error};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Longest accepted input line, in bytes (1 MiB). Longer lines are reported and skipped.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// Most values kept per list field; the rest are ignored with a warning.
pub const MAX_VALUES: usize = 64;
/// Longest value kept, in bytes; longer values are truncated with a warning.
pub const MAX_VALUE_BYTES: usize = 1000;

/// What a record describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Kind {
    /// A person (agent, contact, volunteer...).
    #[default]
    Person,
    /// A place: a station, office or premises.
    Site,
    /// An association, company or other body.
    Organization,
    /// Absent or unrecognised kind: the record is kept but never linked.
    Other,
}

/// One input record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Record {
    /// Caller's identifier, echoed in the output.
    pub id: String,
    /// What the record describes.
    pub kind: Kind,
    /// Names in any script or romanisation.
    pub names: Vec<String>,
    /// Phone numbers in any format.
    pub phones: Vec<String>,
    /// E-mail addresses.
    pub emails: Vec<String>,
    /// WeChat IDs.
    pub wechat: Vec<String>,
    /// Postal addresses.
    pub addresses: Vec<String>,
    /// City, free text.
    pub city: String,
    /// ISO 3166-1 alpha-2 country code; also the default region for phone numbers.
    pub country: String,
}

impl Record {
    /// A record with an id and kind and every other field empty (fill the fields directly).
    pub fn new(id: impl Into<String>, kind: Kind) -> Record {
        Record {
            id: id.into(),
            kind,
            ..Record::default()
        }
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn clip(s: &str, field: &str, id: &str, diags: &mut Vec<Diagnostic>) -> String {
    if s.len() > MAX_VALUE_BYTES {
        diags.push(Diagnostic::warning(
            id,
            format!("a value of \"{field}\" is longer than {MAX_VALUE_BYTES} bytes; truncated"),
        ));
        crate::text::truncate(s, MAX_VALUE_BYTES).to_string()
    } else {
        s.to_string()
    }
}

fn list(
    obj: &serde_json::Map<String, Value>,
    field: &str,
    id: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let values: Vec<&Value> = match obj.get(field) {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v @ Value::String(_)) => vec![v],
        Some(v) => {
            diags.push(Diagnostic::warning(
                id,
                format!(
                    "\"{field}\" should be a list of strings, found {}; ignored",
                    type_name(v)
                ),
            ));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for v in values {
        match v {
            Value::String(s) if s.trim().is_empty() => {}
            Value::String(s) => out.push(clip(s, field, id, diags)),
            Value::Number(n) => out.push(n.to_string()),
            other => diags.push(Diagnostic::warning(
                id,
                format!(
                    "a value of \"{field}\" is {}, not a string; ignored",
                    type_name(other)
                ),
            )),
        }
    }
    if out.len() > MAX_VALUES {
        diags.push(Diagnostic::warning(
            id,
            format!(
                "\"{field}\" has {} values; only the first {MAX_VALUES} are used",
                out.len()
            ),
        ));
        out.truncate(MAX_VALUES);
    }
    out
}

fn text(
    obj: &serde_json::Map<String, Value>,
    field: &str,
    id: &str,
    diags: &mut Vec<Diagnostic>,
) -> String {
    match obj.get(field) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => clip(s.trim(), field, id, diags),
        Some(v) => {
            diags.push(Diagnostic::warning(
                id,
                format!(
                    "\"{field}\" should be a string, found {}; ignored",
                    type_name(v)
                ),
            ));
            String::new()
        }
    }
}

/// Parses one JSON line (`line` is its 1-based number, used in errors and diagnostics).
pub fn parse_line(json: &str, line: u64) -> Result<(Record, Vec<Diagnostic>), Error> {
    let value: Value = serde_json::from_str(json).map_err(|source| Error::Json { line, source })?;
    let Value::Object(obj) = value else {
        return Err(Error::NotAnObject {
            line,
            found: type_name(&value),
        });
    };
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err(Error::MissingId { line }),
    };
    let mut diags = Vec::new();
    let id = clip(&id, "id", &id, &mut diags);
    let kind = match obj.get("kind") {
        Some(Value::String(k)) => match k.trim().to_lowercase().as_str() {
            "person" => Kind::Person,
            "site" => Kind::Site,
            "organization" | "organisation" => Kind::Organization,
            other => {
                diags.push(Diagnostic::warning(
                    &id,
                    format!("unknown kind {other:?}; the record is kept but not linked"),
                ));
                Kind::Other
            }
        },
        _ => {
            diags.push(Diagnostic::warning(
                &id,
                "no \"kind\"; the record is kept but not linked",
            ));
            Kind::Other
        }
    };
    let record = Record {
        names: list(&obj, "names", &id, &mut diags),
        phones: list(&obj, "phones", &id, &mut diags),
        emails: list(&obj, "emails", &id, &mut diags),
        wechat: list(&obj, "wechat", &id, &mut diags),
        addresses: list(&obj, "addresses", &id, &mut diags),
        city: text(&obj, "city", &id, &mut diags),
        country: text(&obj, "country", &id, &mut diags),
        kind,
        id,
    };
    for d in &mut diags {
        d.line = Some(line);
    }
    Ok((record, diags))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_where_meaning_is_clear() {
        let (r, d) = parse_line(
            r#"{"id":7,"kind":"Person","names":"陈伟","phones":[4165550199, null],"x":1}"#,
            3,
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(r.id, "7");
        assert_eq!(r.kind, Kind::Person);
        assert_eq!(r.names, ["陈伟"]);
        assert_eq!(r.phones, ["4165550199"]);
        assert_eq!(d.len(), 1);
        assert_eq!(d.first().and_then(|d| d.line), Some(3));
    }

    #[test]
    fn clear_errors() {
        assert!(matches!(
            parse_line("{", 1),
            Err(Error::Json { line: 1, .. })
        ));
        assert!(matches!(
            parse_line("[1]", 2),
            Err(Error::NotAnObject { line: 2, .. })
        ));
        assert!(matches!(
            parse_line(r#"{"kind":"person"}"#, 3),
            Err(Error::MissingId { line: 3 })
        ));
        assert!(matches!(
            parse_line(r#"{"id":""}"#, 4),
            Err(Error::MissingId { line: 4 })
        ));
        let msg = parse_line(r#"{"names":[]}"#, 9)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(
            msg,
            "line 9: record has no \"id\" (a non-empty string is required)"
        );
    }
}
