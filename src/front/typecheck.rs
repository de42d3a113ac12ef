//! Type checking of expressions: conditions become `BoolExpr`, arithmetic becomes exact linear sums.

use super::ast::{self, ArithOp, BoolOp, CmpOp, ExprKind, Lit, NumKind};
use super::resolve::{free_scopes, resolve};
use crate::diagnostic::Diagnostics;
use crate::model::{
    BoolExpr, CompId, FeatureKind, LinExpr, Model, NonLinear, NumTerm, Ref, Target,
};
use crate::source::{SourceMap, Span};
use rust_decimal::Decimal;

pub(crate) struct Checker<'a> {
    pub model: &'a Model,
    pub sources: &'a SourceMap,
    pub diags: &'a mut Diagnostics,
    /// Free instance scopes of the references read outside count()/sum(), for the rule being checked.
    pub scopes: Vec<(CompId, Span)>,
    /// Where names were read and what they name, when asked for (the editor's navigation).
    pub refs: Option<Vec<(Span, Target)>>,
    /// Entries that lost a part to a reported YAML mistake (`recover.rs`): a name that does not
    /// resolve under one of them is that mistake again, not a new one.
    pub damaged: Vec<String>,
    /// The component a module of a bundle became (`uses:`), while its rules are checked: their
    /// paths are read from there.
    pub namespace: Option<String>,
}

impl<'a> Checker<'a> {
    /// A rule's id as the whole catalog knows it: inside a module, `module.id`.
    pub fn qualified(&self, id: &str) -> String {
        match &self.namespace {
            Some(ns) => format!("{ns}.{id}"),
            None => id.to_string(),
        }
    }

