//! Import of COOM product models (spec section 6): structures with cardinalities, enumerations
//! with attributes, numeric and Bool features, and behaviors (`condition`/`require`, `imply`,
//! `combinations`, `default`, `explanation`, count/sum). What tailor cannot say faithfully is
//! refused with a diagnostic at the construct; user-input files become selections.

mod ast;
mod check;
mod expr;
mod lexer;
mod parse;
mod resolve;
mod translate;
mod tree;
mod user_input;
mod yaml;

pub use user_input::user_input_choices;

use crate::diagnostic::Diagnostics;
use crate::source::FileId;

/// The YAML catalog equivalent to the COOM model `text`; None after errors (in `diags`).
pub fn to_yaml(file: FileId, text: &str, diags: &mut Diagnostics) -> Option<String> {
    let before = diags.error_count();
    let model = parse::parse_model(file, text, diags)?;
    check::declarations(&model, diags);
    let tree = tree::build(&model, diags)?;
    let st = translate::translate(&tree, &model, text, diags);
    if diags.error_count() > before {
        return None;
    }
    Some(yaml::catalog(
        &tree,
        &model,
        title(text).as_deref(),
        &st.rules,
    ))
}

/// The model's title: its first line when that is a `//` comment.
fn title(text: &str) -> Option<String> {
    let first = text.lines().next()?.trim();
    let t = first.strip_prefix("//")?.trim();
    (!t.is_empty()).then(|| t.chars().filter(|c| !c.is_control()).collect())
}
