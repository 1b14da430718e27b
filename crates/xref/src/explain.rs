//! Evidence: why two records were linked, in words an investigator can check.

use serde::Serialize;
use std::fmt;

/// One reason for a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Evidence {
    /// Both records give this phone number (E.164, or `digits:` for an unparseable one).
    SamePhone {
        /// The normalised number.
        phone: String,
    },
    /// Both records give this e-mail address.
    SameEmail {
        /// The normalised address.
        email: String,
    },
    /// Both records give this WeChat ID.
    SameWechat {
        /// The normalised ID.
        wechat: String,
    },
    /// Both site records give this address (number, street, unit, city).
    SameAddress {
        /// The normalised address.
        address: String,
    },
    /// The names match and something else corroborates them.
    NameMatch {
        /// The name in the first record, as written.
        name: String,
        /// The name in the second record, as written.
        other_name: String,
        /// What corroborates the match.
        corroboration: Corroboration,
        /// The rule that reads the two names as one, when it is worth naming (issue 16: the
        /// Uyghur and Tibetan readings).
        #[serde(skip_serializing_if = "Option::is_none")]
        rule: Option<NameRule>,
        /// The link holds because no one else in the data carries a name that reads like this
        /// one (it joins records known by different identifiers; issue 15).
        #[serde(skip_serializing_if = "is_false")]
        rare: bool,
    },
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// How a link through a rare name is worded.
pub const RARE_WORDS: &str = "a name no one else in the data carries";

/// The rule by which two differently written names are read as one (issue 16), named in the
/// evidence: "艾合买提 = Exmet, Chinese transcription of a Uyghur name".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NameRule {
    /// One is the Chinese transcription of a Uyghur name (买买提·艾力 = Memet Eli).
    UyghurChinese,
    /// One is the pinyin of the Chinese transcription of a Uyghur name (Maimaiti = Memet).
    UyghurPinyin,
    /// One is a Uyghur name in Arabic script (ئەخمەت = Exmet).
    UyghurArabic,
    /// One is a Uyghur name in Cyrillic (Әхмәт = Exmet).
    UyghurCyrillic,
    /// Latin spellings of a Uyghur name (Exmet = Ahmat).
    UyghurLatin,
    /// One is the Chinese transcription of a Tibetan name (扎西 = Tashi).
    TibetanChinese,
    /// One is the pinyin of the Chinese transcription of a Tibetan name (Zhaxi = Tashi).
    TibetanPinyin,
    /// One is a Tibetan name in Tibetan script (བཀྲ་ཤིས = Tashi).
    TibetanScript,
    /// One is the Wylie transliteration of a Tibetan name (bkra shis = Tashi).
    TibetanWylie,
    /// Phonetic spellings of a Tibetan name (Trashi = Tashi).
    TibetanPhonetic,
}

impl fmt::Display for NameRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NameRule::UyghurChinese => "Chinese transcription of a Uyghur name",
            NameRule::UyghurPinyin => "pinyin of the Chinese transcription of a Uyghur name",
            NameRule::UyghurArabic => "a Uyghur name in Arabic script",
            NameRule::UyghurCyrillic => "a Uyghur name in Cyrillic",
            NameRule::UyghurLatin => "spellings of a Uyghur name",
            NameRule::TibetanChinese => "Chinese transcription of a Tibetan name",
            NameRule::TibetanPinyin => "pinyin of the Chinese transcription of a Tibetan name",
            NameRule::TibetanScript => "a Tibetan name in Tibetan script",
            NameRule::TibetanWylie => "Wylie transliteration of a Tibetan name",
            NameRule::TibetanPhonetic => "spellings of a Tibetan name",
        })
    }
}

/// What corroborates a name match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Corroboration {
    /// Both records are in this city.
    SameCity(String),
    /// Both records give this address.
    SameAddress(String),
    /// Both records give this building, one of them without a unit.
    SameBuilding(String),
}

impl Evidence {
    /// The same evidence seen from the other record (names swapped).
    pub(crate) fn swapped(&self) -> Evidence {
        match self {
            Evidence::NameMatch {
                name,
                other_name,
                corroboration,
                rule,
                rare,
            } => Evidence::NameMatch {
                name: other_name.clone(),
                other_name: name.clone(),
                corroboration: corroboration.clone(),
                rule: *rule,
                rare: *rare,
            },
            other => other.clone(),
        }
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Evidence::SamePhone { phone } => write!(f, "same phone {phone}"),
            Evidence::SameEmail { email } => write!(f, "same e-mail {email}"),
            Evidence::SameWechat { wechat } => write!(f, "same WeChat ID {wechat}"),
            Evidence::SameAddress { address } => write!(f, "same address {address}"),
            Evidence::NameMatch {
                name,
                other_name,
                corroboration,
                rule,
                rare,
            } => {
                match rule {
                    Some(rule) => write!(f, "{name} = {other_name}, {rule}, {corroboration}")?,
                    None => write!(f, "{name} ≈ {other_name}, {corroboration}")?,
                }
                if *rare {
                    write!(f, ", {RARE_WORDS}")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for Corroboration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Corroboration::SameCity(c) => write!(f, "same city {c}"),
            Corroboration::SameAddress(a) => write!(f, "same address {a}"),
            Corroboration::SameBuilding(a) => write!(f, "same building {a}"),
        }
    }
}

/// A link between two records and its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// Position (0-based, in order of addition) of the record the link is seen from.
    #[serde(skip)]
    pub from: usize,
    /// Position of the other record.
    #[serde(skip)]
    pub to: usize,
    /// `id` of the other record.
    pub with: String,
    /// Why they are linked.
    pub evidence: Vec<Evidence>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_the_issue() {
        let e = Evidence::NameMatch {
            name: "陈伟".into(),
            other_name: "Chan Wai".into(),
            corroboration: Corroboration::SameCity("Toronto".into()),
            rule: None,
            rare: false,
        };
        assert_eq!(e.to_string(), "陈伟 ≈ Chan Wai, same city Toronto");
        let rare = Evidence::NameMatch {
            name: "陈伟".into(),
            other_name: "Chan Wai".into(),
            corroboration: Corroboration::SameCity("Toronto".into()),
            rule: None,
            rare: true,
        };
        assert_eq!(
            rare.to_string(),
            "陈伟 ≈ Chan Wai, same city Toronto, a name no one else in the data carries"
        );
        let uyghur = Evidence::NameMatch {
            name: "艾合买提".into(),
            other_name: "Exmet".into(),
            corroboration: Corroboration::SameCity("Toronto".into()),
            rule: Some(NameRule::UyghurChinese),
            rare: false,
        };
        assert_eq!(
            uyghur.to_string(),
            "艾合买提 = Exmet, Chinese transcription of a Uyghur name, same city Toronto"
        );
        assert_eq!(
            serde_json::to_value(&uyghur).unwrap()["rule"],
            "uyghur_chinese"
        );
        assert_eq!(
            Evidence::SamePhone {
                phone: "+14165550199".into()
            }
            .to_string(),
            "same phone +14165550199"
        );
    }
}
