//! COOM behaviors to tailor statements: one rule per requirement, imply and table, instantiated
//! for every place its structure is used; defaults; refusals for what tailor cannot say.

use super::alike::all_alike;
use super::ast::{Behavior, Cell, CmpOp, Expr, ExprKind, Model, Stmt, StmtKind, Table};
use super::expr::{Cx, Val};
use super::resolve::{leaf_of, resolve, seg};
use super::tree::{LeafKind, NodeCard, Tree};
use crate::diagnostic::Diagnostics;
use crate::source::Span;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The rules text and the defaults (feature path → value text) of a model.
pub struct Statements {
    pub rules: Vec<String>,
}

struct Tr<'a> {
    t: &'a Tree,
    m: &'a Model,
    text: &'a str,
    diags: &'a mut Diagnostics,
    rules: Vec<String>,
    ids: HashMap<String, usize>,
    defaults: HashSet<String>,
}

pub fn translate(t: &Tree, m: &Model, text: &str, diags: &mut Diagnostics) -> Statements {
    let mut tr = Tr {
        t,
        m,
        text,
        diags,
        rules: Vec::new(),
        ids: HashMap::new(),
        defaults: HashSet::new(),
    };
    for b in &m.behaviors {
        tr.behavior(b);
    }
    Statements { rules: tr.rules }
}

impl<'a> Tr<'a> {
    fn behavior(&mut self, b: &Behavior) {
        let contexts = match &b.context {
            None => vec![0],
            Some(name) => {
                let found = self.t.instances_of(&name.text);
                if found.is_empty() {
                    let what = if self.m.enumerations.iter().any(|e| e.name.text == name.text) {
                        format!(
                            "`{}` is an enumeration: a behavior speaks about a structure",
                            name.text
                        )
                    } else if self.m.structures.iter().any(|s| s.name.text == name.text) {
                        self.diags.warning(name.span, format!("structure `{}` is not used in the product: this behavior applies nowhere", name.text));
                        return;
                    } else {
                        format!("unknown structure `{}`", name.text)
                    };
                    self.diags.error(name.span, what);
                    return;
                }
                found
            }
        };
        for ctx in contexts {
            for s in &b.stmts {
                self.stmt(ctx, s, None, &[]);
            }
        }
    }

