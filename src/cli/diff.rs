//! `tailor diff OLD NEW [--orders FILE]`: what a new catalog version changes for customers
//! (the comparison is `api::diff`; this prints it).

use super::progress::Progress;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The catalog as customers know it.
    old: String,
    /// The new version (renames declared with `was:`).
    new: String,
    /// Past orders or saved selections: one per line, choices in selection syntax separated
    /// by spaces (`internet.speed=s500 tv.package=cinema`), in the old version's names.
    #[arg(long)]
    orders: Option<String>,
    /// Time budget of each question (the count of each version, each order) in milliseconds.
    #[arg(long, default_value_t = 10_000)]
    budget_ms: u64,
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> Result<ExitCode, tailor::Error> {
    let progress = Progress::new(None, a.json);
    let limits = tailor::api::Limits {
        millis: a.budget_ms,
        conflicts: None,
    };
    let open = |path: &str| -> Result<Option<tailor::api::Configurator>, tailor::Error> {
        progress.phase(format!("{path}: loading and compiling"));
        let Some((loaded, model)) = super::load_or_report(path)? else {
            return Ok(None);
        };
        drop(loaded);
        match tailor::api::Configurator::from_model(model, limits) {
            Ok(k) => Ok(Some(k)),
            Err(e) => {
                eprintln!("{path}: error: {e}");
                Ok(None)
            }
        }
    };
    let (Some(mut old), Some(mut new)) = (open(&a.old)?, open(&a.new)?) else {
        progress.done();
        return Ok(ExitCode::from(1));
    };
    let orders = match &a.orders {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| tailor::Error::Read {
                path: path.clone(),
                source,
            })?;
            Some(tailor::api::read_orders(&text))
        }
        None => None,
    };
    progress.phase("comparing (analysis, counts, orders)".to_string());
    let d = tailor::api::diff(&mut old, &mut new, orders.as_deref());
    progress.done();
    let d = match d {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    if a.json {
        println!("{}", tailor::api::to_json(&d));
    } else {
        print!("{}", render(&d));
    }
    Ok(if d.changes_anything() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The comparison as a reader wants it: one section per kind of change, empty ones left out.
fn render(d: &tailor::api::CatalogDiff) -> String {
    let mut out = String::new();
    let mut section = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            out.push_str(&format!("{title}:\n"));
            for l in lines {
                out.push_str(&format!("  {l}\n"));
            }
        }
    };
    let named = |v: &[tailor::api::diff::Named]| -> Vec<String> {
        v.iter().map(|n| format!("{} {}", n.kind, n.path)).collect()
    };
    section("added", named(&d.added));
    section("removed", named(&d.removed));
    section(
        "renamed",
        d.renamed
            .iter()
            .map(|r| format!("{} {} -> {}", r.kind, r.old, r.new))
            .collect(),
    );
    section(
        "now dead (no configuration can have it)",
        d.now_dead.clone(),
    );
    section("no longer dead", d.no_longer_dead.clone());
    section(
        "now forced (every configuration has it)",
        d.now_forced.clone(),
    );
    section("no longer forced", d.no_longer_forced.clone());
    let count = |c: &tailor::engine::answer::Count| match &c.count {
        Some(n) if c.exact => n.clone(),
        Some(n) => format!("at least {n} (the budget ran out)"),
        None => "unknown (the budget ran out)".to_string(),
    };
    let both = match (&d.counts.both, &d.counts.both_note) {
        (Some(c), _) => format!("{} of the old ones stay valid", count(c)),
        (None, Some(why)) => format!("how many old ones stay valid is not counted: {why}"),
        (None, None) => String::new(),
    };
    section(
        "valid configurations",
        vec![
            format!(
                "{} before, {} after",
                count(&d.counts.old),
                count(&d.counts.new)
            ),
            both,
        ],
    );
    section(
        "prices",
        d.prices
            .iter()
            .map(|p| {
                format!(
                    "{}: once {} -> {}, monthly {} -> {}",
                    p.what, p.old.once, p.new.once, p.old.monthly, p.new.monthly
                )
            })
            .collect(),
    );
    if let Some(o) = &d.orders {
        let mut lines = vec![format!(
            "{} checked, {} accepted, {} rejected",
            o.checked,
            o.accepted,
            o.rejected.len()
        )];
        lines.extend(
            o.rejected
                .iter()
                .map(|r| format!("line {}: {}", r.line, r.reason)),
        );
        section("orders", lines);
    }
    out
}
