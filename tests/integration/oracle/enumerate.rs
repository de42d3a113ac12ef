//! Brute force: every configuration of a small model, the valid ones, and the answers spec section 5
//! asks for (valid sets, counts, price ranges) under a selection (spec section 4).
//!
//! A configuration is a vector of slots in catalog pre-order: one slot per component instance
//! (`Some(1)` present, `Some(0)` absent) and one per feature instance (`None` when its component
//! instance is absent; otherwise one_of: the value index; any_of: a bit mask of the selected value
//! indices; bool: 0/1; int: the number). Semantics and decisions: see `eval.rs`.

use super::eval::{supported_for_each, Ctx};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use tailor::model::{CompId, FeatId, FeatureKind, Model};

/// The largest configuration space the oracle enumerates (assignments, valid or not).
pub const SPACE_LIMIT: u128 = 1 << 20;

/// One configuration: slot values as laid out by [`Layout`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Config(pub Vec<Option<i64>>);

/// `(min_once, max_once, min_monthly, max_monthly)`: before discounts and surcharges from
/// [`Oracle::price_range`], after them from [`Oracle::adjusted_price_range`].
pub type PriceRange = (Decimal, Decimal, Decimal, Decimal);

/// How a component instance's presence follows from its parent's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Root,
    /// Present iff the parent (slot) is.
    Mandatory {
        parent: usize,
    },
    /// Free when the parent is present, else absent.
    Optional {
        parent: usize,
    },
    /// Instance `k` of a multi-instance component: absent when the parent is; present when
    /// `k <= min`; otherwise free if instance k-1 (`prev`) is present, else absent.
    Instance {
        parent: usize,
        k: u32,
        min: u32,
        prev: Option<usize>,
    },
}

#[derive(Debug, Clone)]
pub enum Slot {
    Comp {
        comp: CompId,
        /// One index per multi-instance scope of `comp` (outermost first).
        idx: Vec<u32>,
        presence: Presence,
        path: String,
    },
    Feat {
        feat: FeatId,
        idx: Vec<u32>,
        comp_slot: usize,
        path: String,
    },
}

/// A variable as `configure --json` names it (cli.md).
#[derive(Debug, Clone)]
pub struct Variable {
    /// `internet`, `internet.speed`, `mobile.line`, `mobile.line[2].plan`.
    pub path: String,
    pub kind: VariableKind,
}

#[derive(Debug, Clone)]
pub enum VariableKind {
    /// An optional single component instance: "true"/"false".
    Component { slot: usize },
    /// The number of present instances of a multi-instance component under one parent instance
    /// (slot `parent`); no value while that parent instance is absent.
    Instances {
        comp: CompId,
        outer: Vec<u32>,
        parent: usize,
    },
    /// A feature instance: its value(s) when present.
    Feature { slot: usize, feat: FeatId },
}

/// Where every component and feature instance sits in a configuration.
#[derive(Debug, Clone)]
pub struct Layout {
    pub slots: Vec<Slot>,
    /// Per component: the multi-instance components above and including it, with their max.
    scopes: Vec<Vec<(CompId, u32)>>,
    /// Per component / feature: slot of each instance, by mixed-radix index over its scopes.
    comp_index: Vec<Vec<usize>>,
    feat_index: Vec<Vec<usize>>,
    /// Per feature: the raw values it can take when present.
    domains: Vec<Vec<i64>>,
    pub variables: Vec<Variable>,
}

impl Layout {
    pub fn new(model: &Model) -> Layout {
        let scopes: Vec<Vec<(CompId, u32)>> = (0..model.components.len())
            .map(|i| {
                model
                    .instance_scopes(CompId(i as u32))
                    .into_iter()
                    .map(|s| (s, model.comp(s).instances.expect("multi").1))
                    .collect()
            })
            .collect();
        let width = |sc: &[(CompId, u32)]| sc.iter().map(|s| s.1 as usize).product::<usize>();
        let comp_index = scopes
            .iter()
            .map(|sc| vec![usize::MAX; width(sc)])
            .collect();
        let feat_index = model
            .features
            .iter()
            .map(|f| vec![usize::MAX; width(&scopes[f.comp.index()])])
            .collect();
        let domains = model.features.iter().map(|f| domain(&f.kind)).collect();
        let mut l = Layout {
            slots: Vec::new(),
            scopes,
            comp_index,
            feat_index,
            domains,
            variables: Vec::new(),
        };
        l.build(model, CompId(0), Vec::new(), Presence::Root, String::new());
        l
    }

