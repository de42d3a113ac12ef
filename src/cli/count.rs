//! `tailor count`: the exact number of valid configurations.

use super::configure::{choices, session, Selection};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    catalog: String,
    #[command(flatten)]
    selection: Selection,
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> Result<ExitCode, tailor::Error> {
    let Some(s) = session(&a.catalog)? else {
        return Ok(ExitCode::from(1));
    };
    let Some(choices) = choices(&s, &a.selection) else {
        return Ok(ExitCode::from(1));
    };
    let c = tailor::engine::count(&s, &choices, &a.selection.budget());
    if a.json {
        println!("{}", serde_json::to_string(&c).unwrap_or_default());
    } else {
        match &c.count {
            Some(n) => println!("{n}"),
            None => println!("unknown (the budget ran out)"),
        }
    }
    Ok(ExitCode::SUCCESS)
}
