//! Catalog analysis for product teams: an unsatisfiable catalog (with a minimal set of rules in
//! conflict), dead values, forced values, rules that never fire, preferences that never hold.

use super::configure::{configure, Options};
use super::reason::{minimal_reason, Item, Reason};
use super::session::Session;
use super::view::{variables, VarView};
use crate::budget::Budget;
use crate::diagnostic::Diagnostic;
use crate::model::{ConstraintBody, FeatureKind};
use crate::solve::{Lit, SolveResult};
use std::collections::BTreeSet;

/// Findings as warnings (errors for an unsatisfiable catalog), pointing at the catalog's spans.
pub fn analyze(s: &mut Session, budget: &Budget) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let rules = s.all_rules();
    match s.solve(&rules, budget) {
        SolveResult::Unsat => {
            if let Reason::Minimal(items) = minimal_reason(s, &[], &[], budget) {
                let ids: Vec<String> = items
                    .iter()
                    .filter_map(|i| match *i {
                        Item::Rule(r) => Some(s.model.constraints[r].id.clone()),
                        _ => None,
                    })
                    .collect();
                let span = items
                    .iter()
                    .find_map(|i| match *i {
                        Item::Rule(r) => Some(s.model.constraints[r].span),
                        _ => None,
                    })
                    .unwrap_or(s.model.comp(crate::model::CompId(0)).span);
                out.push(Diagnostic::error(span, format!("the catalog has no valid configuration: these rules contradict each other: {}", ids.join(", "))));
            } else {
                out.push(Diagnostic::error(
                    s.model.comp(crate::model::CompId(0)).span,
                    "the catalog has no valid configuration",
                ));
            }
            return out;
        }
        SolveResult::Unknown => {
            out.push(Diagnostic::warning(
                s.model.comp(crate::model::CompId(0)).span,
                "analysis skipped: the time budget ran out",
            ));
            return out;
        }
        SolveResult::Sat => {}
    }
    let answer = configure(s, &[], Options { reasons: true }, budget);
    // Blocked values are proven either way; "forced", "absent" and "always/never included" read
    // the valid sets, which miss the values still unknown when the budget ran out.
    let settled = answer.complete;
    if !settled {
        out.push(Diagnostic::warning(
            s.model.comp(crate::model::CompId(0)).span,
            "analysis incomplete: the time budget ran out before every value was settled; only proven findings are listed",
        ));
    }
    let views = variables(&s.model, &s.enc.layout);
    let mut reported: BTreeSet<(u32, String)> = BTreeSet::new();
    for (var, v) in answer.variables.iter().zip(&views) {
        match *v {
            VarView::Feat(fi) => {
                let f = s.enc.layout.feats[fi].feat;
                let feat = s.model.feat(f);
                if let Some(d) = wide_range_finding(feat, var) {
                    if reported.insert((f.0, "#range".into())) {
                        out.push(Diagnostic::warning(feat.span, d));
                    }
                }
                for b in &var.blocked {
                    let value = b
                        .value
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| b.value.to_string());
                    if !reported.insert((f.0, value.clone())) {
                        continue;
                    }
                    let span = feat
                        .kind
                        .values()
                        .iter()
                        .find(|x| x.id == value)
                        .map(|x| x.span)
                        .unwrap_or(feat.span);
                    let by = b
                        .rules
                        .as_ref()
                        .map(|r| format!(" (ruled out by {})", r.join(", ")))
                        .unwrap_or_default();
                    let what = match feat.kind {
                        FeatureKind::Bool { .. } | FeatureKind::Int { .. } => {
                            format!("`{}` can never be {value}", var.path)
                        }
                        _ => format!(
                            "dead value: `{value}` of `{}` can never be selected",
                            var.path
                        ),
                    };
                    out.push(Diagnostic::warning(span, format!("{what}{by}")));
                }
                if settled
                    && var.status == super::answer::Status::Forced
                    && matches!(feat.kind, FeatureKind::OneOf(_))
                    && feat.kind.values().len() > 1
                    && reported.insert((f.0, "#forced".into()))
                {
                    out.push(Diagnostic::warning(
                        feat.span,
                        format!("forced value: `{}` is always {}", var.path, var.value),
                    ));
                }
                if settled
                    && var.status == super::answer::Status::Absent
                    && reported.insert((f.0, "#absent".into()))
                {
                    out.push(Diagnostic::warning(
                        feat.span,
                        format!(
                            "`{}` can never have a value: its component is never present",
                            var.path
                        ),
                    ));
                }
            }
            VarView::Comp(ci) => {
                let c = s.enc.layout.comps[ci].comp;
                if settled && var.valid.as_array().is_some_and(|a| a.len() == 1) {
                    let never = var.valid[0] == serde_json::json!(false);
                    let word = if never {
                        "can never be included"
                    } else {
                        "is always included, though optional"
                    };
                    out.push(Diagnostic::warning(
                        s.model.comp(c).span,
                        format!("component `{}` {word}", var.path),
                    ));
                }
            }
            VarView::Count(_) => {}
        }
    }
    out.extend(never_firing(s, &rules, budget));
    out
}

