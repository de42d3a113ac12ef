//! SQLite, the embedded default: one file, created on first start, written through WAL with a
//! full sync on every commit, so an acknowledged quote survives the process being killed.
//! One connection serialises the server's writes (and reads) to it.

use super::{database_impl, Backend, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

pub struct Sqlite {
    pool: sqlx::SqlitePool,
}

impl Backend for Sqlite {
    const LOCK_QUOTE: &'static str = "SELECT id FROM quotes WHERE id = $1";
    type Db = sqlx::Sqlite;
}

impl Sqlite {
    pub async fn open(path: &str) -> Result<Sqlite, StoreError> {
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // Writers queue for the one write lock instead of failing at once.
            .busy_timeout(Duration::from_secs(10));
        // One connection: SQLite writes one transaction at a time anyway, and a second
        // connection upgrading its read to a write inside a transaction fails (SQLITE_BUSY)
        // instead of waiting.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        Ok(Sqlite { pool })
    }
}

database_impl!(Sqlite);
