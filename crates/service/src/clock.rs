//! The one place that reads the clocks (clippy.toml bans `OffsetDateTime::now_utc` and
//! `Instant::now` everywhere else). Everything else takes `today`, `now` or a [`Clock`] as a
//! parameter, so that what expires can be tested; how long a step took (for the log) is a
//! [`Stopwatch`].

/// A source of the current UTC time.
pub trait Clock: Send + Sync + 'static {
    /// Now, in UTC.
    fn now(&self) -> time::OffsetDateTime;

    /// Today, in UTC.
    fn today(&self) -> time::Date {
        self.now().date()
    }

    /// The monotonic clock (session timeouts), replaceable in tests.
    #[allow(
        clippy::disallowed_methods,
        reason = "the one sanctioned reading of the monotonic clock"
    )]
    fn instant(&self) -> std::time::Instant {
        std::time::Instant::now()
    }
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)] // the one sanctioned reading of the clock
    fn now(&self) -> time::OffsetDateTime {
        time::OffsetDateTime::now_utc()
    }
}

/// How long something took, for logs and benchmarks: started with [`Stopwatch::start`], read
/// with [`Stopwatch::elapsed`]. Never decides anything: what expires reads a [`Clock`].
#[derive(Clone, Copy, Debug)]
pub struct Stopwatch(std::time::Instant);

impl Stopwatch {
    /// Starts timing now.
    #[allow(
        clippy::disallowed_methods,
        reason = "measures a duration for the log; nothing depends on it"
    )]
    pub fn start() -> Self {
        Self(std::time::Instant::now())
    }

    /// Time since the start.
    pub fn elapsed(&self) -> std::time::Duration {
        self.0.elapsed()
    }

    /// Whole milliseconds since the start (what log lines carry).
    pub fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.0.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}