/// Conditions that can never hold: `when` rules, discounts/surcharges, and preferences.
fn never_firing(s: &mut Session, rules: &[Lit], budget: &Budget) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let model = s.model.clone();
    for c in &model.constraints {
        let ConstraintBody::When(cond, _) = &c.body else {
            continue;
        };
        let mut any = Vec::new();
        for (env, pres) in s.enc.bindings(&model, &c.for_each) {
            if let Ok(l) = s.enc.bool_lit(&model, cond, &env) {
                any.push(s.enc.cnf.and(&[pres, l]));
            }
        }
        let fires = s.enc.cnf.or(&any);
        if possible(s, rules, fires, budget) == Some(false) {
            out.push(Diagnostic::warning(
                c.span,
                format!(
                    "rule `{}` never fires: its `when` condition can never hold",
                    c.id
                ),
            ));
        }
    }
    for (i, a) in model.adjustments.iter().enumerate() {
        if possible(s, rules, s.enc.adjustments[i], budget) == Some(false) {
            out.push(Diagnostic::warning(
                a.span,
                format!("`{}` never applies: its condition can never hold", a.id),
            ));
        }
    }
    for (i, p) in model.preferences.iter().enumerate() {
        if possible(s, rules, s.enc.preferences[i], budget) == Some(false) {
            out.push(Diagnostic::warning(
                p.span,
                format!("preference `{}` can never hold", p.id),
            ));
        }
    }
    out
}

fn possible(s: &mut Session, rules: &[Lit], l: Lit, budget: &Budget) -> Option<bool> {
    let mut a = rules.to_vec();
    a.push(l);
    match s.solve(&a, budget) {
        SolveResult::Sat => Some(true),
        SolveResult::Unsat => Some(false),
        SolveResult::Unknown => None,
    }
}

/// A wide int (no literal per number, so nothing under `blocked`) whose valid runs do not fill
/// its declared range: which numbers it can take, and what the budget left unsettled.
fn wide_range_finding(
    feat: &crate::model::Feature,
    var: &super::answer::Variable,
) -> Option<String> {
    let FeatureKind::Int { min, max, open, .. } = feat.kind else {
        return None;
    };
    if var.kind != "int" || var.status == super::answer::Status::Absent {
        return None;
    }
    let runs: Vec<&serde_json::Value> = match &var.valid {
        serde_json::Value::Array(a) if a.iter().all(|r| r.is_object()) => a.iter().collect(),
        o @ serde_json::Value::Object(_) => vec![o],
        _ => return None,
    };
    // A null end is an open side reached (its 64-bit limit).
    let ends = |r: &serde_json::Value| {
        (
            r["min"].as_i64().or(open.below.then_some(min)),
            r["max"].as_i64().or(open.above.then_some(max)),
        )
    };
    let shown = |n: i64| open.show(n);
    if let [only] = runs.as_slice() {
        if ends(only) == (Some(min), Some(max)) {
            return None;
        }
    }
    let text: Vec<String> = runs
        .iter()
        .map(|r| match ends(r) {
            (Some(a), Some(b)) if a == b => shown(a),
            (Some(a), Some(b)) => format!("{}..{}", shown(a), shown(b)),
            _ => "?".into(),
        })
        .collect();
    let unsettled = runs
        .iter()
        .any(|r| r.get("exact") == Some(&serde_json::json!(false)));
    Some(format!(
        "`{}` can only be {} of its declared {}..{}{}",
        var.path,
        text.join(", "),
        shown(min),
        shown(max),
        if unsettled {
            " (not every number inside was settled within the budget)"
        } else {
            ""
        }
    ))
}
