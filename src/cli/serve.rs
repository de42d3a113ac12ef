//! `tailor serve`: starts the web configurator's server (see `tailor::serve`).

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Folder of catalog files to offer (each YAML file with the rule files it includes).
    #[arg(long, default_value = "catalogs")]
    catalogs: std::path::PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// The built web configurator (`make web` writes `www/dist`); absent: API and catalogs only.
    #[arg(long, default_value = "www/dist")]
    www: std::path::PathBuf,
    /// An origin allowed to call the API from another site (repeatable; `*` for any).
    /// Without it only the same origin may.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    cors_origins: Vec<String>,
    /// Requests per second per client address on the API (0: no limit).
    #[arg(long, default_value_t = 20)]
    rate_limit: u32,
    /// Requests a client may make at once above the rate.
    #[arg(long, default_value_t = 60)]
    rate_burst: u32,
    /// Solver time per API request, in milliseconds.
    #[arg(long, default_value_t = 5_000)]
    budget_ms: u64,
    /// The quote store: a SQLite file (created on first start) or a postgres:// URL shared by
    /// several servers.
    #[arg(long, default_value = "tailor.db")]
    db: String,
    /// Sales users: a YAML list of `{name, role: sales|manager, token_sha256}`. The environment
    /// variable TAILOR_SALES_TOKEN adds a manager named `sales`.
    #[arg(long, value_name = "FILE")]
    users: Option<std::path::PathBuf>,
}

pub fn run(a: Args) -> Result<ExitCode, tailor::Error> {
    let www = a.www.join("index.html").exists().then_some(a.www.clone());
    if www.is_none() {
        eprintln!(
            "tailor serve: no page at {} (run `make web`); serving the API and catalogs only",
            a.www.display()
        );
    }
    let entries: Vec<tailor::serve::UserEntry> = match &a.users {
        Some(f) => {
            let text = std::fs::read_to_string(f).map_err(|source| tailor::Error::Read {
                path: f.display().to_string(),
                source,
            })?;
            match serde_yaml::from_str(&text) {
                Ok(e) => e,
                Err(e) => {
                    eprintln!("{}: {e}", f.display());
                    return Ok(ExitCode::from(2));
                }
            }
        }
        None => Vec::new(),
    };
    let token = std::env::var("TAILOR_SALES_TOKEN").ok();
    let users = match tailor::serve::Users::new(entries, token.as_deref()) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let config = tailor::serve::Config {
        db: a.db,
        users,
        catalogs: a.catalogs,
        www,
        addr: a.addr,
        cors_origins: a.cors_origins,
        rate_per_second: a.rate_limit,
        rate_burst: a.rate_burst,
        budget_ms: a.budget_ms,
        ..Default::default()
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| tailor::Error::Serve(e.to_string()))?;
    rt.block_on(tailor::serve::run(config, |m| eprintln!("{m}")))
        .map_err(|e| tailor::Error::Serve(e.to_string()))?;
    Ok(ExitCode::SUCCESS)
}
