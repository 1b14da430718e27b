//! Decision rules: which pairs of records may be the same entity, and which groups may never be.
//!
//! - A shared strong identifier (phone, e-mail, WeChat ID; for sites also the full address)
//!   links two records of the same kind outright (`Index` does this with a union-find).
//! - A name never links on its own. A *weak* link needs a full name match (surname and given
//!   name; see `name`) or, for sites and organisations, the same folded name, plus corroboration:
//!   the same address (`Level::Address`; for a site, the same building with one unit missing) or
//!   else the same city (`Level::City`).
//! - Two groups *conflict*, and are never joined by weak links, when both are persons with strong
//!   identifiers (they share none, or they would already be one group: a name does not bridge two
//!   sets of identifiers), when two groups both give phones (or e-mails, or WeChat IDs) and none
//!   is shared, when two person groups both have Han names and none is the same, or
//!   when two site groups both have full addresses and none is the same place. This keeps 陈伟 with one phone apart from 陈伟 with
//!   another, and a station at 1200 Maplewood apart from a different one at 1204.
//!
//! Which weak links are then accepted (the ambiguity rule) is in `cluster`.

use crate::address::Place;
use crate::explain::{Corroboration, Evidence};
use crate::name::NameMatch;
use crate::normal::Norm;
use crate::record::Kind;
use crate::text::hash_of;

/// Strength of a weak link's corroboration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    City,
    Address,
}

/// A weak link between two records, by position of the fields involved (cheap to compute; the
/// words of the evidence are built only for links that are kept).
#[derive(Debug, Clone, Copy)]
pub(crate) struct WeakHit {
    pub(crate) level: Level,
    name_a: usize,
    name_b: usize,
    corr: Corr,
}

#[derive(Debug, Clone, Copy)]
enum Corr {
    City,
    Address(usize, Place),
}

/// Weak evidence between two records of the same kind, if any.
pub(crate) fn weak(a: &Norm, b: &Norm) -> Option<WeakHit> {
    if a.kind != b.kind || a.kind == Kind::Other {
        return None;
    }
    // The best name pair: same spelling first.
    let mut names: Option<(usize, usize)> = None;
    match a.kind {
        Kind::Person => {
            'outer: for (i, x) in a.persons.iter().enumerate().filter(|(_, n)| n.is_full()) {
                for (j, y) in b.persons.iter().enumerate().filter(|(_, n)| n.is_full()) {
                    match x.matches(y) {
                        Some(NameMatch::Same) => {
                            names = Some((i, j));
                            break 'outer;
                        }
                        Some(NameMatch::Reading) if names.is_none() => names = Some((i, j)),
                        _ => {}
                    }
                }
            }
        }
        _ => {
            'orgs: for (i, x) in a.orgs.iter().enumerate() {
                for (j, y) in b.orgs.iter().enumerate() {
                    if x.key == y.key {
                        names = Some((i, j));
                        break 'orgs;
                    }
                }
            }
        }
    }
    let (name_a, name_b) = names?;
    // Corroboration: an address, else the city.
    let mut corr: Option<Corr> = None;
    for (i, x) in a.addresses.iter().enumerate() {
        for y in &b.addresses {
            match x.compare(y) {
                Some(Place::Same) => corr = Some(Corr::Address(i, Place::Same)),
                Some(Place::SameBuilding) if corr.is_none() => {
                    corr = Some(Corr::Address(i, Place::SameBuilding))
                }
                _ => {}
            }
        }
    }
    let level = match corr {
        Some(_) => Level::Address,
        None => {
            // A site that gives an address is only the same as a site at that address (or one
            // that gives none).
            if a.kind == Kind::Site && !a.addresses.is_empty() && !b.addresses.is_empty() {
                return None;
            }
            a.same_city(b)?;
            corr = Some(Corr::City);
            Level::City
        }
    };
    Some(WeakHit {
        level,
        name_a,
        name_b,
        corr: corr.unwrap_or(Corr::City),
    })
}