    fn build(
        &mut self,
        model: &Model,
        c: CompId,
        idx: Vec<u32>,
        presence: Presence,
        path: String,
    ) -> usize {
        let slot = self.slots.len();
        let flat = self.flat(c, &idx);
        self.comp_index[c.index()][flat] = slot;
        let comp = model.comp(c);
        if comp.optional && c.0 != 0 {
            self.variables.push(Variable {
                path: path.clone(),
                kind: VariableKind::Component { slot },
            });
        }
        self.slots.push(Slot::Comp {
            comp: c,
            idx: idx.clone(),
            presence,
            path: path.clone(),
        });
        let prefix = if path.is_empty() {
            String::new()
        } else {
            format!("{path}.")
        };
        for &f in &comp.features {
            let s = self.slots.len();
            self.feat_index[f.index()][flat] = s;
            let fpath = format!("{prefix}{}", model.feat(f).key);
            self.variables.push(Variable {
                path: fpath.clone(),
                kind: VariableKind::Feature { slot: s, feat: f },
            });
            self.slots.push(Slot::Feat {
                feat: f,
                idx: idx.clone(),
                comp_slot: slot,
                path: fpath,
            });
        }
        for &d in &comp.children {
            let child = model.comp(d);
            let dpath = format!("{prefix}{}", child.key);
            match child.instances {
                Some((min, max)) => {
                    self.variables.push(Variable {
                        path: dpath.clone(),
                        kind: VariableKind::Instances {
                            comp: d,
                            outer: idx.clone(),
                            parent: slot,
                        },
                    });
                    let mut prev = None;
                    for k in 1..=max {
                        let mut i2 = idx.clone();
                        i2.push(k);
                        let p = Presence::Instance {
                            parent: slot,
                            k,
                            min,
                            prev,
                        };
                        prev = Some(self.build(model, d, i2, p, format!("{dpath}[{k}]")));
                    }
                }
                None => {
                    let p = if child.optional {
                        Presence::Optional { parent: slot }
                    } else {
                        Presence::Mandatory { parent: slot }
                    };
                    self.build(model, d, idx.clone(), p, dpath);
                }
            }
        }
        slot
    }

    /// The multi-instance components above and including `c`, outermost first, with their max.
    pub fn scopes(&self, c: CompId) -> &[(CompId, u32)] {
        &self.scopes[c.index()]
    }

    fn flat(&self, c: CompId, idx: &[u32]) -> usize {
        let sc = &self.scopes[c.index()];
        assert_eq!(
            sc.len(),
            idx.len(),
            "oracle: instance indices {idx:?} do not fit the scopes of component #{}",
            c.0
        );
        let mut n = 0usize;
        for (&(_, max), &k) in sc.iter().zip(idx) {
            assert!(
                k >= 1 && k <= max,
                "oracle: instance [{k}] out of 1..={max}"
            );
            n = n * max as usize + (k - 1) as usize;
        }
        n
    }

    pub fn comp_slot(&self, c: CompId, idx: &[u32]) -> usize {
        self.comp_index[c.index()][self.flat(c, idx)]
    }

    pub fn feat_slot(&self, f: FeatId, comp: CompId, idx: &[u32]) -> usize {
        self.feat_index[f.index()][self.flat(comp, idx)]
    }

    /// Calls `f` with every configuration (valid or not), in a fixed order.
    pub fn for_each_config(&self, f: &mut dyn FnMut(&[Option<i64>])) {
        let mut cur = vec![None; self.slots.len()];
        self.rec(0, &mut cur, f);
    }

