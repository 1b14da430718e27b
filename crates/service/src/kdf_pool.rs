//! Argon2id runs on blocking threads, at most one per core at a time: concurrent
//! submissions and receipt checks use every core, and memory stays bounded at
//! `cores x m_cost` however many requests arrive. Each slot's working memory is allocated
//! once and reused, wiped after every run.
//!
//! Who waits is bounded too, and served in order of [`KdfPriority`]: a report being
//! submitted first, then a receipt check, then an investigator's sign-in. A queue that is
//! full answers [`ServiceError::Busy`] at once (the page says "busy, try again", never
//! hangs): a flood of sign-ins can then neither starve report intake nor pile up work.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use quietline_crypto::{Identity, KdfMemory, KdfParams, Pepper, derive_identity_in};
use tokio::sync::oneshot;
use zeroize::Zeroizing;

use crate::ServiceError;

/// Whose derivation it is, most urgent first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KdfPriority {
    /// A report being submitted (its receipt's key).
    Intake = 0,
    /// A reporter coming back with a receipt.
    Receipt = 1,
    /// An investigator signing in or changing a password.
    SignIn = 2,
}

const PRIORITIES: usize = 3;

/// Slots and who waits for them.
#[derive(Default)]
struct Slots {
    free: usize,
    waiting: [VecDeque<oneshot::Sender<()>>; PRIORITIES],
}

/// A bounded pool for key derivations.
#[derive(Clone)]
pub struct KdfPool {
    slots: Arc<std::sync::Mutex<Slots>>,
    /// Most derivations of one priority waiting at once.
    queue: usize,
    pepper: Arc<Pepper>,
    /// One working memory per slot, reused (and wiped) run after run.
    memory: Arc<std::sync::Mutex<Vec<KdfMemory>>>,
    /// Derivations run so far, and their cost: what monitoring (and the tests that check that
    /// a wrong receipt and an unknown one cost the same) can read.
    tally: Arc<Tally>,
}

#[derive(Default)]
struct Tally {
    runs: AtomicU64,
    kib_passes: AtomicU64,
}

/// How many key derivations an instance has run, and their total cost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KdfWork {
    /// Derivations run to the end.
    pub runs: u64,
    /// Sum over those runs of memory (KiB) times passes: equal work has equal sums.
    pub kib_passes: u64,
}

/// A slot held: given back (to the most urgent waiter) when dropped.
struct Slot {
    slots: Arc<std::sync::Mutex<Slots>>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        release(&self.slots);
    }
}

/// Hands a slot to the most urgent waiter still waiting, or puts it back.
fn release(slots: &std::sync::Mutex<Slots>) {
    let Ok(mut slots) = slots.lock() else {
        return;
    };
    for priority in 0..PRIORITIES {
        while let Some(waiter) = slots.waiting[priority].pop_front() {
            if waiter.send(()).is_ok() {
                return;
            }
        }
    }
    slots.free += 1;
}

/// A place in a queue. Dropped after it was handed a slot but before taking it (the request
/// was cancelled), it passes the slot on.
struct Waiting {
    /// `None` once the slot was taken.
    receiver: Option<oneshot::Receiver<()>>,
    slots: Arc<std::sync::Mutex<Slots>>,
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if let Some(mut receiver) = self.receiver.take()
            && receiver.try_recv().is_ok()
        {
            release(&self.slots);
        }
    }
}

