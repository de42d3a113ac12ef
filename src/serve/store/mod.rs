//! The quote store behind `tailor serve`: one [`Database`] interface, one implementation per
//! backend (SQLite, the embedded default; PostgreSQL, for several servers sharing the load),
//! each with its own migrations (`migrations/<backend>/`). Quotes are immutable revisions; what
//! changes is appended (a revision, a status change), never updated in place.

mod postgres;
mod sqlite;

use serde::Serialize;
use serde_json::Value as Json;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the quote store: {0}")]
    Db(#[from] sqlx::Error),
    #[error("the quote store's migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("a stored value is not JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("`{0}` is neither a SQLite file nor a postgres:// URL")]
    Url(String),
    #[error("no quote `{0}`")]
    NoQuote(String),
}

/// A catalog as it was when a quote was priced, kept by content hash.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogVersion {
    pub hash: String,
    pub catalog_id: String,
    pub version: String,
    /// `{"main": ..., "files": {path: text}}`.
    pub files: Json,
}

/// A revision to append: everything the server computed and who asked for it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRevision {
    pub catalog_hash: String,
    pub selection: Json,
    pub discount: Json,
    pub quote: Json,
    pub valid_until: String,
    pub approval: Approval,
    pub created_at: String,
    pub created_by: String,
}

/// A manual discount beyond the catalog's limit waits for a manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Approval {
    None,
    Pending,
    Approved,
}

impl Approval {
    fn as_str(self) -> &'static str {
        match self {
            Approval::None => "none",
            Approval::Pending => "pending",
            Approval::Approved => "approved",
        }
    }

    fn parse(s: &str) -> Approval {
        match s {
            "pending" => Approval::Pending,
            "approved" => Approval::Approved,
            _ => Approval::None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    pub number: i64,
    pub catalog_hash: String,
    pub selection: Json,
    pub discount: Json,
    pub quote: Json,
    pub valid_until: String,
    pub approval: Approval,
    pub approved_by: Option<String>,
    pub created_at: String,
    pub created_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusChange {
    pub status: String,
    pub at: String,
    pub by: String,
}

/// A quote with its whole history, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredQuote {
    pub id: String,
    pub catalog_id: String,
    pub customer: Json,
    pub created_at: String,
    pub created_by: String,
    pub revisions: Vec<Revision>,
    pub statuses: Vec<StatusChange>,
}

/// A quote as a list shows it: its latest revision's figures and latest status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteSummary {
    pub id: String,
    pub catalog_id: String,
    pub customer: Json,
    pub created_at: String,
    pub status: String,
    pub revisions: i64,
    pub valid_until: String,
    pub totals: Json,
}

/// What the server keeps. Every write is one transaction: acknowledged means committed.
#[async_trait::async_trait]
pub trait Database: Send + Sync {
    /// Keeps a catalog version (a no-op when that hash is kept already).
    async fn put_catalog_version(&self, v: &CatalogVersion) -> Result<(), StoreError>;
    async fn catalog_version(&self, hash: &str) -> Result<Option<CatalogVersion>, StoreError>;
    /// A new quote with its first revision and the status `draft`.
    async fn create_quote(
        &self,
        id: &str,
        catalog_id: &str,
        link_hash: &str,
        customer: &Json,
        first: &NewRevision,
    ) -> Result<(), StoreError>;
    /// Appends a revision; returns its number.
    async fn add_revision(&self, quote_id: &str, r: &NewRevision) -> Result<i64, StoreError>;
    /// Records a manager's approval of a pending revision.
    async fn approve(&self, quote_id: &str, number: i64, by: &str) -> Result<(), StoreError>;
    async fn add_status(
        &self,
        quote_id: &str,
        status: &str,
        at: &str,
        by: &str,
    ) -> Result<(), StoreError>;
    async fn quote(&self, id: &str) -> Result<Option<StoredQuote>, StoreError>;
    async fn quote_by_link(&self, link_hash: &str) -> Result<Option<StoredQuote>, StoreError>;
    /// Newest first; `search` matches the id, the catalog or the customer (case-insensitive).
    async fn list(&self, search: Option<&str>, limit: i64)
        -> Result<Vec<QuoteSummary>, StoreError>;
}

