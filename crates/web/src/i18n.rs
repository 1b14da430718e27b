//! Translations. Every user-visible string is a Fluent message in `locales/<tag>/main.ftl`;
//! the languages offered are exactly the folders there (adding a language is adding a
//! folder: its `language-direction` message says whether pages are `ltr` or `rtl`, its
//! `language-review` message whether a native speaker has reviewed it). An operator can hide
//! any language but English (`WebConfig::hidden_languages`).

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// One language: its file, compiled in, and what build.rs read from it.
struct Locale {
    tag: &'static str,
    source: &'static str,
    name: &'static str,
    rtl: bool,
    review: &'static str,
    /// The parsed messages, built on first use and kept.
    bundle: OnceLock<FluentBundle<FluentResource>>,
}

impl Locale {
    const fn new(
        tag: &'static str,
        source: &'static str,
        name: &'static str,
        rtl: bool,
        review: &'static str,
    ) -> Locale {
        Locale {
            tag,
            source,
            name,
            rtl,
            review,
            bundle: OnceLock::new(),
        }
    }

    fn bundle(&self) -> &FluentBundle<FluentResource> {
        self.bundle.get_or_init(|| {
            // build.rs parsed this file and every folder name as a tag; neither can fail here.
            let id: LanguageIdentifier = self.tag.parse().unwrap_or_default();
            let resource = FluentResource::try_new(self.source.to_owned())
                .unwrap_or_else(|(resource, _)| resource);
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Fluent wraps inserted values in Unicode isolation marks (FSI ... PDI). In a
            // left-to-right language nothing needs them, so they are left out; in a right-to-left
            // one they keep an inserted "200 MiB" or date in its own order inside the sentence.
            bundle.set_use_isolating(self.rtl);
            bundle.add_resource_overriding(resource);
            bundle
        })
    }

    /// The message `key` in this language alone, if it has it and it formats without error.
    fn format(&self, key: &str, args: Option<&FluentArgs>) -> Option<String> {
        let bundle = self.bundle();
        let pattern = bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        errors.is_empty().then(|| text.into_owned())
    }
}

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The language every message falls back to.
const FALLBACK: &str = "en";

/// A language the reporter pages are offered in.
#[derive(Clone, Copy)]
pub struct Lang(&'static Locale);

impl PartialEq for Lang {
    fn eq(&self, other: &Lang) -> bool {
        self.0.tag == other.0.tag
    }
}

impl Eq for Lang {}

impl std::hash::Hash for Lang {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.tag.hash(state);
    }
}

impl std::fmt::Debug for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Lang").field(&self.0.tag).finish()
    }
}

/// Who has checked a translation, as its `language-review` message says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Review {
    /// The source text (English).
    Source,
    /// Reviewed by a native speaker (the file's header says who and when).
    Native,
    /// Not yet reviewed by a native speaker.
    Unreviewed,
}

impl Review {
    /// As written in `language-review` and shown to operators.
    pub fn code(self) -> &'static str {
        match self {
            Review::Source => "source",
            Review::Native => "native",
            Review::Unreviewed => "unreviewed",
        }
    }
}

impl Lang {
    /// Every language, in a stable order (by tag).
    pub fn all() -> Vec<Lang> {
        let mut all: Vec<Lang> = LOCALES.iter().map(Lang).collect();
        all.sort_by_key(|l| l.0.tag);
        all
    }

    /// The language with this exact BCP 47 tag (as used in URLs: `zh-Hant`), if offered.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        LOCALES.iter().find(|l| l.tag == tag).map(Lang)
    }

    /// The fallback language.
    pub fn english() -> Lang {
        // build.rs embeds every folder of locales/, and `en` is the source.
        Lang(
            LOCALES
                .iter()
                .find(|l| l.tag == FALLBACK)
                .unwrap_or(&LOCALES[0]),
        )
    }

    /// The tag, as in URLs and `lang` attributes.
    pub fn tag(self) -> String {
        self.0.tag.to_owned()
    }

    /// `ltr` or `rtl`.
    pub fn dir(self) -> &'static str {
        if self.0.rtl { "rtl" } else { "ltr" }
    }

    /// The language's own name for itself.
    pub fn name(self) -> String {
        self.0.name.to_owned()
    }

    /// Whether a native speaker has reviewed this translation. Anything but `source` or
    /// `native` counts as unreviewed.
    pub fn review(self) -> Review {
        match self.0.review {
            "source" => Review::Source,
            "native" => Review::Native,
            _ => Review::Unreviewed,
        }
    }

    /// Sorts `items` by their label as this language orders words (its CLDR collation:
    /// "Österreich" with the O's in German, Uyghur in its own alphabet's order), so a
    /// long list such as the countries reads as a reader of the language expects.
    pub fn sort_by_label<T>(self, items: &mut [T], label: impl Fn(&T) -> &str) {
        let locale = icu_locale_core::Locale::try_from_str(self.0.tag).ok();
        let collator = locale.and_then(|locale| {
            icu_collator::Collator::try_new(
                locale.into(),
                icu_collator::options::CollatorOptions::default(),
            )
            .ok()
        });
        match collator {
            Some(collator) => items.sort_by(|a, b| collator.compare(label(a), label(b))),
            None => items.sort_by(|a, b| label(a).cmp(label(b))),
        }
    }

    /// A message.
    pub fn t(self, key: &str) -> String {
        self.lookup(key, None)
    }

    /// A message with one argument.
    pub fn t1(self, key: &str, name: &'static str, value: impl ToString) -> String {
        self.tn(key, &[(name, value.to_string())])
    }

    /// A message with arguments.
    pub fn tn(self, key: &str, args: &[(&'static str, String)]) -> String {
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(value.clone()));
        }
        self.lookup(key, Some(&fluent_args))
    }

    /// The message in this language, else in English; a key neither has is shown as such (a
    /// test checks that every key the pages use exists).
    fn lookup(self, key: &str, args: Option<&FluentArgs>) -> String {
        self.0
            .format(key, args)
            .or_else(|| Lang::english().0.format(key, args))
            .unwrap_or_else(|| format!("Unknown localization {key}"))
    }

    /// Whether this language has its own message for `key` (not the fallback's).
    pub fn has(self, key: &str) -> bool {
        self.0.format(key, None).is_some()
    }
}

