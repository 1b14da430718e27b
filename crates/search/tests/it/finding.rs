//! What a query finds.

use quietline_search::{Error, Kind, Owner, QueryProblem, Request};

use crate::{doc, engine, find, owners, report, site};

#[test]
fn a_chinese_query_finds_chinese_written_without_spaces() {
    let e = engine();
    let (a, b) = (report(), report());
    e.put_now([
        doc(
            a,
            Kind::Report,
            1,
            "他们在多伦多的警察服务站要求我回国，还给我父母打电话。",
        ),
        doc(
            b,
            Kind::Report,
            2,
            "警察来了以后，服务员说站在门口的人走了。",
        ),
    ])
    .unwrap();
    // The characters in sequence, wherever they are in the sentence.
    assert_eq!(owners(&e, "服务站"), [a]);
    assert_eq!(owners(&e, "警察服务站"), [a]);
    assert_eq!(owners(&e, "给我父母打电话"), [a]);
    // The same characters, not next to each other: not found.
    assert!(owners(&e, "服务站在").is_empty());
    // One character finds every text with it.
    assert_eq!(owners(&e, "警").len(), 2);
    // The snippet marks the sequence as written.
    let found = find(&e, "服务站");
    let marked: Vec<&str> = found.hits[0]
        .snippet
        .parts()
        .into_iter()
        .filter(|(_, m)| *m)
        .map(|(t, _)| t)
        .collect();
    assert_eq!(marked, ["服务站"]);
}

#[test]
fn traditional_finds_simplified_and_the_reverse() {
    let e = engine();
    let (simplified, traditional) = (report(), report());
    e.put_now([
        doc(simplified, Kind::Message, 1, "陈伟在台湾的亲戚被警察约谈。"),
        doc(
            traditional,
            Kind::Note,
            2,
            "陳偉說他在臺灣見過這個服務站的負責人。",
        ),
    ])
    .unwrap();
    assert_eq!(owners(&e, "陳偉").len(), 2);
    assert_eq!(owners(&e, "陈伟").len(), 2);
    assert_eq!(owners(&e, "臺灣的親戚"), [simplified]);
    assert_eq!(owners(&e, "服务站的负责人"), [traditional]);
    // Marked in the spelling of the text, not of the query.
    let found = find(&e, "负责人");
    assert_eq!(found.hits[0].snippet.parts()[1], ("負責人", true));
}

#[test]
fn french_diacritics_and_case_are_folded_both_ways() {
    let e = engine();
    let (accented, plain) = (report(), report());
    e.put_now([
        doc(
            accented,
            Kind::Report,
            1,
            "Le Français a été ÉCONDUIT à la préfecture.",
        ),
        doc(
            plain,
            Kind::Message,
            2,
            "francais, ete econduit, prefecture",
        ),
    ])
    .unwrap();
    for query in [
        "Francais",
        "français",
        "FRANÇAIS",
        "éconduit",
        "econduit",
        "Préfecture",
    ] {
        assert_eq!(owners(&e, query).len(), 2, "{query}");
    }
    let found = find(&e, "francais prefecture");
    let accented_hit = found.hits.iter().find(|h| h.owner == accented).unwrap();
    assert_eq!(
        accented_hit
            .snippet
            .parts()
            .into_iter()
            .filter(|(_, m)| *m)
            .map(|(t, _)| t)
            .collect::<Vec<_>>(),
        ["Français", "préfecture"]
    );
}

#[test]
fn every_part_must_match_and_quotes_ask_for_a_phrase() {
    let e = engine();
    let (a, b) = (report(), report());
    e.put_now([
        doc(
            a,
            Kind::Report,
            1,
            "He waited on Main Street, phone (416) 555-0199.",
        ),
        doc(
            b,
            Kind::Report,
            2,
            "The street was the main one; +1 416 555 0100.",
        ),
    ])
    .unwrap();
    assert_eq!(owners(&e, "main street").len(), 2);
    assert_eq!(owners(&e, "\"main street\""), [a]);
    assert_eq!(owners(&e, "416-555-0199"), [a]);
    assert_eq!(owners(&e, "street 0100"), [b]);
    assert!(owners(&e, "street nowhere").is_empty());
    assert_eq!(find(&e, "  ;; ").total, 0, "nothing to search for");
}

#[test]
fn uyghur_and_tibetan_words_are_found() {
    let e = engine();
    let (uyghur, tibetan) = (report(), report());
    e.put_now([
        doc(uyghur, Kind::Report, 1, "ئەخمەت ساقچىخانىغا چاقىرىلدى"),
        doc(tibetan, Kind::Report, 2, "བཀྲ་ཤིས་སྒྲོལ་མ་ལ་ཁ་པར་བཏང་།"),
    ])
    .unwrap();
    assert_eq!(owners(&e, "ئەخمەت"), [uyghur]);
    assert_eq!(owners(&e, "བཀྲ་ཤིས་སྒྲོལ་མ"), [tibetan]);
}

