//! Import of UVL, the Universal Variability Language (spec section 6): features, groups
//! (mandatory, optional, or, alternative, `[n..m]`), numeric attributes, boolean constraints and
//! linear arithmetic constraints (attributes, `+ - *`, `/` by a number, `sum`, `avg` against a
//! number). What tailor cannot represent faithfully (feature cardinalities, typed features,
//! string constraints, division by a variable, non-linear averages, imports) is refused with a
//! diagnostic at the construct.

mod constraint;
mod scan;
mod translate;
mod tree;

use crate::diagnostic::Diagnostics;
use crate::source::{FileId, Span};

pub fn to_yaml(file: FileId, text: &str, diags: &mut Diagnostics) -> Option<String> {
    let tree = tree::read(file, text, diags);
    if tree.features.is_empty() {
        diags.error(
            Span::new(file, 0, 0),
            "no features: a UVL model needs a `features` section with a root feature",
        );
        return None;
    }
    let clean = scan::blank_comments(text);
    let mut constraints = Vec::new();
    for c in &tree.constraints {
        if let Ok(e) = constraint::parse(file, &clean, c.start, c.end, &tree, diags) {
            constraints.push((e, &clean[c.start..c.end]));
        }
    }
    if diags.has_errors() {
        return None;
    }
    Some(translate::catalog(&tree, &constraints))
}