impl KdfPool {
    /// `concurrency` derivations at once (`None`: one per core), and at most `queue` of each
    /// priority waiting.
    pub fn new(pepper: Pepper, concurrency: Option<usize>, queue: usize) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self {
            slots: Arc::new(std::sync::Mutex::new(Slots {
                free: concurrency.unwrap_or(cores).max(1),
                waiting: Default::default(),
            })),
            queue,
            pepper: Arc::new(pepper),
            memory: Arc::default(),
            tally: Arc::default(),
        }
    }

    /// The pepper, for keyed hashes of high-entropy secrets.
    pub fn pepper(&self) -> &Pepper {
        &self.pepper
    }

    /// Key derivations run so far.
    pub fn work(&self) -> KdfWork {
        KdfWork {
            runs: self.tally.runs.load(Ordering::Relaxed),
            kib_passes: self.tally.kib_passes.load(Ordering::Relaxed),
        }
    }

    /// A slot, at once or after those waiting before (more urgent first). `Busy` if
    /// `queue` requests of this priority already wait.
    async fn slot(&self, priority: KdfPriority) -> Result<Slot, ServiceError> {
        let receiver = {
            let mut slots = self
                .slots
                .lock()
                .map_err(|_| ServiceError::Corrupt("key derivation pool"))?;
            if slots.free > 0 {
                slots.free -= 1;
                return Ok(Slot {
                    slots: Arc::clone(&self.slots),
                });
            }
            let queue = &mut slots.waiting[priority as usize];
            queue.retain(|waiter| !waiter.is_closed());
            if queue.len() >= self.queue {
                return Err(ServiceError::Busy);
            }
            let (sender, receiver) = oneshot::channel();
            queue.push_back(sender);
            receiver
        };
        let mut waiting = Waiting {
            receiver: Some(receiver),
            slots: Arc::clone(&self.slots),
        };
        if let Some(receiver) = waiting.receiver.as_mut() {
            receiver
                .await
                .map_err(|_| ServiceError::Corrupt("key derivation pool closed"))?;
        }
        // The slot is ours now: from here on it goes back when `Slot` drops.
        waiting.receiver = None;
        Ok(Slot {
            slots: Arc::clone(&self.slots),
        })
    }

    /// Derives the identity for `secret` under `salt` and the pepper.
    pub async fn derive(
        &self,
        secret: Zeroizing<Vec<u8>>,
        salt: Vec<u8>,
        params: KdfParams,
        priority: KdfPriority,
    ) -> Result<Identity, ServiceError> {
        let slot = self.slot(priority).await?;
        let pepper = Arc::clone(&self.pepper);
        let pool = Arc::clone(&self.memory);
        let tally = Arc::clone(&self.tally);
        tokio::task::spawn_blocking(move || {
            // A slot is held, so at most one memory per slot is ever out of the pool.
            let mut memory = pool
                .lock()
                .ok()
                .and_then(|mut m| m.pop())
                .unwrap_or_default();
            let derived = derive_identity_in(&secret, &salt, &pepper, &params, &mut memory);
            tally.runs.fetch_add(1, Ordering::Relaxed);
            tally.kib_passes.fetch_add(
                u64::from(params.memory_kib) * u64::from(params.iterations),
                Ordering::Relaxed,
            );
            if let Ok(mut free) = pool.lock() {
                free.push(memory);
            }
            drop(slot);
            derived
        })
        .await
        .map_err(|_| ServiceError::Corrupt("key derivation task failed"))?
        .map_err(ServiceError::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(concurrency: usize, queue: usize) -> KdfPool {
        KdfPool::new(Pepper::from_bytes([7; 32]), Some(concurrency), queue)
    }

    #[tokio::test]
    async fn a_full_queue_is_busy_at_once_and_urgent_waiters_go_first() {
        let pool = pool(1, 2);
        let held = pool.slot(KdfPriority::SignIn).await.unwrap();
        let order = Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for (name, priority) in [
            ("sign-in 1", KdfPriority::SignIn),
            ("sign-in 2", KdfPriority::SignIn),
            ("intake", KdfPriority::Intake),
        ] {
            let (pool, order) = (pool.clone(), Arc::clone(&order));
            tasks.push(tokio::spawn(async move {
                let slot = pool.slot(priority).await.unwrap();
                order.lock().unwrap().push(name);
                drop(slot);
            }));
            tokio::task::yield_now().await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let third = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            pool.slot(KdfPriority::SignIn),
        )
        .await;
        assert!(
            matches!(third, Ok(Err(ServiceError::Busy))),
            "a third sign-in waiting is busy at once"
        );
        drop(held);
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(*order.lock().unwrap(), ["intake", "sign-in 1", "sign-in 2"]);
    }

    #[tokio::test]
    async fn a_cancelled_waiter_does_not_lose_the_slot() {
        let pool = pool(1, 4);
        let held = pool.slot(KdfPriority::Receipt).await.unwrap();
        let waiter = tokio::spawn({
            let pool = pool.clone();
            async move { pool.slot(KdfPriority::Receipt).await.map(drop) }
        });
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        waiter.abort();
        let _ = waiter.await;
        drop(held);
        let again = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            pool.slot(KdfPriority::SignIn),
        )
        .await;
        assert!(matches!(again, Ok(Ok(_))), "the slot came back");
    }
}