    fn rec(&self, i: usize, cur: &mut Vec<Option<i64>>, f: &mut dyn FnMut(&[Option<i64>])) {
        if i == self.slots.len() {
            f(cur);
            return;
        }
        match &self.slots[i] {
            Slot::Comp { presence, .. } => {
                let on = |s: usize, cur: &Vec<Option<i64>>| cur[s] == Some(1);
                let opts: &[i64] = match *presence {
                    Presence::Root => &[1],
                    Presence::Mandatory { parent } => {
                        if on(parent, cur) {
                            &[1]
                        } else {
                            &[0]
                        }
                    }
                    Presence::Optional { parent } => {
                        if on(parent, cur) {
                            &[0, 1]
                        } else {
                            &[0]
                        }
                    }
                    Presence::Instance {
                        parent,
                        k,
                        min,
                        prev,
                    } => {
                        if !on(parent, cur) {
                            &[0]
                        } else if k <= min {
                            &[1]
                        } else if prev.is_some_and(|p| !on(p, cur)) {
                            &[0]
                        } else {
                            &[0, 1]
                        }
                    }
                };
                for &o in opts {
                    cur[i] = Some(o);
                    self.rec(i + 1, cur, f);
                }
            }
            Slot::Feat {
                feat, comp_slot, ..
            } => {
                if cur[*comp_slot] == Some(1) {
                    for &v in &self.domains[feat.index()] {
                        cur[i] = Some(v);
                        self.rec(i + 1, cur, f);
                    }
                } else {
                    cur[i] = None;
                    self.rec(i + 1, cur, f);
                }
            }
        }
    }

    /// The values a variable has in a configuration, as cli.md writes them (none when absent).
    pub fn values_of(&self, model: &Model, v: &Variable, cfg: &[Option<i64>]) -> Vec<String> {
        match &v.kind {
            VariableKind::Component { slot } => vec![(cfg[*slot] == Some(1)).to_string()],
            VariableKind::Instances {
                comp,
                outer,
                parent,
            } => {
                if cfg[*parent] != Some(1) {
                    return Vec::new();
                }
                vec![self.instance_count(model, *comp, outer, cfg).to_string()]
            }
            VariableKind::Feature { slot, feat } => {
                let Some(x) = cfg[*slot] else {
                    return Vec::new();
                };
                match &model.feat(*feat).kind {
                    FeatureKind::OneOf(vs) => vec![vs[x as usize].id.clone()],
                    FeatureKind::AnyOf { values, .. } => values
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| (x >> i) & 1 == 1)
                        .map(|(_, v)| v.id.clone())
                        .collect(),
                    FeatureKind::Bool { .. } => vec![(x == 1).to_string()],
                    FeatureKind::Int { .. } => vec![x.to_string()],
                }
            }
        }
    }

    /// Present instances of multi-instance `comp` under the parent instance `outer`.
    pub fn instance_count(
        &self,
        model: &Model,
        comp: CompId,
        outer: &[u32],
        cfg: &[Option<i64>],
    ) -> u32 {
        let max = model.comp(comp).instances.expect("multi").1;
        let mut idx = outer.to_vec();
        idx.push(0);
        (1..=max)
            .filter(|&k| {
                *idx.last_mut().unwrap() = k;
                cfg[self.comp_slot(comp, &idx)] == Some(1)
            })
            .count() as u32
    }
}

/// Raw values a feature can take when present.
fn domain(k: &FeatureKind) -> Vec<i64> {
    match k {
        FeatureKind::OneOf(vs) => (0..vs.len() as i64).collect(),
        FeatureKind::AnyOf { values, min, max } => (0..1i64 << values.len())
            .filter(|m| (*min..=*max).contains(&m.count_ones()))
            .collect(),
        FeatureKind::Bool { .. } => vec![0, 1],
        FeatureKind::Int { min, max, .. } => (*min..=*max).collect(),
    }
}

/// The number of configurations (valid or not), saturating just above [`SPACE_LIMIT`].
pub fn space_size(model: &Model) -> u128 {
    fn present(model: &Model, c: CompId) -> u128 {
        let comp = model.comp(c);
        let mut n: u128 = 1;
        for &f in &comp.features {
            n = cap(n.saturating_mul(dom_size(&model.feat(f).kind)));
        }
        for &d in &comp.children {
            let child = model.comp(d);
            let s = present(model, d);
            let options = match child.instances {
                Some((min, max)) => {
                    let mut total: u128 = 0;
                    let mut pow: u128 = 1;
                    for k in 0..=max {
                        if k >= min {
                            total = cap(total.saturating_add(pow));
                        }
                        pow = cap(pow.saturating_mul(s));
                    }
                    total
                }
                None if child.optional => cap(s.saturating_add(1)),
                None => s,
            };
            n = cap(n.saturating_mul(options));
        }
        n
    }
    fn cap(n: u128) -> u128 {
        n.min(SPACE_LIMIT * 4)
    }
    present(model, CompId(0))
}

