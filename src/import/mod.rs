//! Importers for models written in other languages (spec section 6): each turns a source file
//! into the text of an equivalent YAML catalog, or refuses with diagnostics naming what it
//! cannot represent. Imported models then go through the ordinary front end, so they give the
//! same answers as the YAML that `tailor import` writes. DIMACS, only integers, is the exception:
//! `dimacs_model` builds the same model directly, for speed.

pub mod coom;
pub mod dimacs;
pub mod dimacs_model;
mod emit;
pub mod uvl;

use crate::diagnostic::Diagnostics;
use crate::source::FileId;

/// The languages tailor imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Dimacs,
    Uvl,
    Coom,
}

/// The format a file name stands for (by extension); `None` for YAML catalogs and the unknown.
pub fn format_of(path: &str) -> Option<Format> {
    let ext = std::path::Path::new(path)
        .extension()?
        .to_str()?
        .to_ascii_lowercase();
    match ext.as_str() {
        "cnf" | "dimacs" => Some(Format::Dimacs),
        "uvl" => Some(Format::Uvl),
        "coom" => Some(Format::Coom),
        _ => None,
    }
}

/// The YAML catalog equivalent to `text` (the contents of `file`, named `name`); `None` after
/// errors, which are in `diags` with spans into `file`.
pub fn to_yaml(
    format: Format,
    file: FileId,
    name: &str,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    match format {
        Format::Dimacs => dimacs::to_yaml(file, name, text, diags),
        Format::Uvl => uvl::to_yaml(file, text, diags),
        Format::Coom => coom::to_yaml(file, text, diags),
    }
}
