//! Site registry and map benchmark (issue 5): `cargo bench -p quietline --bench sites`.
//!
//! Starts the real release binary on a loopback port with a fresh data directory, enrols an
//! investigator over HTTP, imports 10 000 sites through the import form (CSV; sites in the
//! gazetteer's cities of the 50 countries most named in public reporting, a third of them
//! without coordinates so that they are placed at their city), then measures over HTTP: the
//! map page (world view, a country view, filtered), the site list and the GeoJSON export,
//! with the registry in memory; then the first map page after signing in again, in the same
//! server process, in a fresh one (the sealed snapshot in cache/ is read), and in a fresh one
//! without the cache folder (all 10 000 sealed sites decrypted one by one). Figures go to docs/benchmarks.md. Traffic goes to
//! 127.0.0.1 only and is bounded.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(
    clippy::disallowed_methods,
    reason = "a benchmark measures wall time with Instant::now"
)]

mod common;
use common::{Lcg, csrf, run, unix_now};

use std::time::{Duration, Instant};

use quietline_crypto::{Identity, TotpSecret};

const BIN: &str = env!("CARGO_BIN_EXE_quietline");
const SITES: usize = 10_000;
const PASSWORD: &str = "a benchmark passphrase";
const COUNTRIES: &[&str] = &[
    "AR", "AT", "AU", "BE", "BR", "CA", "CH", "CL", "CZ", "DE", "DK", "EC", "ES", "FI", "FR", "GB",
    "GR", "HR", "HU", "ID", "IE", "IT", "JP", "KH", "KR", "LS", "MM", "MN", "MX", "MY", "NG", "NL",
    "NO", "NZ", "PH", "PL", "PT", "RO", "RS", "SE", "SG", "SK", "TH", "TW", "TZ", "UA", "US", "UZ",
    "VN", "ZA",
];
const TYPES: [&str; 5] = [
    "station",
    "association_office",
    "business_premises",
    "residence",
    "other",
];
const LEVELS: [&str; 3] = ["allegation_only", "corroborated", "officially_confirmed"];
const AGENCIES: [&str; 4] = [
    "Fuzhou Public Security Bureau",
    "Qingtian County Public Security Bureau",
    "Wenzhou Public Security Bureau",
    "Nantong Public Security Bureau",
];

fn registry_csv() -> String {
    let cities: Vec<_> = COUNTRIES
        .iter()
        .flat_map(|cc| {
            "abcdefghijklmnoprstuvwz"
                .chars()
                .flat_map(move |c| quietline_geo::suggest_cities(&c.to_string(), Some(cc), 2))
        })
        .collect();
    let mut rng = Lcg(42);
    let mut csv =
        String::from("names,city,country,latitude,longitude,precision,type,agency,level,claims\n");
    for i in 0..SITES {
        let city = cities[(rng.next() as usize) % cities.len()];
        let (lat, lon) = if i % 3 == 0 {
            (String::new(), String::new())
        } else {
            let j = |r: u64| ((r % 1000) as f64 / 1000.0 - 0.5) * 0.1;
            (
                format!("{:.5}", city.lat + j(rng.next())),
                format!("{:.5}", city.lon + j(rng.next())),
            )
        };
        let claims = r#""[{""date"":""2022-09"",""kind"":""reported"",""source"":{""type"":""public"",""title"":""110 Overseas"",""publisher"":""Safeguard Defenders"",""date"":""2022-09"",""url"":""https://safeguarddefenders.com/""}}]""#;
        csv.push_str(&format!(
            "Site {i} | 站点{i},{},{},{lat},{lon},street,{},{},{},{claims}\n",
            city.name.replace(',', " "),
            city.country,
            TYPES[(rng.next() as usize) % TYPES.len()],
            AGENCIES[(rng.next() as usize) % AGENCIES.len()],
            LEVELS[(rng.next() as usize) % LEVELS.len()],
        ));
    }
    csv
}

/// Signs amira in: the first time enrolling her second factor (returned), later with a code.
async fn sign_in(
    base: &str,
    first: bool,
    totp: Option<&TotpSecret>,
) -> (reqwest::Client, Option<TotpSecret>) {
    if first {
        let enrolled = quietline_testkit::enrol(base, "amira", PASSWORD, unix_now).await;
        return (enrolled.client, Some(enrolled.totp));
    }
    let totp = totp.expect("a later sign-in needs the code");
    let (investigator, response) =
        quietline_testkit::sign_in(base, "amira", PASSWORD, totp, unix_now()).await;
    assert_eq!(response.status(), 303);
    (investigator, None)
}

/// `GET url` offering one content encoding: how long it took, the encoding sent back and the
/// bytes on the wire (the body as sent, not decoded).
async fn timed_get_encoded(
    client: &reqwest::Client,
    url: &str,
    encoding: &str,
) -> (Duration, String, usize) {
    let started = Instant::now();
    let response = client
        .get(url)
        .header("accept-encoding", encoding)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{url}");
    let sent = response
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.bytes().await.unwrap();
    (started.elapsed(), sent, body.len())
}

async fn timed_get(client: &reqwest::Client, url: &str) -> (Duration, usize, String) {
    let started = Instant::now();
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    let body = response.text().await.unwrap();
    (started.elapsed(), body.len(), body)
}

