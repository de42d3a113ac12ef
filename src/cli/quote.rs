//! `tailor quote`: the completed configuration priced line by line, as JSON, a printable HTML
//! page or CSV (cli.md `quote`; docs/quotes.md).

use super::configure::{choices, session, Selection};
use std::process::ExitCode;
use tailor::api::{quote_for, render_quote, QuoteFormat};
use tailor::engine::{parse_day, quote};

#[derive(clap::Args)]
pub struct Args {
    catalog: String,
    #[command(flatten)]
    selection: Selection,
    /// Who the quote is for (printed on it).
    #[arg(long, value_name = "NAME")]
    customer: Option<String>,
    /// json, html or csv.
    #[arg(long, default_value = "json")]
    format: String,
    /// Write the quote here instead of to standard output.
    #[arg(short = 'o', value_name = "FILE")]
    output: Option<String>,
    /// Labels and headings in this language (default: the catalog's first).
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
    /// The day the quote is made (YYYY-MM-DD; default today, UTC): its validity counts from it.
    #[arg(long, value_name = "DAY")]
    date: Option<String>,
    /// Check an earlier quote (its JSON) against the catalog as it is now: choices that became
    /// invalid, with reasons, and amounts that changed, old against new (JSON; exit 1 when
    /// broken or repriced).
    #[arg(long, value_name = "QUOTE_JSON", conflicts_with_all = ["select", "selection"])]
    revalidate: Option<String>,
}

pub fn run(a: Args) -> Result<ExitCode, tailor::Error> {
    let Some(format) = QuoteFormat::parse(&a.format) else {
        eprintln!("error: --format `{}`: use json, html or csv", a.format);
        return Ok(ExitCode::from(2));
    };
    let today = match &a.date {
        Some(d) => match parse_day(d) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: --date: {e}");
                return Ok(ExitCode::from(2));
            }
        },
        None => today_utc(),
    };
    if let Some(old) = &a.revalidate {
        return revalidate(&a, old, today);
    }
    let Some(mut s) = session(&a.catalog)? else {
        return Ok(ExitCode::from(1));
    };
    let Some(choices) = choices(&mut s, &a.selection) else {
        return Ok(ExitCode::from(1));
    };
    let who = quote_for(&s.model, a.customer.clone(), a.lang.clone(), today);
    let q = match quote(&mut s, &choices, &who, &a.selection.budget()) {
        Ok(q) => q,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    let text = render_quote(&q, &s.model, format);
    match &a.output {
        Some(path) => std::fs::write(path, text).map_err(|source| tailor::Error::Write {
            path: path.clone(),
            source,
        })?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn revalidate(a: &Args, old: &str, today: chrono::NaiveDate) -> Result<ExitCode, tailor::Error> {
    let text = std::fs::read_to_string(old).map_err(|source| tailor::Error::Read {
        path: old.to_string(),
        source,
    })?;
    let old_quote: serde_json::Value = match serde_json::from_str(&text) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("{old}: not a quote's JSON: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let Some((_, model)) = super::load_or_report(&a.catalog)? else {
        return Ok(ExitCode::from(1));
    };
    let limits = tailor::api::Limits {
        millis: a.selection.budget_ms,
        conflicts: None,
    };
    let mut k = match tailor::api::Configurator::from_model(model, limits) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("error: {}", e.message);
            return Ok(ExitCode::from(1));
        }
    };
    let who = tailor::api::who_of(&k.session().model, &old_quote, today);
    match k.revalidate(&old_quote, &who) {
        Ok(r) => {
            println!("{}", tailor::api::to_json(&r));
            Ok(if r.affected() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Err(e) => {
            eprintln!("error: {}", e.message);
            Ok(ExitCode::from(2))
        }
    }
}

fn today_utc() -> chrono::NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}
