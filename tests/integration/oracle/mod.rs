//! The independent test oracle: a brute-force semantics of a `tailor::model::Model` (spec section 3),
//! and a generator of random small catalogs.
//!
//! - [`enumerate`]: the configuration space (every presence, instance count and feature value),
//!   enumerated exhaustively for small models; selections (spec section 4); valid sets, counts and
//!   price ranges over the valid configurations.
//! - [`eval`]: what a constraint means, evaluated directly on one configuration. The decisions taken
//!   where the spec is silent are written at the top of `eval.rs`.
//! - [`generate`]: a proptest strategy for random small catalogs as YAML text.
//!
//! Nothing here goes through the engine's encoding: the oracle only reads the typed model.

#![allow(dead_code)]

pub mod enumerate;
pub mod eval;
pub mod generate;

#[allow(unused_imports)]
pub use enumerate::{
    count, price_range, valid_configurations, valid_sets, Config, Layout, Oracle, PriceRange,
    Variable, VariableKind, SPACE_LIMIT,
};
#[allow(unused_imports)]
pub use generate::{catalog_yaml, load_generated, Yaml};