fn dom_size(k: &FeatureKind) -> u128 {
    match k {
        FeatureKind::OneOf(vs) => vs.len() as u128,
        FeatureKind::AnyOf { values, min, max } => {
            let n = values.len() as u128;
            if n > 100 {
                return u128::MAX;
            }
            (*min as u128..=*max as u128)
                .map(|k| binom(n, k))
                .fold(0u128, |a, b| a.saturating_add(b))
        }
        FeatureKind::Bool { .. } => 2,
        FeatureKind::Int { min, max, .. } => (*max as i128 - *min as i128 + 1) as u128,
    }
}

fn binom(n: u128, k: u128) -> u128 {
    let mut r: u128 = 1;
    for i in 0..k {
        r = r.saturating_mul(n - i) / (i + 1);
    }
    r
}

/// The oracle for one model: its layout and every valid configuration, enumerated once.
pub struct Oracle<'m> {
    pub model: &'m Model,
    pub layout: Layout,
    pub valid: Vec<Config>,
    /// How many configurations were enumerated (valid or not).
    pub space: u64,
}

impl<'m> Oracle<'m> {
    /// None when the space exceeds [`SPACE_LIMIT`] or a rule quantifies in a way the oracle does not
    /// support (see `eval.rs`).
    pub fn new(model: &'m Model) -> Option<Oracle<'m>> {
        if space_size(model) > SPACE_LIMIT {
            return None;
        }
        let layout = Layout::new(model);
        if !model
            .constraints
            .iter()
            .all(|c| supported_for_each(&layout, c))
        {
            return None;
        }
        let mut valid = Vec::new();
        let mut space = 0u64;
        layout.for_each_config(&mut |cfg| {
            space += 1;
            let ctx = Ctx::new(model, &layout, cfg);
            if model.constraints.iter().all(|c| ctx.constraint_holds(c)) {
                valid.push(Config(cfg.to_vec()));
            }
        });
        Some(Oracle {
            model,
            layout,
            valid,
            space,
        })
    }

    pub fn ctx<'a>(&'a self, cfg: &'a Config) -> Ctx<'a> {
        Ctx::new(self.model, &self.layout, &cfg.0)
    }

    /// Which constraints (ids) a configuration violates; empty for a valid one.
    pub fn violated(&self, cfg: &Config) -> Vec<String> {
        let ctx = self.ctx(cfg);
        self.model
            .constraints
            .iter()
            .filter(|c| !ctx.constraint_holds(c))
            .map(|c| c.id.clone())
            .collect()
    }

    /// The valid configurations consistent with a selection. Panics on a choice it cannot read.
    pub fn matching(&self, selection: &[&str]) -> Vec<&Config> {
        let choices: Vec<Choice> = selection.iter().map(|s| self.parse_choice(s)).collect();
        self.valid
            .iter()
            .filter(|c| choices.iter().all(|ch| self.choice_holds(ch, &c.0)))
            .collect()
    }

    /// Does a raw configuration (valid or not) satisfy every choice of a selection?
    pub fn selects(&self, selection: &[&str], cfg: &[Option<i64>]) -> bool {
        selection
            .iter()
            .all(|s| self.choice_holds(&self.parse_choice(s), cfg))
    }

    /// Which constraints (ids) a raw configuration violates.
    pub fn violated_raw(&self, cfg: &[Option<i64>]) -> Vec<String> {
        let ctx = Ctx::new(self.model, &self.layout, cfg);
        self.model
            .constraints
            .iter()
            .filter(|c| !ctx.constraint_holds(c))
            .map(|c| c.id.clone())
            .collect()
    }

    pub fn count(&self, selection: &[&str]) -> u64 {
        self.matching(selection).len() as u64
    }

    /// For every variable (cli.md paths), the values it has in some valid configuration consistent
    /// with the selection. Every variable is a key, with an empty set when nothing is possible.
    pub fn valid_sets(&self, selection: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
        // Raw values first (any_of: the union of masks), strings at the end.
        let vars = &self.layout.variables;
        let mut raw: Vec<BTreeSet<i64>> = vec![BTreeSet::new(); vars.len()];
        let mut masks: Vec<i64> = vec![0; vars.len()];
        for cfg in self.matching(selection) {
            for (i, v) in vars.iter().enumerate() {
                match &v.kind {
                    VariableKind::Component { slot } => {
                        raw[i].insert(cfg.0[*slot].unwrap_or(0));
                    }
                    VariableKind::Instances {
                        comp,
                        outer,
                        parent,
                    } => {
                        if cfg.0[*parent] != Some(1) {
                            continue;
                        }
                        let n = self.layout.instance_count(self.model, *comp, outer, &cfg.0);
                        raw[i].insert(n as i64);
                    }
                    VariableKind::Feature { slot, feat } => {
                        if let Some(x) = cfg.0[*slot] {
                            match self.model.feat(*feat).kind {
                                FeatureKind::AnyOf { .. } => masks[i] |= x,
                                _ => {
                                    raw[i].insert(x);
                                }
                            }
                        }
                    }
                }
            }
        }
        let mut out = BTreeMap::new();
        for (i, v) in vars.iter().enumerate() {
            let set: BTreeSet<String> = match &v.kind {
                VariableKind::Component { .. } => {
                    raw[i].iter().map(|&x| (x == 1).to_string()).collect()
                }
                VariableKind::Instances { .. } => raw[i].iter().map(|x| x.to_string()).collect(),
                VariableKind::Feature { feat, .. } => match &self.model.feat(*feat).kind {
                    FeatureKind::OneOf(vs) => {
                        raw[i].iter().map(|&x| vs[x as usize].id.clone()).collect()
                    }
                    FeatureKind::AnyOf { values, .. } => values
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| (masks[i] >> j) & 1 == 1)
                        .map(|(_, x)| x.id.clone())
                        .collect(),
                    FeatureKind::Bool { .. } => {
                        raw[i].iter().map(|&x| (x == 1).to_string()).collect()
                    }
                    FeatureKind::Int { .. } => raw[i].iter().map(|x| x.to_string()).collect(),
                },
            };
            out.insert(v.path.clone(), set);
        }
        out
    }

