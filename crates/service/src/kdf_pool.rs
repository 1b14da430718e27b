//! Argon2id runs on blocking threads, at most one per core at a time: concurrent
//! submissions and receipt checks use every core, and memory stays bounded at
//! `cores x m_cost` however many requests arrive. Each slot's working memory is allocated
//! once and reused, wiped after every run.

use std::sync::Arc;

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
}

impl KdfPool {
    pub fn new(pepper: Pepper, concurrency: Option<usize>) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self {
            slots: Arc::new(Semaphore::new(concurrency.unwrap_or(cores).max(1))),
            pepper: Arc::new(pepper),
            memory: Arc::default(),
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
        tokio::task::spawn_blocking(move || {
            // A slot is held, so at most one memory per slot is ever out of the pool.
            let mut memory = pool
                .lock()
                .ok()
                .and_then(|mut m| m.pop())
                .unwrap_or_default();
            let derived = derive_identity_in(&secret, &salt, &pepper, &params, &mut memory);
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
