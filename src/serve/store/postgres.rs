//! PostgreSQL, for several `tailor serve` processes sharing one database: the same quotes from
//! every server, revision and status numbers taken in transactions (a clash is retried).

use super::{database_impl, Backend, StoreError};
use sqlx::postgres::PgPoolOptions;
use std::time::Duration;

pub struct Postgres {
    pool: sqlx::PgPool,
}

impl Backend for Postgres {
    const LOCK_QUOTE: &'static str = "SELECT id FROM quotes WHERE id = $1 FOR UPDATE";
    type Db = sqlx::Postgres;
}

impl Postgres {
    pub async fn open(url: &str) -> Result<Postgres, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        // Two servers starting together: the migrator takes an advisory lock, so one migrates
        // and the other waits.
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        Ok(Postgres { pool })
    }
}

database_impl!(Postgres);
