//! `tailor bench`: the project's own benchmark driver. Prints medians, side by side with a peer.

use std::process::{Command, ExitCode};
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand)]
enum What {
    /// Load and check catalogs N times; the peer is PyYAML's C loader parsing the same file.
    Load {
        catalogs: Vec<String>,
        #[arg(long, default_value_t = 10)]
        runs: usize,
        /// Skip the Python peer.
        #[arg(long)]
        no_peer: bool,
    },
    /// Per-click `configure` latency: Renault medium orders replayed column by column, and random
    /// click sequences on Megane.
    Clicks {
        /// The shared data folder (with renault/).
        #[arg(long, default_value = "../shared/data")]
        data: String,
        /// How many sales-history orders to replay.
        #[arg(long, default_value_t = 200)]
        orders: usize,
        /// How many random Megane click sequences (15 clicks each).
        #[arg(long, default_value_t = 5)]
        sequences: usize,
    },
    /// The same questions through tailor and peer tools (python-sat, clingo, Ganak, flamapy):
    /// answers compared, medians and ratios.
    Peers(crate::bench::peers::Args),
    /// Per-click bounds of wide ints with linear rules beside OR-Tools CP-SAT (answers compared).
    Numbers {
        #[arg(long, default_value_t = 50)]
        clicks: usize,
        #[arg(long, default_value_t = 3)]
        repeat: usize,
    },
}

pub fn run(a: Args) -> Result<ExitCode, tailor::Error> {
    match a.what {
        What::Load {
            catalogs,
            runs,
            no_peer,
        } => load(&catalogs, runs.max(1), !no_peer),
        What::Clicks {
            data,
            orders,
            sequences,
        } => super::bench_clicks::run(&data, orders, sequences),
        What::Peers(a) => crate::bench::peers::run(a),
        What::Numbers { clicks, repeat } => match crate::bench::numbers::run(clicks, repeat) {
            Ok(()) => Ok(ExitCode::SUCCESS),
            Err(e) => {
                eprintln!("error: {e}");
                Ok(ExitCode::from(1))
            }
        },
    }
}

fn load(catalogs: &[String], runs: usize, peer: bool) -> Result<ExitCode, tailor::Error> {
    println!("| catalog | tailor load+check median (min..max) ms | PyYAML CSafeLoader parse median ms | ratio |");
    println!("|---|---|---|---|");
    for path in catalogs {
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t0 = Instant::now();
            let loaded = tailor::load::load_file(path)?;
            times.push(t0.elapsed().as_secs_f64() * 1000.0);
            if loaded.diagnostics.has_errors() {
                eprintln!("{}", loaded.sources.render_all(&loaded.diagnostics));
                return Ok(ExitCode::from(1));
            }
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        let peer_ms = if peer { peer_median(path, runs) } else { None };
        let (p, ratio) = match peer_ms {
            Some(p) => (format!("{p:.1}"), format!("{:.2}x", p / median)),
            None => ("n/a".to_string(), "n/a".to_string()),
        };
        let name = path.rsplit('/').next().unwrap_or(path);
        println!(
            "| {name} | {median:.1} ({:.1}..{:.1}) | {p} | {ratio} |",
            times[0],
            times[times.len() - 1]
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn peer_median(path: &str, runs: usize) -> Option<f64> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/peer_yaml_load.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(path)
        .arg(runs.to_string())
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "peer failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}