/// Opens (and migrates) the store at `url`: `postgres://...` or a SQLite file path (created on
/// first start).
pub async fn open(url: &str) -> Result<Arc<dyn Database>, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(postgres::Postgres::open(url).await?))
    } else if !url.is_empty() && !url.contains("://") {
        Ok(Arc::new(sqlite::Sqlite::open(url).await?))
    } else {
        Err(StoreError::Url(url.to_string()))
    }
}

/// How many times a revision or status number is taken again after another server took it.
const RETRIES: usize = 5;

/// A revision row: number, catalog_hash, selection, discount, quote, valid_until, approval,
/// approved_by, created_at, created_by.
type RevisionRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
);

/// The columns of [`RevisionRow`], in order.
const REVISION_COLUMNS: &str = "number, catalog_hash, selection, discount, quote, valid_until, \
     approval, approved_by, created_at, created_by";

fn revision(r: RevisionRow) -> Result<Revision, StoreError> {
    Ok(Revision {
        number: r.0,
        catalog_hash: r.1,
        selection: serde_json::from_str(&r.2)?,
        discount: serde_json::from_str(&r.3)?,
        quote: serde_json::from_str(&r.4)?,
        valid_until: r.5,
        approval: Approval::parse(&r.6),
        approved_by: r.7,
        created_at: r.8,
        created_by: r.9,
    })
}

/// A quote row: id, catalog_id, customer, created_at, created_by.
type QuoteRow = (String, String, String, String, String);

fn stored(
    q: QuoteRow,
    revisions: Vec<RevisionRow>,
    statuses: Vec<(String, String, String)>,
) -> Result<StoredQuote, StoreError> {
    Ok(StoredQuote {
        id: q.0,
        catalog_id: q.1,
        customer: serde_json::from_str(&q.2)?,
        created_at: q.3,
        created_by: q.4,
        revisions: revisions
            .into_iter()
            .map(revision)
            .collect::<Result<_, _>>()?,
        statuses: statuses
            .into_iter()
            .map(|(status, at, by)| StatusChange { status, at, by })
            .collect(),
    })
}

/// A summary row: id, catalog_id, customer, created_at, status, revisions, valid_until, quote.
type SummaryRow = (String, String, String, String, String, i64, String, String);

fn summary(r: SummaryRow) -> Result<QuoteSummary, StoreError> {
    let quote: Json = serde_json::from_str(&r.7)?;
    Ok(QuoteSummary {
        id: r.0,
        catalog_id: r.1,
        customer: serde_json::from_str(&r.2)?,
        created_at: r.3,
        status: r.4,
        revisions: r.5,
        valid_until: r.6,
        totals: quote.get("totals").cloned().unwrap_or(Json::Null),
    })
}

/// The list query of both backends (`$1`: search pattern or NULL, `$2`: limit): each quote
/// with its latest revision and latest status.
const LIST_SQL: &str = "
SELECT q.id, q.catalog_id, q.customer, q.created_at,
       (SELECT s.status FROM status_changes s WHERE s.quote_id = q.id ORDER BY s.seq DESC LIMIT 1),
       (SELECT COUNT(*) FROM revisions r WHERE r.quote_id = q.id),
       r.valid_until, r.quote
FROM quotes q
JOIN revisions r ON r.quote_id = q.id
 AND r.number = (SELECT MAX(number) FROM revisions x WHERE x.quote_id = q.id)
WHERE CAST($1 AS TEXT) IS NULL OR LOWER(q.id || ' ' || q.catalog_id || ' ' || q.customer) LIKE $1
ORDER BY q.created_at DESC, q.id
LIMIT $2";

