//! A minimum upload rate. A request body that arrives slower than the configured rate is
//! ended with [`TooSlow`], so that a connection trickling bytes cannot hold an upload slot
//! (and a staging folder, and a file handle) for hours.
//!
//! Only time spent waiting for the client counts: while the server is busy (encrypting,
//! waiting for Argon2id) it does not read, and a client held back by that is not slow. Each
//! `window` of waiting must bring at least `rate × window` bytes.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures::Stream;
use tokio::time::{Instant, Sleep};

/// The body came in slower than the minimum rate.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the request body arrived slower than {bytes_per_second} bytes per second")]
pub(crate) struct TooSlow {
    pub bytes_per_second: u64,
}

/// The minimum rate a body must keep.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MinRate {
    pub bytes_per_second: u64,
    pub window: Duration,
}

/// A body stream held to a [`MinRate`].
pub(crate) struct RateGuard<S> {
    inner: S,
    rate: MinRate,
    /// Time waited for the client in this window, not counting the wait under way.
    waited: Duration,
    /// Bytes received in this window.
    received: u64,
    /// When the wait under way began.
    waiting_since: Option<Instant>,
    timer: Pin<Box<Sleep>>,
    failed: bool,
}

impl<S> RateGuard<S> {
    pub fn new(inner: S, rate: MinRate) -> Self {
        Self {
            inner,
            rate,
            waited: Duration::ZERO,
            received: 0,
            waiting_since: None,
            timer: Box::pin(tokio::time::sleep(rate.window)),
            failed: false,
        }
    }

    fn required(&self) -> u64 {
        let window = self.rate.window.as_secs_f64();
        (self.rate.bytes_per_second as f64 * window) as u64
    }

    /// Ends the wait under way at `now`; closes the window if it is full. Err if the window
    /// brought too little.
    fn account(&mut self, now: Instant) -> Result<(), TooSlow> {
        if let Some(since) = self.waiting_since.take() {
            self.waited += now.saturating_duration_since(since);
        }
        if self.waited >= self.rate.window {
            if self.received < self.required() {
                return Err(TooSlow {
                    bytes_per_second: self.rate.bytes_per_second,
                });
            }
            self.waited = Duration::ZERO;
            self.received = 0;
        }
        Ok(())
    }
}

impl<S, E> Stream for RateGuard<S>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Item = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.failed {
            return Poll::Ready(None);
        }
        let now = Instant::now();
        match Pin::new(&mut self.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                self.received += chunk.len() as u64;
                match self.account(now) {
                    Ok(()) => Poll::Ready(Some(Ok(chunk))),
                    Err(slow) => {
                        self.failed = true;
                        Poll::Ready(Some(Err(Box::new(slow))))
                    }
                }
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => {
                // Waiting for the client: wake up when this window's waiting is over.
                let since = *self.waiting_since.get_or_insert(now);
                let deadline = since + self.rate.window.saturating_sub(self.waited);
                if deadline <= now {
                    let checked = self.account(now);
                    self.waiting_since = Some(now);
                    if let Err(slow) = checked {
                        self.failed = true;
                        return Poll::Ready(Some(Err(Box::new(slow))));
                    }
                    let next = now + self.rate.window;
                    self.timer.as_mut().reset(next);
                } else {
                    self.timer.as_mut().reset(deadline);
                }
                if self.timer.as_mut().poll(cx).is_ready() {
                    cx.waker().wake_by_ref();
                }
                Poll::Pending
            }
        }
    }
}

/// Whether `error` (as multer or axum pass it on) is, or was caused by, [`TooSlow`].
pub(crate) fn is_too_slow(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if e.is::<TooSlow>() {
            return true;
        }
        current = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;

    #[tokio::test(start_paused = true)]
    async fn a_body_that_stops_is_cut_after_one_window_and_a_steady_one_is_not() {
        let rate = MinRate {
            bytes_per_second: 100,
            window: Duration::from_secs(10),
        };
        // 500 bytes, then nothing: less than one window needs (1 000).
        let stalled =
            futures::stream::iter(vec![Ok::<_, std::io::Error>(Bytes::from(vec![0; 500]))])
                .chain(futures::stream::pending());
        let mut guard = RateGuard::new(stalled, rate);
        assert!(guard.next().await.unwrap().is_ok());
        let started = Instant::now();
        let err = guard.next().await.unwrap().unwrap_err();
        assert!(is_too_slow(err.as_ref()));
        assert_eq!(started.elapsed(), Duration::from_secs(10));

        // 200 bytes a second, for a minute.
        let steady = futures::stream::iter(0..60).then(|_| async {
            tokio::time::sleep(Duration::from_secs(1)).await;
            Ok::<_, std::io::Error>(Bytes::from(vec![0; 200]))
        });
        let guard = RateGuard::new(Box::pin(steady), rate);
        let all: Vec<_> = guard.collect().await;
        assert_eq!(all.len(), 60);
        assert!(all.iter().all(Result::is_ok));
    }
}
