//! Declarations tailor must be able to name and hold: ids it accepts, options with their
//! attribute values, no clashes between an option and an attribute of one enumeration.

use super::ast::{Const, Model, Name};
use crate::diagnostic::Diagnostics;

/// Ids of imported catalogs (the front end's rule): non-empty, no `"`, `.`, `[`, `]`, control
/// characters or surrounding whitespace.
fn valid_id(s: &str) -> bool {
    crate::front::is_source_name(s)
}

fn name_ok(n: &Name, what: &str, diags: &mut Diagnostics) {
    if !valid_id(&n.text) {
        diags.error(n.span, format!("{what} `{}` cannot be a tailor id (empty, or with `\"`, `.`, `[`, `]`, control characters or surrounding spaces)", n.text));
    }
}

pub fn declarations(m: &Model, diags: &mut Diagnostics) {
    for s in &m.structures {
        for f in &s.features {
            name_ok(&f.name, "feature", diags);
        }
    }
    for e in &m.enumerations {
        if e.options.is_empty() {
            diags.error(
                e.name.span,
                format!("enumeration `{}` has no options", e.name.text),
            );
        }
        for (i, a) in e.attributes.iter().enumerate() {
            name_ok(&a.name, "attribute", diags);
            if e.attributes[..i].iter().any(|b| b.name.text == a.name.text) {
                diags.error(
                    a.name.span,
                    format!("attribute `{}` is declared twice", a.name.text),
                );
            }
            if e.options.iter().any(|o| o.name.text == a.name.text) {
                diags.error(a.name.span, format!("`{}` is both an option and an attribute of `{}`: tailor cannot tell them apart", a.name.text, e.name.text));
            }
        }
        for (i, o) in e.options.iter().enumerate() {
            name_ok(&o.name, "option", diags);
            if e.options[..i].iter().any(|p| p.name.text == o.name.text) {
                diags.error(
                    o.name.span,
                    format!("option `{}` is declared twice", o.name.text),
                );
            }
            if o.values.len() < e.attributes.len() {
                let missing = &e.attributes[o.values.len()].name.text;
                diags.error(
                    o.name.span,
                    format!(
                        "option `{}` has no value for attribute `{missing}`",
                        o.name.text
                    ),
                );
            } else if o.values.len() > e.attributes.len() {
                let span = match &o.values[e.attributes.len()] {
                    Const::Num(_, s) => *s,
                    Const::Name(n) => n.span,
                };
                diags.warning(span, format!("option `{}` has more values than `{}` has attributes ({}): the extra ones are ignored", o.name.text, e.name.text, e.attributes.len()));
            }
            for (a, v) in e.attributes.iter().zip(&o.values) {
                if let (true, Const::Name(n)) = (a.numeric, v) {
                    diags.error(
                        n.span,
                        format!(
                            "attribute `{}` is numeric, but option `{}` gives it `{}`",
                            a.name.text, o.name.text, n.text
                        ),
                    );
                }
            }
        }
    }
}
