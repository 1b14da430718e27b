//! What an investigator types, as the engine asks it.
//!
//! Deliberately plain, like a search box and unlike tantivy's query language (fields, `AND`,
//! ranges, boosts), whose syntax errors would reach the page: the text is cut at spaces into
//! parts, a part in double quotes ("chen wei") being one part, and **every part must match**.
//! A part that is one term is that term; a part that gives several (a quoted phrase, `陈伟明`,
//! `416-555-0199`, `wxid_chen`) matches them in that order, next to each other. Nothing
//! else is special: no operator, wildcard or field name.

use crate::analysis::{Mode, analyze};

/// Longest query, in characters. This also bounds its parts (at most 150) and the terms of a
/// phrase, so that no query costs more than a few intersections of posting lists.
pub const MAX_QUERY_CHARS: usize = 300;

/// One part of a query: its terms with their positions relative to the first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Part {
    pub terms: Vec<(usize, String)>,
}

/// A query cut into parts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub parts: Vec<Part>,
}

impl Parsed {
    /// Every term, for highlighting.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.parts
            .iter()
            .flat_map(|p| p.terms.iter().map(|(_, t)| t.as_str()))
    }
}

/// Why a query was not run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryProblem {
    /// Longer than [`MAX_QUERY_CHARS`].
    TooLong {
        /// The limit.
        max_chars: usize,
    },
}

/// The text cut at spaces, quoted runs kept whole.
fn chunks(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return out;
        }
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            out.push(&quoted[..end]);
            rest = quoted.get(end + 1..).unwrap_or("");
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"')
                .unwrap_or(rest.len());
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
}

/// Parses a query; parts without any term (punctuation alone) are dropped.
pub(crate) fn parse(text: &str) -> Result<Parsed, QueryProblem> {
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(QueryProblem::TooLong {
            max_chars: MAX_QUERY_CHARS,
        });
    }
    let mut parts: Vec<Part> = Vec::new();
    for chunk in chunks(text) {
        let pieces = analyze(chunk, Mode::Query);
        let Some(first) = pieces.first().map(|p| p.position) else {
            continue;
        };
        let part = Part {
            terms: pieces
                .into_iter()
                .map(|p| (p.position - first, p.text))
                .collect(),
        };
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    Ok(Parsed { parts })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Vec<Vec<(usize, String)>> {
        parse(text)
            .unwrap()
            .parts
            .into_iter()
            .map(|p| p.terms)
            .collect()
    }

    #[test]
    fn spaces_separate_parts_and_quotes_join_them() {
        assert_eq!(
            parts(r#"Chen "Main  Street" 416-555-0199 , "#),
            [
                vec![(0, "chen".to_owned())],
                vec![(0, "main".to_owned()), (1, "street".to_owned())],
                vec![
                    (0, "416".to_owned()),
                    (1, "555".to_owned()),
                    (2, "0199".to_owned())
                ],
            ]
        );
        assert_eq!(
            parts(r#""unclosed quote"#),
            [vec![(0, "unclosed".to_owned()), (1, "quote".to_owned())]]
        );
        assert!(parts("  \" \" ;; ").is_empty());
        assert_eq!(parts("chen CHEN"), [vec![(0, "chen".to_owned())]]);
    }

    #[test]
    fn a_han_part_is_its_bigrams_in_order() {
        assert_eq!(
            parts("警察局"),
            [vec![(0, "警察".to_owned()), (1, "察局".to_owned())]]
        );
    }

    #[test]
    fn limits() {
        assert_eq!(
            parse(&"a".repeat(MAX_QUERY_CHARS + 1)),
            Err(QueryProblem::TooLong {
                max_chars: MAX_QUERY_CHARS
            })
        );
        let many: Vec<String> = (0..70).map(|i| format!("w{i}")).collect();
        assert_eq!(parse(&many.join(" ")).unwrap().parts.len(), 70);
    }
}
