//! A short passage of a hit around what matched, with the matched terms marked.
//!
//! Plain text and byte ranges, never HTML: the page escapes the text and draws the marks.
//! The window is chosen where the most distinct query terms are, starting a little before the
//! first of them; runs of white space (line breaks of an address or a narrative) become one
//! space.

use std::collections::HashSet;
use std::ops::Range;

use crate::analysis::{Mode, analyze};

/// Characters in a snippet.
pub const SNIPPET_CHARS: usize = 180;
/// Characters of context kept before the first match.
const LEAD_CHARS: usize = 40;

/// A passage of a hit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The passage, white space collapsed.
    pub text: String,
    /// Byte ranges of `text` that matched, in order, not overlapping.
    pub marks: Vec<Range<usize>>,
    /// The passage starts inside the text (something comes before it).
    pub cut_before: bool,
    /// The passage ends inside the text.
    pub cut_after: bool,
}

impl Snippet {
    /// The passage as parts, each marked (matched) or not: what a template writes out.
    pub fn parts(&self) -> Vec<(&str, bool)> {
        let mut out = Vec::new();
        let mut at = 0;
        for mark in &self.marks {
            if let (Some(before), Some(marked)) =
                (self.text.get(at..mark.start), self.text.get(mark.clone()))
            {
                if !before.is_empty() {
                    out.push((before, false));
                }
                out.push((marked, true));
                at = mark.end;
            }
        }
        if let Some(rest) = self.text.get(at..)
            && !rest.is_empty()
        {
            out.push((rest, false));
        }
        out
    }
}

/// The snippet of `text` for `terms` (folded query terms).
pub(crate) fn snippet<'a>(text: &str, terms: impl IntoIterator<Item = &'a str>) -> Snippet {
    let terms: HashSet<&str> = terms.into_iter().collect();
    let matches: Vec<(Range<usize>, String)> = analyze(text, Mode::Index)
        .into_iter()
        .filter(|p| terms.contains(p.text.as_str()))
        .map(|p| (p.from..p.to, p.text))
        .collect();
    // Character index of every byte offset that starts a character (and of the end).
    let starts: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let char_at = |byte: usize| starts.partition_point(|&s| s < byte);
    let total_chars = starts.len() - 1;
    // The window with the most distinct terms, the earliest of equals.
    let mut best: Option<(usize, usize)> = None; // (distinct terms, first char)
    for (range, _) in &matches {
        let start = char_at(range.start).saturating_sub(LEAD_CHARS);
        let end = start + SNIPPET_CHARS;
        let distinct: HashSet<&str> = matches
            .iter()
            .filter(|(r, _)| char_at(r.start) >= start && char_at(r.end) <= end)
            .map(|(_, t)| t.as_str())
            .collect();
        if best.is_none_or(|(n, _)| distinct.len() > n) {
            best = Some((distinct.len(), start));
        }
    }
    let mut first = best.map_or(0, |(_, start)| start);
    // Begin at a word where there is one close by, rather than inside it.
    if first > 0 {
        let limit = (first + LEAD_CHARS / 2).min(total_chars);
        if let Some(space) = (first..limit).find(|&c| {
            text[starts[c]..]
                .chars()
                .next()
                .is_some_and(char::is_whitespace)
        }) {
            first = space + 1;
        }
    }
    let last = (first + SNIPPET_CHARS).min(total_chars);
    let (from, to) = (starts[first], starts[last]);
    // Marks inside the window, merged where they overlap (a bigram and the next one).
    let mut ranges: Vec<Range<usize>> = matches
        .into_iter()
        .map(|(r, _)| r)
        .filter(|r| r.start >= from && r.end <= to)
        .collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    // Copy the window, collapsing white space and moving the marks with it.
    let mut out = String::with_capacity(to - from);
    let mut marks = Vec::with_capacity(merged.len());
    let mut open: Option<usize> = None;
    let mut pending = merged.into_iter().peekable();
    let mut in_space = false;
    for (i, c) in text[from..to].char_indices() {
        let at = from + i;
        if let Some(r) = pending.peek()
            && open.is_none()
            && at == r.start
        {
            open = Some(out.len());
        }
        if c.is_whitespace() && open.is_none() {
            if !in_space && !out.is_empty() {
                out.push(' ');
            }
            in_space = true;
        } else {
            in_space = false;
            out.push(c);
        }
        if let (Some(start), Some(r)) = (open, pending.peek())
            && at + c.len_utf8() == r.end
        {
            marks.push(start..out.len());
            open = None;
            pending.next();
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    marks.retain(|m| m.end <= out.len());
    Snippet {
        text: out,
        marks,
        cut_before: from > 0 && !text[..from].trim().is_empty(),
        cut_after: to < text.len() && !text[to..].trim().is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(s: &Snippet) -> Vec<&str> {
        s.parts()
            .into_iter()
            .filter(|(_, m)| *m)
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn marks_what_matched_in_the_original_spelling() {
        let s = snippet(
            "Il a appelé ma mère.\nLe Français\n\n  parlait de la police.",
            ["francais", "police"],
        );
        assert_eq!(
            s.text,
            "Il a appelé ma mère. Le Français parlait de la police."
        );
        assert_eq!(marked(&s), ["Français", "police"]);
        assert!(!s.cut_before && !s.cut_after);
    }

    #[test]
    fn han_bigrams_are_one_mark_and_traditional_text_is_marked() {
        let s = snippet("他們在多倫多的警察服務站要求我回國。", ["服务", "务站"]);
        assert_eq!(marked(&s), ["服務站"]);
    }

    #[test]
    fn a_long_text_is_cut_around_the_matches() {
        let text = format!(
            "{} the station on Main Street {}",
            "before ".repeat(100),
            "after ".repeat(100)
        );
        let s = snippet(&text, ["station", "main"]);
        assert!(s.cut_before && s.cut_after);
        assert!(s.text.chars().count() <= SNIPPET_CHARS);
        assert!(s.text.starts_with("before "), "{:?}", s.text);
        assert_eq!(marked(&s), ["station", "Main"]);
        // No match (the document matched as a whole): the beginning.
        let s = snippet(&text, ["nothing"]);
        assert!(s.text.starts_with("before") && !s.cut_before);
    }
}
