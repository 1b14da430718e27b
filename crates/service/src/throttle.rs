//! Server-wide limits on costly requests (receipt checks, sign-ins). Reporters arrive through
//! Tor, so every client looks alike: the limits are global token buckets, never per address.

use std::time::{Duration, Instant};

/// A token bucket: `capacity` requests at once, refilled at `per_minute`.
#[derive(Debug)]
pub(crate) struct TokenBucket {
    capacity: f64,
    per_second: f64,
    tokens: f64,
    last: Option<Instant>,
}

impl TokenBucket {
    pub fn new(capacity: u32, per_minute: u32) -> Self {
        let capacity = f64::from(capacity.max(1));
        Self {
            capacity,
            per_second: f64::from(per_minute) / 60.0,
            tokens: capacity,
            last: None,
        }
    }

    /// Takes a token if one is left at `now`.
    pub fn try_take(&mut self, now: Instant) -> bool {
        if let Some(last) = self.last {
            let elapsed = now.checked_duration_since(last).unwrap_or(Duration::ZERO);
            self.tokens =
                (self.tokens + elapsed.as_secs_f64() * self.per_second).min(self.capacity);
        }
        self.last = Some(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_allows_a_burst_then_the_rate() {
        let start = crate::Clock::instant(&crate::SystemClock);
        let mut bucket = TokenBucket::new(3, 60);
        assert!((0..3).all(|_| bucket.try_take(start)));
        assert!(!bucket.try_take(start));
        assert!(!bucket.try_take(start + Duration::from_millis(500)));
        assert!(bucket.try_take(start + Duration::from_millis(1100)));
        assert!(!bucket.try_take(start + Duration::from_millis(1200)));
        // A long pause refills to the burst size, not beyond.
        let later = start + Duration::from_secs(3600);
        assert!((0..3).all(|_| bucket.try_take(later)));
        assert!(!bucket.try_take(later));
    }
}
