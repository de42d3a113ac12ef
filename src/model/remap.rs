//! One catalog version's rules re-targeted onto another version with the same components,
//! features, values and attributes (matched by path, renames applied): how `tailor diff`
//! counts the configurations both versions allow. Where the two differ in what exists, there
//! is no such mapping (`None`), rather than a guess at what a missing name would mean.

use super::{
    AttrId, BoolExpr, ColumnKind, CompId, Constraint, ConstraintBody, FeatId, FeatureKind, LinExpr,
    Model, NumTerm, Ref, Table, TableCell, Target,
};

/// Where each of the old version's ids stands in the new one.
pub struct Remap {
    comp: Vec<CompId>,
    feat: Vec<FeatId>,
    /// Per old feature: old value index → new value index.
    value: Vec<Vec<u32>>,
    attr: Vec<AttrId>,
}

impl Remap {
    /// The mapping from `old` to `new`, where `new_path_of(old path)` gives the path a thing
    /// has in `new` (`comp.feature`, `comp.feature=value`); None unless both have exactly the
    /// same things (ints with the same ranges).
    pub fn between(
        old: &Model,
        new: &Model,
        new_path_of: &dyn Fn(&str) -> String,
    ) -> Option<Remap> {
        if old.components.len() != new.components.len()
            || old.features.len() != new.features.len()
            || old.attrs.len() != new.attrs.len()
        {
            return None;
        }
        let comp = old
            .components
            .iter()
            .map(|c| {
                if c.parent.is_none() {
                    return Some(CompId(0));
                }
                let p = new_path_of(&c.path);
                let i = new.components.iter().position(|n| n.path == p)?;
                Some(CompId(i as u32))
            })
            .collect::<Option<Vec<_>>>()?;
        let mut feat = Vec::new();
        let mut value = Vec::new();
        for f in &old.features {
            let nf = new.feature_by_path(&new_path_of(&f.path))?;
            let nk = &new.feat(nf).kind;
            let same_kind = match (&f.kind, nk) {
                (FeatureKind::OneOf(a), FeatureKind::OneOf(b)) => a.len() == b.len(),
                (FeatureKind::AnyOf { values: a, .. }, FeatureKind::AnyOf { values: b, .. }) => {
                    a.len() == b.len()
                }
                (FeatureKind::Bool { .. }, FeatureKind::Bool { .. }) => true,
                (
                    FeatureKind::Int { min, max, .. },
                    FeatureKind::Int {
                        min: m2, max: x2, ..
                    },
                ) => min == m2 && max == x2,
                _ => false,
            };
            if !same_kind {
                return None;
            }
            let new_feat_path = &new.feat(nf).path;
            let vals = f
                .kind
                .values()
                .iter()
                .map(|v| {
                    let p = new_path_of(&format!("{}={}", f.path, v.id));
                    let id = p.strip_prefix(&format!("{new_feat_path}="))?;
                    new.feat(nf).value_index(id)
                })
                .collect::<Option<Vec<_>>>()?;
            feat.push(nf);
            value.push(vals);
        }
        let attr = old
            .attrs
            .iter()
            .map(|a| {
                new.attrs
                    .iter()
                    .position(|b| b == a)
                    .map(|i| AttrId(i as u32))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Remap {
            comp,
            feat,
            value,
            attr,
        })
    }

    /// `c` with every id moved to the new version's.
    pub fn constraint(&self, c: &Constraint) -> Constraint {
        Constraint {
            id: c.id.clone(),
            message: c.message.clone(),
            body: match &c.body {
                ConstraintBody::Expr(e) => ConstraintBody::Expr(self.bool_expr(e)),
                ConstraintBody::When(a, b) => {
                    ConstraintBody::When(self.bool_expr(a), self.bool_expr(b))
                }
                ConstraintBody::Table(t) => ConstraintBody::Table(self.table(t)),
            },
            for_each: c.for_each.iter().map(|k| self.comp[k.index()]).collect(),
            span: c.span,
        }
    }

    fn target(&self, t: Target) -> Target {
        match t {
            Target::Comp(c) => Target::Comp(self.comp[c.index()]),
            Target::Feat(f) => Target::Feat(self.feat[f.index()]),
            Target::Value(f, v) => {
                Target::Value(self.feat[f.index()], self.value[f.index()][v as usize])
            }
            Target::Attr(f, a) => Target::Attr(self.feat[f.index()], self.attr[a.index()]),
            Target::CompAttr(c, a) => Target::CompAttr(self.comp[c.index()], self.attr[a.index()]),
        }
    }

    fn reference(&self, r: &Ref) -> Ref {
        Ref {
            target: self.target(r.target),
            indices: r
                .indices
                .iter()
                .map(|(c, k)| (self.comp[c.index()], *k))
                .collect(),
        }
    }

    fn bool_expr(&self, e: &BoolExpr) -> BoolExpr {
        match e {
            BoolExpr::Const(b) => BoolExpr::Const(*b),
            BoolExpr::Holds(r) => BoolExpr::Holds(self.reference(r)),
            BoolExpr::Not(x) => BoolExpr::Not(Box::new(self.bool_expr(x))),
            BoolExpr::And(xs) => BoolExpr::And(xs.iter().map(|x| self.bool_expr(x)).collect()),
            BoolExpr::Or(xs) => BoolExpr::Or(xs.iter().map(|x| self.bool_expr(x)).collect()),
            BoolExpr::Implies(a, b) => {
                BoolExpr::Implies(Box::new(self.bool_expr(a)), Box::new(self.bool_expr(b)))
            }
            BoolExpr::Iff(a, b) => {
                BoolExpr::Iff(Box::new(self.bool_expr(a)), Box::new(self.bool_expr(b)))
            }
            BoolExpr::Cmp(c) => {
                let (l, op, r) = &**c;
                BoolExpr::Cmp(Box::new((self.lin(l), *op, self.lin(r))))
            }
        }
    }

    fn lin(&self, l: &LinExpr) -> LinExpr {
        LinExpr {
            terms: l.terms.iter().map(|(k, t)| (*k, self.term(t))).collect(),
            constant: l.constant,
        }
    }

    fn term(&self, t: &NumTerm) -> NumTerm {
        match t {
            NumTerm::Int(r) => NumTerm::Int(self.reference(r)),
            NumTerm::Attr(r) => NumTerm::Attr(self.reference(r)),
            NumTerm::Indicator(r) => NumTerm::Indicator(self.reference(r)),
            NumTerm::Count(r) => NumTerm::Count(self.reference(r)),
            NumTerm::Sum(r) => NumTerm::Sum(self.reference(r)),
            NumTerm::Total(a) => NumTerm::Total(self.attr[a.index()]),
            NumTerm::Price(p) => NumTerm::Price(*p),
            NumTerm::If(c, a, b) => NumTerm::If(
                Box::new(self.bool_expr(c)),
                Box::new(self.lin(a)),
                Box::new(self.lin(b)),
            ),
            NumTerm::Arith(x) => NumTerm::Arith(Box::new((x.0, self.lin(&x.1), self.lin(&x.2)))),
        }
    }

    fn table(&self, t: &Table) -> Table {
        // Value columns hold value indices, which the new version may order differently.
        let code = |col: usize, v: u32| match (t.columns[col].kind, t.columns[col].target.target) {
            (ColumnKind::Values(_), Target::Feat(f)) => self.value[f.index()][v as usize],
            _ => v,
        };
        let n = t.columns.len().max(1);
        let mut alts = Vec::with_capacity(t.alts.len());
        let cells = t
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| match *c {
                TableCell::Any => TableCell::Any,
                TableCell::One(v) => TableCell::One(code(i % n, v)),
                TableCell::Alts { start, len } => {
                    let at = alts.len() as u32;
                    alts.extend(
                        t.alts[start as usize..(start + len) as usize]
                            .iter()
                            .map(|&v| code(i % n, v)),
                    );
                    TableCell::Alts { start: at, len }
                }
            })
            .collect();
        Table {
            kind: t.kind,
            columns: t
                .columns
                .iter()
                .map(|c| super::Column {
                    target: self.reference(&c.target),
                    kind: c.kind,
                })
                .collect(),
            cells,
            alts,
        }
    }
}
