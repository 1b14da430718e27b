//! Spawning the application and talking to it.

pub use quietline_testkit::{client, hidden_fields};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quietline_core::Limits;
use quietline_crypto::{Identity, KdfParams};
use quietline_service::{Clock, DataDir, Instance, ServiceConfig, SystemClock};
use quietline_web::{AppState, Application, Lang, WebConfig};
use regex::Regex;

/// A clock the test moves: starts at 2026-11-29 12:00 UTC, and its monotonic time moves with it.
#[derive(Clone)]
pub struct TestClock(pub Arc<std::sync::atomic::AtomicI64>, std::time::Instant);

impl Default for TestClock {
    fn default() -> Self {
        Self(Arc::default(), SystemClock.instant())
    }
}

impl TestClock {
    pub fn advance(&self, seconds: i64) {
        self.0
            .fetch_add(seconds, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn unix(&self) -> u64 {
        self.now().unix_timestamp() as u64
    }

    pub fn now_date(&self) -> time::Date {
        self.now().date()
    }
}

impl Clock for TestClock {
    fn now(&self) -> time::OffsetDateTime {
        time::macros::datetime!(2026-11-29 12:00 UTC)
            + time::Duration::seconds(self.0.load(std::sync::atomic::Ordering::SeqCst))
    }

    fn instant(&self) -> std::time::Instant {
        let offset = self.0.load(std::sync::atomic::Ordering::SeqCst);
        self.1 + std::time::Duration::from_secs(u64::try_from(offset).unwrap_or(0))
    }
}

pub struct TestApp {
    pub address: SocketAddr,
    pub client: reqwest::Client,
    pub instance: Instance,
    pub clock: TestClock,
    pub dir: tempfile::TempDir,
    /// The organisation's recovery identity (its public half is recorded when initialised).
    pub recovery: Identity,
}

pub struct Options {
    pub limits: Limits,
    pub initialised: bool,
    pub receipt_burst: u32,
    /// Any other setting, changed after the ones above.
    pub tweak: fn(&mut ServiceConfig, &mut WebConfig),
    /// Language tags the operator hides (`--hide-languages`).
    pub hidden_languages: Vec<&'static str>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            initialised: true,
            receipt_burst: 1000,
            tweak: |_, _| {},
            hidden_languages: Vec::new(),
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

pub async fn spawn_app_with(options: Options) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let mut config = ServiceConfig {
        limits: options.limits,
        receipt_kdf: KdfParams::TEST_ONLY,
        password_kdf: KdfParams::TEST_ONLY,
        receipt_check_burst: options.receipt_burst,
        receipt_checks_per_minute: 60,
        ..ServiceConfig::default()
    };
    let mut web = WebConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        hidden_languages: options
            .hidden_languages
            .iter()
            .map(|tag| Lang::from_tag(tag).unwrap())
            .collect(),
        ..WebConfig::default()
    };
    (options.tweak)(&mut config, &mut web);
    let instance = Instance::open(DataDir::new(dir.path().join("data")), None, config)
        .await
        .unwrap();
    let recovery = Identity::generate();
    if options.initialised {
        instance.initialise(&recovery.recipient()).await.unwrap();
    }
    let clock = TestClock::default();
    let app = Application::build(AppState::new(
        instance.clone(),
        Arc::new(clock.clone()),
        web,
    ))
    .await
    .unwrap();
    let address = app.local_addr().unwrap();
    tokio::spawn(app.run_until(std::future::pending()));
    TestApp {
        address,
        client: client(),
        instance,
        clock,
        dir,
        recovery,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// Loads a form page and returns its hidden fields (csrf, nonce).
    pub async fn form_tokens(&self, path: &str) -> Vec<(String, String)> {
        let html = self.get(path).await.text().await.unwrap();
        hidden_fields(&html)
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Folders under reports/ (staged or final).
    pub fn report_folders(&self) -> usize {
        std::fs::read_dir(self.data_dir().join("reports"))
            .unwrap()
            .count()
    }

    pub async fn report_rows(&self) -> usize {
        self.instance.report_summaries().await.unwrap().len()
    }

    /// Submits the report form as a browser would, after loading it.
    pub async fn submit(
        &self,
        lang: &str,
        fields: &[(&str, &str)],
        files: Vec<(String, Vec<u8>)>,
    ) -> reqwest::Response {
        self.submit_with_headers(lang, fields, files, &[]).await
    }

    /// [`Self::submit`], with these request headers besides.
    pub async fn submit_with_headers(
        &self,
        lang: &str,
        fields: &[(&str, &str)],
        files: Vec<(String, Vec<u8>)>,
        headers: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in self.form_tokens(&format!("/{lang}/report")).await {
            form = form.text(name, value);
        }
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        for (name, content) in files {
            let part = reqwest::multipart::Part::bytes(content)
                .file_name(name)
                .mime_str("application/octet-stream")
                .unwrap();
            form = form.part("files", part);
        }
        let mut request = self
            .client
            .post(self.url(&format!("/{lang}/report")))
            .multipart(form);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.unwrap()
    }

    /// `POST path` with a multipart form, as a browser sends the report and reply forms.
    pub async fn post_multipart(
        &self,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    /// Where a page links the static file whose served name starts with `stem` (the name
    /// carries a hash of the content: `/static/quietline.1a2b3c4d5e.css`).
    pub async fn static_url(&self, page: &str, stem: &str) -> String {
        let html = self.get(page).await.text().await.unwrap();
        static_url_in(&html, stem).unwrap_or_else(|| panic!("{page} links no {stem}"))
    }
}

/// A multipart form holding `html`'s hidden fields (CSRF token, nonce): answers are added to it.
pub fn multipart_from(html: &str) -> reqwest::multipart::Form {
    hidden_fields(html)
        .into_iter()
        .fold(reqwest::multipart::Form::new(), |form, (name, value)| {
            form.text(name, value)
        })
}

/// The first `/static/STEM.HASH.EXT` in `text`.
pub fn static_url_in(text: &str, stem: &str) -> Option<String> {
    let re = Regex::new(&format!(
        r"/static/{}\.[0-9a-f]{{10}}\.[a-z0-9]+",
        regex::escape(stem)
    ))
    .unwrap();
    re.find(text).map(|m| m.as_str().to_owned())
}

/// The receipt shown on the receipt page.
pub fn receipt_in(html: &str) -> String {
    let re = Regex::new(r#"id="receipt" dir="ltr">([0-9 ]{24})<"#).unwrap();
    re.captures(html)
        .map(|c| c[1].to_string())
        .unwrap_or_else(|| panic!("no receipt in {html}"))
}

/// Every byte of every file under `dir`.
pub fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(all_files(&path));
        } else {
            let bytes = std::fs::read(&path).unwrap();
            out.push((path, bytes));
        }
    }
    out
}

/// `text` with its ASCII digits written in another script's, whose zero is `zero` (as typed
/// on a Uyghur keyboard: U+0660, a Tibetan one: U+0F20).
pub fn in_digits(text: &str, zero: char) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(u32::from(zero) + d).unwrap(),
            None => c,
        })
        .collect()
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub const MINIMAL: [(&str, &str); 2] = [
    ("subject", "happened_to_me"),
    ("narrative", "They called my mother."),
];
