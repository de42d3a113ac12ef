//! `tailor serve`: the web configurator's files, its catalogs, and the JSON API of cli.md for
//! clients without WASM. A thin face: every answer comes from [`crate::api`]; this module only
//! routes, limits and reloads. Solver work runs on blocking threads, never on the async ones.

mod auth;
mod catalogs;
mod error;
mod limit;
mod lookup;
mod openapi;
mod pool;
mod quotes;
mod reload;
mod routes;
pub mod store;

pub use auth::{Role, UserEntry, Users};
pub use catalogs::{Catalog, Catalogs};
pub use openapi::openapi;
pub use routes::router;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// Everything the server is started with.
#[derive(Debug, Clone)]
pub struct Config {
    pub catalogs: PathBuf,
    /// The built page (`www/dist`); None serves the API and catalogs only.
    pub www: Option<PathBuf>,
    pub addr: SocketAddr,
    /// Origins allowed to call the API from other sites; empty: same origin only.
    pub cors_origins: Vec<String>,
    /// Requests per second per client address on the anonymous API; 0 turns the limit off.
    pub rate_per_second: u32,
    pub rate_burst: u32,
    /// Solver time per API request.
    pub budget_ms: u64,
    /// How often catalog files are checked for edits.
    pub reload_ms: u64,
    /// The quote store: a SQLite file (created on first start) or a `postgres://` URL.
    pub db: String,
    /// Who may use the sales endpoints.
    pub users: Users,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            catalogs: PathBuf::from("catalogs"),
            www: None,
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            cors_origins: Vec::new(),
            rate_per_second: 20,
            rate_burst: 60,
            budget_ms: 5_000,
            reload_ms: 1_000,
            db: "tailor.db".to_string(),
            users: Users::default(),
        }
    }
}

/// Shared by every handler.
pub struct State {
    pub config: Config,
    pub catalogs: Catalogs,
    /// None: the quote endpoints answer 503.
    pub store: Option<Arc<dyn store::Database>>,
}

/// Loads the catalogs, binds, serves until SIGTERM or Ctrl-C, then finishes the requests under
/// way. Messages about catalogs go to `log` (stderr in the CLI).
pub async fn run(config: Config, log: fn(&str)) -> std::io::Result<()> {
    let catalogs = Catalogs::load_dir(&config.catalogs, config.budget_ms, log);
    let db = store::open(&config.db)
        .await
        .map_err(|e| std::io::Error::other(format!("{}: {e}", config.db)))?;
    log(&format!("quote store: {}", redact(&config.db)));
    let state = Arc::new(State {
        config,
        catalogs,
        store: Some(db),
    });
    let listener = tokio::net::TcpListener::bind(state.config.addr).await?;
    let addr = listener.local_addr()?;
    log(&format!("tailor serve: http://{addr}/"));
    tokio::spawn(reload::watch(state.clone(), log));
    let app = router(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await
}

/// `tailor impact`: what a new version of a catalog would do to the open quotes in the store
/// at `db` (the same report as `POST /api/catalogs/{id}/impact`).
pub async fn impact(
    db: &str,
    new: crate::api::Configurator,
    files: crate::api::CatalogFiles,
) -> Result<serde_json::Value, String> {
    let store = store::open(db)
        .await
        .map_err(|e| format!("{}: {e}", redact(db)))?;
    let id = new.session().model.id.clone();
    let limits = new.limits;
    let pool = Arc::new(pool::Pool::new(new, files, limits));
    quotes::impact_of(&store, &id, &pool)
        .await
        .map_err(|e| e.1.message)
}

/// A database URL without its password, for the log.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => match url[s + 3..at].split_once(':') {
            Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
            None => url.to_string(),
        },
        _ => url.to_string(),
    }
}

/// SIGTERM (process managers) or Ctrl-C.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
