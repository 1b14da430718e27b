//! Name evidence weighted by how common the name is (issue 15): a rare name links two groups
//! known by different identifiers, a common one never does, and a mention that several
//! identified people fit stays alone with its candidates.

use crate::corpus;
use quietline_xref::{Index, Kind, Record, parse_line};

fn person(id: &str, name: &str, city: &str, phones: &[&str], emails: &[&str]) -> Record {
    let mut r = Record::new(id, Kind::Person);
    r.names = vec![name.into()];
    r.city = city.into();
    r.country = "CA".into();
    r.phones = phones.iter().map(|p| p.to_string()).collect();
    r.emails = emails.iter().map(|e| e.to_string()).collect();
    r
}

#[test]
fn a_rare_name_bridges_two_sets_of_identifiers_and_says_why() {
    let mut index = Index::new();
    // One person: a Canadian phone in one report, a Chinese phone and an e-mail in another.
    index.add(vec![
        person("a", "陈伟", "Toronto", &["(416) 555-0199"], &[]),
        person(
            "b",
            "Chan Wai",
            "Toronto",
            &["+86 138 0013 8000"],
            &["cw@example.com"],
        ),
    ]);
    assert_eq!(
        index.entity(0),
        index.entity(1),
        "{:?}",
        index.rare_name_evidence()
    );
    let words = index.links(0)[0].evidence[0].to_string();
    assert_eq!(
        words,
        "陈伟 ≈ Chan Wai, same city Toronto, a name no one else in the data carries"
    );
    // Someone else with that name, identified, anywhere: the name is no longer rare.
    index.add_report(vec![person(
        "c",
        "陳偉",
        "Vancouver",
        &["604 555 0100"],
        &[],
    )]);
    assert_ne!(index.entity(0), index.entity(1));
    assert!(index.links(0).is_empty());
}

#[test]
fn a_conflicting_given_name_or_two_numbers_of_one_country_keep_them_apart() {
    let mut index = Index::new();
    index.add(vec![
        // Different Han names that read alike: two people.
        person("a", "王伟", "Toronto", &["(416) 555-0101"], &[]),
        person("b", "汪伟", "Toronto", &[], &["ww@example.com"]),
        // Two Canadian numbers: two people, however rare the name.
        person("c", "欧阳震华", "Toronto", &["(416) 555-0102"], &[]),
        person("d", "歐陽震華", "Toronto", &["(416) 555-0103"], &[]),
        // And pairs that could be one person each, so that the data trusts rare names (three
        // such pairs for every pair that is provably two people).
        person("e", "司徒志明", "Toronto", &["(416) 555-0104"], &[]),
        person("f", "司徒志明", "Toronto", &[], &["szeto@example.com"]),
        person("g", "欧阳子康", "Toronto", &["(416) 555-0105"], &[]),
        person("h", "欧阳子康", "Toronto", &[], &["ouyang@example.com"]),
        person("i", "司马小宝", "Toronto", &["(416) 555-0106"], &[]),
        person("j", "司马小宝", "Toronto", &[], &["sima@example.com"]),
    ]);
    assert_eq!(index.rare_name_evidence(), (3, 1, true));
    assert_ne!(index.entity(0), index.entity(1));
    assert_ne!(index.entity(2), index.entity(3));
    for (a, b) in [(4, 5), (6, 7), (8, 9)] {
        assert_eq!(index.entity(a), index.entity(b));
    }
    // One more pair provably two people, and the data no longer trusts rare names.
    index.add_report(vec![
        person("k", "诸葛亮", "Toronto", &["(416) 555-0107"], &[]),
        person("l", "諸葛亮", "Toronto", &["(416) 555-0108"], &[]),
    ]);
    assert_eq!(index.rare_name_evidence(), (3, 2, false));
    for (a, b) in [(4, 5), (6, 7), (8, 9)] {
        assert_ne!(index.entity(a), index.entity(b));
    }
}

#[test]
fn an_ambiguous_mention_stays_alone_with_its_candidates() {
    let mut index = Index::new();
    index.add(vec![
        person("p1", "陈志明", "Toronto", &["(416) 555-0111"], &[]),
        person("p2", "陳志明", "Toronto", &["(416) 555-0112"], &[]),
        person("m", "Chan Chi Ming", "Toronto", &[], &[]),
        person("q", "黄国华", "Toronto", &["(416) 555-0113"], &[]),
        person("n", "Huang Guohua", "Toronto", &[], &[]),
    ]);
    // Two identified people fit the mention: it joins neither, and says who it could be.
    let alone = index.entity(2).unwrap();
    assert_eq!(index.members(alone), vec![2]);
    let mut could_be = index.candidates(2);
    could_be.sort();
    assert_eq!(
        could_be,
        vec![index.entity(0).unwrap(), index.entity(1).unwrap()]
    );
    // One fits: it joins, and has no candidates to show.
    assert_eq!(index.entity(4), index.entity(3));
    assert!(index.candidates(4).is_empty());
    assert!(
        index.candidates(0).is_empty(),
        "identified records are not mentions"
    );
}

/// On the realistic corpus, where rare names are trusted, the live index still equals the batch.
#[test]
fn report_by_report_equals_batch_with_rare_names() {
    let records: Vec<Record> = corpus::realistic(3, 5000)
        .iter()
        .enumerate()
        .map(|(i, l)| parse_line(&l.json, i as u64 + 1).unwrap().0)
        .collect();
    let mut batch = Index::new();
    batch.add(records.clone());
    let (_, _, trusted) = batch.rare_name_evidence();
    assert!(trusted, "{:?}", batch.rare_name_evidence());
    let rare_links = (0..batch.len())
        .flat_map(|p| batch.links(p))
        .filter(|l| {
            l.evidence
                .iter()
                .any(|e| e.to_string().contains("no one else"))
        })
        .count();
    assert!(rare_links > 0, "the corpus exercises rare names");
    let mut live = Index::new();
    let mut i = 0;
    let mut size = 1;
    while i < records.len() {
        let end = (i + size).min(records.len());
        live.add_report(records[i..end].to_vec());
        i = end;
        size = size % 4 + 1;
    }
    assert_eq!(live.rare_name_evidence(), batch.rare_name_evidence());
    for p in 0..records.len() {
        assert_eq!(batch.entity(p), live.entity(p), "record {p}");
        assert_eq!(batch.candidates(p), live.candidates(p), "record {p}");
    }
}
