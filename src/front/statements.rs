//! Rule statements into the model: constraints, tables, preferences, defaults and price adjustments.

use super::ast::{self, Cell, LitKind, Stmt};
use super::build::default_value;
use super::parse::table_syntax_error;
use super::raw::RawDefault;
use super::table_scan;
use super::typecheck::{value_list, Checker};
use crate::model::*;
use crate::source::Span;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// At most this many errors are reported per table; a broken generated table would otherwise flood.
const MAX_TABLE_ERRORS: usize = 20;

pub(crate) fn add_statements(
    ck: &mut Checker,
    stmts: &[Stmt],
    out: &mut Additions,
    ids: &mut HashMap<String, Span>,
) {
    for s in stmts {
        ck.scopes.clear();
        match s {
            Stmt::Include(_) => {}
            Stmt::Rule(r) => {
                let rule_id = ck.qualified(&r.id.name);
                claim_id(ck, ids, &rule_id, r.id.span);
                let cond = r.cond.as_ref().map(|c| ck.bool_expr(c));
                let body = ck.bool_expr(&r.body);
                let for_each = for_each(ck);
                let body = match (cond, body) {
                    (None, Some(b)) => ConstraintBody::Expr(b),
                    (Some(Some(c)), Some(b)) => ConstraintBody::When(c, b),
                    _ => continue,
                };
                if let Some(fe) = for_each {
                    out.constraints.push(Constraint {
                        id: rule_id,
                        message: r.message.clone(),
                        body,
                        for_each: fe,
                        span: r.span,
                    });
                }
            }
            Stmt::Table(t) => {
                let id = match &t.id {
                    Some(i) => {
                        let id = ck.qualified(&i.name);
                        claim_id(ck, ids, &id, i.span);
                        id
                    }
                    None => ck.sources.file_line(t.span),
                };
                if let Some(table) = table(ck, t) {
                    if let Some(fe) = for_each(ck) {
                        out.constraints.push(Constraint {
                            id,
                            message: t.message.clone(),
                            body: ConstraintBody::Table(table),
                            for_each: fe,
                            span: t.span,
                        });
                    }
                }
            }
            Stmt::Prefer(p) => {
                let id = match &p.id {
                    Some(i) => {
                        let id = ck.qualified(&i.name);
                        claim_id(ck, ids, &id, i.span);
                        id
                    }
                    None => ck.sources.file_line(p.span),
                };
                let expr = ck.bool_expr(&p.expr);
                let weight = p.weight.map(|w| w.0).unwrap_or(Decimal::ONE);
                if let (Some(expr), Some(fe)) = (expr, for_each(ck)) {
                    out.preferences.push(Preference {
                        id,
                        message: p.message.clone(),
                        expr,
                        weight,
                        for_each: fe,
                        span: p.span,
                    });
                }
            }
            Stmt::Default(d) => default_stmt(ck, d, out),
            Stmt::Adjust(a) => {
                let adjust_id = ck.qualified(&a.id.name);
                claim_id(ck, ids, &adjust_id, a.id.span);
                check_amount(ck, a);
                let when = ck.bool_expr(&a.when);
                if let Some(&(c, span)) = ck.scopes.first() {
                    let path = ck.model.comp(c).path.clone();
                    ck.diags.error(span, format!("a {} condition must hold for the whole configuration, but this reads each instance of `{path}`: use count() or sum()", kind_word(a.kind)));
                    continue;
                }
                let period = a.period.or(if a.percent {
                    None
                } else {
                    Some(ast::Period::Once)
                });
                let kind = match a.kind {
                    ast::AdjustKind::Discount => AdjustmentKind::Discount,
                    ast::AdjustKind::Surcharge => AdjustmentKind::Surcharge,
                };
                if let Some(when) = when {
                    out.adjustments.push(Adjustment {
                        id: adjust_id,
                        message: a.message.clone(),
                        kind,
                        amount: a.amount,
                        percent: a.percent,
                        period,
                        when,
                        span: a.span,
                    });
                }
            }
        }
    }
}