    fn id_for(&mut self, span: Span) -> String {
        let line = self.text[..span.start.min(self.text.len())]
            .matches('\n')
            .count()
            + 1;
        let base = format!("l{line}");
        let n = self.ids.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}_{n}")
        }
    }

    fn stmt(&mut self, ctx: usize, s: &Stmt, expl: Option<&str>, conds: &[&Expr]) {
        let expl = s.explanation.as_deref().or(expl);
        let mut all: Vec<&Expr> = conds.to_vec();
        all.extend(s.conditions.iter());
        match &s.kind {
            StmtKind::Block(stmts) => {
                for x in stmts {
                    self.stmt(ctx, x, expl, &all);
                }
            }
            StmtKind::Require(e) => self.require(ctx, s.span, expl, &all, e),
            StmtKind::Imply(p, e) => {
                let cmp = Expr {
                    kind: ExprKind::Cmp(
                        Box::new(Expr {
                            kind: ExprKind::Path(p.clone()),
                            span: p.span,
                        }),
                        vec![(CmpOp::Eq, e.clone())],
                    ),
                    span: s.span,
                };
                self.require(ctx, s.span, expl, &all, &cmp)
            }
            StmtKind::Combinations(tab) => self.table(ctx, s.span, expl, &all, tab),
            StmtKind::Default(p, e) => {
                if !all.is_empty() {
                    self.diags.error(s.span, "a conditional `default` is not supported: tailor's defaults hold unconditionally");
                    return;
                }
                self.default(ctx, p, e);
            }
            StmtKind::Optimize { maximize, .. } => {
                let w = if *maximize { "maximize" } else { "minimize" };
                self.diags.warning(s.span, format!("`{w}` is not imported: a tailor catalog has no objective (ask `tailor complete --{w} ...`); valid configurations are unaffected"));
            }
            StmtKind::Unsupported(kw) => {
                self.diags.error(
                    s.span,
                    format!("`{kw}` is not supported by the COOM import"),
                );
            }
        }
    }

    fn cx(&mut self, ctx: usize) -> Cx<'_> {
        Cx {
            t: self.t,
            m: self.m,
            ctx,
            bind: Vec::new(),
            diags: self.diags,
            occs: Vec::new(),
            aggs: Vec::new(),
            guards: BTreeSet::new(),
            lenient: false,
        }
    }

    /// Presence guards of the context (optional components on its way from the root).
    fn ctx_guards(&self, ctx: usize) -> Vec<String> {
        let chain = self.t.chain(ctx);
        let steps: Vec<(usize, Option<u32>)> = chain.iter().map(|&n| (n, None)).collect();
        (0..steps.len())
            .filter(|&i| self.t.nodes[steps[i].0].card == NodeCard::Optional)
            .map(|i| super::resolve::node_path(self.t, &steps[..=i]))
            .collect()
    }

    fn require(&mut self, ctx: usize, span: Span, expl: Option<&str>, conds: &[&Expr], e: &Expr) {
        for bind in self.bindings(ctx, span) {
            self.require_once(ctx, &bind, span, expl, conds, e);
        }
    }

    /// How a statement of `ctx` is written out: once, reading the context's instances through
    /// its paths (or an anchor); or, when the context has nothing to anchor on, once per
    /// instance with the instances named (`crates[2]`).
    fn bindings(&mut self, ctx: usize, span: Span) -> Vec<Vec<(usize, u32)>> {
        let t = self.t;
        let multi: Vec<usize> = t
            .chain(ctx)
            .into_iter()
            .filter(|&n| t.is_multi(n))
            .collect();
        if multi.is_empty() || self.anchor_text(ctx).is_some() {
            return vec![Vec::new()];
        }
        let mut out: Vec<Vec<(usize, u32)>> = vec![Vec::new()];
        for n in multi {
            let NodeCard::Multi(_, max) = t.nodes[n].card else {
                continue;
            };
            if t.nodes[n].open {
                // Written out per instance, it would hold only for the instances unrolled now.
                self.diags.error(span, format!("this statement would be written out once per instance of `{}`, whose number is unbounded (`..*`): tailor writes such statements for each instance only where a path reads them (add a feature of the structure, or bound the cardinality)", t.nodes[n].key));
                return Vec::new();
            }
            out = out
                .into_iter()
                .flat_map(|b| {
                    (1..=max).map(move |k| {
                        let mut b = b.clone();
                        b.push((n, k));
                        b
                    })
                })
                .collect();
            if out.len() > 1000 {
                self.diags.error(
                    span,
                    "this statement would be written out for more than 1000 instances",
                );
                return Vec::new();
            }
        }
        out
    }

    /// Presence of the named instances of a binding.
    fn bound_guard(&self, ctx: usize, bind: &[(usize, u32)]) -> Option<String> {
        let chain = self.t.chain(ctx);
        let last = chain
            .iter()
            .rposition(|n| bind.iter().any(|(b, _)| b == n))?;
        let steps: Vec<(usize, Option<u32>)> = chain[..=last]
            .iter()
            .map(|&n| (n, bind.iter().find(|(b, _)| *b == n).map(|(_, k)| *k)))
            .collect();
        Some(super::resolve::node_path(self.t, &steps))
    }

    fn require_once(
        &mut self,
        ctx: usize,
        bind: &[(usize, u32)],
        span: Span,
        expl: Option<&str>,
        conds: &[&Expr],
        e: &Expr,
    ) {
        let ctx_guards = self.ctx_guards(ctx);
        let bound = self.bound_guard(ctx, bind);
        let mut cx = self.cx(ctx);
        cx.bind = bind.to_vec();
        let mut when = Vec::new();
        for c in conds {
            match cx.cond(c) {
                Some(s) => when.push(s),
                None => return,
            }
        }
        cx.guards.clear();
        let Some(body) = all_alike(&mut cx, e).or_else(|| cx.cond(e)) else {
            return;
        };
        let mut guards: BTreeSet<String> = std::mem::take(&mut cx.guards);
        guards.extend(ctx_guards);
        guards.extend(bound);
        let (occs, aggs) = (std::mem::take(&mut cx.occs), std::mem::take(&mut cx.aggs));
        if !self.check_scopes(ctx, &occs, &aggs) {
            return;
        }
        when.extend(guards);
        if let Some(a) = self.anchor(ctx, bind, &occs, &when) {
            when.push(a);
        }
        let id = self.id_for(span);
        self.emit_rule(&id, expl, &when, &body);
    }

    fn emit_rule(&mut self, id: &str, expl: Option<&str>, when: &[String], body: &str) {
        let msg = expl.map(|x| format!(" {}", quote(x))).unwrap_or_default();
        self.rules.push(if when.is_empty() {
            format!("rule {id}{msg}: {body}")
        } else {
            format!(
                "rule {id}{msg}:\n  when {} require {body}",
                when.join(" and ")
            )
        });
    }

    /// COOM pairs every instance read at one place with every instance read at another; tailor
    /// reads one instance at a time. Refuse where the two differ.
    fn check_scopes(
        &mut self,
        ctx: usize,
        occs: &[(super::resolve::Resolved, Span)],
        aggs: &[(super::resolve::Resolved, Span)],
    ) -> bool {
        let t = self.t;
        let ctx_multi: Vec<usize> = t
            .chain(ctx)
            .into_iter()
            .filter(|&n| t.is_multi(n))
            .collect();
        let mut free: HashMap<usize, Span> = HashMap::new();
        for (r, span) in occs {
            for &(n, idx) in &r.steps {
                if !t.is_multi(n) || idx.is_some() {
                    continue;
                }
                if ctx_multi.contains(&n) {
                    if !r.relative {
                        self.diags.error(*span, format!("this path from `root` reads every instance of `{}`, while the behavior speaks about one of them at a time; tailor cannot tell them apart", t.nodes[n].key));
                        return false;
                    }
                    continue;
                }
                if free.insert(n, *span).is_some() {
                    self.diags.error(*span, format!("`{}` has several instances and is read at two places in this statement: COOM combines every instance with every other, tailor's rules read one instance at a time; name instances (`{}[0]`) or split the statement", t.nodes[n].key, t.nodes[n].key));
                    return false;
                }
            }
        }
        let mut levels: Vec<usize> = ctx_multi.clone();
        levels.extend(free.keys().copied().filter(|n| !ctx_multi.contains(n)));
        levels.sort_by_key(|&n| t.chain(n).len());
        for w in levels.windows(2) {
            if !t.chain(w[1]).contains(&w[0]) {
                let span = free.get(&w[1]).or_else(|| free.get(&w[0])).copied();
                if let Some(span) = span {
                    self.diags.error(span, format!("this statement reads each instance of `{}` and of `{}`, which are not nested: COOM combines them pairwise, which tailor's rules cannot express", t.nodes[w[0]].key, t.nodes[w[1]].key));
                }
                return false;
            }
        }
        for (r, span) in aggs {
            let multi: Vec<usize> = r
                .steps
                .iter()
                .filter(|(n, i)| t.is_multi(*n) && i.is_none())
                .map(|(n, _)| *n)
                .collect();
            let outer = &multi[..multi.len().saturating_sub(1)];
            for n in outer {
                if free.contains_key(n) || (!r.relative && ctx_multi.contains(n)) {
                    self.diags.error(*span, format!("this count/sum ranges over every instance of `{}`, but the statement also reads one instance of it at a time: tailor would count within that instance only", t.nodes[*n].key));
                    return false;
                }
            }
        }
        true
    }

    /// A tautology that reads the context, so that tailor applies the rule to each of its
    /// instances when nothing else in the rule does (count/sum alone, or paths from `root`).
    fn anchor(
        &mut self,
        ctx: usize,
        bind: &[(usize, u32)],
        occs: &[(super::resolve::Resolved, Span)],
        when: &[String],
    ) -> Option<String> {
        let t = self.t;
        if !bind.is_empty() || !t.chain(ctx).iter().any(|&n| t.is_multi(n)) {
            return None;
        }
        if occs.iter().any(|(r, _)| r.relative) {
            return None;
        }
        let ctx_path = super::resolve::node_path(
            t,
            &t.chain(ctx)
                .into_iter()
                .map(|n| (n, None))
                .collect::<Vec<_>>(),
        );
        // A guard below the innermost multi level of the context reads it already.
        if !t.is_multi(ctx) && when.iter().any(|w| w == &ctx_path) {
            return None;
        }
        match self.anchor_text(ctx) {
            Some(a) => Some(a),
            None => {
                let node = &t.nodes[ctx];
                self.diags.error(node.span, format!("a behavior of `{}` that reads only count()/sum() needs a feature or a part of `{}` to apply to each instance; it has neither", node.key, node.key));
                None
            }
        }
    }

    /// A condition that always holds and reads the context (a value of one of its features).
    fn anchor_text(&self, ctx: usize) -> Option<String> {
        let t = self.t;
        let ctx_path = super::resolve::node_path(
            t,
            &t.chain(ctx)
                .into_iter()
                .map(|n| (n, None))
                .collect::<Vec<_>>(),
        );
        let node = &t.nodes[ctx];
        let join = |k: &str| format!("{ctx_path}.{}", seg(k));
        if let Some(l) = node.leaves.first() {
            let p = join(&l.key);
            return Some(match &l.kind {
                LeafKind::Enum(e) => {
                    let o = &self.m.enumerations[*e].options.first()?.name.text;
                    format!("({p} = {} or not {p} = {})", seg(o), seg(o))
                }
                LeafKind::Bool => format!("({p} or not {p})"),
                LeafKind::Int(min, _) => format!("({p} >= {min} or {p} < {min})"),
            });
        }
        // A child component read as a condition ("present", or "at least one instance") ranges
        // over the context's instances too: only the named component itself is not free.
        if let Some(&c) = node.children.first() {
            let p = join(&t.nodes[c].key);
            return Some(format!("({p} or not {p})"));
        }
        None
    }

    fn default(&mut self, ctx: usize, p: &super::ast::Path, e: &Expr) {
        let r = match resolve(self.t, self.m, ctx, &[], p) {
            Ok(r) => r,
            Err(d) => {
                self.diags.push(d);
                return;
            }
        };
        if r.steps.iter().any(|(_, i)| i.is_some()) {
            self.diags.error(p.span, "a default on one named instance is not supported: tailor's defaults apply to every instance");
            return;
        }
        let Some((n, l)) = leaf_of(self.t, &r) else {
            self.diags.error(
                p.span,
                format!(
                    "`{}` is not a feature: defaults are set on features",
                    p.display()
                ),
            );
            return;
        };
        let Some(path) = super::resolve::feature_path(self.t, &r) else {
            return;
        };
        let leaf = &self.t.nodes[n].leaves[l];
        let value = match (&leaf.kind, &e.kind) {
            (LeafKind::Enum(en), ExprKind::Path(q)) if q.items.len() == 1 => {
                let v = &q.items[0].name.text;
                if !self.m.enumerations[*en]
                    .options
                    .iter()
                    .any(|o| &o.name.text == v)
                {
                    self.diags.error(
                        q.span,
                        format!(
                            "`{v}` is not an option of enumeration `{}`",
                            self.m.enumerations[*en].name.text
                        ),
                    );
                    return;
                }
                seg(v)
            }
            (LeafKind::Bool, ExprKind::Path(q))
                if q.items.len() == 1
                    && matches!(
                        q.items[0].name.text.to_ascii_lowercase().as_str(),
                        "true" | "false"
                    ) =>
            {
                q.items[0].name.text.to_ascii_lowercase()
            }
            (LeafKind::Bool, ExprKind::Bool(b)) => b.to_string(),
            (LeafKind::Int(lo, hi), ExprKind::Num(d))
                if d.fract().is_zero() && *d >= (*lo).into() && *d <= (*hi).into() =>
            {
                d.normalize().to_string()
            }
            _ => {
                self.diags.error(
                    e.span,
                    format!("default of `{}`: expected one of its values", p.display()),
                );
                return;
            }
        };
        if !self.defaults.insert(path.clone()) {
            self.diags.warning(e.span, format!("`{}` already has a default: this one is ignored (tailor keeps one default per feature)", p.display()));
            return;
        }
        self.rules.push(format!("default {path} = {value}"));
    }

    fn table(&mut self, ctx: usize, span: Span, expl: Option<&str>, conds: &[&Expr], tab: &Table) {
        for bind in self.bindings(ctx, span) {
            self.table_once(ctx, &bind, span, expl, conds, tab);
        }
    }

    fn table_once(
        &mut self,
        ctx: usize,
        bind: &[(usize, u32)],
        span: Span,
        expl: Option<&str>,
        conds: &[&Expr],
        tab: &Table,
    ) {
        let ctx_guards = self.ctx_guards(ctx);
        let bound = self.bound_guard(ctx, bind);
        let mut cx = self.cx(ctx);
        cx.bind = bind.to_vec();
        cx.lenient = true;
        let mut when = Vec::new();
        for c in conds {
            match cx.cond(c) {
                Some(s) => when.push(s),
                None => return,
            }
        }
        cx.guards.clear();
        let mut cols = Vec::new();
        for c in &tab.columns {
            match cx.val(c) {
                Some(v) => cols.push(v),
                None => return,
            }
        }
        let mut guards: BTreeSet<String> = std::mem::take(&mut cx.guards);
        guards.extend(ctx_guards);
        guards.extend(bound);
        for r in &tab.rows {
            if r.cells.len() != cols.len() {
                cx.diags.error(
                    r.span,
                    format!(
                        "this row has {} entries, the table {} columns",
                        r.cells.len(),
                        cols.len()
                    ),
                );
                return;
            }
        }
        // Plain tables: columns that are features, cells that are values, nothing to guard.
        let plain = when.is_empty()
            && guards.is_empty()
            && cx.occs.iter().all(|(r, _)| r.relative)
            && cols.iter().all(|v| match v {
                Val::Enum { .. } | Val::Flag { .. } | Val::Sym { .. } => true,
                Val::Num(l, Some(_)) => l.single().is_some(),
                _ => false,
            })
            && tab.rows.iter().all(|r| {
                r.cells.iter().all(|c| match c {
                    Cell::Any => true,
                    Cell::Alts(a, _) => a.iter().all(|(op, e)| {
                        op.is_none_or(|o| o == CmpOp::Eq) && cell_const(e).is_some()
                    }),
                })
            });
        let body = if plain {
            table_text(&mut cx, &cols, tab)
        } else {
            expr_table(&mut cx, &cols, tab)
        };
        let (occs, aggs) = (std::mem::take(&mut cx.occs), std::mem::take(&mut cx.aggs));
        let Some(body) = body else { return };
        if !self.check_scopes(ctx, &occs, &aggs) {
            return;
        }
        let id = self.id_for(span);
        match body {
            TableOut::Plain(col_text, allow, forbid) => {
                let msg = expl.map(|x| format!(" {}", quote(x))).unwrap_or_default();
                let has_allow = tab.rows.iter().any(|r| !r.forbid);
                let has_forbid = tab.rows.iter().any(|r| r.forbid);
                if has_allow {
                    self.rules.push(format!(
                        "allow {id}{msg} ({col_text}) {{\n{}}}",
                        rows_text(&allow)
                    ));
                }
                if has_forbid {
                    self.rules.push(format!(
                        "forbid {id}_forbid{msg} ({col_text}) {{\n{}}}",
                        rows_text(&forbid)
                    ));
                }
            }
            TableOut::Expr(body) => {
                when.extend(guards);
                if let Some(a) = self.anchor(ctx, bind, &occs, &when) {
                    when.push(a);
                }
                self.emit_rule(&id, expl, &when, &body);
            }
        }
    }
}