/// The [`Database`] methods over a sqlx pool: the SQL is the same on both backends (numbered
/// parameters, TEXT columns), only the pool and its setup differ (see `sqlite.rs`,
/// `postgres.rs`).
macro_rules! database_impl {
    ($ty:ty) => {
        #[async_trait::async_trait]
        impl $crate::serve::store::Database for $ty {
            async fn put_catalog_version(
                &self,
                v: &$crate::serve::store::CatalogVersion,
            ) -> Result<(), $crate::serve::store::StoreError> {
                sqlx::query(
                    "INSERT INTO catalog_versions (hash, catalog_id, version, files, stored_at)
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (hash) DO NOTHING",
                )
                .bind(&v.hash)
                .bind(&v.catalog_id)
                .bind(&v.version)
                .bind(serde_json::to_string(&v.files)?)
                .bind($crate::serve::store::now())
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn catalog_version(
                &self,
                hash: &str,
            ) -> Result<Option<$crate::serve::store::CatalogVersion>, $crate::serve::store::StoreError>
            {
                let row: Option<(String, String, String, String)> = sqlx::query_as(
                    "SELECT hash, catalog_id, version, files FROM catalog_versions WHERE hash = $1",
                )
                .bind(hash)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|(hash, catalog_id, version, files)| {
                    Ok($crate::serve::store::CatalogVersion {
                        hash,
                        catalog_id,
                        version,
                        files: serde_json::from_str(&files)?,
                    })
                })
                .transpose()
            }

            async fn create_quote(
                &self,
                id: &str,
                catalog_id: &str,
                link_hash: &str,
                customer: &serde_json::Value,
                first: &$crate::serve::store::NewRevision,
            ) -> Result<(), $crate::serve::store::StoreError> {
                let mut tx = self.pool.begin().await?;
                sqlx::query(
                    "INSERT INTO quotes (id, catalog_id, link_hash, customer, created_at, created_by)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(id)
                .bind(catalog_id)
                .bind(link_hash)
                .bind(serde_json::to_string(customer)?)
                .bind(&first.created_at)
                .bind(&first.created_by)
                .execute(&mut *tx)
                .await?;
                insert_revision(&mut tx, id, 1, first).await?;
                sqlx::query(
                    "INSERT INTO status_changes (quote_id, seq, status, at, by_user)
                     VALUES ($1, 1, 'draft', $2, $3)",
                )
                .bind(id)
                .bind(&first.created_at)
                .bind(&first.created_by)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn add_revision(
                &self,
                quote_id: &str,
                r: &$crate::serve::store::NewRevision,
            ) -> Result<i64, $crate::serve::store::StoreError> {
                let mut last = None;
                for _ in 0..$crate::serve::store::RETRIES {
                    let mut tx = self.pool.begin().await?;
                    sqlx::query(<$ty as $crate::serve::store::Backend>::LOCK_QUOTE)
                        .bind(quote_id)
                        .execute(&mut *tx)
                        .await?;
                    let (n,): (i64,) = sqlx::query_as(
                        "SELECT COALESCE(MAX(number), 0) FROM revisions WHERE quote_id = $1",
                    )
                    .bind(quote_id)
                    .fetch_one(&mut *tx)
                    .await?;
                    if n == 0 {
                        return Err($crate::serve::store::StoreError::NoQuote(quote_id.to_string()));
                    }
                    // Another server may take the same number first: then the key refuses this
                    // one and the loop takes the next.
                    match insert_revision(&mut tx, quote_id, n + 1, r).await {
                        Ok(()) => {
                            tx.commit().await?;
                            return Ok(n + 1);
                        }
                        Err(e) => last = Some(e),
                    }
                }
                Err(last.expect("tried at least once").into())
            }

            async fn approve(
                &self,
                quote_id: &str,
                number: i64,
                by: &str,
            ) -> Result<(), $crate::serve::store::StoreError> {
                let done = sqlx::query(
                    "UPDATE revisions SET approval = 'approved', approved_by = $1
                     WHERE quote_id = $2 AND number = $3 AND approval = 'pending'",
                )
                .bind(by)
                .bind(quote_id)
                .bind(number)
                .execute(&self.pool)
                .await?;
                if done.rows_affected() == 0 {
                    return Err($crate::serve::store::StoreError::NoQuote(format!(
                        "{quote_id} revision {number} awaiting approval"
                    )));
                }
                Ok(())
            }

            async fn add_status(
                &self,
                quote_id: &str,
                status: &str,
                at: &str,
                by: &str,
            ) -> Result<(), $crate::serve::store::StoreError> {
                let mut last = None;
                for _ in 0..$crate::serve::store::RETRIES {
                    let mut tx = self.pool.begin().await?;
                    sqlx::query(<$ty as $crate::serve::store::Backend>::LOCK_QUOTE)
                        .bind(quote_id)
                        .execute(&mut *tx)
                        .await?;
                    let (n,): (i64,) = sqlx::query_as(
                        "SELECT COALESCE(MAX(seq), 0) FROM status_changes WHERE quote_id = $1",
                    )
                    .bind(quote_id)
                    .fetch_one(&mut *tx)
                    .await?;
                    if n == 0 {
                        return Err($crate::serve::store::StoreError::NoQuote(quote_id.to_string()));
                    }
                    let r = sqlx::query(
                        "INSERT INTO status_changes (quote_id, seq, status, at, by_user)
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(quote_id)
                    .bind(n + 1)
                    .bind(status)
                    .bind(at)
                    .bind(by)
                    .execute(&mut *tx)
                    .await;
                    match r {
                        Ok(_) => {
                            tx.commit().await?;
                            return Ok(());
                        }
                        Err(e) => last = Some(e),
                    }
                }
                Err(last.expect("tried at least once").into())
            }

            async fn quote(
                &self,
                id: &str,
            ) -> Result<Option<$crate::serve::store::StoredQuote>, $crate::serve::store::StoreError>
            {
                self.quote_where("id", id).await
            }

            async fn quote_by_link(
                &self,
                link_hash: &str,
            ) -> Result<Option<$crate::serve::store::StoredQuote>, $crate::serve::store::StoreError>
            {
                self.quote_where("link_hash", link_hash).await
            }

            async fn list(
                &self,
                search: Option<&str>,
                limit: i64,
            ) -> Result<Vec<$crate::serve::store::QuoteSummary>, $crate::serve::store::StoreError>
            {
                let pattern = search.map(|s| format!("%{}%", s.to_lowercase()));
                let rows: Vec<$crate::serve::store::SummaryRow> =
                    sqlx::query_as($crate::serve::store::LIST_SQL)
                        .bind(pattern)
                        .bind(limit)
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter().map($crate::serve::store::summary).collect()
            }
        }

        impl $ty {
            /// `column` is `id` or `link_hash` (never user text).
            async fn quote_where(
                &self,
                column: &str,
                key: &str,
            ) -> Result<Option<$crate::serve::store::StoredQuote>, $crate::serve::store::StoreError>
            {
                let q: Option<$crate::serve::store::QuoteRow> = sqlx::query_as(&format!(
                    "SELECT id, catalog_id, customer, created_at, created_by FROM quotes WHERE {column} = $1"
                ))
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
                let Some(q) = q else { return Ok(None) };
                let revisions: Vec<$crate::serve::store::RevisionRow> = sqlx::query_as(&format!(
                    "SELECT {} FROM revisions WHERE quote_id = $1 ORDER BY number",
                    $crate::serve::store::REVISION_COLUMNS
                ))
                .bind(&q.0)
                .fetch_all(&self.pool)
                .await?;
                let statuses: Vec<(String, String, String)> = sqlx::query_as(
                    "SELECT status, at, by_user FROM status_changes WHERE quote_id = $1 ORDER BY seq",
                )
                .bind(&q.0)
                .fetch_all(&self.pool)
                .await?;
                $crate::serve::store::stored(q, revisions, statuses).map(Some)
            }
        }

        async fn insert_revision(
            tx: &mut sqlx::Transaction<'_, <$ty as $crate::serve::store::Backend>::Db>,
            quote_id: &str,
            number: i64,
            r: &$crate::serve::store::NewRevision,
        ) -> Result<(), sqlx::Error> {
            sqlx::query(
                "INSERT INTO revisions (quote_id, number, catalog_hash, selection, discount, quote,
                                        valid_until, approval, approved_by, created_at, created_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9, $10)",
            )
            .bind(quote_id)
            .bind(number)
            .bind(&r.catalog_hash)
            .bind(r.selection.to_string())
            .bind(r.discount.to_string())
            .bind(r.quote.to_string())
            .bind(&r.valid_until)
            .bind(r.approval.as_str())
            .bind(&r.created_at)
            .bind(&r.created_by)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }
    };
}
pub(crate) use database_impl;

/// Which sqlx database a backend is (for the transaction type in [`database_impl`]), and how it
/// makes writers to one quote wait for each other.
pub trait Backend {
    type Db: sqlx::Database;
    /// Run first in a transaction that appends to quote `$1`: PostgreSQL locks the quote's row
    /// (`FOR UPDATE`), so servers appending to one quote take turns instead of clashing on the
    /// next number; SQLite's one connection already writes one transaction at a time.
    const LOCK_QUOTE: &'static str;
}

/// Now, RFC 3339 in UTC (seconds).
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
