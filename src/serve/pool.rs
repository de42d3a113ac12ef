//! Compiled sessions of one catalog, lent to one request at a time: a session is mutable (warm
//! solvers, kept witnesses), so concurrent requests each take their own, up to one per core.

use crate::api::{CatalogFiles, Configurator, Limits};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

pub struct Pool {
    free: Mutex<Vec<Configurator>>,
    permits: Arc<Semaphore>,
    files: CatalogFiles,
    limits: Limits,
}

impl Pool {
    pub fn new(first: Configurator, files: CatalogFiles, limits: Limits) -> Pool {
        let size = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Pool {
            free: Mutex::new(vec![first]),
            permits: Arc::new(Semaphore::new(size)),
            files,
            limits,
        }
    }

    /// Runs `f` on a session of this catalog on a blocking thread; waits while all are busy.
    pub async fn with<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&mut Configurator) -> T + Send + 'static,
    ) -> Option<T> {
        let permit = self.permits.clone().acquire_owned().await.ok()?;
        let pool = self.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let taken = pool.free.lock().ok().and_then(|mut v| v.pop());
            let mut c = match taken {
                Some(c) => c,
                // Compiling again cannot fail: the same files compiled once already.
                None => Configurator::from_files(&pool.files, pool.limits).ok()?,
            };
            let out = f(&mut c);
            if let Ok(mut v) = pool.free.lock() {
                v.push(c);
            }
            Some(out)
        })
        .await
        .ok()
        .flatten()
    }
}