    /// Price range over the valid configurations consistent with the selection; None when there
    /// is none.
    pub fn price_range(&self, selection: &[&str]) -> Option<PriceRange> {
        let mut r: Option<PriceRange> = None;
        for cfg in self.matching(selection) {
            let (o, m) = self.price(cfg);
            r = Some(match r {
                None => (o, o, m, m),
                Some((a, b, c, d)) => (a.min(o), b.max(o), c.min(m), d.max(m)),
            });
        }
        r
    }

    /// `(once, monthly)` of a configuration, before adjustments.
    pub fn price(&self, cfg: &Config) -> (Decimal, Decimal) {
        self.ctx(cfg).price()
    }

    /// `(once, monthly)` as a quote of the configuration says (see `eval.rs`).
    pub fn quoted_price(&self, cfg: &Config) -> (Decimal, Decimal) {
        self.ctx(cfg).quoted_price()
    }

    /// The configurations a quote may price: among those of the selection, the cheapest in
    /// `once`, then in `monthly` (after adjustments, exact).
    pub fn cheapest(&self, selection: &[&str]) -> Vec<&Config> {
        let all = self.matching(selection);
        let Some(best) = all.iter().map(|c| self.adjusted_price(c)).min() else {
            return Vec::new();
        };
        all.into_iter()
            .filter(|c| self.adjusted_price(c) == best)
            .collect()
    }

    /// `(once, monthly)` of a configuration after discounts and surcharges (see `eval.rs`).
    pub fn adjusted_price(&self, cfg: &Config) -> (Decimal, Decimal) {
        self.ctx(cfg).adjusted_price()
    }

    /// Price range after discounts and surcharges over the valid configurations consistent with
    /// the selection (exact, not rounded); None when there is none.
    pub fn adjusted_price_range(&self, selection: &[&str]) -> Option<PriceRange> {
        let mut r: Option<PriceRange> = None;
        for cfg in self.matching(selection) {
            let (o, m) = self.adjusted_price(cfg);
            r = Some(match r {
                None => (o, o, m, m),
                Some((a, b, c, d)) => (a.min(o), b.max(o), c.min(m), d.max(m)),
            });
        }
        r
    }