/// The units of a size, each 1024 times the one before.
const SIZE_UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];

/// `bytes` in the largest unit it reaches (an index into [`SIZE_UNITS`]), and the number with
/// no decimal when it is whole, else one.
fn scaled(bytes: u64) -> (String, usize) {
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < SIZE_UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let number = if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    };
    (number, unit)
}

/// A size in bytes as people read it, in English (the workbench): "200 MiB".
pub fn human_size(bytes: u64) -> String {
    let (number, unit) = scaled(bytes);
    let unit_name = SIZE_UNITS.get(unit).copied().unwrap_or("bytes");
    format!("{number} {unit_name}")
}

impl Lang {
    /// A size in bytes as readers of this language write it: "200 MiB", "200 Mo", "1,5 Go".
    /// The unit names (`size-bytes` .. `size-tib`) and the decimal separator
    /// (`number-decimal-separator`) are messages of the language; a no-break space keeps the
    /// number and its unit on one line.
    pub fn size(self, bytes: u64) -> String {
        let (number, unit) = scaled(bytes);
        let number = number.replace('.', &self.t("number-decimal-separator"));
        let key = match unit {
            0 => "size-bytes",
            1 => "size-kib",
            2 => "size-mib",
            3 => "size-gib",
            _ => "size-tib",
        };
        self.t1(key, "n", number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ten_languages_are_offered() {
        let tags: Vec<String> = Lang::all().into_iter().map(Lang::tag).collect();
        for tag in [
            "bo", "de", "en", "es", "fr", "it", "nl", "ug", "zh-Hans", "zh-Hant",
        ] {
            assert!(
                tags.contains(&tag.to_string()),
                "{tag} missing from {tags:?}"
            );
        }
        assert_eq!(tags.len(), 10, "{tags:?}");
        assert_eq!(Lang::from_tag("ja"), None);
        assert_eq!(
            Lang::from_tag("EN"),
            None,
            "tags are matched exactly, as URLs are"
        );
    }

    #[test]
    fn uyghur_is_right_to_left_and_its_inserted_values_are_isolated() {
        let uyghur = Lang::from_tag("ug").unwrap();
        assert_eq!(uyghur.dir(), "rtl");
        let sentence = uyghur.t1("error-too-long", "max", "50000");
        assert!(
            sentence.contains("\u{2068}50000\u{2069}"),
            "the number keeps its own order: {sentence:?}"
        );
        let english = Lang::english().t1("error-too-long", "max", "50000");
        assert!(!english.contains('\u{2068}'), "{english:?}");
        assert_eq!(Lang::from_tag("bo").unwrap().dir(), "ltr");
    }

    #[test]
    fn review_status_is_read_from_each_locale() {
        assert_eq!(Lang::english().review(), Review::Source);
        for tag in ["ug", "bo", "it", "es", "nl", "de"] {
            assert_eq!(
                Lang::from_tag(tag).unwrap().review(),
                Review::Unreviewed,
                "{tag}"
            );
        }
    }

    #[test]
    fn labels_sort_in_each_language_s_own_order() {
        let sorted = |tag: &str, words: &[&'static str]| {
            let mut words = words.to_vec();
            Lang::from_tag(tag)
                .unwrap()
                .sort_by_label(&mut words, |w| w);
            words
        };
        // Byte order would put the accented letters after "Z".
        assert_eq!(
            sorted("de", &["Zypern", "Österreich", "Niederlande"]),
            ["Niederlande", "Österreich", "Zypern"]
        );
        assert_eq!(
            sorted("fr", &["Vietnam", "Équateur", "Espagne"]),
            ["Équateur", "Espagne", "Vietnam"]
        );
        // Uyghur: پ (pe) comes right after ب (be), not after ي as in code point order.
        assert_eq!(
            sorted("ug", &["يېڭى زېلاندىيە", "پولشا", "بېلگىيە"]),
            ["بېلگىيە", "پولشا", "يېڭى زېلاندىيە"]
        );
    }

    #[test]
    fn sizes_follow_each_language() {
        let size = |tag: &str, bytes: u64| Lang::from_tag(tag).unwrap().size(bytes);
        assert_eq!(size("en", 200 * 1024 * 1024), "200\u{a0}MiB");
        assert_eq!(size("fr", 200 * 1024 * 1024), "200\u{a0}Mo");
        assert_eq!(size("fr", 1536 * 1024 * 1024), "1,5\u{a0}Go");
        assert_eq!(size("de", 1536), "1,5\u{a0}KB");
        assert_eq!(size("zh-Hans", 12), "12\u{a0}字节");
        // Every language has every unit of its own (no English fallback).
        for lang in Lang::all() {
            for key in [
                "size-bytes",
                "size-kib",
                "size-mib",
                "size-gib",
                "size-tib",
                "number-decimal-separator",
            ] {
                assert!(
                    lang.0.bundle().has_message(key),
                    "{} lacks {key}",
                    lang.tag()
                );
            }
        }
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(200 * 1024 * 1024), "200 MiB");
        assert_eq!(human_size(1024 * 1024 * 1024), "1 GiB");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(12), "12 bytes");
    }
}
