//! The one place that reads the wall clock. Everything else takes `today` (or `now`) as a
//! parameter.

/// A source of the current UTC day and time.
pub trait Clock: Send + Sync + 'static {
    /// Today, in UTC.
    fn today(&self) -> time::Date;
    /// Now, in UTC (audit entries, session expiry).
    fn now(&self) -> time::OffsetDateTime;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)] // the one sanctioned reading of the clock
    fn today(&self) -> time::Date {
        time::OffsetDateTime::now_utc().date()
    }

    #[allow(clippy::disallowed_methods)] // the one sanctioned reading of the clock
    fn now(&self) -> time::OffsetDateTime {
        time::OffsetDateTime::now_utc()
    }
}
