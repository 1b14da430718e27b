//! The one place that reads the wall clock. Everything else takes `today` or `now` as a
//! parameter.

/// A source of the current UTC time.
pub trait Clock: Send + Sync + 'static {
    /// Now, in UTC.
    fn now(&self) -> time::OffsetDateTime;

    /// Today, in UTC.
    fn today(&self) -> time::Date {
        self.now().date()
    }

    /// The monotonic clock (session timeouts), replaceable in tests.
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
