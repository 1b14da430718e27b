//! Quietline's web front. The reporter pages: server-rendered HTML and one stylesheet, no
//! JavaScript, nothing from any other origin, every string translated.
//!
//! Handlers only extract, call one operation of `quietline-service`, and render (askama
//! templates in `templates/`). Everything that protects the reporter at the HTTP level
//! lives here: security headers and request ids ([`security`]), CSRF tokens ([`csrf`]),
//! reporter sessions held in memory only ([`sessions`]), and a multipart reader that streams
//! files into encryption and keeps every typed value when something is wrong
//! ([`form`]).
//!
//! **Invariants:** the server never asks for the peer's address (no `ConnectInfo`) and no
//! header value is logged; no handler touches SQL or keys.

mod csrf;
mod error;
mod form;
mod i18n;
mod pages;
mod security;
mod sessions;
mod state;
mod workbench;

use std::net::SocketAddr;

pub use error::WebError;
pub use i18n::{Lang, Review};
pub use state::{AppState, WebConfig};

/// The router of the whole site.
pub fn router(state: AppState) -> axum::Router {
    pages::routes(state)
}

/// A bound, not yet serving, web server. Binding first lets tests and the CLI learn the
/// real port when asked for port 0.
pub struct Application {
    listener: tokio::net::TcpListener,
    router: axum::Router,
    sweeper: tokio::task::JoinHandle<()>,
}

impl Application {
    /// Binds the configured address.
    pub async fn build(state: AppState) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(state.config.listen).await?;
        // Sessions and the unlocked workspace end on a timer, not at the next request.
        let sessions = state.sessions.clone();
        let sweeper = state
            .instance
            .spawn_sweeper(state.clock.clone(), move |now| sessions.purge(now));
        Ok(Self {
            listener,
            router: router(state),
            sweeper,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then finishes the requests under way.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        // `into_make_service` (not `..._with_connect_info`): the peer's address is never
        // even made available to handlers.
        let served = axum::serve(self.listener, self.router.into_make_service())
            .with_graceful_shutdown(shutdown)
            .await;
        self.sweeper.abort();
        served
    }
}
