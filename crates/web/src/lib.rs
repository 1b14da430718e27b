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
//! Modules by what they are: the reporter pages ([`pages`]) and the workbench ([`workbench`])
//! hold handlers and their routes only; what both use has rooms of its own: extractors
//! ([`extract`]), how pages look ([`layout`]), the errors of each side ([`error`],
//! [`refusal`]). No module imports one that imports it back (a tidy test checks).
//!
//! Connections are served by hyper directly ([`Application::run_until`]) so that slow and
//! many connections meet limits: a header-read timeout, a cap on connections, a minimum
//! upload rate ([`slow_body`]) and a cap on uploads at once.
//!
//! **Invariants:** the server never asks for the peer's address (no `ConnectInfo`) and no
//! header value is logged; no handler touches SQL or keys.

mod compression;
mod cookies;
mod csrf;
mod error;
mod extract;
mod form;
mod form_guard;
/// Entry points for `fuzz/` (only under `cargo fuzz`).
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzzing;
mod i18n;
mod layout;
mod pages;
mod refusal;
mod request_counts;
mod security;
mod sessions;
mod slow_body;
mod state;
mod workbench;

use std::net::SocketAddr;
use std::sync::Arc;

pub use error::WebError;
pub use i18n::{Lang, Review};
pub use request_counts::{RequestCounts, RequestTally};
pub use state::{AppState, WebConfig};

/// The router of the whole site: the reporter pages and static files, the workbench behind
/// its gate, a 404 page for anything else; every response through the security middleware
/// (request id, headers, error pages), then compressed.
pub fn router(state: AppState) -> axum::Router {
    use axum::middleware::from_fn_with_state;
    pages::routes()
        .merge(workbench::routes().layer(from_fn_with_state(state.clone(), extract::gate)))
        .fallback(|| async { WebError::not_found() })
        .layer(from_fn_with_state(state.clone(), security::middleware))
        .with_state(state)
        .layer(compression::layer())
}

/// A bound, not yet serving, web server. Binding first lets tests and the CLI learn the
/// real port when asked for port 0.
pub struct Application {
    listener: tokio::net::TcpListener,
    router: axum::Router,
    config: Arc<WebConfig>,
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
            config: Arc::clone(&state.config),
            router: router(state),
            sweeper,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then finishes the requests under way (for at most
    /// a minute).
    ///
    /// At most `max_connections` connections are open at once: beyond that, new ones wait in
    /// the kernel's queue until one closes. A connection that has not sent a request's
    /// headers `header_timeout` after it opened (or after its last response) is closed, so
    /// that one trickling bytes holds its place for that long at most.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        use hyper_util::rt::{TokioIo, TokioTimer};
        let Self {
            listener,
            router,
            config,
            sweeper,
        } = self;
        let places = Arc::new(tokio::sync::Semaphore::new(config.max_connections.max(1)));
        let graceful = hyper_util::server::graceful::GracefulShutdown::new();
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(config.header_timeout)
            // Headers and what is buffered of a body: 64 KiB per connection at most.
            .max_buf_size(64 * 1024);
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            let place = tokio::select! {
                place = Arc::clone(&places).acquire_owned() => place,
                () = &mut shutdown => break,
            };
            let Ok(place) = place else { break };
            let accepted = tokio::select! {
                accepted = listener.accept() => accepted,
                () = &mut shutdown => break,
            };
            // The peer's address is dropped here: handlers never see it.
            let stream = match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    // Out of file descriptors, for instance: wait rather than spin.
                    tracing::error!(error = %err, "accepting a connection failed");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            };
            let service = hyper_util::service::TowerToHyperService::new(router.clone());
            let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
            tokio::spawn(async move {
                let _ = connection.await;
                drop(place);
            });
        }
        drop(listener);
        let _ = tokio::time::timeout(std::time::Duration::from_secs(60), graceful.shutdown()).await;
        sweeper.abort();
        Ok(())
    }
}
