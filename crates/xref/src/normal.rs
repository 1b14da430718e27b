//! A record after normalisation: every field in the form the decision rules compare.
//!
//! Normalisation never fails: a value that cannot be read is kept in a weaker form (a phone as raw
//! digits) or ignored, and each such case yields a diagnostic.

use crate::address::{self, Address};
use crate::name::{self, ANY_NAME, PersonName, Signature, han::simplify};
use crate::phone::{self, Phone};
use crate::record::{Kind, Record};
use crate::text::{has_han, hash_of, latin_fold};
use crate::{Diagnostic, city, ident};
use rustc_hash::FxHashMap;

/// Name of a site or organisation, folded for comparison.
#[derive(Debug, Clone)]
pub(crate) struct OrgName {
    pub(crate) display: Box<str>,
    pub(crate) key: Box<str>,
}

/// A normalised record.
#[derive(Debug, Clone)]
pub(crate) struct Norm {
    pub(crate) id: Box<str>,
    pub(crate) kind: Kind,
    /// City as written (for explanations) and its key.
    pub(crate) city_display: Box<str>,
    pub(crate) city: Box<str>,
    pub(crate) country: Box<str>,
    pub(crate) persons: Vec<PersonName>,
    pub(crate) orgs: Vec<OrgName>,
    pub(crate) phones: Vec<Phone>,
    pub(crate) emails: Vec<Box<str>>,
    pub(crate) wechat: Vec<Box<str>>,
    pub(crate) addresses: Vec<Address>,
}

/// Memos of the slow steps: phone parsing (keyed by country and cleaned digits) and name
/// parsing (keyed by the name as written). Pure functions memoised, so results never depend on
/// what is in them.
#[derive(Default)]
pub(crate) struct PhoneCache {
    phones: FxHashMap<(Box<str>, Box<str>), PhoneResult>,
    names: FxHashMap<Box<str>, Option<PersonName>>,
}

/// A normalised phone, or why there is none.
type PhoneResult = Result<Phone, &'static str>;

/// Most entries kept per memo.
const CACHE_LIMIT: usize = 2_000_000;

/// Words of organisation names that are spelled several ways.
fn org_word(w: &str) -> &str {
    match w {
        "assoc" | "assn" | "asso" | "association" => "association",
        "&" | "and" => "and",
        "intl" | "int" | "international" => "international",
        "ctr" | "centre" | "center" => "centre",
        "soc" | "society" => "society",
        "cttee" | "comm" | "committee" => "committee",
        "fed" | "federation" => "federation",
        "chamber" | "chambers" => "chamber",
        "co" | "company" => "company",
        other => other,
    }
}

fn org_key(raw: &str) -> String {
    if has_han(raw) {
        return simplify(raw)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
    }
    let f = latin_fold(raw).replace('&', " and ");
    f.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "the" | "of" | "inc" | "ltd" | "llc" | "corp"))
        .map(org_word)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Normalises one record.
