//! The one integration test binary (ripgrep style): data-driven cases live in files under `tests/cases/`.

mod util;
mod catalogs;
mod check_cases;
mod graph;
mod no_panic;
mod schema;
mod oracle;
mod oracle_sanity;
