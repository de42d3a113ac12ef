//! The front end: YAML and rule text in, a typed [`Model`](crate::model::Model) and diagnostics out.

pub mod ast;
mod build;
mod exprs;
mod fast_rules;
pub use ast::is_reserved;
mod load;
mod modules;
mod nesting;
mod pairs;
pub mod parse;
pub mod raw;
mod recover;
mod resolve;
pub mod rule_text;
mod statements;
pub mod symbols;
mod table_scan;
mod tail_rules;
mod typecheck;
mod yaml_error;
mod yaml_index;
pub mod yaml_keys;

pub(crate) use build::skeleton;
pub use build::{is_ident, is_source_name, minor_units, MAX_INSTANCES};
pub use load::{finish, load_source, load_yaml, FsIncluder, Includer, Loaded, NoIncludes};
pub use resolve::{feature_attrs, free_scopes, home, resolve};
