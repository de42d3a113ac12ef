//! Loading a catalog file in any language tailor reads: its extension picks the front end
//! (YAML) or an importer (DIMACS, UVL, COOM, spec section 6). This sits above both, so the
//! front end never calls an importer.

pub use crate::front::{FsIncluder, Includer, Loaded, NoIncludes};

use crate::diagnostic::Diagnostics;
use crate::front::{finish, load_source};
use crate::import::{format_of, Format};
use crate::source::SourceMap;

/// Reads a catalog file from disk (includes relative to it).
pub fn load_file(path: &str) -> Result<Loaded, crate::Error> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::Error::Read {
        path: path.to_string(),
        source: e,
    })?;
    Ok(load_str(path, &text, &FsIncluder))
}

/// Loads a catalog from text; `name` is how diagnostics name the file. A name with the extension
/// of an imported language (`.uvl`, `.cnf`, `.dimacs`, `.coom`) is converted first.
pub fn load_str(name: &str, text: &str, includer: &dyn Includer) -> Loaded {
    let mut sources = SourceMap::default();
    let mut diags = Diagnostics::default();
    let file = sources.add(name, text);
    let model = match format_of(name) {
        // A formula is only integers: its model is built directly, with no YAML in between.
        Some(Format::Dimacs) => crate::import::dimacs_model::to_model(file, name, text, &mut diags)
            .map(|mut m| {
                m.hash = sources.content_hash();
                m
            }),
        // Another language: its importer writes the YAML catalog, which loads as a second source.
        Some(format) => crate::import::to_yaml(format, file, name, text, &mut diags)
            .filter(|_| !diags.has_errors())
            .and_then(|yaml| {
                let imported = format!("{name} (imported)");
                let f = sources.add(imported.clone(), yaml);
                load_source(f, &imported, &mut sources, &mut diags, includer)
            }),
        None => load_source(file, name, &mut sources, &mut diags, includer),
    };
    finish(sources, diags, model)
}
