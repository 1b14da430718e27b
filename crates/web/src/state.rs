//! What every handler can reach.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use quietline_service::{Clock, Instance};

use crate::i18n::Lang;
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
            config: Arc::new(config),
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
