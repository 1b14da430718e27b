//! Text a reporter wrote, shown to someone else. Unicode's bidirectional embedding and
//! isolate controls (U+202A-U+202E, U+2066-U+2069) can make `invoice\u{202E}fdp.exe` display
//! as `invoiceexe.pdf`, or move words of a name across the page: whatever shows reporter
//! text to investigators (the workbench, the map, exports opened in a spreadsheet) drops
//! them. The stored answers keep them, as typed. A cell of a CSV export that a spreadsheet
//! would run as a formula is neutralised the same way wherever one is written
//! ([`neutralise_formula`]).

use std::borrow::Cow;

/// Whether `c` is a bidirectional embedding, override or isolate control.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` without bidirectional controls (borrowed when it has none).
pub fn without_bidi_controls(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_bidi_control) {
        Cow::Owned(text.chars().filter(|&c| !is_bidi_control(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Characters that make a spreadsheet read a cell as a formula (or that some spreadsheets
/// strip before doing so): `= + - @`, tab and carriage return (OWASP, "CSV Injection").
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written to a CSV export: one that a spreadsheet would run as a formula (a
/// reporter may have typed `=HYPERLINK(...)` as a place's name) gets a leading `'`, which
/// spreadsheets show as text (the site registry's import removes it again). Plain numbers
/// (`-33.86`) are left alone: they are not formulas, and coordinates must stay numbers.
pub fn neutralise_formula(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(FORMULA_STARTS) && cell.trim().parse::<f64>().is_err();
    if risky {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_and_isolates_are_dropped_and_the_rest_kept() {
        assert_eq!(
            without_bidi_controls("invoice\u{202E}fdp.exe"),
            "invoicefdp.exe"
        );
        let all: String = ('\u{202A}'..='\u{202E}')
            .chain('\u{2066}'..='\u{2069}')
            .collect();
        assert_eq!(without_bidi_controls(&format!("a{all}b")), "ab");
        // Marks that only state a direction stay (LRM, RLM, ALM), and so does Arabic.
        assert_eq!(
            without_bidi_controls("\u{200E}\u{200F}\u{061C}مرحبا"),
            "\u{200E}\u{200F}\u{061C}مرحبا"
        );
        assert!(matches!(without_bidi_controls("plain"), Cow::Borrowed(_)));
    }
}
