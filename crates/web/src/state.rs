//! What every handler can reach.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use quietline_service::{Clock, Instance};

use crate::i18n::Lang;
use crate::request_counts::{RequestCounts, RequestTally};
use crate::sessions::{ReporterSessions, UsedNonces};

/// Settings of the web front (docs/operators.md lists each with its default).
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Mark cookies `Secure` (set when TLS terminates in front of Quietline).
    pub cookie_secure: bool,
    /// Where "Quick exit" goes.
    pub quick_exit_url: String,
    /// A reporter session ends after this long without a request.
    pub session_idle: Duration,
    /// A reporter session ends after this long in any case.
    pub session_lifetime: Duration,
    /// A connection that has not sent a request's headers this long after it opened, or
    /// after its last response, is closed.
    pub header_timeout: Duration,
    /// Most connections open at once (more wait in the kernel's queue).
    pub max_connections: usize,
    /// Most report or reply forms (with their files) received at once; beyond, the form is
    /// read without its files and comes back saying the line is busy.
    pub max_uploads: usize,
    /// A request body must bring at least this many bytes per second of waiting...
    pub min_upload_bytes_per_second: u64,
    /// ...over each window of this much waiting.
    pub upload_rate_window: Duration,
    /// Most parts (fields and files) in one multipart form.
    pub max_form_parts: usize,
    /// Languages not offered: not in the chooser or the language links, and their pages
    /// answer 404 (for example a translation no native speaker has reviewed yet). English,
    /// the fallback, is always offered.
    pub hidden_languages: Vec<Lang>,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            cookie_secure: false,
            quick_exit_url: "https://www.wikipedia.org/".into(),
            session_idle: Duration::from_secs(20 * 60),
            session_lifetime: Duration::from_secs(2 * 60 * 60),
            header_timeout: Duration::from_secs(20),
            max_connections: 512,
            max_uploads: 16,
            min_upload_bytes_per_second: 8 * 1024,
            upload_rate_window: Duration::from_secs(60),
            max_form_parts: 2_000,
            hidden_languages: Vec::new(),
        }
    }
}

/// Shared state of the web front.
#[derive(Clone)]
pub struct AppState {
    /// The installation.
    pub instance: Instance,
    /// Source of "today".
    pub clock: Arc<dyn Clock>,
    /// Web settings.
    pub config: Arc<WebConfig>,
    pub(crate) sessions: Arc<ReporterSessions>,
    pub(crate) nonces: Arc<UsedNonces>,
    /// Places for forms with files being received.
    pub(crate) uploads: Arc<tokio::sync::Semaphore>,
    pub(crate) counts: Arc<RequestCounts>,
}

impl AppState {
    /// State for `instance` with `config`.
    pub fn new(instance: Instance, clock: Arc<dyn Clock>, config: WebConfig) -> Self {
        Self {
            instance,
            clock,
            sessions: Arc::new(ReporterSessions::new(
                config.session_idle,
                config.session_lifetime,
            )),
            nonces: Arc::new(UsedNonces::new(10_000)),
            uploads: Arc::new(tokio::sync::Semaphore::new(config.max_uploads.max(1))),
            counts: Arc::default(),
            config: Arc::new(config),
        }
    }

    /// Requests to reporter pages and static files since the last call, by status class
    /// (they are counted, not logged one by one).
    pub fn take_request_counts(&self) -> RequestTally {
        self.counts.take()
    }

    /// The present, from the state's clock and the monotonic clock.
    pub(crate) fn now(&self) -> quietline_service::Now {
        quietline_service::Now {
            wall: self.clock.now(),
            mono: self.clock.instant(),
        }
    }

    /// The minimum rate of request bodies.
    pub(crate) fn min_rate(&self) -> crate::slow_body::MinRate {
        crate::slow_body::MinRate {
            bytes_per_second: self.config.min_upload_bytes_per_second,
            window: self.config.upload_rate_window,
        }
    }

    /// The languages the reporter pages are offered in, in a stable order.
    pub fn offered_languages(&self) -> Vec<Lang> {
        Lang::all()
            .into_iter()
            .filter(|lang| self.offers(*lang))
            .collect()
    }

    /// The offered language with this exact tag, if any.
    pub fn offered_language(&self, tag: &str) -> Option<Lang> {
        Lang::from_tag(tag).filter(|lang| self.offers(*lang))
    }

    fn offers(&self, lang: Lang) -> bool {
        lang == Lang::english() || !self.config.hidden_languages.contains(&lang)
    }
}