    /// The least and greatest `once + months × monthly` (adjusted) over the matching configurations.
    pub fn adjusted_term_range(
        &self,
        selection: &[&str],
        months: u32,
    ) -> Option<(rust_decimal::Decimal, rust_decimal::Decimal)> {
        let k = rust_decimal::Decimal::from(months);
        let mut r: Option<(rust_decimal::Decimal, rust_decimal::Decimal)> = None;
        for cfg in self.matching(selection) {
            let (o, m) = self.adjusted_price(cfg);
            let t = o + m * k;
            r = Some(match r {
                None => (t, t),
                Some((a, b)) => (a.min(t), b.max(t)),
            });
        }
        r
    }

    /// A configuration as variable path -> value (any_of: selected ids joined by `,`); variables
    /// without a value (absent features) are left out.
    pub fn describe(&self, cfg: &Config) -> BTreeMap<String, String> {
        self.layout
            .variables
            .iter()
            .filter_map(|v| {
                let vals = self.layout.values_of(self.model, v, &cfg.0);
                let any_of = matches!(&v.kind, VariableKind::Feature { feat, .. }
                    if matches!(self.model.feat(*feat).kind, FeatureKind::AnyOf { .. }));
                let absent = match &v.kind {
                    VariableKind::Feature { slot, .. } => cfg.0[*slot].is_none(),
                    VariableKind::Instances { parent, .. } => cfg.0[*parent] != Some(1),
                    VariableKind::Component { .. } => false,
                };
                if absent {
                    None
                } else if any_of {
                    Some((v.path.clone(), vals.join(",")))
                } else {
                    Some((v.path.clone(), vals.into_iter().next().unwrap_or_default()))
                }
            })
            .collect()
    }

    /// Every single choice (spec section 4 syntax) on every variable: what a random selection can be
    /// drawn from.
    pub fn all_choices(&self) -> Vec<String> {
        let mut out = Vec::new();
        for v in &self.layout.variables {
            let p = &v.path;
            match &v.kind {
                VariableKind::Component { .. } => {
                    out.push(p.clone());
                    out.push(format!("!{p}"));
                }
                VariableKind::Instances { comp, .. } => {
                    let (min, max) = self.model.comp(*comp).instances.expect("multi");
                    out.extend((min..=max).map(|n| format!("{p}={n}")));
                    out.extend((min..=max).map(|n| format!("{p}!={n}")));
                }
                VariableKind::Feature { feat, .. } => match &self.model.feat(*feat).kind {
                    FeatureKind::OneOf(vs) => {
                        for x in vs {
                            out.push(format!("{p}={}", x.id));
                            out.push(format!("{p}!={}", x.id));
                        }
                    }
                    FeatureKind::AnyOf { values, .. } => {
                        for x in values {
                            out.push(format!("{p}+={}", x.id));
                            out.push(format!("{p}-={}", x.id));
                        }
                    }
                    FeatureKind::Bool { .. } => {
                        out.push(format!("{p}=true"));
                        out.push(format!("{p}=false"));
                        out.push(format!("{p}!=true"));
                        out.push(format!("{p}!=false"));
                        out.push(p.clone());
                        out.push(format!("!{p}"));
                    }
                    FeatureKind::Int { min, max, .. } => {
                        out.extend((*min..=*max).map(|n| format!("{p}={n}")));
                        out.extend((*min..=*max).map(|n| format!("{p}!={n}")));
                    }
                },
            }
        }
        out
    }

    // ---- selections --------------------------------------------------------------------------

