//! How many requests the reporting line answered, by status class: what the log says about
//! reporter pages and static files instead of one line per request (see [`crate::security`]).

use std::sync::atomic::{AtomicU64, Ordering};

/// Requests to reporter pages and static files, by status class, since the last
/// [`RequestCounts::take`]: what the log says about the reporting line instead of one line
/// per request.
#[derive(Debug, Default)]
pub struct RequestCounts {
    by_class: [AtomicU64; 5],
}

/// Counts taken from [`RequestCounts`]: requests answered 1xx..5xx.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RequestTally {
    /// Requests answered with a 2xx status.
    pub ok: u64,
    /// 3xx (redirects).
    pub redirected: u64,
    /// 4xx.
    pub refused: u64,
    /// 5xx.
    pub failed: u64,
}

impl RequestCounts {
    pub(crate) fn count(&self, status: axum::http::StatusCode) {
        let class = usize::from(status.as_u16() / 100).saturating_sub(1).min(4);
        if let Some(counter) = self.by_class.get(class) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The counts so far, set back to zero.
    pub fn take(&self) -> RequestTally {
        let take = |class: usize| {
            self.by_class
                .get(class)
                .map_or(0, |c| c.swap(0, Ordering::Relaxed))
        };
        let _informational = take(0);
        RequestTally {
            ok: take(1),
            redirected: take(2),
            refused: take(3),
            failed: take(4),
        }
    }
}
