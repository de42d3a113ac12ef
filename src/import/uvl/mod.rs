//! Import of UVL, the Universal Variability Language (spec section 6): features, groups
//! (mandatory, optional, or, alternative, `[n..m]`), numeric attributes, boolean constraints and
//! linear arithmetic constraints (attributes, `+ - *`, `/` by a number, `sum`, `avg` against a
//! number), Integer features (a selection and a number, `ranges.rs`), feature cardinalities
//! (a component of instances, `clones.rs`). What tailor cannot
//! represent faithfully (nested feature cardinalities and constraints below one, `clones.rs`;
//! Real and String features, string constraints,
//! division by an Integer feature's number, products of unbounded numbers, non-linear
//! averages, imports) is refused with a diagnostic at the construct.

mod clones;
mod constraint;
mod ranges;
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
    let mut spans = Vec::new();
    for c in &tree.constraints {
        if let Ok(e) = constraint::parse(file, &clean, c.start, c.end, &tree, diags) {
            constraints.push((e, &clean[c.start..c.end]));
            spans.push(Span::new(file, c.start, c.end));
        }
    }
    let located: Vec<(&constraint::Expr, Span)> = constraints
        .iter()
        .zip(&spans)
        .map(|((e, _), span)| (e, *span))
        .collect();
    clones::check(&tree, &located, diags);
    let ranges = ranges::ranges(&tree, constraints.iter().map(|(e, _)| e));
    for ((e, _), span) in constraints.iter().zip(spans.iter().copied()) {
        if let Some(f) = ranges::open_product(&tree, e, &ranges) {
            diags.error(span, format!("this constraint multiplies `{}`, an Integer feature no constraint bounds on both sides (UVL gives it no range), by another number: the product has no 64-bit range; bound it (`{0} >= 0 & {0} <= 1000`)", tree.features[f].name));
        }
    }
    if diags.has_errors() {
        return None;
    }
    Some(translate::catalog(&tree, &constraints, &ranges))
}
