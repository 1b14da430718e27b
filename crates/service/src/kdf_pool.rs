//! Argon2id runs on blocking threads, at most one per core at a time: concurrent
//! submissions and receipt checks use every core, and memory stays bounded at
//! `cores x m_cost` however many requests arrive. Each slot's working memory is allocated
//! once and reused, wiped after every run.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use quietline_crypto::{Identity, KdfMemory, KdfParams, Pepper, derive_identity_in};
use tokio::sync::Semaphore;
use zeroize::Zeroizing;

use crate::ServiceError;

/// A bounded pool for key derivations.
#[derive(Clone)]
pub struct KdfPool {
    slots: Arc<Semaphore>,
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

impl KdfPool {
    pub fn new(pepper: Pepper, concurrency: Option<usize>) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self {
            slots: Arc::new(Semaphore::new(concurrency.unwrap_or(cores).max(1))),
            pepper: Arc::new(pepper),
            memory: Arc::default(),
            tally: Arc::default(),
        }
    }

    /// Key derivations run so far.
    pub fn work(&self) -> KdfWork {
        KdfWork {
            runs: self.tally.runs.load(Ordering::Relaxed),
            kib_passes: self.tally.kib_passes.load(Ordering::Relaxed),
        }
    }

    /// The pepper, for keyed hashes of high-entropy secrets.
    pub fn pepper(&self) -> &Pepper {
        &self.pepper
    }

    /// Derives the identity for `secret` under `salt` and the pepper.
    pub async fn derive(
        &self,
        secret: Zeroizing<Vec<u8>>,
        salt: Vec<u8>,
        params: KdfParams,
    ) -> Result<Identity, ServiceError> {
        let _slot = self
            .slots
            .acquire()
            .await
            .map_err(|_| ServiceError::Corrupt("key derivation pool closed"))?;
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
            derived
        })
        .await
        .map_err(|_| ServiceError::Corrupt("key derivation task failed"))?
        .map_err(ServiceError::from)
    }
}
