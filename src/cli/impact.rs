//! `tailor impact`: before publishing a new version of a catalog, which open quotes in the
//! store it would break (choices now invalid, with reasons) or reprice (old against new).

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The new version of the catalog (its main file; included files are read beside it).
    catalog: String,
    /// The quote store: a SQLite file or a postgres:// URL.
    #[arg(long, default_value = "tailor.db")]
    db: String,
}

pub fn run(a: Args) -> Result<ExitCode, tailor::Error> {
    let text = std::fs::read_to_string(&a.catalog).map_err(|source| tailor::Error::Read {
        path: a.catalog.clone(),
        source,
    })?;
    let dir = std::path::Path::new(&a.catalog)
        .parent()
        .map(|p| p.to_path_buf())
        .unwrap_or_default();
    let main = std::path::Path::new(&a.catalog)
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    // The main file and every file it includes, as the server would hold them.
    let loaded = tailor::load::load_file(&a.catalog)?;
    let mut files = indexmap::IndexMap::from([(main.clone(), text)]);
    for (_, f) in loaded.sources.files().skip(1) {
        let rel = std::path::Path::new(&f.name)
            .strip_prefix(&dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| f.name.clone());
        files.insert(rel, f.text.clone());
    }
    let files = tailor::api::CatalogFiles { main, files };
    let limits = tailor::api::Limits::default();
    let k = match tailor::api::Configurator::from_files(&files, limits) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("{}", e.rendered);
            return Ok(ExitCode::from(1));
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| tailor::Error::Serve(e.to_string()))?;
    match rt.block_on(tailor::serve::impact(&a.db, k, files)) {
        Ok(report) => {
            println!("{}", tailor::api::to_json(&report));
            let affected = report["affected"].as_array().is_some_and(|a| !a.is_empty());
            Ok(if affected {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::from(2))
        }
    }
}
