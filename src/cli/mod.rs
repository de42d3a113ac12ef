//! Subcommands of the `tailor` binary (spec: cli.md).

mod bench;
mod bench_clicks;
mod check;
mod complete;
mod configure;
mod count;
mod diff;
mod explain;
mod graph;
#[cfg(feature = "serve")]
mod impact;
mod import;
mod progress;
mod quote;
#[cfg(feature = "serve")]
mod serve;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "tailor",
    version,
    about = "A product configurator engine: check, configure, count and quote catalogs"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse, resolve and type-check catalogs; report diagnostics with file:line:col.
    Check(check::Args),
    /// The state after a selection: valid values, statuses, prices, conflicts.
    Configure(configure::Args),
    /// One full valid configuration, optionally minimising or maximising a price or attribute.
    Complete(complete::Args),
    /// The exact number of valid configurations.
    Count(count::Args),
    /// Why a value is not available (or is forced), from the rules' messages.
    Explain(explain::Args),
    /// What a new catalog version changes for customers: names, dead and forced values, counts, prices, past orders
    Diff(diff::Args),
    /// Print the constraint graph (dot, mermaid or json), or query it.
    Graph(graph::Args),
    /// Convert a DIMACS, UVL or COOM model into a YAML catalog.
    Import(import::Args),
    /// A priced quote of the completed configuration (json, html or csv).
    Quote(quote::Args),
    /// Print the JSON Schema of catalog files.
    Schema,
    /// The web configurator, its catalogs and the JSON API, over HTTP.
    #[cfg(feature = "serve")]
    Serve(serve::Args),
    /// Which open quotes in the store a new catalog version would break or reprice.
    #[cfg(feature = "serve")]
    Impact(impact::Args),
    /// A Language Server Protocol server on stdin/stdout: diagnostics as you type in any editor.
    Lsp,
    /// The project's benchmark driver (medians, side by side with a peer tool).
    Bench(bench::Args),
}

pub fn run(cli: Cli) -> Result<ExitCode, tailor::Error> {
    match cli.command {
        Command::Check(a) => check::run(a),
        Command::Graph(a) => graph::run(a),
        Command::Configure(a) => configure::run(a),
        Command::Complete(a) => complete::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Count(a) => count::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Import(a) => import::run(a),
        Command::Quote(a) => quote::run(a),
        Command::Bench(a) => bench::run(a),
        #[cfg(feature = "serve")]
        Command::Serve(a) => serve::run(a),
        #[cfg(feature = "serve")]
        Command::Impact(a) => impact::run(a),
        Command::Lsp => match tailor::lsp::run_stdio() {
            Ok(()) => Ok(ExitCode::SUCCESS),
            Err(e) => {
                eprintln!("error: {e}");
                Ok(ExitCode::from(1))
            }
        },
        Command::Schema => {
            print!("{}", tailor::front::raw::catalog_schema());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Loads a catalog and prints its diagnostics to stderr; the model when it has no errors.
pub fn load_or_report(
    path: &str,
) -> Result<Option<(tailor::front::Loaded, tailor::model::Model)>, tailor::Error> {
    let mut loaded = tailor::load::load_file(path)?;
    if !loaded.diagnostics.is_empty() {
        eprintln!("{}", loaded.sources.render_all(&loaded.diagnostics));
    }
    Ok(loaded.model.take().map(|m| (loaded, m)))
}
