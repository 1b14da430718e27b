//! Names across scripts through the public API (issue 16): Uyghur and Tibetan names link across
//! their scripts with the rule named in the evidence, and the order of their elements counts.

use quietline_xref::{Evidence, Index, Kind, NameRule, Record};

fn person(id: &str, name: &str, phone: Option<&str>) -> Record {
    let mut r = Record::new(id, Kind::Person);
    r.names = vec![name.into()];
    if let Some(p) = phone {
        r.phones = vec![p.into()];
    }
    r.city = "Toronto".into();
    r.country = "CA".into();
    r
}

fn rule_of(index: &Index, position: usize) -> Option<NameRule> {
    index.links(position).iter().find_map(|l| {
        l.evidence.iter().find_map(|e| match e {
            Evidence::NameMatch { rule, .. } => *rule,
            _ => None,
        })
    })
}

#[test]
fn a_transcription_links_with_the_rule_in_words() {
    let mut index = Index::new();
    index.add(vec![
        person("a", "Exmet", Some("(416) 555-0101")),
        person("b", "艾合买提", None),
    ]);
    assert_eq!(index.entity(0), index.entity(1));
    let words: Vec<String> = index.links(1)[0]
        .evidence
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        words,
        ["艾合买提 = Exmet, Chinese transcription of a Uyghur name, same city Toronto"]
    );
    assert_eq!(rule_of(&index, 1), Some(NameRule::UyghurChinese));
}

#[test]
fn every_script_of_a_name_joins_the_identified_person() {
    for (identified, mention, rule) in [
        ("Memet Eli", "买买提·艾力", NameRule::UyghurChinese),
        ("Memet Eli", "Maimaiti Aili", NameRule::UyghurPinyin),
        ("Memet Eli", "مەمەت ئەلى", NameRule::UyghurArabic),
        ("Memet Eli", "Мәмәт Әли", NameRule::UyghurCyrillic),
        ("Memet Eli", "Mamat Ali", NameRule::UyghurLatin),
        ("Tashi Dolma", "扎西卓玛", NameRule::TibetanChinese),
        ("Tashi Dolma", "Zhaxi Zhuoma", NameRule::TibetanPinyin),
        ("Tashi Dolma", "བཀྲ་ཤིས་སྒྲོལ་མ", NameRule::TibetanScript),
        ("Tashi Dolma", "bkra shis sgrol ma", NameRule::TibetanWylie),
        ("Tashi Dolma", "Trashi Drölma", NameRule::TibetanPhonetic),
    ] {
        let mut index = Index::new();
        index.add(vec![
            person("a", identified, Some("(416) 555-0101")),
            person("b", mention, None),
        ]);
        assert_eq!(index.entity(0), index.entity(1), "{identified} = {mention}");
        assert_eq!(rule_of(&index, 1), Some(rule), "{identified} = {mention}");
    }
}

#[test]
fn the_order_of_elements_tells_people_apart() {
    // "Adil Nurmemet" and "Nurmemet Adil" are two people: each mention joins its own.
    let mut index = Index::new();
    index.add(vec![
        person("a", "Adil Nurmemet", Some("(416) 555-0101")),
        person("b", "Nurmemet Adil", Some("(416) 555-0102")),
        person("c", "阿迪力·努尔买买提", None),
        person("d", "Nurmemet Adil", None),
    ]);
    assert_ne!(index.entity(0), index.entity(1));
    assert_eq!(index.entity(2), index.entity(0));
    assert_eq!(index.entity(3), index.entity(1));
    // Alone, the reversed name joins nobody.
    let mut index = Index::new();
    index.add(vec![
        person("a", "Adil Nurmemet", Some("(416) 555-0101")),
        person("b", "Nurmemet Adil", None),
    ]);
    assert_ne!(index.entity(0), index.entity(1));
}

#[test]
fn negative_controls() {
    for (identified, mention) in [
        ("Exmet", "Memet"),
        ("Tashi", "Tsering"),
        ("Tashi Dolma", "Tashi"),
        ("Tashi Dolma", "Dolma Tashi"),
        // 艾力 is Eli, not surname 艾 with given name 力: it never meets a Chinese name.
        ("艾力", "Ai Li"),
        ("Ai Li", "艾力"),
        ("陈伟", "Exmet"),
    ] {
        let mut index = Index::new();
        index.add(vec![
            person("a", identified, Some("(416) 555-0101")),
            person("b", mention, None),
        ]);
        assert_ne!(index.entity(0), index.entity(1), "{identified} ≠ {mention}");
    }
    // Two transcriptions of one name are no Han-name conflict: 艾合麦提 and 艾合买提 both read
    // Exmet and join through a shared phone's person.
    let mut index = Index::new();
    index.add(vec![
        person("a", "艾合买提", Some("(416) 555-0101")),
        person("b", "艾合麦提", None),
    ]);
    assert_eq!(index.entity(0), index.entity(1));
}
