//! DIMACS straight to the model: the features and rules of the YAML catalog that `tailor import`
//! writes, built without writing and re-reading that YAML. Re-reading it was most of the time a
//! browser waited for an imported model (Linux, 40,121 clauses: 330 ms of YAML and rule text for
//! a formula that is only integers). Rules are named `c<k>` as in the YAML, and their spans point
//! at the clause in the DIMACS file itself.

use super::dimacs::{header, names, parse};
use crate::diagnostic::Diagnostics;
use crate::front::raw::RawCatalog;
use crate::front::skeleton;
use crate::model::{
    BoolExpr, CompId, Constraint, ConstraintBody, FeatId, Feature, FeatureKind, Model, Price, Ref,
    Target,
};
use crate::source::{FileId, Span};

/// The model of DIMACS text `text` (file `file`, named `name`); `None` after errors, which are
/// in `diags` with spans into `file`.
pub fn to_model(file: FileId, name: &str, text: &str, diags: &mut Diagnostics) -> Option<Model> {
    let f = parse(file, text, diags)?;
    let names = names(file, &f, diags);
    if diags.has_errors() {
        return None;
    }
    // The header is a few fixed lines: read by serde like any catalog's, so the defaults agree.
    let raw: RawCatalog = match serde_yaml::from_str(&header(name).finish()) {
        Ok(raw) => raw,
        Err(e) => {
            diags.error(
                Span::new(file, 0, 0),
                format!("internal: header of `{name}`: {e}"),
            );
            return None;
        }
    };
    let mut model = skeleton(file, &raw);
    let name_spans = name_spans(file, &f.names, f.vars);
    model.features = names
        .into_iter()
        .zip(name_spans)
        .map(|(key, span)| Feature {
            path: key.clone(),
            key,
            comp: CompId(0),
            name: None,
            description: None,
            image: None,
            kind: FeatureKind::Bool {
                price: Price::default(),
                attrs: Vec::new(),
            },
            default: None,
            span,
        })
        .collect();
    model.components[0].features = (0..f.vars as u32).map(FeatId).collect();
    model.constraints = f
        .clauses()
        .zip(&f.clause_spans)
        .enumerate()
        .map(|(k, (clause, &span))| Constraint {
            id: format!("c{}", k + 1),
            message: None,
            body: ConstraintBody::Expr(clause_expr(clause)),
            for_each: Vec::new(),
            span,
        })
        .collect();
    Some(model)
}

/// Where each variable's name stands (its first usable comment), else the start of the file.
fn name_spans(file: FileId, named: &[(usize, String, Span)], vars: usize) -> Vec<Span> {
    let mut spans = vec![None; vars];
    for (n, _, span) in named {
        if let Some(slot) = spans.get_mut(n - 1) {
            slot.get_or_insert(*span);
        }
    }
    spans
        .into_iter()
        .map(|s| s.unwrap_or(Span::new(file, 0, 0)))
        .collect()
}

/// A clause as the rule language reads `a or !b or c`: one literal alone, `false` when empty.
fn clause_expr(clause: &[i32]) -> BoolExpr {
    let lit = |l: i32| {
        let holds = BoolExpr::Holds(Ref {
            target: Target::Feat(FeatId(l.unsigned_abs() - 1)),
            indices: Vec::new(),
        });
        if l < 0 {
            BoolExpr::Not(Box::new(holds))
        } else {
            holds
        }
    };
    match clause {
        [] => BoolExpr::Const(false),
        [l] => lit(*l),
        _ => BoolExpr::Or(clause.iter().map(|&l| lit(l)).collect()),
    }
}
