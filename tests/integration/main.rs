//! The one integration test binary (ripgrep style): data-driven cases live in files under `tests/cases/`.

mod analysis;
mod bench_peers;
mod bundles;
mod catalogs;
mod check_cases;
mod conformance;
mod coom;
mod count_csp;
mod count_dimacs;
mod diff;
mod docs;
mod engine_vs_oracle;
mod graph;
mod import;
mod incremental;
mod layers;
mod lsp;
mod no_panic;
mod open_instances;
mod oracle;
mod oracle_sanity;
#[cfg(feature = "serve")]
mod quote_api;
mod quote_documents;
#[cfg(feature = "serve")]
mod quote_store;
mod renault;
mod schema;
#[cfg(feature = "serve")]
mod serve_api;
#[cfg(feature = "serve")]
mod serve_process;
mod util;
mod wasm_equals_native;
#[cfg(feature = "serve")]
mod web_e2e;
mod wide_ints;
mod wide_vs_cpsat;