enum TableOut {
    /// Column list, allow rows, forbid rows.
    Plain(String, Vec<Vec<String>>, Vec<Vec<String>>),
    Expr(String),
}

fn rows_text(rows: &[Vec<String>]) -> String {
    rows.iter()
        .map(|r| format!("    ({}),\n", r.join(", ")))
        .collect()
}

/// A cell written as a constant: a name or a number.
fn cell_const(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Path(p) if p.items.len() == 1 && p.items[0].index.is_none() => {
            Some(p.items[0].name.text.clone())
        }
        ExprKind::Num(d) => Some(d.normalize().to_string()),
        ExprKind::Neg(a) => match &a.kind {
            ExprKind::Num(d) => Some((-*d).normalize().to_string()),
            _ => None,
        },
        ExprKind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn table_text(cx: &mut Cx, cols: &[Val], tab: &Table) -> Option<TableOut> {
    let m = cx.m;
    let col_text: Vec<String> = cols
        .iter()
        .map(|v| match v {
            Val::Enum { path, .. } | Val::Flag { path, .. } | Val::Sym { path, .. } => path.clone(),
            Val::Num(l, _) => l.single().unwrap_or_default().to_string(),
            _ => String::new(),
        })
        .collect();
    let unique: HashSet<&String> = col_text.iter().collect();
    if unique.len() != col_text.len() {
        return expr_table(cx, cols, tab);
    }
    let (mut allow, mut forbid) = (Vec::new(), Vec::new());
    'rows: for r in &tab.rows {
        let mut cells = Vec::new();
        for (c, col) in r.cells.iter().zip(cols) {
            let Cell::Alts(alts, cspan) = c else {
                cells.push("*".to_string());
                continue;
            };
            let names: Vec<String> = alts.iter().filter_map(|(_, e)| cell_const(e)).collect();
            let mut keep: Vec<String> = Vec::new();
            let push = |keep: &mut Vec<String>, s: String| {
                if !keep.contains(&s) {
                    keep.push(s)
                }
            };
            match col {
                Val::Enum { e, .. } => {
                    for n in &names {
                        if m.enumerations[*e].options.iter().any(|o| &o.name.text == n) {
                            push(&mut keep, seg(n));
                        } else {
                            cx.diags.warning(*cspan, format!("`{n}` is not an option of enumeration `{}`: it matches nothing", m.enumerations[*e].name.text));
                        }
                    }
                }
                Val::Flag { .. } => {
                    for n in &names {
                        match n.to_ascii_lowercase().as_str() {
                            "true" | "false" => push(&mut keep, n.to_ascii_lowercase()),
                            _ => cx.diags.warning(
                                *cspan,
                                format!("`{n}` is not `True` or `False`: it matches nothing"),
                            ),
                        }
                    }
                }
                Val::Sym { e, attr, .. } => {
                    let all = &m.enumerations[*e].options;
                    let hit: Vec<&str> = all
                        .iter()
                        .filter(|o| {
                            o.values
                                .get(*attr)
                                .is_some_and(|c| names.contains(&super::expr::const_text(c)))
                        })
                        .map(|o| o.name.text.as_str())
                        .collect();
                    if hit.len() == all.len() {
                        cells.push("*".into());
                        continue;
                    }
                    for h in hit {
                        push(&mut keep, seg(h));
                    }
                }
                Val::Num(_, Some(leaf)) => {
                    for n in &names {
                        match n.parse::<i64>() {
                            Ok(k) if k >= leaf.min && k <= leaf.max => {
                                push(&mut keep, k.to_string())
                            }
                            _ => {}
                        }
                    }
                }
                _ => return None,
            }
            match keep.len() {
                0 => continue 'rows,
                1 => cells.push(keep.remove(0)),
                _ => cells.push(format!("({})", keep.join(", "))),
            }
        }
        if r.forbid {
            forbid.push(cells);
        } else {
            allow.push(cells);
        }
    }
    Some(TableOut::Plain(col_text.join(", "), allow, forbid))
}

