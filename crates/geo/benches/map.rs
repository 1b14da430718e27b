//! Map rendering benchmark (issue 5: the map with 10 000 sites in under a second):
//! `cargo bench -p quietline-geo --bench map`. Renders the world view and a country view with
//! 1 000, 10 000 and 100 000 markers spread over the land of the 50 countries most named in
//! public reporting, and prints median and worst times of 15 runs and the SVG's size. With
//! `QUIETLINE_BENCH_SVG=dir`, also writes the SVGs there to look at.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(
    clippy::disallowed_methods,
    reason = "a benchmark measures wall time with Instant::now"
)]

use std::time::{Duration, Instant};

use quietline_core::site::VerificationLevel;
use quietline_geo::{MapView, Marker, find_city, suggest_cities};

const COUNTRIES: &[&str] = &[
    "AR", "AT", "AU", "BE", "BR", "CA", "CH", "CL", "CZ", "DE", "DK", "EC", "ES", "FI", "FR", "GB",
    "GR", "HR", "HU", "ID", "IE", "IT", "JP", "KH", "KR", "LS", "MM", "MN", "MX", "MY", "NG", "NL",
    "NO", "NZ", "PH", "PL", "PT", "RO", "RS", "SE", "SG", "SK", "TH", "TW", "TZ", "UA", "US", "UZ",
    "VN", "ZA",
];

/// Deterministic pseudo-random numbers (xorshift), so that every run draws the same sites.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn markers(n: usize) -> Vec<Marker> {
    // Real cities of those countries (the gazetteer's 20 largest each), jittered a little.
    let cities: Vec<_> = COUNTRIES
        .iter()
        .flat_map(|cc| {
            "abcdefghijklmnopqrstuvwxyz"
                .chars()
                .flat_map(move |c| suggest_cities(&c.to_string(), Some(cc), 2))
        })
        .collect();
    assert!(cities.len() > 500, "{}", cities.len());
    assert!(find_city("Prato", Some("IT")).is_some());
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n)
        .map(|i| {
            let city = cities[(rng.next() % cities.len() as u64) as usize];
            let jitter = |r: u64| ((r % 1000) as f64 / 1000.0 - 0.5) * 0.2;
            Marker {
                lat: city.lat + jitter(rng.next()),
                lon: city.lon + jitter(rng.next()),
                level: VerificationLevel::ALL[(rng.next() % 3) as usize],
                label: format!("Site {i} in {}", city.name),
                href: format!("/investigator/sites/{:032x}", i),
                country: city.country.to_owned(),
            }
        })
        .collect()
}

fn measure(view: &MapView, markers: &[Marker]) -> (Duration, Duration, usize) {
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..15 {
        let started = Instant::now();
        let svg = quietline_geo::render_map(view, markers, &|c| Some(format!("?country={c}")));
        times.push(started.elapsed());
        size = svg.len();
        if let Ok(dir) = std::env::var("QUIETLINE_BENCH_SVG") {
            let name = match view {
                MapView::World => "world".to_owned(),
                MapView::Country(c) => c.clone(),
            };
            std::fs::write(format!("{dir}/map-{name}-{}.svg", markers.len()), &svg).unwrap();
        }
    }
    times.sort();
    (times[times.len() / 2], times[times.len() - 1], size)
}

fn main() {
    let started = Instant::now();
    let first = quietline_geo::render_map(&MapView::World, &[], &|_| None);
    println!(
        "first render (parses the bundled boundaries and gazetteer): {:.1} ms, {} KiB",
        started.elapsed().as_secs_f64() * 1000.0,
        first.len() / 1024
    );
    println!("| sites | view | median | worst of 15 | SVG size |");
    println!("| --- | --- | --- | --- | --- |");
    for n in [1_000, 10_000, 100_000] {
        let markers = markers(n);
        for view in [
            MapView::World,
            MapView::Country("IT".into()),
            MapView::Country("US".into()),
        ] {
            let (median, worst, size) = measure(&view, &markers);
            println!(
                "| {n} | {view:?} | {:.1} ms | {:.1} ms | {} KiB |",
                median.as_secs_f64() * 1000.0,
                worst.as_secs_f64() * 1000.0,
                size / 1024
            );
        }
    }
}