    /// `p` as seen from the catalog's root: inside a module, under the module's component.
    pub fn rooted<'p>(&self, p: &'p ast::Path) -> std::borrow::Cow<'p, ast::Path> {
        match &self.namespace {
            None => std::borrow::Cow::Borrowed(p),
            Some(ns) => {
                let at = Span::new(p.span.file, p.span.start, p.span.start);
                let mut segs = vec![ast::Seg::Name(ast::Ident {
                    name: ns.clone(),
                    span: at,
                })];
                segs.extend(p.segs.iter().cloned());
                std::borrow::Cow::Owned(ast::Path { segs, span: p.span })
            }
        }
    }

    /// Is `path` (instance indices ignored) a damaged entry or inside one?
    fn under_damaged(&self, path: &str) -> bool {
        let mut plain = String::with_capacity(path.len());
        let mut depth = 0;
        for c in path.chars() {
            match c {
                '[' => depth += 1,
                ']' => depth -= 1,
                c if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        self.damaged
            .iter()
            .any(|d| plain == *d || plain.starts_with(&format!("{d}.")))
    }

    /// Records that `span` names `t` (when references are being collected).
    pub fn note_ref(&mut self, span: Span, t: Target) {
        if let Some(refs) = &mut self.refs {
            refs.push((span, t));
        }
    }

    pub fn lit_text(&self, l: &Lit) -> String {
        let f = self.sources.file(l.span.file);
        let raw = &f.text[l.span.start..l.span.end];
        match l.kind {
            ast::LitKind::Str => super::pairs::unescape(&raw[1..raw.len() - 1]),
            _ => raw.to_string(),
        }
    }

    pub fn resolve(&mut self, p: &ast::Path) -> Option<Ref> {
        let p = &*self.rooted(p);
        match resolve(self.model, p) {
            Ok(r) => {
                if let Some(refs) = &mut self.refs {
                    refs.extend(super::resolve::named_steps(self.model, p));
                }
                Some(r)
            }
            Err(d) => {
                if !self.under_damaged(&p.display()) {
                    self.diags.push(d);
                }
                None
            }
        }
    }

    /// Resolves a path read directly (not under count/sum) and records its free instance scopes.
    fn resolve_direct(&mut self, p: &ast::Path) -> Option<Ref> {
        let r = self.resolve(p)?;
        for s in free_scopes(self.model, &r) {
            self.scopes.push((s, p.span));
        }
        Some(r)
    }

    fn kind_of(&self, r: &Ref) -> Option<&'a FeatureKind> {
        match r.target {
            Target::Feat(f) => Some(&self.model.feat(f).kind),
            _ => None,
        }
    }

    pub fn bool_expr(&mut self, e: &ast::Expr) -> Option<BoolExpr> {
        match &e.kind {
            ExprKind::Bool(b) => Some(BoolExpr::Const(*b)),
            ExprKind::Path(p) => {
                let r = self.resolve_direct(p)?;
                self.condition(r, p)
            }
            ExprKind::Not(a) => Some(BoolExpr::Not(Box::new(self.bool_expr(a)?))),
            ExprKind::Chain(op, items) => {
                // Every operand is checked (all their errors reported) before giving up.
                let items: Vec<Option<BoolExpr>> =
                    items.iter().map(|i| self.bool_expr(i)).collect();
                let items = items.into_iter().collect::<Option<Vec<_>>>()?;
                Some(match op {
                    BoolOp::Or => BoolExpr::Or(items),
                    _ => BoolExpr::And(items),
                })
            }
            ExprKind::Binary(op, a, b) => {
                let (a, b) = (self.bool_expr(a), self.bool_expr(b));
                let (a, b) = (a?, b?);
                Some(match op {
                    BoolOp::And => BoolExpr::And(vec![a, b]),
                    BoolOp::Or => BoolExpr::Or(vec![a, b]),
                    BoolOp::Implies | BoolOp::Requires => {
                        BoolExpr::Implies(Box::new(a), Box::new(b))
                    }
                    BoolOp::Iff => BoolExpr::Iff(Box::new(a), Box::new(b)),
                    BoolOp::Excludes => BoolExpr::Not(Box::new(BoolExpr::And(vec![a, b]))),
                })
            }
            ExprKind::In(p, lits) => {
                let r = self.resolve_direct(p)?;
                let f = match r.target {
                    Target::Feat(f) if self.model.feat(f).kind.values().len() > 0 => f,
                    _ => {
                        self.diags.error(
                            p.span,
                            format!(
                                "`in` needs a one_of or any_of feature; `{}` is not one",
                                p.display()
                            ),
                        );
                        return None;
                    }
                };
                let mut alts = Vec::new();
                for l in lits {
                    let t = self.lit_text(l);
                    match self.model.feat(f).value_index(&t) {
                        Some(i) => {
                            self.note_ref(l.span, Target::Value(f, i));
                            alts.push(BoolExpr::Holds(Ref {
                                target: Target::Value(f, i),
                                indices: r.indices.clone(),
                            }));
                        }
                        None => self.unknown_value(l.span, &t, f),
                    }
                }
                (alts.len() == lits.len()).then_some(BoolExpr::Or(alts))
            }
            ExprKind::Cmp(l, op, r) => self.comparison(l, *op, r, e.span),
        }
    }

    /// A path used as a condition: components, bool features and values qualify.
    fn condition(&mut self, r: Ref, p: &ast::Path) -> Option<BoolExpr> {
        match r.target {
            Target::Comp(_) | Target::Value(..) => Some(BoolExpr::Holds(r)),
            Target::Feat(f) => match &self.model.feat(f).kind {
                FeatureKind::Bool { .. } => Some(BoolExpr::Holds(r)),
                k => {
                    let hint = match k {
                        FeatureKind::Int { .. } => "compare it with a number (`x >= 2`)",
                        FeatureKind::AnyOf { .. } => {
                            "test one of its values (`x.v`) or use `count(x) > 0`"
                        }
                        _ => "compare it with a value (`x = v`) or test a value (`x.v`)",
                    };
                    self.diags.error(
                        p.span,
                        format!(
                            "`{}` is a {} feature, not a condition: {hint}",
                            p.display(),
                            k.name()
                        ),
                    );
                    None
                }
            },
            Target::Attr(..) | Target::CompAttr(..) => {
                self.diags.error(p.span, format!("`{}` is an attribute (a number), not a condition: compare it, e.g. `{} >= 1`", p.display(), p.display()));
                None
            }
        }
    }

    fn comparison(
        &mut self,
        l: &ast::Num,
        op: CmpOp,
        r: &ast::Num,
        span: Span,
    ) -> Option<BoolExpr> {
        // `feature = value` for one_of / any_of features: the right side names a value, not a path.
        for (a, b) in [(l, r), (r, l)] {
            if let NumKind::Path(p) = &a.kind {
                let Ok(rf) = resolve(self.model, &self.rooted(p)) else {
                    continue;
                };
                let Some(kind @ (FeatureKind::OneOf(_) | FeatureKind::AnyOf { .. })) =
                    self.kind_of(&rf)
                else {
                    continue;
                };
                let rf = self.resolve_direct(p)?;
                let Target::Feat(f) = rf.target else {
                    return None;
                };
                let fname = p.display();
                if kind.name() == "any_of" {
                    self.diags.error(span, format!("`{fname}` is an any_of feature and can hold several values: test one with `{fname}.v`, or use `{fname} in {{..}}`"));
                    return None;
                }
                if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                    self.diags.error(span, format!("one_of `{fname}` can only be compared with = or != (its values are names, not numbers); compare a numeric attribute instead"));
                    return None;
                }
                let value = match &b.kind {
                    NumKind::Path(q) => {
                        let named = q
                            .as_bare_name()
                            .and_then(|id| self.model.feat(f).value_index(&id.name));
                        if let Some(i) = named {
                            if let Some(id) = q.as_bare_name() {
                                self.note_ref(id.span, Target::Value(f, i));
                            }
                            i
                        } else {
                            // Not a value of `f`: another one_of feature, bare or as a path?
                            let other = resolve(self.model, &self.rooted(q)).ok();
                            if matches!(
                                other.and_then(|o| self.kind_of(&o)),
                                Some(FeatureKind::OneOf(_))
                            ) {
                                self.diags.error(span, format!("comparing two one_of features (`{fname}`, `{}`) is not supported: list the allowed pairs in an allow table", q.display()));
                                return None;
                            }
                            match q.as_bare_name() {
                                Some(id) => self.unknown_value(id.span, &id.name, f),
                                None => self.diags.error(b.span, format!("`{fname}` is compared with `{}`, which is not one of its values", q.display())),
                            }
                            return None;
                        }
                    }
                    NumKind::Number(_) | NumKind::Bool(_) => {
                        self.diags.error(span, format!("cannot compare one_of `{fname}` with a number: its values are names ({}); compare a numeric attribute instead", value_list(self.model.feat(f).kind.values())));
                        return None;
                    }
                    _ => {
                        self.diags.error(
                            b.span,
                            format!("one_of `{fname}` can only be compared with one of its values"),
                        );
                        return None;
                    }
                };
                let holds = BoolExpr::Holds(Ref {
                    target: Target::Value(f, value),
                    indices: rf.indices,
                });
                return Some(if op == CmpOp::Eq {
                    holds
                } else {
                    BoolExpr::Not(Box::new(holds))
                });
            }
        }
        // `misspelt.path = value`: report the path, not also the value as an unknown name.
        let unresolved = |n: &ast::Num| matches!(&n.kind, NumKind::Path(p) if resolve(self.model, &self.rooted(p)).is_err());
        let bare = |n: &ast::Num| matches!(&n.kind, NumKind::Path(p) if p.as_bare_name().is_some());
        if unresolved(l) && unresolved(r) && (bare(l) || bare(r)) {
            let culprit = if bare(r) { l } else { r };
            self.num(culprit);
            return None;
        }
        let (a, b) = (self.num(l), self.num(r));
        Some(BoolExpr::Cmp(Box::new((a?, op, b?))))
    }

    fn unknown_value(&mut self, span: Span, text: &str, f: crate::model::FeatId) {
        let feat = self.model.feat(f);
        let ids: Vec<String> = feat.kind.values().iter().map(|v| v.id.clone()).collect();
        if self.under_damaged(&format!("{}.{text}", feat.path)) {
            return;
        }
        let mut msg = format!("`{text}` is not a value of `{}`", feat.path);
        if let Some(now) = super::resolve::renamed_to(self.model, Target::Feat(f), text) {
            msg.push_str(&format!("; it was renamed to `{now}` (`was: {text}`)"));
            self.diags.error(span, msg);
            return;
        }
        match super::resolve::suggest(text, &ids) {
            Some(s) => msg.push_str(&format!("; did you mean `{s}`?")),
            None => msg.push_str(&format!(" (values: {})", value_list(feat.kind.values()))),
        }
        self.diags.error(span, msg);
    }

    pub fn num(&mut self, n: &ast::Num) -> Option<LinExpr> {
        match &n.kind {
            NumKind::Number(d) => Some(LinExpr::constant(*d)),
            NumKind::Bool(b) => Some(LinExpr::constant(if *b {
                Decimal::ONE
            } else {
                Decimal::ZERO
            })),
            NumKind::Path(p) => {
                let r = self.resolve_direct(p)?;
                match r.target {
                    Target::Comp(_) | Target::Value(..) => {
                        Some(LinExpr::term(NumTerm::Indicator(r)))
                    }
                    Target::Attr(f, _)
                        if matches!(self.model.feat(f).kind, FeatureKind::AnyOf { .. }) =>
                    {
                        self.diags.error(p.span, format!("`{}` reads an attribute of an any_of feature, which may hold several values: use `sum({})`", p.display(), p.display()));
                        None
                    }
                    Target::Attr(..) | Target::CompAttr(..) => {
                        Some(LinExpr::term(NumTerm::Attr(r)))
                    }
                    Target::Feat(f) => match &self.model.feat(f).kind {
                        FeatureKind::Int { .. } => Some(LinExpr::term(NumTerm::Int(r))),
                        FeatureKind::Bool { .. } => Some(LinExpr::term(NumTerm::Indicator(r))),
                        FeatureKind::OneOf(vs) => {
                            self.diags.error(p.span, format!("one_of `{}` is not a number: compare it with a value (`{} = {}`) or read a numeric attribute", p.display(), p.display(), vs.first().map(|v| v.id.as_str()).unwrap_or("v")));
                            None
                        }
                        FeatureKind::AnyOf { .. } => {
                            self.diags.error(
                                p.span,
                                format!(
                                    "any_of `{}` is not a number: use `count({})`",
                                    p.display(),
                                    p.display()
                                ),
                            );
                            None
                        }
                    },
                }
            }
            NumKind::Count(p) => {
                let r = self.resolve(p)?;
                let ok = match r.target {
                    Target::Comp(_) | Target::Value(..) => true,
                    Target::Feat(f) => matches!(
                        self.model.feat(f).kind,
                        FeatureKind::AnyOf { .. } | FeatureKind::Bool { .. }
                    ),
                    _ => false,
                };
                if !ok {
                    self.diags.error(p.span, format!("count() takes an any_of feature, a component, or a bool feature or value; `{}` is none of these", p.display()));
                    return None;
                }
                Some(LinExpr::term(NumTerm::Count(r)))
            }
            NumKind::Sum(p) => {
                let r = self.resolve(p)?;
                let ok = match r.target {
                    Target::Attr(..) | Target::CompAttr(..) => true,
                    Target::Feat(f) => matches!(self.model.feat(f).kind, FeatureKind::Int { .. }),
                    _ => false,
                };
                if !ok {
                    self.diags.error(
                        p.span,
                        format!(
                            "sum() takes an attribute or an int feature; `{}` is neither",
                            p.display()
                        ),
                    );
                    return None;
                }
                Some(LinExpr::term(NumTerm::Sum(r)))
            }
            NumKind::Total(a) => match self.model.attrs.iter().position(|x| x == &a.name) {
                Some(i) => Some(LinExpr::term(NumTerm::Total(crate::model::AttrId(
                    i as u32,
                )))),
                None => {
                    let mut msg = format!("unknown attribute `{}` in total()", a.name);
                    match super::resolve::suggest(&a.name, &self.model.attrs) {
                        Some(s) => msg.push_str(&format!("; did you mean `{s}`?")),
                        None if !self.model.attrs.is_empty() => {
                            msg.push_str(&format!(" (attributes: {})", self.model.attrs.join(", ")))
                        }
                        None => msg.push_str(" (the catalog declares no attributes)"),
                    }
                    self.diags.error(a.span, msg);
                    None
                }
            },
            NumKind::Price(p) => Some(LinExpr::term(NumTerm::Price(*p))),
            NumKind::If(c, a, b) => {
                let (c, a, b) = (self.bool_expr(c), self.num(a), self.num(b));
                Some(LinExpr::term(NumTerm::If(
                    Box::new(c?),
                    Box::new(a?),
                    Box::new(b?),
                )))
            }
            NumKind::Neg(a) => Some(self.num(a)?.scale(-Decimal::ONE)),
            NumKind::Chain(first, rest) => {
                // Left to right, without recursion along the chain; every operand is checked.
                let mut acc = self.num(first);
                for (op, item) in rest {
                    let y = self.num(item);
                    let span = Span::new(n.span.file, n.span.start, item.span.end);
                    acc = match (acc, y) {
                        (Some(x), Some(y)) => self.arith(*op, x, y, span),
                        _ => None,
                    };
                }
                acc
            }
        }
    }

    /// `x op y`: sums stay linear under `+`, `-` and multiplication by a constant; a product of
    /// two variable sums, and any quotient or remainder that is not of two constants, becomes one
    /// non-linear term (encoded as a circuit).
    fn arith(&mut self, op: ArithOp, x: LinExpr, y: LinExpr, span: Span) -> Option<LinExpr> {
        let r = match op {
            ArithOp::Add => added(x, y),
            ArithOp::Sub => added(x, y.scale(-Decimal::ONE)),
            ArithOp::Mul if y.is_constant() => scaled(x, y.constant),
            ArithOp::Mul if x.is_constant() => scaled(y, x.constant),
            ArithOp::Mul => Some(arith_term(NonLinear::Mul, x, y)),
            ArithOp::Div | ArithOp::Rem if y.is_constant() && y.constant.is_zero() => {
                self.diags
                    .error(span, "division by zero: the divisor here is always 0");
                return None;
            }
            ArithOp::Div | ArithOp::Rem if x.is_constant() && y.is_constant() => {
                let (q, r) = crate::model::trunc_div(x.constant, y.constant)?;
                Some(LinExpr::constant(if op == ArithOp::Div { q } else { r }))
            }
            ArithOp::Div => Some(arith_term(NonLinear::Div, x, y)),
            ArithOp::Rem => Some(arith_term(NonLinear::Rem, x, y)),
        };
        if r.is_none() {
            self.diags.error(
                span,
                "number too large: this arithmetic leaves the range of exact decimals",
            );
        }
        r
    }
}

fn arith_term(op: NonLinear, x: LinExpr, y: LinExpr) -> LinExpr {
    LinExpr::term(NumTerm::Arith(Box::new((op, x, y))))
}

/// `x + y`, or None when the constant overflows (Decimal's operators would panic).
fn added(x: LinExpr, y: LinExpr) -> Option<LinExpr> {
    x.constant.checked_add(y.constant)?;
    Some(x.add(y))
}

/// `x * k`, or None when a coefficient overflows.
fn scaled(x: LinExpr, k: Decimal) -> Option<LinExpr> {
    let fits = |c: &Decimal| c.checked_mul(k).is_some();
    (fits(&x.constant) && x.terms.iter().all(|(c, _)| fits(c))).then(|| x.scale(k))
}

pub fn value_list(values: &[crate::model::Value]) -> String {
    let ids: Vec<&str> = values.iter().map(|v| v.id.as_str()).collect();
    if ids.len() > 12 {
        format!("{}, ... ({} in all)", ids[..12].join(", "), ids.len())
    } else {
        ids.join(", ")
    }
}