/// A table as a condition: some allow row matches and no forbid row does.
fn expr_table(cx: &mut Cx, cols: &[Val], tab: &Table) -> Option<TableOut> {
    let (mut allow, mut forbid) = (Vec::new(), Vec::new());
    for r in &tab.rows {
        let mut parts = Vec::new();
        for (c, col) in r.cells.iter().zip(cols) {
            let Cell::Alts(alts, _) = c else { continue };
            let mut any = Vec::new();
            for (op, e) in alts {
                let v = match cell_const(e) {
                    Some(n) if matches!(e.kind, ExprKind::Path(_)) => Val::Name(n, e.span),
                    _ => cx.val(e)?,
                };
                any.push(cx.cmp(col, op.unwrap_or(CmpOp::Eq), &v, e.span)?);
            }
            parts.push(if any.len() == 1 {
                any.remove(0)
            } else {
                format!("({})", any.join(" or "))
            });
        }
        let row = if parts.is_empty() {
            "true".to_string()
        } else {
            format!("({})", parts.join(" and "))
        };
        if r.forbid {
            forbid.push(format!("not {row}"));
        } else {
            allow.push(row);
        }
    }
    let mut body = Vec::new();
    if tab.rows.iter().any(|r| !r.forbid) {
        body.push(format!("({})", allow.join(" or ")));
    }
    body.extend(forbid);
    Some(TableOut::Expr(if body.is_empty() {
        "true".into()
    } else {
        body.join(" and ")
    }))
}

/// A message in the rule language's quotes.
pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
