//! What several workbench pages show the same way: a select's options, the English labels
//! of the reporter form's codes and of report statuses, and query-string encoding.

use quietline_core::ReportStatus;

use crate::i18n::Lang;

/// One option of a select.
pub(crate) struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// English labels come from the reporter pages' English messages, so one word means one
/// thing everywhere.
pub(crate) fn label(prefix: &str, code: &str) -> String {
    Lang::english().t(&format!("{prefix}-{code}"))
}

/// A report status in words.
pub(crate) fn status_label(status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::New => "New",
        ReportStatus::InReview => "In review",
        ReportStatus::WaitingForReporter => "Waiting for the reporter",
        ReportStatus::Referred => "Referred",
        ReportStatus::Closed => "Closed",
        ReportStatus::Spam => "Spam",
    }
}

/// A select's options from (value, label) pairs, `chosen` selected, with an "any" first if given.
pub(crate) fn opts(
    values: impl IntoIterator<Item = (String, String)>,
    chosen: &str,
    any: Option<&str>,
) -> Vec<Opt> {
    let mut out: Vec<Opt> = any
        .map(|label| Opt {
            value: String::new(),
            label: label.into(),
            selected: chosen.is_empty(),
        })
        .into_iter()
        .collect();
    out.extend(values.into_iter().map(|(value, label)| Opt {
        selected: value == chosen,
        value,
        label,
    }));
    out
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
pub(crate) fn percent(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A select's options for a closed list, `selected` chosen, with an "any" first if given.
pub(crate) fn options<T: Copy + PartialEq>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    selected: &str,
    any: Option<&str>,
) -> Vec<Opt> {
    any.map(|a| Opt {
        value: String::new(),
        label: a.to_owned(),
        selected: selected.is_empty(),
    })
    .into_iter()
    .chain(all.iter().map(|&v| Opt {
        value: code(v).into(),
        label: label(v).into(),
        selected: code(v) == selected,
    }))
    .collect()
}

/// The countries of the bundled outlines, `any` first.
pub(crate) fn country_options(selected: &str, any: &str) -> Vec<Opt> {
    std::iter::once(Opt {
        value: String::new(),
        label: any.into(),
        selected: selected.is_empty(),
    })
    .chain(
        quietline_geo::countries()
            .iter()
            .filter(|c| !c.iso.is_empty())
            .map(|c| Opt {
                value: c.iso.clone(),
                label: c.name.clone(),
                selected: c.iso == selected,
            }),
    )
    .collect()
}

/// A language tag by the name the language gives itself, with the tag ("Français (fr)");
/// an unknown tag as it is.
pub(crate) fn language_name(tag: &str) -> String {
    Lang::from_tag(tag).map_or_else(|| tag.to_owned(), |lang| format!("{} ({tag})", lang.name()))
}

/// A country code by name ("IT" is "Italy"); empty stays empty.
pub(crate) fn country_name(code: &str) -> String {
    if code.is_empty() {
        String::new()
    } else {
        quietline_geo::country_name(code)
    }
}

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266), without
/// bidirectional controls: the file is saved under the name the page showed.
pub(crate) fn content_disposition(name: &str) -> String {
    let name = &*quietline_core::text::without_bidi_controls(name);
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._- ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    let ascii = if ascii.trim().is_empty() {
        "attachment".to_owned()
    } else {
        ascii
    };
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        percent(name)
    )
}

/// The kinds of derived copy an investigator may upload, `selected` chosen.
pub(crate) fn derived_kind_options(selected: &str) -> Vec<Opt> {
    quietline_service::DerivedKind::UPLOADED
        .iter()
        .map(|k| Opt {
            value: k.code().into(),
            label: k.label().into(),
            selected: k.code() == selected,
        })
        .collect()
}
