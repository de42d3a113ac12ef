//! `tailor explain`: why a value is not available or is forced.

use super::configure::{choices, session, Selection};
use std::process::ExitCode;
use tailor::engine::explain;

#[derive(clap::Args)]
pub struct Args {
    catalog: String,
    #[command(flatten)]
    selection: Selection,
    /// What to explain: `PATH=VALUE`, `PATH` (a component or toggle), or `!PATH`.
    #[arg(long, value_name = "PATH[=VALUE]")]
    why: String,
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
    match explain(&mut s, &choices, &a.why, &a.selection.budget()) {
        Ok(e) if a.json => println!("{}", serde_json::to_string_pretty(&e).unwrap_or_default()),
        Ok(e) => println!("{}", e.text),
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}