pub(crate) fn normalize(r: &Record, cache: &mut PhoneCache) -> (Norm, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let id: &str = &r.id;
    let country = match city::country(&r.country) {
        Ok(c) => c,
        Err(()) => {
            diags.push(Diagnostic::warning(
                id,
                format!(
                    "country {:?} is not an ISO 3166-1 alpha-2 code; ignored",
                    r.country
                ),
            ));
            String::new()
        }
    };
    let city_key = city::key(&r.city);
    let mut phones = Vec::new();
    for raw in &r.phones {
        let cleaned = phone::cache_key(raw, &country);
        let key = (
            Box::<str>::from(country.as_str()),
            Box::<str>::from(cleaned.as_str()),
        );
        let result = match cache.phones.get(&key) {
            Some(r) => r.clone(),
            None => {
                let r = phone::normalize(raw, &country);
                if cache.phones.len() < CACHE_LIMIT {
                    cache.phones.insert(key, r.clone());
                }
                r
            }
        };
        match result {
            Ok(p) => {
                if let Phone::Raw(d) = &p {
                    diags.push(Diagnostic::warning(id, format!("phone {raw:?} is not a valid number for region {:?}; kept as digits {d}", country)));
                }
                if !phones.contains(&p) {
                    phones.push(p);
                }
            }
            Err(why) => diags.push(Diagnostic::warning(
                id,
                format!("phone {raw:?} {why}; ignored"),
            )),
        }
    }
    let mut emails: Vec<Box<str>> = Vec::new();
    for raw in &r.emails {
        match ident::email(raw) {
            Ok(e) if !emails.iter().any(|x| **x == *e) => emails.push(e.into()),
            Ok(_) => {}
            Err(why) => diags.push(Diagnostic::warning(
                id,
                format!("e-mail {raw:?} {why}; ignored"),
            )),
        }
    }
    let mut wechat: Vec<Box<str>> = Vec::new();
    for raw in &r.wechat {
        match ident::wechat(raw) {
            Ok(w) if !wechat.iter().any(|x| **x == *w) => wechat.push(w.into()),
            Ok(_) => {}
            Err(why) => diags.push(Diagnostic::warning(
                id,
                format!("WeChat ID {raw:?} {why}; ignored"),
            )),
        }
    }
    let addresses: Vec<Address> = r
        .addresses
        .iter()
        .filter_map(|a| address::parse(a, &city_key))
        .collect();
    let mut persons = Vec::new();
    let mut orgs = Vec::new();
    for raw in &r.names {
        match r.kind {
            Kind::Person => {
                for v in name::variants(raw) {
                    let parsed = match cache.names.get(v.as_str()) {
                        Some(p) => p.clone(),
                        None => {
                            let p = PersonName::parse(&v);
                            if cache.names.len() < CACHE_LIMIT {
                                cache.names.insert(v.as_str().into(), p.clone());
                            }
                            p
                        }
                    };
                    if let Some(n) = parsed {
                        persons.push(n);
                    }
                }
            }
            Kind::Site | Kind::Organization => {
                for v in name::variants(raw) {
                    let key = org_key(&v);
                    if !key.is_empty() {
                        orgs.push(OrgName {
                            display: v.trim().into(),
                            key: key.into(),
                        });
                    }
                }
            }
            Kind::Other => {}
        }
    }
    let norm = Norm {
        id: id.into(),
        kind: r.kind,
        city_display: r.city.trim().into(),
        city: city_key.into(),
        country: country.into(),
        persons,
        orgs,
        phones,
        emails,
        wechat,
        addresses,
    };
    (norm, diags)
}

/// What a strong key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StrongKind {
    Phone,
    Email,
    Wechat,
    /// A site's full address (number, street, unit, city).
    Place,
}

impl Norm {
    fn kind_tag(&self) -> u8 {
        match self.kind {
            Kind::Person => 1,
            Kind::Site => 2,
            Kind::Organization => 3,
            Kind::Other => 0,
        }
    }

