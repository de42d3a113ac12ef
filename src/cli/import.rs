//! `tailor import`: a DIMACS, UVL or COOM file as the equivalent YAML catalog (checked before it
//! is written).

use super::progress::Progress;
use std::process::ExitCode;
use tailor::diagnostic::Diagnostics;
use tailor::source::SourceMap;

#[derive(clap::Args)]
pub struct Args {
    /// The model: .cnf / .dimacs, .uvl or .coom.
    file: String,
    /// Where to write the YAML catalog (default: standard output).
    #[arg(short, long)]
    output: Option<String>,
}

pub fn run(a: Args) -> Result<ExitCode, tailor::Error> {
    let Some(format) = tailor::import::format_of(&a.file) else {
        eprintln!(
            "error: `{}`: tailor imports .cnf/.dimacs, .uvl and .coom files",
            a.file
        );
        return Ok(ExitCode::from(2));
    };
    let text = std::fs::read_to_string(&a.file).map_err(|e| tailor::Error::Read {
        path: a.file.clone(),
        source: e,
    })?;
    let mut sources = SourceMap::default();
    let mut diags = Diagnostics::default();
    let file = sources.add(a.file.clone(), text.clone());
    // Shown while converting and checking; on stdout goes only the catalog.
    let progress = Progress::new(None, false);
    progress.phase(format!("{}: converting", a.file));
    let yaml = tailor::import::to_yaml(format, file, &a.file, &text, &mut diags);
    progress.done();
    if !diags.is_empty() {
        eprintln!("{}", sources.render_all(&diags));
    }
    let Some(yaml) = yaml.filter(|_| !diags.has_errors()) else {
        return Ok(ExitCode::from(1));
    };
    let yaml = format!("# Imported from {} by `tailor import`.\n{yaml}", a.file);
    // What is written must load: check it under the name it will have.
    let name = a.output.clone().unwrap_or_else(|| "(stdout)".to_string());
    let progress = Progress::new(None, false);
    progress.phase(format!("{}: checking the catalog written", a.file));
    let loaded = tailor::load::load_str(&name, &yaml, &tailor::front::NoIncludes);
    progress.done();
    if loaded.model.is_none() {
        eprintln!("{}", loaded.sources.render_all(&loaded.diagnostics));
        eprintln!("error: the imported catalog does not load; nothing written");
        return Ok(ExitCode::from(1));
    }
    match &a.output {
        Some(path) => std::fs::write(path, yaml).map_err(|e| tailor::Error::Write {
            path: path.clone(),
            source: e,
        })?,
        None => print!("{yaml}"),
    }
    Ok(ExitCode::SUCCESS)
}