    fn parse_choice(&self, text: &str) -> Choice {
        let text = text.trim();
        let fail = |why: &str| -> ! { panic!("oracle: cannot read the choice `{text}`: {why}") };
        let (path, op, value) = if let Some((p, v)) = text.split_once("+=") {
            (p, Op::Add, Some(v))
        } else if let Some((p, v)) = text.split_once("-=") {
            (p, Op::Remove, Some(v))
        } else if let Some((p, v)) = text.split_once("!=") {
            (p, Op::Ne, Some(v))
        } else if let Some((p, v)) = text.split_once('=') {
            (p, Op::Eq, Some(v))
        } else if let Some(p) = text.strip_prefix('!') {
            (p, Op::Exclude, None)
        } else {
            (text, Op::Include, None)
        };
        let (path, value) = (path.trim(), value.map(str::trim));
        let target = self.parse_path(path).unwrap_or_else(|e| fail(&e));
        let truth = |v: Option<&str>| match v {
            Some("true") => true,
            Some("false") => false,
            _ => fail("expected true or false"),
        };
        match target {
            PathTarget::Comp {
                comp,
                idx,
                unindexed_multi: true,
            } => {
                let n = |v: Option<&str>| {
                    v.and_then(|v| v.parse::<u32>().ok())
                        .unwrap_or_else(|| fail("expected a number of instances"))
                };
                // `c` / `!c`: some instance / no instance present. `c=n` needs the count to have
                // a value (the parent present); `c!=n` is its negation.
                let (eq, n, valued) = match op {
                    Op::Include => (false, 0, false),
                    Op::Exclude => (true, 0, false),
                    Op::Eq => (true, n(value), true),
                    Op::Ne => (false, n(value), true),
                    _ => fail("`+=`/`-=` apply to any_of features"),
                };
                let parent = self
                    .model
                    .comp(comp)
                    .parent
                    .expect("a multi-instance component has a parent");
                Choice::Instances {
                    comp,
                    parent: self.layout.comp_slot(parent, &idx),
                    outer: idx,
                    n,
                    eq,
                    valued,
                }
            }
            PathTarget::Comp { comp, idx, .. } => {
                let want = match op {
                    Op::Include => true,
                    Op::Exclude => false,
                    Op::Eq => truth(value),
                    Op::Ne => !truth(value),
                    _ => fail("`+=`/`-=` apply to any_of features"),
                };
                Choice::Present {
                    slot: self.layout.comp_slot(comp, &idx),
                    want,
                }
            }
            PathTarget::Feat { feat, idx } => {
                let f = self.model.feat(feat);
                let slot = self.layout.feat_slot(feat, f.comp, &idx);
                let value_index = |v: Option<&str>| {
                    v.and_then(|v| f.value_index(v))
                        .unwrap_or_else(|| fail("not a value of the feature"))
                };
                match (&f.kind, op) {
                    (FeatureKind::OneOf(_), Op::Eq | Op::Ne) => Choice::Value {
                        slot,
                        val: value_index(value) as i64,
                        eq: op == Op::Eq,
                    },
                    (FeatureKind::AnyOf { .. }, Op::Add | Op::Remove) => Choice::Member {
                        slot,
                        bit: value_index(value),
                        want: op == Op::Add,
                    },
                    // `x` / `!x` on a bool feature: `x=true` / `x=false`.
                    (FeatureKind::Bool { .. }, Op::Include | Op::Exclude) => Choice::Value {
                        slot,
                        val: (op == Op::Include) as i64,
                        eq: true,
                    },
                    (FeatureKind::Bool { .. }, Op::Eq | Op::Ne) => Choice::Value {
                        slot,
                        val: truth(value) as i64,
                        eq: op == Op::Eq,
                    },
                    (FeatureKind::Int { .. }, Op::Eq | Op::Ne) => Choice::Value {
                        slot,
                        val: value
                            .and_then(|v| v.parse::<i64>().ok())
                            .unwrap_or_else(|| fail("expected a whole number")),
                        eq: op == Op::Eq,
                    },
                    _ => fail("this operator does not apply to this kind of feature"),
                }
            }
        }
    }

