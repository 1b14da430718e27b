//! Reporter sessions: after a correct receipt, the key derived from it is kept in memory
//! (never on disk) under a random session id held in a cookie, until the reporter leaves,
//! is idle too long, or the session's lifetime ends. A restart ends every session.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use quietline_service::ReporterAccess;

/// Most sessions held at once; beyond it the oldest are dropped (each needs a correct
/// receipt, which is throttled, so this is only a guard).
const MAX_SESSIONS: usize = 10_000;

struct Session {
    access: ReporterAccess,
    created: Instant,
    last_seen: Instant,
}

/// Sessions of returning reporters.
pub(crate) struct ReporterSessions {
    idle: Duration,
    lifetime: Duration,
    map: Mutex<HashMap<String, Session>>,
}

impl ReporterSessions {
    pub fn new(idle: Duration, lifetime: Duration) -> Self {
        Self {
            idle,
            lifetime,
            map: Mutex::new(HashMap::new()),
        }
    }

    /// Opens a session; returns its id (the cookie's value).
    pub fn open(&self, access: ReporterAccess, now: Instant) -> Option<String> {
        let id = quietline_crypto::random_hex::<32>().ok()?;
        let mut map = self.map.lock().ok()?;
        map.retain(|_, s| self.alive(s, now));
        if map.len() >= MAX_SESSIONS
            && let Some(oldest) = map
                .iter()
                .min_by_key(|(_, s)| s.created)
                .map(|(k, _)| k.clone())
        {
            map.remove(&oldest);
        }
        map.insert(
            id.clone(),
            Session {
                access,
                created: now,
                last_seen: now,
            },
        );
        Some(id)
    }

    /// The session's access, if it is alive; touching it extends the idle timeout.
    pub fn get(&self, id: &str, now: Instant) -> Option<ReporterAccess> {
        let mut map = self.map.lock().ok()?;
        let alive = map.get(id).is_some_and(|s| self.alive(s, now));
        if !alive {
            map.remove(id);
            return None;
        }
        let session = map.get_mut(id)?;
        session.last_seen = now;
        Some(session.access.clone())
    }

    /// Drops every expired session (on the sweeper's timer: a mailbox key leaves memory
    /// when its session ends, not at the next request).
    pub fn purge(&self, now: Instant) {
        if let Ok(mut map) = self.map.lock() {
            map.retain(|_, s| {
                now.saturating_duration_since(s.last_seen) < self.idle
                    && now.saturating_duration_since(s.created) < self.lifetime
            });
        }
    }

    /// Ends a session.
    pub fn close(&self, id: &str) {
        if let Ok(mut map) = self.map.lock() {
            map.remove(id);
        }
    }

    fn alive(&self, session: &Session, now: Instant) -> bool {
        now.saturating_duration_since(session.last_seen) < self.idle
            && now.saturating_duration_since(session.created) < self.lifetime
    }
}

/// Nonces of forms already submitted, so that a reload or a double click does not file
/// the same report twice. Bounded: the oldest are forgotten first.
pub(crate) struct UsedNonces {
    capacity: usize,
    inner: Mutex<(HashSet<String>, VecDeque<String>)>,
}

impl UsedNonces {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            inner: Mutex::new((HashSet::new(), VecDeque::new())),
        }
    }

    pub fn contains(&self, nonce: &str) -> bool {
        self.inner.lock().is_ok_and(|inner| inner.0.contains(nonce))
    }

    pub fn insert(&self, nonce: &str) {
        if let Ok(mut inner) = self.inner.lock() {
            let (set, order) = &mut *inner;
            if set.insert(nonce.to_owned()) {
                order.push_back(nonce.to_owned());
                while order.len() > self.capacity {
                    if let Some(old) = order.pop_front() {
                        set.remove(&old);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_remembered_within_capacity() {
        let nonces = UsedNonces::new(2);
        nonces.insert("a");
        nonces.insert("b");
        assert!(nonces.contains("a"));
        nonces.insert("c");
        assert!(!nonces.contains("a"));
        assert!(nonces.contains("b") && nonces.contains("c"));
    }
}