/// The words for a weak link found by [`weak`]; `rare` when it holds because the name is rare
/// in the data (`Index`).
pub(crate) fn evidence(a: &Norm, b: &Norm, hit: &WeakHit, rare: bool) -> Evidence {
    let (name, other_name) = if a.kind == Kind::Person {
        (
            a.persons
                .get(hit.name_a)
                .map(|n| n.display.to_string())
                .unwrap_or_default(),
            b.persons
                .get(hit.name_b)
                .map(|n| n.display.to_string())
                .unwrap_or_default(),
        )
    } else {
        (
            a.orgs
                .get(hit.name_a)
                .map(|n| n.display.to_string())
                .unwrap_or_default(),
            b.orgs
                .get(hit.name_b)
                .map(|n| n.display.to_string())
                .unwrap_or_default(),
        )
    };
    let corroboration = match hit.corr {
        Corr::Address(i, place) => {
            let d = a
                .addresses
                .get(i)
                .map(|x| x.display.to_string())
                .unwrap_or_default();
            if place == Place::Same {
                Corroboration::SameAddress(d)
            } else {
                Corroboration::SameBuilding(d)
            }
        }
        Corr::City => {
            let city = if !a.city_display.is_empty() {
                a.city_display.to_string()
            } else if !b.city_display.is_empty() {
                b.city_display.to_string()
            } else {
                a.same_city(b).unwrap_or_default().to_string()
            };
            Corroboration::SameCity(city)
        }
    };
    let rule = match (a.persons.get(hit.name_a), b.persons.get(hit.name_b)) {
        (Some(x), Some(y)) if a.kind == Kind::Person => x.rule(y),
        _ => None,
    };
    Evidence::NameMatch {
        name,
        other_name,
        corroboration,
        rule,
        rare,
    }
}

/// What a group of records (a strong component) claims, for conflict checks.
#[derive(Debug, Clone, Default)]
pub(crate) struct Claims {
    pub(crate) phones: Vec<u64>,
    pub(crate) emails: Vec<u64>,
    pub(crate) wechat: Vec<u64>,
    pub(crate) han_names: Vec<u64>,
    /// Sites: (building, unit) of complete addresses.
    pub(crate) places: Vec<(u64, Option<u64>)>,
    /// Kinds of identifier the group gives, finer than phone, e-mail and WeChat: a phone's
    /// country calling code is its kind (`+1`, `+86`), so a Canadian and a Chinese number are of
    /// different kinds, two Canadian numbers of the same kind.
    pub(crate) kinds: Vec<u64>,
    /// Whether the group is of persons (the "two identified groups" rule is for persons only: a
    /// site known by its address and the same-named site known by its phone are one site).
    pub(crate) person: bool,
}

fn merge_sorted(a: &mut Vec<u64>, b: &[u64]) {
    a.extend_from_slice(b);
    a.sort_unstable();
    a.dedup();
}

impl Claims {
    pub(crate) fn of(n: &Norm) -> Claims {
        let mut c = Claims {
            kinds: Vec::new(),
            person: n.kind == Kind::Person,
            phones: n.phones.iter().map(hash_of).collect(),
            emails: n.emails.iter().map(hash_of).collect(),
            wechat: n.wechat.iter().map(hash_of).collect(),
            han_names: if n.kind == Kind::Person {
                n.persons
                    .iter()
                    .filter(|p| p.is_full())
                    .filter_map(|p| p.han_key())
                    .collect()
            } else {
                Vec::new()
            },
            places: if n.kind == Kind::Site {
                n.addresses
                    .iter()
                    .filter(|a| a.is_complete())
                    .map(|a| (a.building_key(), a.unit.as_deref().map(hash_of)))
                    .collect()
            } else {
                Vec::new()
            },
        };
        c.kinds = n
            .phones
            .iter()
            .map(|p| match p {
                crate::phone::Phone::E164(e) => hash_of(&(1u8, calling_code(e))),
                crate::phone::Phone::Raw(_) => hash_of(&(1u8, "raw")),
            })
            .collect();
        if !n.emails.is_empty() {
            c.kinds.push(hash_of(&2u8));
        }
        if !n.wechat.is_empty() {
            c.kinds.push(hash_of(&3u8));
        }
        for v in [
            &mut c.phones,
            &mut c.emails,
            &mut c.wechat,
            &mut c.han_names,
            &mut c.kinds,
        ] {
            v.sort_unstable();
            v.dedup();
        }
        c.places.sort_unstable();
        c.places.dedup();
        c
    }

