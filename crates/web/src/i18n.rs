//! Translations. Every user-visible string is a Fluent message in `locales/<tag>/main.ftl`;
//! the languages offered are exactly the folders there (adding a language is adding a
//! folder: its `language-direction` message says whether pages are `ltr` or `rtl`).

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, static_loader};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Fluent wraps inserted values in Unicode isolation marks; askama escapes the HTML
        // and `dir="auto"` handles direction, so the marks would only show as stray bytes.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language the reporter pages are offered in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lang(&'static LanguageIdentifier);

impl Lang {
    /// Every language, in a stable order (by tag).
    pub fn all() -> Vec<Lang> {
        let mut all: Vec<Lang> = LOCALES.locales().map(Lang).collect();
        all.sort_by_key(|l| l.tag());
        all
    }

    /// The language with this exact BCP 47 tag (as used in URLs: `zh-Hant`), if offered.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        LOCALES.locales().find(|l| l.to_string() == tag).map(Lang)
    }

    /// The fallback language.
    pub fn english() -> Lang {
        Self::from_tag("en").unwrap_or_else(|| Lang(LOCALES.fallback()))
    }

    /// The tag, as in URLs and `lang` attributes.
    pub fn tag(self) -> String {
        self.0.to_string()
    }

    /// `ltr` or `rtl`.
    pub fn dir(self) -> &'static str {
        if self.t("language-direction").trim() == "rtl" {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The language's own name for itself.
    pub fn name(self) -> String {
        self.t("language-name")
    }

    /// A message.
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(self.0, key)
    }

    /// A message with one argument.
    pub fn t1(self, key: &str, name: &'static str, value: impl ToString) -> String {
        self.tn(key, &[(name, value.to_string())])
    }

    /// A message with arguments.
    pub fn tn(self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.clone())))
            .collect();
        LOCALES.lookup_with_args(self.0, key, &args)
    }

    /// Whether this language has its own message for `key` (not the fallback's).
    pub fn has(self, key: &str) -> bool {
        fluent_templates::Loader::try_lookup(&*LOCALES, self.0, key).is_some()
    }
}

/// A size in bytes as people read it: "200 MiB".
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let unit_name = UNITS.get(unit).copied().unwrap_or("bytes");
    if value.fract() == 0.0 {
        format!("{value:.0} {unit_name}")
    } else {
        format!("{value:.1} {unit_name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_languages_are_offered() {
        let tags: Vec<String> = Lang::all().into_iter().map(Lang::tag).collect();
        for tag in ["en", "fr", "zh-Hans", "zh-Hant"] {
            assert!(
                tags.contains(&tag.to_string()),
                "{tag} missing from {tags:?}"
            );
        }
        assert_eq!(Lang::from_tag("de"), None);
        assert_eq!(
            Lang::from_tag("EN"),
            None,
            "tags are matched exactly, as URLs are"
        );
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(200 * 1024 * 1024), "200 MiB");
        assert_eq!(human_size(1024 * 1024 * 1024), "1 GiB");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(12), "12 bytes");
    }
}