/// Discount and surcharge amounts: positive, within 100% for discounts, and in the currency's decimals.
fn check_amount(ck: &mut Checker, a: &ast::AdjustStmt) {
    let word = kind_word(a.kind);
    if a.amount <= Decimal::ZERO {
        ck.diags.error(
            a.amount_span,
            format!("a {word} amount must be positive (got {})", a.amount),
        );
    } else if a.percent && a.kind == ast::AdjustKind::Discount && a.amount > Decimal::ONE_HUNDRED {
        ck.diags.error(
            a.amount_span,
            format!("a discount of {}% is more than the whole price", a.amount),
        );
    } else if !a.percent {
        let units = super::build::minor_units(&ck.model.currency);
        if a.amount.normalize().scale() > units {
            ck.diags.error(
                a.amount_span,
                format!(
                    "amount {} has more decimals than {} allows ({units})",
                    a.amount, ck.model.currency
                ),
            );
        }
    }
}

fn kind_word(k: ast::AdjustKind) -> &'static str {
    match k {
        ast::AdjustKind::Discount => "discount",
        ast::AdjustKind::Surcharge => "surcharge",
    }
}

/// What the statements add to the model (kept apart so the checker can borrow the model).
#[derive(Default)]
pub(crate) struct Additions {
    pub constraints: Vec<Constraint>,
    pub preferences: Vec<Preference>,
    pub adjustments: Vec<Adjustment>,
    pub defaults: Vec<(FeatId, DefaultValue, Span)>,
}

fn claim_id(ck: &mut Checker, ids: &mut HashMap<String, Span>, id: &str, span: Span) {
    if let Some(first) = ids.get(id) {
        let at = ck.sources.file_line(*first);
        ck.diags.error(
            span,
            format!("duplicate rule id `{id}` (first used at {at})"),
        );
    } else {
        ids.insert(id.to_string(), span);
    }
}

/// The instance scopes a statement quantifies over; they must lie on one chain of nesting.
fn for_each(ck: &mut Checker) -> Option<Vec<CompId>> {
    let mut scopes: Vec<CompId> = Vec::new();
    for &(s, _) in &ck.scopes {
        if !scopes.contains(&s) {
            scopes.push(s);
        }
    }
    let Some(&deepest) = scopes.iter().max_by_key(|&&s| ck.model.ancestry(s).len()) else {
        return Some(Vec::new());
    };
    let chain = ck.model.ancestry(deepest);
    if let Some(&(bad, span)) = ck.scopes.iter().find(|(s, _)| !chain.contains(s)) {
        let (a, b) = (
            ck.model.comp(deepest).path.clone(),
            ck.model.comp(bad).path.clone(),
        );
        ck.diags.error(span, format!("this rule reads each instance of both `{a}` and `{b}`, which are not nested: relate them with count() or sum(), or name instances (`{b}[1]`)"));
        return None;
    }
    scopes.sort_by_key(|&s| ck.model.ancestry(s).len());
    Some(scopes)
}

fn default_stmt(ck: &mut Checker, d: &ast::DefaultStmt, out: &mut Additions) {
    let Some(r) = ck.resolve(&d.path) else { return };
    if !r.indices.is_empty() {
        ck.diags.error(
            d.path.span,
            format!(
                "`{}`: a default applies to every instance; an instance index is not allowed here",
                d.path.display()
            ),
        );
        return;
    }
    let Target::Feat(f) = r.target else {
        ck.diags.error(
            d.path.span,
            format!(
                "`{}` is not a feature: defaults are set on features",
                d.path.display()
            ),
        );
        return;
    };
    let text = ck.lit_text(&d.value);
    let feat = ck.model.feat(f);
    if let Some(i) = feat.value_index(&text) {
        ck.note_ref(d.value.span, Target::Value(f, i));
    }
    match default_value(&feat.path, &feat.kind, &RawDefault::One(text)) {
        Ok(v) => {
            if feat.default.is_some() || out.defaults.iter().any(|(g, _, _)| *g == f) {
                if let (DefaultValue::Values(add), Some((_, DefaultValue::Values(have), _))) =
                    (&v, out.defaults.iter_mut().find(|(g, _, _)| *g == f))
                {
                    have.extend(add.iter().copied());
                    return;
                }
                ck.diags
                    .error(d.span, format!("`{}` already has a default", feat.path));
                return;
            }
            out.defaults.push((f, v, d.span));
        }
        Err(msg) => ck.diags.error(d.value.span, msg),
    }
}