/// Starts `quietline serve` on a loopback port.
async fn serve(data: &str) -> quietline_testkit::Server {
    quietline_testkit::Server::start(BIN, &["--data", data], |command| {
        command.stderr(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open("/tmp/sites-bench-server.log")
                .unwrap(),
        );
    })
    .await
}

/// Waits for the next TOTP step (each code works once), signs in, and times the first map
/// page: what an investigator waits for after signing in.
async fn first_map_page(base: &str, totp: &TotpSecret, label: &str) {
    tokio::time::sleep(Duration::from_secs(31 - unix_now() % 30)).await;
    let started = Instant::now();
    let (again, _) = sign_in(base, false, Some(totp)).await;
    let signed_in = started.elapsed();
    let (cold, size, body) = timed_get(&again, &format!("{base}/investigator/map")).await;
    assert!(body.contains("Map of"));
    let (warm, _, _) = timed_get(&again, &format!("{base}/investigator/map")).await;
    println!(
        "| {label} | {:.0} ms | {:.0} ms | {:.1} ms | {} KiB |",
        ms(signed_in),
        ms(cold),
        ms(warm),
        size / 1024
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();
    let recovery = Identity::generate();
    run(
        &[
            "init",
            "--data",
            data_arg,
            "--recovery-recipient",
            &recovery.recipient().to_string(),
        ],
        "",
    );
    run(
        &[
            "investigator",
            "add",
            "--data",
            data_arg,
            "--username",
            "amira",
        ],
        &format!("{PASSWORD}\n"),
    );
    let mut server = serve(data_arg).await;
    let base = server.base();
    let (investigator, totp) = sign_in(&base, true, None).await;
    let totp = totp.unwrap();

    let csv = registry_csv();
    let import_page = investigator
        .get(format!("{base}/investigator/sites/import"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf(&import_page);
    for action in ["check", "import"] {
        let started = Instant::now();
        let response = investigator
            .post(format!("{base}/investigator/sites/import"))
            .form(&[
                ("csrf", token.as_str()),
                ("format", "csv"),
                ("text", csv.as_str()),
                ("action", action),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{action}");
        let body = response.text().await.unwrap();
        assert!(body.contains(&format!("{SITES} site(s)")), "{action}");
        println!(
            "import of {SITES} sites, {} ({} KiB of CSV): {:.0} ms",
            if action == "check" {
                "dry run"
            } else {
                "written"
            },
            csv.len() / 1024,
            ms(started.elapsed())
        );
    }

    println!(
        "\n| {SITES} sites, over HTTP | median | worst of 20 | page size | median, Brotli | Brotli | gzip |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for (label, path) in [
        ("map, world view", "/investigator/map"),
        ("map, country view (Italy)", "/investigator/map?country=IT"),
        (
            "map, country view (United States)",
            "/investigator/map?country=US",
        ),
        (
            "map, world, filtered (level and agency)",
            "/investigator/map?level=corroborated&agency=Fuzhou%20Public%20Security%20Bureau",
        ),
        ("site list, all", "/investigator/sites"),
        (
            "GeoJSON export, all",
            "/investigator/sites/export/sites.geojson",
        ),
    ] {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..20 {
            let (t, s, _) = timed_get(&investigator, &format!("{base}{path}")).await;
            times.push(t);
            size = s;
        }
        times.sort();
        let mut brotli_times = Vec::new();
        let mut brotli = 0;
        for _ in 0..5 {
            let (t, sent, s) =
                timed_get_encoded(&investigator, &format!("{base}{path}"), "br").await;
            assert_eq!(sent, "br", "{path}");
            brotli_times.push(t);
            brotli = s;
        }
        brotli_times.sort();
        let (_, sent, gzip) =
            timed_get_encoded(&investigator, &format!("{base}{path}"), "gzip").await;
        assert_eq!(sent, "gzip", "{path}");
        println!(
            "| {label} | {:.1} ms | {:.1} ms | {} KiB | {:.1} ms | {} KiB | {} KiB |",
            ms(times[10]),
            ms(times[19]),
            size / 1024,
            ms(brotli_times[2]),
            brotli / 1024,
            gzip / 1024
        );
    }

    // Sign out (the workspace and the decrypted registry leave memory), then sign in again:
    // in the same process, in a fresh process (nothing in memory; the sealed snapshot in
    // cache/, if any, is all there is), and in a fresh process without the cache folder (every
    // site decrypted from the database). Each line is one sign-in, so a single measurement.
    let account = investigator
        .get(format!("{base}/investigator/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    investigator
        .post(format!("{base}/investigator/logout"))
        .form(&[("csrf", csrf(&account))])
        .send()
        .await
        .unwrap();
    println!(
        "\n| {SITES} sites, after signing in | sign-in | first map page | the same page again | page size |"
    );
    println!("| --- | --- | --- | --- | --- |");
    first_map_page(&base, &totp, "same server process").await;
    server.child.kill().await.ok();
    let mut server = serve(data_arg).await;
    let base = server.base();
    first_map_page(&base, &totp, "fresh server process").await;
    server.child.kill().await.ok();
    let cache = data.join("cache");
    let cached = std::fs::read_dir(&cache)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    std::fs::remove_dir_all(&cache).ok();
    let mut server = serve(data_arg).await;
    let base = server.base();
    first_map_page(
        &base,
        &totp,
        &format!(
            "fresh server process, cache/ removed (held: {})",
            cached.join(", ")
        ),
    )
    .await;
    server.child.kill().await.ok();
}
