//! The words of a bundle: its first page (what it holds, what was left out and why, in counts,
//! and how to check it) and a referral's cover letter, made from the case (what, where, when,
//! who), in English or French. Plain text: it opens anywhere, and prints.

use quietline_core::ReportAnswers;
use quietline_core::taxonomy::{PersonRole, WhenPrecision};

use super::{Audience, Manifest};
use crate::workbench::Case;

/// The language of a cover letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LetterLanguage {
    /// English.
    En,
    /// French.
    Fr,
}

impl LetterLanguage {
    /// The language with this tag (`en`, `fr`).
    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag {
            "en" => Some(Self::En),
            "fr" => Some(Self::Fr),
            _ => None,
        }
    }
}

fn audience_words(audience: Audience) -> &'static str {
    audience.whom()
}

/// `README.txt`: the first page.
pub(super) fn first_page(manifest: &Manifest) -> String {
    let audience = audience_words(manifest.audience);
    let mut page = format!(
        "QUIETLINE EVIDENCE BUNDLE\n\
         =========================\n\n\
         Case: {title}\n\
         Made on: {day} (UTC)\n\
         For: {audience}\n\n\
         This bundle holds {reports} report(s) and {items} original item(s) (answers, files,\n\
         messages), each exactly as it arrived.\n",
        title = manifest.case_title,
        day = manifest.made_day,
        reports = manifest.reports.len(),
        items = manifest.items.len(),
    );
    if manifest.left_out.is_empty() {
        page.push_str("\nEvery report of the case is in it.\n");
    } else {
        page.push_str("\nReports of the case that are NOT in this bundle, and why:\n");
        for left in &manifest.left_out {
            let why = match left.reason.as_str() {
                "no_consent" => format!(
                    "their reporter did not agree that the report be shared with {audience}"
                ),
                "purged" => "they were destroyed at the end of their retention".to_owned(),
                "unverified_messages" => {
                    "(messages, not reports) their proof of origin did not verify".to_owned()
                }
                _ => "the key of the person who made the bundle does not open them".to_owned(),
            };
            page.push_str(&format!("  - {}: {why}\n", left.count));
        }
        page.push_str("Nothing of those reports is in this bundle.\n");
    }
    page.push_str(
        "\nHOW TO CHECK IT\n\
         manifest.json lists every item with its SHA-256, its arrival day and the commitment\n\
         recorded when it arrived; custody.json holds the audit entries about the items, each\n\
         with its proof of inclusion in the audit trail, whose tree head is signed with the key\n\
         in audit-public-key.txt; manifest.tsr, if present, is a time-stamp of manifest.json.\n\
         `quietline evidence verify` checks all of it; docs/evidence.md of Quietline shows how to\n\
         check it with standard tools only (age, sha256sum, openssl, python3).\n",
    );
    page
}

