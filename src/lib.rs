//! tailor: a product configurator engine. Catalogs in, valid choices, explanations and prices out.
//!
//! See ARCHITECTURE.md for the map. The library does no printing; only `main.rs` (CLI) renders.

pub mod budget;
pub mod count;
pub mod diagnostic;
pub mod encode;
pub mod engine;
pub mod front;
pub mod graph;
pub mod import;
pub mod model;
pub mod solve;
pub mod source;

/// Failures that are not diagnostics about the input's content.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}