    pub(crate) fn absorb(&mut self, other: &Claims) {
        self.person |= other.person;
        merge_sorted(&mut self.phones, &other.phones);
        merge_sorted(&mut self.emails, &other.emails);
        merge_sorted(&mut self.wechat, &other.wechat);
        merge_sorted(&mut self.han_names, &other.han_names);
        merge_sorted(&mut self.kinds, &other.kinds);
        self.places.extend_from_slice(&other.places);
        self.places.sort_unstable();
        self.places.dedup();
    }

    /// Whether the group has a strong identifier of its own.
    pub(crate) fn is_anchored(&self) -> bool {
        !self.phones.is_empty()
            || !self.emails.is_empty()
            || !self.wechat.is_empty()
            || !self.places.is_empty()
    }

    /// Whether the two person groups are provably two people by their identifiers: both give
    /// one of the same kind (a number of the same country, an e-mail, a WeChat ID) and they share
    /// none (`Conflict`).
    pub(crate) fn two_people_by_identifiers(&self, other: &Claims) -> bool {
        self.person
            && other.person
            && crate::text::sorted_intersect(&self.kinds, &other.kinds)
            && !crate::text::sorted_intersect(&self.phones, &other.phones)
            && !crate::text::sorted_intersect(&self.emails, &other.emails)
            && !crate::text::sorted_intersect(&self.wechat, &other.wechat)
            && (self.han_names.is_empty()
                || other.han_names.is_empty()
                || crate::text::sorted_intersect(&self.han_names, &other.han_names))
    }

    /// How the two groups conflict, if they do (see the module comment and [`Conflict`]).
    pub(crate) fn conflict(&self, other: &Claims) -> Conflict {
        let disjoint = |a: &[u64], b: &[u64]| {
            !a.is_empty() && !b.is_empty() && !crate::text::sorted_intersect(a, b)
        };
        // Two different Han names (after folding traditional to simplified) are two people.
        if disjoint(&self.han_names, &other.han_names) {
            return Conflict::Hard;
        }
        if !self.places.is_empty() && !other.places.is_empty() {
            let compatible = self.places.iter().any(|(b, u)| {
                other
                    .places
                    .iter()
                    .any(|(b2, u2)| b == b2 && (u.is_none() || u2.is_none() || u == u2))
            });
            if !compatible {
                return Conflict::Hard;
            }
        }
        // Both identified, and nothing shared (or they would be one core already): a name
        // alone cannot bridge two sets of identifiers, unless it is rare (`Index`).
        let identifiers =
            (self.person && other.person && self.is_anchored() && other.is_anchored())
                || disjoint(&self.phones, &other.phones)
                || disjoint(&self.emails, &other.emails)
                || disjoint(&self.wechat, &other.wechat);
        if !identifiers {
            Conflict::None
        } else if self.person
            && other.person
            && !crate::text::sorted_intersect(&self.kinds, &other.kinds)
        {
            // A person known by a Canadian phone in one group and by a Chinese phone and an
            // e-mail in another: only a rare name may join them. Two different numbers of one
            // country, two e-mails or two WeChat IDs are two people (a person rarely has two;
            // namesakes often do: docs/xref.md).
            Conflict::Identifiers
        } else {
            Conflict::Hard
        }
    }
}

/// The country calling code of an E.164 number (`+14165550199` -> `1`): ITU-T E.164 zones 1
/// and 7 have one digit, the listed codes two, every other three.
fn calling_code(e164: &str) -> &str {
    const TWO: &[&str] = &[
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    let digits = e164.trim_start_matches('+');
    let len = if digits.starts_with('1') || digits.starts_with('7') {
        1
    } else if digits.get(..2).is_some_and(|d| TWO.contains(&d)) {
        2
    } else {
        3
    };
    digits.get(..len).unwrap_or(digits)
}

/// How two groups conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Conflict {
    None,
    /// Two persons with different identifiers (two phones, a phone and an e-mail): a common
    /// name never bridges them, a rare one may (issue 15: the same person is often known by
    /// different identifiers in different reports).
    Identifiers,
    /// Never the same: two different Han names, two different addresses of sites, or
    /// different identifiers of the same kind between sites or organisations.
    Hard,
}