    /// `a.b[2].c` to what it names; every multi-instance component on the way to a feature (or to a
    /// component inside one) must carry an index.
    fn parse_path(&self, path: &str) -> Result<PathTarget, String> {
        let m = self.model;
        let mut comp = CompId(0);
        let mut idx: Vec<u32> = Vec::new();
        let mut unindexed: Option<CompId> = None;
        let segs: Vec<&str> = path.split('.').collect();
        for (i, seg) in segs.iter().enumerate() {
            if let Some(u) = unindexed {
                return Err(format!("`{}` needs an instance index", m.comp(u).path));
            }
            let (name, k) = match seg.split_once('[') {
                Some((n, rest)) => {
                    let k = rest
                        .strip_suffix(']')
                        .and_then(|x| x.parse::<u32>().ok())
                        .ok_or("bad index")?;
                    (n, Some(k))
                }
                None => (*seg, None),
            };
            let c = m.comp(comp);
            if let Some(&d) = c.children.iter().find(|&&d| m.comp(d).key == name) {
                comp = d;
                match (m.comp(d).instances, k) {
                    (Some((_, max)), Some(k)) if k >= 1 && k <= max => idx.push(k),
                    (Some(_), Some(k)) => return Err(format!("no instance [{k}]")),
                    (Some(_), None) => unindexed = Some(d),
                    (None, Some(_)) => return Err(format!("`{name}` has no instances")),
                    (None, None) => {}
                }
            } else if let Some(&f) = c.features.iter().find(|&&f| m.feat(f).key == name) {
                if k.is_some() || i + 1 != segs.len() {
                    return Err(format!("`{name}` is a feature: nothing may follow it"));
                }
                return Ok(PathTarget::Feat { feat: f, idx });
            } else {
                return Err(format!("`{name}` names nothing here"));
            }
        }
        if comp.0 == 0 {
            return Err("empty path".into());
        }
        Ok(PathTarget::Comp {
            comp,
            idx,
            unindexed_multi: unindexed.is_some(),
        })
    }

    fn choice_holds(&self, ch: &Choice, cfg: &[Option<i64>]) -> bool {
        match ch {
            Choice::Present { slot, want } => (cfg[*slot] == Some(1)) == *want,
            Choice::Instances {
                comp,
                outer,
                n,
                eq,
                parent,
                valued,
            } => {
                let valued_ok = !*valued || cfg[*parent] == Some(1);
                let c = self.layout.instance_count(self.model, *comp, outer, cfg);
                (valued_ok && c == *n) == *eq
            }
            Choice::Value { slot, val, eq } => (cfg[*slot] == Some(*val)) == *eq,
            Choice::Member { slot, bit, want } => {
                cfg[*slot].is_some_and(|v| (v >> bit) & 1 == 1) == *want
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Include,
    Exclude,
    Eq,
    Ne,
    Add,
    Remove,
}

enum PathTarget {
    /// A component instance; with `unindexed_multi`, a multi-instance component named without an
    /// index and `idx` holds only its parent's indices.
    Comp {
        comp: CompId,
        idx: Vec<u32>,
        unindexed_multi: bool,
    },
    Feat {
        feat: FeatId,
        idx: Vec<u32>,
    },
}

/// One parsed choice; a configuration is consistent with it when it holds.
enum Choice {
    Present {
        slot: usize,
        want: bool,
    },
    /// "count == n" (eq) or its negation; with `valued`, "count == n" also needs the parent
    /// instance (slot `parent`) present.
    Instances {
        comp: CompId,
        outer: Vec<u32>,
        parent: usize,
        n: u32,
        eq: bool,
        valued: bool,
    },
    /// eq: the feature has the value `val`; !eq: the negation (also true when absent).
    Value {
        slot: usize,
        val: i64,
        eq: bool,
    },
    /// want: value `bit` is selected; !want: the negation (also true when absent).
    Member {
        slot: usize,
        bit: u32,
        want: bool,
    },
}

// ---- the free functions the brief names --------------------------------------------------------

/// Every valid configuration; None when the space exceeds [`SPACE_LIMIT`] (or is unsupported).
pub fn valid_configurations(model: &Model) -> Option<Vec<Config>> {
    Oracle::new(model).map(|o| o.valid)
}

/// The number of valid configurations consistent with the selection.
pub fn count(model: &Model, selection: &[&str]) -> Option<u64> {
    Oracle::new(model).map(|o| o.count(selection))
}

/// Per variable path, the values that occur in some valid configuration consistent with the selection.
pub fn valid_sets(model: &Model, selection: &[&str]) -> Option<BTreeMap<String, BTreeSet<String>>> {
    Oracle::new(model).map(|o| o.valid_sets(selection))
}

/// Outer None: too big; inner None: no valid configuration is consistent with the selection.
pub fn price_range(model: &Model, selection: &[&str]) -> Option<Option<PriceRange>> {
    Oracle::new(model).map(|o| o.price_range(selection))
}

/// As [`price_range`], after discounts and surcharges.
pub fn adjusted_price_range(model: &Model, selection: &[&str]) -> Option<Option<PriceRange>> {
    Oracle::new(model).map(|o| o.adjusted_price_range(selection))
}
