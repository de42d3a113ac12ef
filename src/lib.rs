//! tailor: a product configurator engine. Catalogs in, valid choices, explanations and prices out.
//!
//! See ARCHITECTURE.md for the map. The library does no printing; only `main.rs` (CLI) renders.

pub mod api;
pub mod budget;
pub mod count;
pub mod diagnostic;
pub mod document;
pub mod encode;
pub mod engine;
pub mod front;
pub mod graph;
pub mod import;
pub mod load;
#[cfg(feature = "lsp")]
pub mod lsp;
pub mod model;
#[cfg(feature = "serve")]
pub mod serve;
pub mod solve;
pub mod source;
#[cfg(feature = "wasm")]
pub mod wasm;

/// Failures that are not diagnostics about the input's content.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Serve(String),
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}