#[test]
fn what_the_asker_may_not_see_is_never_found_nor_counted() {
    let e = engine();
    let (open, closed, place) = (report(), report(), site());
    e.put_now([
        doc(open, Kind::Report, 1, "station on Westblaak"),
        doc(
            closed,
            Kind::Report,
            2,
            "station on Westblaak, second floor",
        ),
        doc(closed, Kind::Message, 3, "the station again"),
        doc(closed, Kind::File, 4, "station.jpg"),
        doc(place, Kind::Site, 5, "Westblaak station"),
    ])
    .unwrap();
    let may_see = |owner: Owner| owner != closed;
    let found = e
        .search(
            &Request {
                text: "station",
                kind: None,
                offset: 0,
                limit: 10,
            },
            &may_see,
        )
        .unwrap();
    assert_eq!(found.total, 2);
    assert_eq!(found.by_kind, [1, 0, 0, 0, 1]);
    assert!(found.hits.iter().all(|h| h.owner != closed));
    // Not through a kind filter, nor a page beyond.
    for kind in Kind::ALL {
        let found = e
            .search(
                &Request {
                    text: "station",
                    kind: Some(kind),
                    offset: 0,
                    limit: 10,
                },
                &may_see,
            )
            .unwrap();
        assert!(found.hits.iter().all(|h| h.owner != closed), "{kind:?}");
    }
    let nobody = e
        .search(
            &Request {
                text: "station",
                kind: None,
                offset: 0,
                limit: 10,
            },
            &|_| false,
        )
        .unwrap();
    assert_eq!(
        (nobody.total, nobody.by_kind, nobody.hits.len()),
        (0, [0; 5], 0)
    );
}

#[test]
fn a_kept_visibility_is_current_until_an_owner_enters_and_never_shows_that_owner() {
    let e = engine();
    let (first, second) = (report(), report());
    e.put_now([doc(first, Kind::Report, 1, "station on Westblaak")])
        .unwrap();
    let visible = e.visibility(&|_| true).unwrap();
    assert!(e.is_current(&visible));
    // More documents of an owner already in the index: still current.
    e.put_now([doc(first, Kind::Message, 2, "the station again")])
        .unwrap();
    assert!(e.is_current(&visible));
    // A new owner: no longer current, and what it kept never shows the newcomer.
    e.put_now([doc(second, Kind::Report, 3, "another station")])
        .unwrap();
    assert!(!e.is_current(&visible));
    let request = Request {
        text: "station",
        kind: None,
        offset: 0,
        limit: 10,
    };
    let found = e.search_visible(&request, &visible).unwrap();
    assert_eq!(found.total, 2);
    assert!(found.hits.iter().all(|h| h.owner == first));
    let fresh = e.visibility(&|_| true).unwrap();
    assert!(e.is_current(&fresh));
    assert_eq!(e.search_visible(&request, &fresh).unwrap().total, 3);
}

#[test]
fn pages_kinds_and_counts() {
    let e = engine();
    let owner = report();
    let mut docs = Vec::new();
    for n in 0..30 {
        let kind = Kind::ALL[n % 5];
        // The more often the word, the higher the hit.
        docs.push(crate::doc(owner, kind, n, &"Rotterdam ".repeat(n + 1)));
    }
    e.put_now(docs).unwrap();
    let page = |offset, limit, kind| {
        e.search(
            &Request {
                text: "rotterdam",
                kind,
                offset,
                limit,
            },
            &|_| true,
        )
        .unwrap()
    };
    let all = page(0, 30, None);
    assert_eq!((all.total, all.by_kind), (30, [6; 5]));
    let keys: Vec<String> = all.hits.iter().map(|h| h.key.clone()).collect();
    assert_eq!(
        keys.first().map(String::as_str),
        Some("site:29"),
        "most relevant first"
    );
    // Pages are slices of the same order.
    let mut paged = Vec::new();
    for offset in (0..30).step_by(7) {
        let p = page(offset, 7, None);
        assert_eq!(p.total, 30);
        paged.extend(p.hits.into_iter().map(|h| h.key));
    }
    assert_eq!(paged, keys);
    let notes = page(0, 4, Some(Kind::Note));
    assert_eq!(
        (notes.total, notes.by_kind, notes.hits.len()),
        (6, [6; 5], 4)
    );
    assert!(notes.hits.iter().all(|h| h.kind == Kind::Note));
    assert_eq!(notes.hits[0].extra, "extra 27");
    assert!(page(40, 10, None).hits.is_empty());
}

#[test]
fn a_document_put_again_replaces_the_first_and_can_be_removed() {
    let e = engine();
    let place = site();
    e.put_now([doc(place, Kind::Site, 1, "Hotel Rotterdam")])
        .unwrap();
    e.put_now([doc(place, Kind::Site, 1, "Hotel Amsterdam")])
        .unwrap();
    assert!(owners(&e, "rotterdam").is_empty());
    assert_eq!(owners(&e, "amsterdam"), [place]);
    assert_eq!(e.len(), 1);
    // Put twice in one batch (a race between a live addition and a build): once.
    e.put_now([
        doc(place, Kind::Site, 1, "Hotel Prato"),
        doc(place, Kind::Site, 1, "Hotel Prato"),
    ])
    .unwrap();
    assert_eq!(find(&e, "prato").total, 1);
    e.remove("site:1").unwrap();
    e.commit().unwrap();
    assert!(e.is_empty());
}

#[test]
fn queries_beyond_the_limits_are_refused() {
    let e = engine();
    let long = "a".repeat(quietline_search::MAX_QUERY_CHARS + 1);
    let result = e.search(
        &Request {
            text: &long,
            kind: None,
            offset: 0,
            limit: 10,
        },
        &|_| true,
    );
    assert!(matches!(
        result,
        Err(Error::Query(QueryProblem::TooLong { .. }))
    ));
}
