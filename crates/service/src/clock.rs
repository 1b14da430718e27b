//! The one place that reads the wall clock. Everything else takes `today` as a parameter.

/// A source of the current UTC day.
pub trait Clock: Send + Sync + 'static {
    /// Today, in UTC.
    fn today(&self) -> time::Date;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)] // the one sanctioned reading of the clock
    fn today(&self) -> time::Date {
        time::OffsetDateTime::now_utc().date()
    }
}
