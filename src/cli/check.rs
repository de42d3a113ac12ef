//! `tailor check`: load each catalog, report diagnostics, summarise what was checked.

use super::progress::Progress;
use std::process::ExitCode;
use std::time::Instant;
use tailor::diagnostic::Severity;

#[derive(clap::Args)]
pub struct Args {
    /// Catalog files (YAML).
    #[arg(required = true)]
    catalogs: Vec<String>,
    /// Print one JSON document with every diagnostic instead of text.
    #[arg(long)]
    json: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
    /// Skip the analysis (dead and forced values, rules that never fire, contradictions).
    #[arg(long)]
    no_analysis: bool,
    /// Time budget for the analysis of each catalog, in milliseconds.
    #[arg(long, default_value_t = 10_000)]
    budget_ms: u64,
}

pub fn run(a: Args) -> Result<ExitCode, tailor::Error> {
    let mut failed = false;
    let mut reports = Vec::new();
    let progress = Progress::new(Some(a.catalogs.len() as u64), a.json);
    for path in &a.catalogs {
        let t0 = Instant::now();
        progress.phase(format!("{path}: loading"));
        let mut loaded = tailor::load::load_file(path)?;
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        if let (Some(m), false) = (&loaded.model, a.no_analysis) {
            progress.phase(format!("{path}: compiling"));
            match tailor::engine::Session::new(m.clone()) {
                Ok(mut s) => {
                    progress.phase(format!(
                        "{path}: analysing (dead and forced values, rules that never fire)"
                    ));
                    let found = tailor::engine::analyze(
                        &mut s,
                        &tailor::budget::Budget::millis(a.budget_ms),
                    );
                    loaded.diagnostics.items.extend(found);
                }
                Err(e) => loaded.diagnostics.error(e.span(), e.to_string()),
            }
        }
        progress.advance();
        let errors = loaded
            .diagnostics
            .items
            .iter()
            .filter(|d| d.severity == Severity::Error || a.strict)
            .count();
        failed |= errors > 0;
        let stats = loaded.model.as_ref().map(tailor::model::Stats::of);
        // What a bundle pins a module by (`uses: {m: {file, hash}}`).
        let hash = loaded.model.as_ref().map(|m| m.hash.clone());
        if a.json {
            let diags: Vec<_> = loaded
                .diagnostics
                .items
                .iter()
                .map(|d| loaded.sources.locate(d))
                .collect();
            reports.push(serde_json::json!({
                "file": path, "ok": errors == 0, "diagnostics": diags, "stats": stats, "hash": hash, "millis": ms,
            }));
            continue;
        }
        progress.suspend(|| {
            if !loaded.diagnostics.is_empty() {
                eprintln!("{}", loaded.sources.render_all(&loaded.diagnostics));
            }
            match stats {
                Some(s) if errors == 0 => println!(
                    "{path}: ok: {} components, {} features, {} values, {} rules, {} table rows ({ms:.0} ms), {}",
                    s.components, s.features, s.values, s.constraints, s.table_rows,
                    hash.as_deref().unwrap_or_default()
                ),
                _ => println!("{path}: {errors} error(s)"),
            }

        });
    }
    progress.done();
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "files": reports }))
                .unwrap_or_default()
        );
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