fn table(ck: &mut Checker, t: &ast::TableStmt) -> Option<Table> {
    let mut columns = Vec::new();
    // Looked up once per cell of tables of 10^6 cells.
    let mut value_maps: Vec<FxHashMap<&str, u32>> = Vec::new();
    let model = ck.model;
    let mut ok = true;
    for (i, p) in t.columns.iter().enumerate() {
        if t.columns[..i].iter().any(|q| q.display() == p.display()) {
            ck.diags
                .error(p.span, format!("column `{}` appears twice", p.display()));
            ok = false;
        }
        let Some(r) = ck.resolve(p) else {
            ok = false;
            continue;
        };
        for s in super::resolve::free_scopes(model, &r) {
            ck.scopes.push((s, p.span));
        }
        let (kind, map) = match r.target {
            Target::Feat(f) => match &model.feat(f).kind {
                FeatureKind::OneOf(vs) => (
                    ColumnKind::Values(vs.len() as u32),
                    vs.iter()
                        .enumerate()
                        .map(|(i, v)| (v.id.as_str(), i as u32))
                        .collect(),
                ),
                FeatureKind::Bool { .. } => (ColumnKind::Bool, bool_map()),
                FeatureKind::Int { min, max, .. } => (
                    ColumnKind::Int {
                        min: *min,
                        max: *max,
                    },
                    FxHashMap::default(),
                ),
                FeatureKind::AnyOf { .. } => {
                    ck.diags.error(p.span, format!("`{}` is an any_of feature: a table column takes one value; use its values as bool columns (`{}.v`)", p.display(), p.display()));
                    ok = false;
                    continue;
                }
            },
            Target::Comp(_) | Target::Value(..) => (ColumnKind::Bool, bool_map()),
            Target::Attr(..) | Target::CompAttr(..) => {
                ck.diags.error(
                    p.span,
                    format!(
                        "`{}` is an attribute: table columns are features, components or values",
                        p.display()
                    ),
                );
                ok = false;
                continue;
            }
        };
        columns.push(Column { target: r, kind });
        value_maps.push(map);
    }
    let sources = ck.sources;
    let text = &sources.file(t.body.span.file).text;
    let body = &text[t.body.span.start..t.body.span.end];
    if !ok {
        // The rows' syntax is still checked: one run reports every mistake.
        if let Err(e) =
            table_scan::scan_rows(t.body.span.file, body, t.body.span.start, &mut |_, _| {})
        {
            ck.diags.push(table_syntax_error(text, t.body.span, e));
        }
        return None;
    }
    let arity = columns.len();
    // Every row opens with `(` (so do lists of alternatives, rarely): room for all cells at once,
    // not a 10^6-cell table copied as it grows.
    let rows_at_most = memchr::memchr_iter(b'(', body.as_bytes()).count();
    let mut cells = Vec::with_capacity(rows_at_most.saturating_mul(arity));
    let mut alts = Vec::new();
    let mut errors = 0usize;
    let mut report = |ck: &mut Checker, span: Span, msg: String| {
        errors += 1;
        if errors <= MAX_TABLE_ERRORS {
            ck.diags.error(span, msg);
        }
    };
    // The last name read in each column and its code: big tables come sorted, so a column's
    // name is mostly the one above it, which is compared, not hashed.
    let mut last: Vec<Option<(&str, u32)>> = vec![None; arity];
    let mut row = |row_cells: &[Cell], span: Span| {
        if row_cells.len() != arity {
            report(
                ck,
                span,
                format!(
                    "row has {} value{}, but the table has {arity} columns ({})",
                    row_cells.len(),
                    if row_cells.len() == 1 { "" } else { "s" },
                    t.columns
                        .iter()
                        .map(|c| c.display())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            return;
        }
        for (i, cell) in row_cells.iter().enumerate() {
            let mut code = |l: &ast::Lit| -> Result<u32, String> {
                let text = &sources.file(l.span.file).text[l.span.start..l.span.end];
                let text = if l.kind == LitKind::Str {
                    &text[1..text.len() - 1]
                } else {
                    text
                };
                match columns[i].kind {
                    ColumnKind::Int { min, max } => match text.parse::<i64>() {
                        // Cells are stored as offsets from the column's min in 32 bits.
                        Ok(n) if n >= min && n <= max => {
                            u32::try_from(i128::from(n) - i128::from(min)).map_err(|_| {
                                format!(
                                    "`{text}` is more than 4294967295 above {min}, the least number of column `{}`: a table cell must lie within that of its column's min",
                                    t.columns[i].display()
                                )
                            })
                        }
                        _ => Err(format!(
                            "`{text}` is not a whole number in {min}..{max}, as column `{}` needs",
                            t.columns[i].display()
                        )),
                    },
                    _ => match last[i] {
                        Some((name, code)) if name == text => Ok(code),
                        _ => value_maps[i]
                        .get(text)
                        .copied()
                        .inspect(|&c| last[i] = Some((text, c)))
                        .ok_or_else(|| match columns[i].kind {
                            ColumnKind::Bool => format!(
                                "column `{}` takes true or false, not `{text}`",
                                t.columns[i].display()
                            ),
                            _ => {
                                let Target::Feat(f) = columns[i].target.target else {
                                    unreachable!()
                                };
                                format!(
                                    "`{text}` is not a value of `{}` (values: {})",
                                    model.feat(f).path,
                                    value_list(model.feat(f).kind.values())
                                )
                            }
                        }),
                    },
                }
            };
            let value_of = |v: u32| match (columns[i].kind, columns[i].target.target) {
                (ColumnKind::Values(_), Target::Feat(f)) => Some(Target::Value(f, v)),
                _ => None,
            };
            let c = match cell {
                Cell::Any(_) => TableCell::Any,
                Cell::One(l) => match code(l) {
                    Ok(v) => {
                        if let Some(t) = value_of(v) {
                            ck.note_ref(l.span, t);
                        }
                        TableCell::One(v)
                    }
                    Err(m) => {
                        report(ck, l.span, m);
                        TableCell::Any
                    }
                },
                Cell::Alternatives(a) => {
                    let start = alts.len() as u32;
                    for l in &a.0 {
                        match code(l) {
                            Ok(v) => {
                                if let Some(t) = value_of(v) {
                                    ck.note_ref(l.span, t);
                                }
                                alts.push(v)
                            }
                            Err(m) => report(ck, l.span, m),
                        }
                    }
                    TableCell::Alts {
                        start,
                        len: alts.len() as u32 - start,
                    }
                }
            };
            cells.push(c);
        }
    };
    let scanned = table_scan::scan_rows(t.body.span.file, body, t.body.span.start, &mut row);
    if let Err(e) = scanned {
        ck.diags.push(table_syntax_error(text, t.body.span, e));
        return None;
    }
    if errors > MAX_TABLE_ERRORS {
        ck.diags.error(
            t.span,
            format!(
                "{} more errors in this table are not shown",
                errors - MAX_TABLE_ERRORS
            ),
        );
    }
    if errors > 0 {
        return None;
    }
    let kind = match t.kind {
        ast::TableKind::Allow => TableKind::Allow,
        ast::TableKind::Forbid => TableKind::Forbid,
    };
    Some(Table {
        kind,
        columns,
        cells,
        alts,
    })
}

fn bool_map() -> FxHashMap<&'static str, u32> {
    FxHashMap::from_iter([("false", 0), ("true", 1)])
}