/// `cover-letter.txt`: the case, for the agency it is referred to.
pub(super) fn cover_letter(
    language: LetterLanguage,
    manifest: &Manifest,
    case: &Case,
    facts: &[ReportFacts],
) -> String {
    let reports = manifest.reports.len();
    let references: Vec<&str> = manifest
        .reports
        .iter()
        .map(|r| r.reference.as_str())
        .collect();
    let first = manifest.reports.iter().map(|r| r.received_day).min();
    let last = manifest.reports.iter().map(|r| r.received_day).max();
    let span = match (first, last) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a} – {b}"),
        _ => String::new(),
    };
    let left: usize = manifest.left_out.iter().map(|l| l.count).sum();
    let description = case.fields.description.trim();
    match language {
        LetterLanguage::En => format!(
            "REFERRAL\n\n\
             Case: {title}\n\
             Date: {day}\n\n\
             What: {description}\n\n\
             We refer to you {reports} report(s) made to our reporting line ({references}),\n\
             received {span}. Their reporters agreed that they be shared with {audience}.\n\
             {left_note}\n\
             When, where and who, as each reporter gave them:\n\
             {facts}\n\
             The reports' own words, files and messages are in this bundle, unchanged since they\n\
             arrived; README.txt says how to check that. Where and when each incident took place,\n\
             and who was involved, are in each report's answers.json, as the reporter gave them.\n\n\
             The reporters are anonymous to us as well. Please do not try to identify them, and\n\
             contact us before any step that could reach them or their families.\n",
            title = manifest.case_title,
            day = manifest.made_day,
            description = if description.is_empty() {
                "(no description)"
            } else {
                description
            },
            references = references.join(", "),
            facts = facts_lines(facts, "not known", "named"),
            audience = audience_words(manifest.audience),
            left_note = if left > 0 {
                format!(
                    "{left} other report(s) of the case are not included: their reporters did not agree, or we cannot open them.\n"
                )
            } else {
                String::new()
            },
        ),
        LetterLanguage::Fr => format!(
            "SIGNALEMENT\n\n\
             Dossier : {title}\n\
             Date : {day}\n\n\
             Objet : {description}\n\n\
             Nous vous transmettons {reports} signalement(s) reçu(s) par notre ligne de signalement\n\
             ({references}), le {span}. Leurs auteurs ont accepté qu’ils soient communiqués {audience}.\n\
             {left_note}\n\
             Quand, où et qui, tels que chaque auteur les a donnés :\n\
             {facts}\n\
             Les propres mots des signalements, leurs fichiers et leurs messages sont dans ce dossier,\n\
             inchangés depuis leur arrivée ; README.txt explique comment le vérifier. Le lieu et la date\n\
             de chaque fait, et les personnes en cause, sont dans le fichier answers.json de chaque\n\
             signalement, tels que leur auteur les a donnés.\n\n\
             Les auteurs sont anonymes pour nous aussi. Merci de ne pas chercher à les identifier, et de\n\
             nous contacter avant toute démarche qui pourrait les atteindre, eux ou leur famille.\n",
            title = manifest.case_title,
            day = manifest.made_day,
            description = if description.is_empty() {
                "(sans description)"
            } else {
                description
            },
            references = references.join(", "),
            facts = facts_lines(facts, "inconnu", "personnes nommées"),
            audience = match manifest.audience {
                Audience::Police => "à la police",
                Audience::Partners => "à des organisations partenaires",
            },
            left_note = if left > 0 {
                format!(
                    "{left} autre(s) signalement(s) du dossier n’y figurent pas : leurs auteurs ne l’ont pas accepté, ou nous ne pouvons pas les ouvrir.\n"
                )
            } else {
                String::new()
            },
        ),
    }
}

/// What a letter says of one report: when, where, who, as its reporter gave them.
pub(super) struct ReportFacts {
    reference: String,
    when: String,
    place: String,
    people: Vec<String>,
}

impl ReportFacts {
    pub(super) fn of(reference: &str, answers: &ReportAnswers) -> Self {
        let when = &answers.when;
        let when = match when.precision {
            WhenPrecision::Exact => when.date.clone().unwrap_or_default(),
            WhenPrecision::Month => when.month.clone().unwrap_or_default(),
            _ => when.approximate.trim().to_owned(),
        };
        let place = &answers.place;
        let country = if place.country.is_empty() {
            place.country_other.as_str()
        } else {
            place.country.as_str()
        };
        let place = [place.name.as_str(), place.city.as_str(), country]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        Self {
            reference: reference.to_owned(),
            when,
            place,
            // Relatives are not named in a letter, which travels further than the bundle: a
            // relative's name often says who the reporter is.
            people: answers
                .people
                .iter()
                .filter_map(|p| {
                    if p.role == Some(PersonRole::FamilyMember) {
                        Some("a relative (named only in answers.json)".to_owned())
                    } else {
                        p.names.first().cloned()
                    }
                })
                .collect(),
        }
    }
}

/// One line a report: "R-7KQ4-92: 2026-09, Prato, IT; named: 陈伟".
fn facts_lines(facts: &[ReportFacts], unknown: &str, named: &str) -> String {
    facts
        .iter()
        .map(|f| {
            let mut line = format!(
                "  - {}: {}, {}",
                f.reference,
                if f.when.is_empty() { unknown } else { &f.when },
                if f.place.is_empty() {
                    unknown
                } else {
                    &f.place
                },
            );
            if !f.people.is_empty() {
                line.push_str(&format!("; {named}: {}", f.people.join(", ")));
            }
            line.push('\n');
            line
        })
        .collect()
}