    /// Strong identifiers: sharing one links two records of the same kind.
    pub(crate) fn strong_keys(&self) -> Vec<(u64, StrongKind, usize)> {
        let k = self.kind_tag();
        if k == 0 {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (i, p) in self.phones.iter().enumerate() {
            out.push((hash_of(&(k, 1u8, p)), StrongKind::Phone, i));
        }
        for (i, e) in self.emails.iter().enumerate() {
            out.push((hash_of(&(k, 2u8, e)), StrongKind::Email, i));
        }
        for (i, w) in self.wechat.iter().enumerate() {
            out.push((hash_of(&(k, 3u8, w)), StrongKind::Wechat, i));
        }
        if self.kind == Kind::Site {
            for (i, a) in self.addresses.iter().enumerate() {
                if a.is_complete() && !a.number.is_empty() {
                    out.push((hash_of(&(k, 4u8, a.place_key())), StrongKind::Place, i));
                }
            }
        }
        out
    }

    /// The text of a strong key, to check a hash hit and to explain it.
    pub(crate) fn strong_text(&self, kind: StrongKind, i: usize) -> String {
        match kind {
            StrongKind::Phone => self.phones.get(i).map(Phone::key).unwrap_or_default(),
            StrongKind::Email => self
                .emails
                .get(i)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            StrongKind::Wechat => self
                .wechat
                .get(i)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            StrongKind::Place => self
                .addresses
                .get(i)
                .map(|a| a.display.to_string())
                .unwrap_or_default(),
        }
    }

    /// Index of the value of this kind equal to `value`, if the record has it.
    pub(crate) fn strong_index(&self, kind: StrongKind, value: &str) -> Option<u16> {
        let n = match kind {
            StrongKind::Phone => self.phones.len(),
            StrongKind::Email => self.emails.len(),
            StrongKind::Wechat => self.wechat.len(),
            StrongKind::Place => self.addresses.len(),
        };
        (0..n)
            .find(|i| self.strong_text(kind, *i) == value)
            .and_then(|i| u16::try_from(i).ok())
    }

    /// Cities the record is in: its `city` field, and the cities of its addresses.
    pub(crate) fn cities(&self) -> Vec<&str> {
        let mut v: Vec<&str> = Vec::new();
        if !self.city.is_empty() {
            v.push(&self.city);
        }
        for a in &self.addresses {
            if !a.city.is_empty() && !v.contains(&&*a.city) {
                v.push(&a.city);
            }
        }
        v
    }

    /// Blocking keys for name-based comparison: (kind, city, name key), sorted, each with the
    /// name signature of this record under it (`PersonName::block_keys`: the bits of every form
    /// behind the key; all bits for organisation names, and for every key of a record one of
    /// whose names has a form without a key). Only records sharing a key are ever compared by
    /// name, and only when their signatures under it share a bit (or one of the keys of the
    /// record being compared is too common to be searched: `Index`).
    pub(crate) fn block_keys(&self) -> Vec<(u64, Signature)> {
        let k = self.kind_tag();
        let mut out = Vec::new();
        if k == 0 {
            return out;
        }
        let mut name_keys: Vec<(u64, Signature)> = Vec::new();
        let mut keyed = true;
        for p in &self.persons {
            keyed &= p.block_keys(&mut name_keys);
        }
        for o in &self.orgs {
            name_keys.push((hash_of(&(9u8, &*o.key)), ANY_NAME));
        }
        if !keyed {
            for (_, sig) in &mut name_keys {
                *sig = ANY_NAME;
            }
        }
        for c in self.cities() {
            for (n, sig) in &name_keys {
                out.push((hash_of(&(k, c, *n)), *sig));
            }
        }
        // One entry per key, with the signatures of every form behind it.
        out.sort_unstable();
        out.dedup_by(|later, first| {
            let same = later.0 == first.0;
            if same {
                first.1 |= later.1;
            }
            same
        });
        out
    }

    /// Name-frequency keys of a person record's full names (see
    /// `PersonName::frequency_keys`), sorted; `None` when its names have more than `limit`
    /// readings (too ambiguous to be rare), or the record is not a person.
    pub(crate) fn frequency_keys(&self, limit: usize) -> Option<Vec<u64>> {
        if self.kind != Kind::Person {
            return None;
        }
        let mut out = Vec::new();
        for p in self.persons.iter().filter(|p| p.is_full()) {
            let left = limit.saturating_sub(out.len());
            if !p.frequency_keys(&mut out, left) {
                return None;
            }
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
    }

    /// Whether the record gives a strong identifier of a person (phone, e-mail, WeChat ID).
    pub(crate) fn identified(&self) -> bool {
        !self.phones.is_empty() || !self.emails.is_empty() || !self.wechat.is_empty()
    }

    /// Whether two records are in the same city (same key; countries equal or one unknown).
    pub(crate) fn same_city(&self, other: &Norm) -> Option<&str> {
        if !self.country.is_empty() && !other.country.is_empty() && self.country != other.country {
            return None;
        }
        // Same result as searching `cities()`, without allocating (this runs for every
        // candidate pair).
        self.city_iter()
            .find(|c| other.city_iter().any(|t| t == *c))
    }

    /// `cities()` without the deduplication (and without allocating).
    fn city_iter(&self) -> impl Iterator<Item = &str> + '_ {
        std::iter::once(&*self.city)
            .chain(self.addresses.iter().map(|a| &*a.city))
            .filter(|c| !c.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_names_fold() {
        assert_eq!(
            org_key("Toronto Fuqing Assoc. Inc."),
            org_key("toronto fuqing association")
        );
        assert_eq!(org_key("多倫多福清同鄉會"), org_key("多伦多福清同乡会"));
    }
}
