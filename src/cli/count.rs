//! `tailor count`: the exact number of valid configurations.

use super::configure::{choices, session, Selection};
use super::progress::Progress;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    catalog: String,
    #[command(flatten)]
    selection: Selection,
    #[arg(long)]
    json: bool,
    /// Which counter: tables (catalogs of finite-domain features and tables), sat (model counting
    /// of the encoding), or auto (tables when the catalog qualifies, else sat).
    #[arg(long, value_enum, default_value = "auto")]
    method: Method,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Method {
    Auto,
    Tables,
    Sat,
}

pub fn run(a: Args) -> Result<ExitCode, tailor::Error> {
    let progress = Progress::new(None, a.json);
    progress.phase(format!("{}: loading and compiling", a.catalog));
    let Some(mut s) = session(&a.catalog)? else {
        progress.done();
        return Ok(ExitCode::from(1));
    };
    let Some(choices) = choices(&mut s, &a.selection) else {
        return Ok(ExitCode::from(1));
    };
    use tailor::engine::CountMethod;
    let method = match a.method {
        Method::Auto => CountMethod::Auto,
        Method::Tables => CountMethod::Tables,
        Method::Sat => CountMethod::Sat,
    };
    progress.phase(format!("{}: counting", a.catalog));
    let counted = tailor::engine::count_with(&s, &choices, &a.selection.budget(), method);
    progress.done();
    let Some(c) = counted else {
        eprintln!("error: this catalog or selection is not one the table counter takes");
        return Ok(ExitCode::from(2));
    };
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
