//! `tailor complete`: one full valid configuration (optionally optimal), as text or `--json`.

use super::configure::{choices, session, Selection};
use std::process::ExitCode;
use tailor::engine::{complete, Objective};

#[derive(clap::Args)]
pub struct Args {
    catalog: String,
    #[command(flatten)]
    selection: Selection,
    /// Minimise `once`, `monthly`, `term` or an attribute's total.
    #[arg(long, value_name = "WHAT", conflicts_with = "maximize")]
    minimize: Option<String>,
    /// Maximise `once`, `monthly`, `term` or an attribute's total.
    #[arg(long, value_name = "WHAT")]
    maximize: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> Result<ExitCode, tailor::Error> {
    let Some(mut s) = session(&a.catalog)? else {
        return Ok(ExitCode::from(1));
    };
    let Some(choices) = choices(&mut s, &a.selection) else {
        return Ok(ExitCode::from(1));
    };
    let goal = match (&a.minimize, &a.maximize) {
        (Some(m), _) => Some((Objective::parse(m), true)),
        (_, Some(m)) => Some((Objective::parse(m), false)),
        _ => None,
    };
    match complete(&mut s, &choices, goal, &a.selection.budget()) {
        Ok(c) if a.json => println!("{}", serde_json::to_string_pretty(&c).unwrap_or_default()),
        Ok(c) => {
            for v in c.values.iter().filter(|v| !v.value.is_null()) {
                println!("{:<40} {}", v.path, v.value);
            }
            println!(
                "price once {} {}, monthly {}",
                c.price.currency, c.price.once, c.price.monthly
            );
            if let Some(t) = &c.price.term_total {
                println!(
                    "total over {} months: {t}",
                    c.price.term_months.unwrap_or(0)
                );
            }
            if !c.preferences.broken.is_empty() {
                println!("preferences not met: {}", c.preferences.broken.join(", "));
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}
