//! Random small catalogs as YAML text, for checking the engine against the brute-force oracle.
//!
//! A [`GenCatalog`] is plain data drawn by proptest (so failures shrink); names in rules are picks
//! (`u16`) taken modulo the candidates the catalog actually has, so every rule resolves and type
//! checks whatever was drawn. [`GenCatalog::normalise`] keeps at most one multi-instance component
//! and trims features until the configuration space is at most [`BUDGET`] assignments, well within
//! the oracle's limit. Each catalog also gets 0..=2 discounts or surcharges (a percentage or a
//! fixed amount, with or without a period) whose conditions are drawn like rule expressions.

use proptest::collection::vec;
use proptest::prelude::*;
use std::fmt;

/// The most configurations (valid or not) a generated catalog may have.
pub const BUDGET: u128 = 1 << 14;

const ATTRS: [&str; 2] = ["w", "kg"];
const ATTR_VALUES: [&str; 9] = ["0", "1", "2", "3", "5", "-1", "0.5", "2.25", "10"];
const PRICES: [&str; 6] = ["0", "1", "2.50", "5", "9.99", "10"];
const VALUE_IDS: [&str; 3] = ["a", "b", "c"];
const ARITH_OPS: [&str; 3] = ["*", "/", "%"];
const COEFS: [&str; 6] = ["1", "2", "3", "-1", "-2", "0.5"];
const CMP_OPS: [&str; 6] = ["=", "!=", "<", "<=", ">", ">="];
const BIN_OPS: [&str; 8] = ["and", "or", "->", "<->", "requires", "excludes", "&&", "||"];
/// Percentages of discounts and surcharges (a discount may not exceed 100%).
const PERCENTS: [&str; 6] = ["5", "10", "12.5", "25", "50", "100"];
/// Fixed discount and surcharge amounts (EUR: at most 2 decimals).
const AMOUNTS: [&str; 5] = ["0.50", "1", "2.25", "5", "10"];

/// Catalog text whose `Debug` is the text itself, so a failing proptest prints a readable catalog.
#[derive(Clone, PartialEq, Eq)]
pub struct Yaml(pub String);

impl fmt::Debug for Yaml {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "\n--- generated catalog ---\n{}--- end ---\n", self.0)
    }
}

impl fmt::Display for Yaml {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for Yaml {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// Random small catalogs as YAML text.
pub fn catalog_yaml() -> impl Strategy<Value = Yaml> {
    gen_catalog().prop_map(|g| Yaml(g.render()))
}

/// Loads a generated catalog; panics with the diagnostics and the text when the front end rejects it.
pub fn load_generated(yaml: &str) -> tailor::model::Model {
    let loaded = tailor::load::load_str("generated.yaml", yaml, &tailor::front::NoIncludes);
    if loaded.diagnostics.has_errors() || loaded.model.is_none() {
        panic!(
            "the front end rejects a generated catalog:\n{}\n--- catalog ---\n{yaml}--- end ---",
            loaded.sources.render_all(&loaded.diagnostics)
        );
    }
    loaded.model.expect("model")
}

// ---- the drawn data ----------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub struct GenCatalog {
    pub comps: Vec<GenComp>,
    pub rules: Vec<GenRule>,
    pub adjustments: Vec<GenAdjust>,
}

/// `discount|surcharge ID ["msg"]: AMOUNT [once|monthly] when EXPR`.
#[derive(Debug, Clone)]
pub struct GenAdjust {
    pub surcharge: bool,
    pub percent: bool,
    /// Pick among [`PERCENTS`] or [`AMOUNTS`].
    pub amount: u8,
    /// None: no period written; Some(false): `once`; Some(true): `monthly`.
    pub period: Option<bool>,
    pub message: bool,
    /// Drawn like a rule's expression; rendered with the names a whole-configuration condition
    /// may read (nothing per instance outside count()/sum()).
    pub when: B,
}

#[derive(Debug, Clone)]
pub struct GenComp {
    /// Pick among the earlier components (None: top level).
    pub parent: Option<u8>,
    pub optional: bool,
    /// (min, max) instances; honoured for the first component that asks only.
    pub multi: Option<(u32, u32)>,
    pub price: GenPrice,
    pub attrs: Vec<(u8, u8)>,
    pub features: Vec<GenFeature>,
}

#[derive(Debug, Clone, Default)]
pub struct GenPrice {
    pub once: Option<u8>,
    pub monthly: Option<u8>,
    /// Write a one-off-only price as a plain amount.
    pub plain: bool,
}

#[derive(Debug, Clone)]
pub struct GenValue {
    pub price: GenPrice,
    pub attrs: Vec<(u8, u8)>,
}

#[derive(Debug, Clone)]
pub enum GenFeature {
    OneOf {
        values: Vec<GenValue>,
        /// `one_of: [a, b]` (no prices, no attributes).
        short: bool,
    },
    AnyOf {
        values: Vec<GenValue>,
        min: u8,
        max: u8,
        explicit: bool,
    },
    Bool {
        price: GenPrice,
        attrs: Vec<(u8, u8)>,
    },
    Int {
        min: i8,
        len: u8,
        price_each: GenPrice,
    },
}

#[derive(Debug, Clone)]
pub enum GenRule {
    Expr(B, bool),
    When(B, B),
    Table {
        allow: bool,
        named: bool,
        cols: Vec<u16>,
        rows: Vec<Vec<GenCell>>,
    },
    /// Soft: must load, changes no valid set.
    Prefer(B),
}

#[derive(Debug, Clone)]
pub enum GenCell {
    Any,
    One(u16),
    Alts(Vec<u16>),
}

/// A boolean expression with names still as picks.
#[derive(Debug, Clone)]
pub enum B {
    Const(bool),
    /// A component, bool feature or value.
    Cond(u16),
    /// `x = v` / `x != v` on a one_of.
    Eq(u16, u16, bool),
    /// `x in {..}` on a one_of or any_of.
    In(u16, Vec<u16>),
    Cmp(S, u8, S),
    Not(Box<B>, bool),
    Bin(u8, Box<B>, Box<B>),
}

/// A linear sum: `coef * atom ... + constant`.
#[derive(Debug, Clone)]
pub struct S {
    pub terms: Vec<(u8, A)>,
    pub constant: i8,
}

#[derive(Debug, Clone)]
pub enum A {
    Num(i8),
    BoolLit(bool),
    Int(u16),
    Attr(u16),
    BoolNum(u16),
    ValNum(u16),
    CompNum(u16),
    Count(u16),
    Sum(u16),
    Total(u16),
    Price(bool),
    If(Box<B>, Box<S>, Box<S>),
    /// `(x) * (y)`, `(x) / (y)` or `(x) % (y)` (by `ARITH_OPS`).
    Arith(u8, Box<S>, Box<S>),
}

// ---- strategies --------------------------------------------------------------------------------

fn gen_price() -> impl Strategy<Value = GenPrice> {
    (
        prop::option::weighted(0.4, 0..PRICES.len() as u8),
        prop::option::weighted(0.4, 0..PRICES.len() as u8),
        any::<bool>(),
    )
        .prop_map(|(once, monthly, plain)| GenPrice {
            once,
            monthly,
            plain,
        })
}

fn gen_attrs() -> impl Strategy<Value = Vec<(u8, u8)>> {
    vec((0..ATTRS.len() as u8, 0..ATTR_VALUES.len() as u8), 0..=2)
}

fn gen_value() -> impl Strategy<Value = GenValue> {
    (gen_price(), gen_attrs()).prop_map(|(price, attrs)| GenValue { price, attrs })
}

fn gen_feature() -> impl Strategy<Value = GenFeature> {
    prop_oneof![
        3 => (vec(gen_value(), 2..=3), prop::bool::weighted(0.2))
            .prop_map(|(values, short)| GenFeature::OneOf { values, short }),
        2 => (vec(gen_value(), 2..=3), any::<u8>(), any::<u8>(), any::<bool>()).prop_map(
            |(values, a, b, explicit)| {
                let n = values.len() as u8;
                let min = a % 3 % (n + 1);
                let max = min + b % (n - min + 1);
                GenFeature::AnyOf { values, min, max, explicit }
            }
        ),
        2 => (gen_price(), gen_attrs()).prop_map(|(price, attrs)| GenFeature::Bool { price, attrs }),
        2 => (-1i8..=2, 2u8..=4, gen_price())
            .prop_map(|(min, len, price_each)| GenFeature::Int { min, len, price_each }),
    ]
}

fn gen_comp() -> impl Strategy<Value = GenComp> {
    (
        prop::option::weighted(0.35, any::<u8>()),
        prop::bool::weighted(0.6),
        prop::option::weighted(0.35, (0u32..=1, 2u32..=3)),
        gen_price(),
        vec((0..ATTRS.len() as u8, 0..ATTR_VALUES.len() as u8), 0..=1),
        vec(gen_feature(), 0..=3),
    )
        .prop_map(
            |(parent, optional, multi, price, attrs, features)| GenComp {
                parent,
                optional,
                multi,
                price,
                attrs,
                features,
            },
        )
}

fn pick() -> impl Strategy<Value = u16> {
    any::<u16>()
}

fn a_leaf() -> BoxedStrategy<A> {
    prop_oneof![
        2 => (-3i8..=6).prop_map(A::Num),
        1 => any::<bool>().prop_map(A::BoolLit),
        3 => pick().prop_map(A::Int),
        3 => pick().prop_map(A::Attr),
        2 => pick().prop_map(A::BoolNum),
        1 => pick().prop_map(A::ValNum),
        1 => pick().prop_map(A::CompNum),
        3 => pick().prop_map(A::Count),
        2 => pick().prop_map(A::Sum),
        1 => pick().prop_map(A::Total),
        1 => any::<bool>().prop_map(A::Price),
    ]
    .boxed()
}

fn s_of(a: BoxedStrategy<A>) -> BoxedStrategy<S> {
    (vec((0..COEFS.len() as u8, a), 1..=3), -3i8..=6)
        .prop_map(|(terms, constant)| S { terms, constant })
        .boxed()
}

fn b_leaf() -> BoxedStrategy<B> {
    prop_oneof![
        1 => any::<bool>().prop_map(B::Const),
        4 => pick().prop_map(B::Cond),
        4 => (pick(), pick(), any::<bool>()).prop_map(|(f, v, ne)| B::Eq(f, v, ne)),
        2 => (pick(), vec(pick(), 1..=2)).prop_map(|(f, vs)| B::In(f, vs)),
        4 => (s_of(a_leaf()), 0..CMP_OPS.len() as u8, s_of(a_leaf()))
            .prop_map(|(l, op, r)| B::Cmp(l, op, r)),
    ]
    .boxed()
}

fn a_full() -> BoxedStrategy<A> {
    prop_oneof![
        8 => a_leaf(),
        1 => (b_leaf(), s_of(a_leaf()), s_of(a_leaf()))
            .prop_map(|(c, x, y)| A::If(Box::new(c), Box::new(x), Box::new(y))),
        2 => (0..ARITH_OPS.len() as u8, s_of(a_leaf()), s_of(a_leaf()))
            .prop_map(|(op, x, y)| A::Arith(op, Box::new(x), Box::new(y))),
    ]
    .boxed()
}

fn gen_bool() -> BoxedStrategy<B> {
    prop_oneof![
        4 => b_leaf(),
        1 => (s_of(a_full()), 0..CMP_OPS.len() as u8, s_of(a_full()))
            .prop_map(|(l, op, r)| B::Cmp(l, op, r)),
    ]
    .prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            1 => (inner.clone(), any::<bool>()).prop_map(|(b, bang)| B::Not(Box::new(b), bang)),
            3 => (0..BIN_OPS.len() as u8, inner.clone(), inner)
                .prop_map(|(op, a, b)| B::Bin(op, Box::new(a), Box::new(b))),
        ]
    })
    .boxed()
}

fn gen_cell() -> impl Strategy<Value = GenCell> {
    prop_oneof![
        2 => Just(GenCell::Any),
        5 => pick().prop_map(GenCell::One),
        2 => vec(pick(), 1..=3).prop_map(GenCell::Alts),
    ]
}

fn gen_rule() -> impl Strategy<Value = GenRule> {
    prop_oneof![
        4 => (gen_bool(), any::<bool>()).prop_map(|(b, msg)| GenRule::Expr(b, msg)),
        3 => (gen_bool(), gen_bool()).prop_map(|(c, b)| GenRule::When(c, b)),
        3 => (any::<bool>(), any::<bool>(), vec(pick(), 1..=3), vec(vec(gen_cell(), 3), 1..=4))
            .prop_map(|(allow, named, cols, rows)| GenRule::Table { allow, named, cols, rows }),
        1 => gen_bool().prop_map(GenRule::Prefer),
    ]
}

fn gen_adjust() -> impl Strategy<Value = GenAdjust> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<u8>(),
        prop::option::of(any::<bool>()),
        any::<bool>(),
        gen_bool(),
    )
        .prop_map(
            |(surcharge, percent, amount, period, message, when)| GenAdjust {
                surcharge,
                percent,
                amount,
                period,
                message,
                when,
            },
        )
}

/// Random small catalogs, normalised (see [`GenCatalog::normalise`]).
pub fn gen_catalog() -> impl Strategy<Value = GenCatalog> {
    (
        vec(gen_comp(), 1..=3),
        vec(gen_rule(), 0..=4),
        vec(gen_adjust(), 0..=2),
    )
        .prop_map(|(comps, rules, adjustments)| {
            let mut g = GenCatalog {
                comps,
                rules,
                adjustments,
            };
            g.normalise();
            g
        })
}

// ---- normalising and sizing --------------------------------------------------------------------

impl GenFeature {
    fn domain(&self) -> u128 {
        match self {
            GenFeature::OneOf { values, .. } => values.len() as u128,
            GenFeature::AnyOf {
                values, min, max, ..
            } => {
                let n = values.len() as u128;
                (*min as u128..=*max as u128)
                    .map(|k| {
                        let mut r = 1u128;
                        for i in 0..k {
                            r = r * (n - i) / (i + 1);
                        }
                        r
                    })
                    .sum()
            }
            GenFeature::Bool { .. } => 2,
            GenFeature::Int { len, .. } => *len as u128,
        }
    }
}

impl GenCatalog {
    /// Parent index of component i (None: top level).
    pub fn parent(&self, i: usize) -> Option<usize> {
        if i == 0 {
            return None;
        }
        self.comps[i].parent.map(|p| p as usize % i)
    }

    fn children(&self, i: Option<usize>) -> Vec<usize> {
        (0..self.comps.len())
            .filter(|&j| self.parent(j) == i)
            .collect()
    }

    /// At most one multi-instance component (the first that asks), never also optional; then
    /// features are dropped until the space fits [`BUDGET`].
    pub fn normalise(&mut self) {
        let mut seen = false;
        for c in &mut self.comps {
            if c.multi.is_some() {
                if seen {
                    c.multi = None;
                } else {
                    seen = true;
                    c.optional = false;
                }
            }
        }
        loop {
            if self.space() <= BUDGET {
                return;
            }
            // Trim inside the multi-instance subtree first (it counts to a power), else the
            // component whose features multiply to the most.
            let in_multi: Vec<usize> = (0..self.comps.len())
                .filter(|&i| self.multi_scope(i).is_some() && !self.comps[i].features.is_empty())
                .collect();
            let target = in_multi.last().copied().or_else(|| {
                (0..self.comps.len())
                    .filter(|&i| !self.comps[i].features.is_empty())
                    .max_by_key(|&i| {
                        self.comps[i]
                            .features
                            .iter()
                            .map(|f| f.domain())
                            .product::<u128>()
                    })
            });
            match target {
                Some(i) => {
                    self.comps[i].features.pop();
                }
                None => {
                    for c in &mut self.comps {
                        c.multi = c.multi.map(|(_, _)| (0, 2));
                    }
                    return;
                }
            }
        }
    }

    /// The multi-instance component at or above component i.
    pub fn multi_scope(&self, i: usize) -> Option<usize> {
        let mut cur = Some(i);
        while let Some(c) = cur {
            if self.comps[c].multi.is_some() {
                return Some(c);
            }
            cur = self.parent(c);
        }
        None
    }

    /// The number of configurations, valid or not (saturating).
    pub fn space(&self) -> u128 {
        self.children(None)
            .into_iter()
            .fold(1u128, |acc, c| acc.saturating_mul(self.options(c)))
    }

    fn present_size(&self, i: usize) -> u128 {
        let mut n = self.comps[i]
            .features
            .iter()
            .fold(1u128, |a, f| a.saturating_mul(f.domain()));
        for c in self.children(Some(i)) {
            n = n.saturating_mul(self.options(c));
        }
        n
    }

    fn options(&self, i: usize) -> u128 {
        let s = self.present_size(i);
        let c = &self.comps[i];
        match c.multi {
            Some((min, max)) => (min..=max)
                .map(|k| s.saturating_pow(k))
                .fold(0u128, |a, b| a.saturating_add(b)),
            None if c.optional => s.saturating_add(1),
            None => s,
        }
    }
}

// ---- rendering ---------------------------------------------------------------------------------

/// What rules can name in one catalog, as path text.
#[derive(Default)]
struct Names {
    comps: Vec<String>,
    bools: Vec<String>,
    values: Vec<String>,
    one_ofs: Vec<(String, Vec<String>)>,
    choices: Vec<(String, Vec<String>)>,
    ints: Vec<(String, i64, i64)>,
    attrs: Vec<String>,
    counts: Vec<String>,
    sums: Vec<String>,
    totals: Vec<String>,
}

fn at<T: Clone>(v: &[T], p: u16) -> Option<T> {
    (!v.is_empty()).then(|| v[p as usize % v.len()].clone())
}

fn attr_name(a: u8) -> &'static str {
    ATTRS[a as usize % ATTRS.len()]
}

/// Attribute names once each, in first-seen order.
fn dedup_attrs(attrs: &[(u8, u8)]) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for &(a, v) in attrs {
        let n = attr_name(a);
        if !out.iter().any(|(x, _)| *x == n) {
            out.push((n, ATTR_VALUES[v as usize % ATTR_VALUES.len()]));
        }
    }
    out
}

impl GenCatalog {
    fn key(&self, i: usize) -> String {
        format!("c{i}")
    }

    /// Path variants of component i: without any index, and with each instance index of the
    /// multi-instance component at or above it.
    fn comp_variants(&self, i: usize) -> Vec<String> {
        let mut chain = vec![i];
        while let Some(p) = self.parent(*chain.last().unwrap()) {
            chain.push(p);
        }
        chain.reverse();
        let render = |idx: Option<(usize, u32)>| {
            chain
                .iter()
                .map(|&c| match idx {
                    Some((m, k)) if m == c => format!("{}[{k}]", self.key(c)),
                    _ => self.key(c),
                })
                .collect::<Vec<_>>()
                .join(".")
        };
        let mut out = vec![render(None)];
        if let Some(m) = self.multi_scope(i) {
            let max = self.comps[m].multi.unwrap().1;
            out.extend((1..=max).map(|k| render(Some((m, k)))));
        }
        out
    }

    fn feature_key(&self, i: usize, j: usize) -> String {
        let before: usize = self.comps[..i].iter().map(|c| c.features.len()).sum();
        format!("f{}", before + j)
    }

    /// What rules can name. `whole`: only what a condition on the whole configuration may read
    /// directly (a discount's): a path through a multi-instance component without its index is
    /// left out, except the multi-instance component itself and under count()/sum().
    fn names(&self, whole: bool) -> Names {
        let mut n = Names::default();
        let mut all_attrs: Vec<&str> = Vec::new();
        let note = |a: &'static str, all: &mut Vec<&str>| {
            if !all.contains(&a) {
                all.push(a)
            }
        };
        for i in 0..self.comps.len() {
            let variants = self.comp_variants(i);
            // The variant without any index ranges over instances when there is a multi scope.
            let ranging = |k: usize| whole && k == 0 && self.multi_scope(i).is_some();
            let c = &self.comps[i];
            let cattrs = dedup_attrs(&c.attrs);
            for (k, v) in variants.iter().enumerate() {
                if !ranging(k) || self.multi_scope(i) == Some(i) {
                    n.comps.push(v.clone());
                }
                n.counts.push(v.clone());
                for (a, _) in &cattrs {
                    if !ranging(k) {
                        n.attrs.push(format!("{v}.{a}"));
                    }
                    n.sums.push(format!("{v}.{a}"));
                }
            }
            for (a, _) in &cattrs {
                note(a, &mut all_attrs);
            }
            for (j, f) in c.features.iter().enumerate() {
                let fk = self.feature_key(i, j);
                for (k, v) in variants.iter().enumerate() {
                    let p = format!("{v}.{fk}");
                    let direct = !ranging(k);
                    match f {
                        GenFeature::OneOf { values, short } => {
                            let ids: Vec<String> = VALUE_IDS[..values.len()]
                                .iter()
                                .map(|s| s.to_string())
                                .collect();
                            for id in &ids {
                                if direct {
                                    n.values.push(format!("{p}.{id}"));
                                }
                                n.counts.push(format!("{p}.{id}"));
                            }
                            if direct {
                                n.one_ofs.push((p.clone(), ids.clone()));
                                n.choices.push((p.clone(), ids));
                            }
                            if !short {
                                let mut fa: Vec<&str> = Vec::new();
                                for val in values {
                                    for (a, _) in dedup_attrs(&val.attrs) {
                                        if !fa.contains(&a) {
                                            fa.push(a);
                                        }
                                    }
                                }
                                for a in fa {
                                    if direct {
                                        n.attrs.push(format!("{p}.{a}"));
                                    }
                                    n.sums.push(format!("{p}.{a}"));
                                }
                            }
                        }
                        GenFeature::AnyOf { values, .. } => {
                            let ids: Vec<String> = VALUE_IDS[..values.len()]
                                .iter()
                                .map(|s| s.to_string())
                                .collect();
                            for id in &ids {
                                if direct {
                                    n.values.push(format!("{p}.{id}"));
                                }
                                n.counts.push(format!("{p}.{id}"));
                            }
                            if direct {
                                n.choices.push((p.clone(), ids));
                            }
                            n.counts.push(p.clone());
                            let mut fa: Vec<&str> = Vec::new();
                            for val in values {
                                for (a, _) in dedup_attrs(&val.attrs) {
                                    if !fa.contains(&a) {
                                        fa.push(a);
                                    }
                                }
                            }
                            for a in fa {
                                n.sums.push(format!("{p}.{a}"));
                            }
                        }
                        GenFeature::Bool { attrs, .. } => {
                            if direct {
                                n.bools.push(p.clone());
                            }
                            n.counts.push(p.clone());
                            for (a, _) in dedup_attrs(attrs) {
                                if direct {
                                    n.attrs.push(format!("{p}.{a}"));
                                }
                                n.sums.push(format!("{p}.{a}"));
                            }
                        }
                        GenFeature::Int { min, len, .. } => {
                            if direct {
                                n.ints.push((
                                    p.clone(),
                                    *min as i64,
                                    *min as i64 + *len as i64 - 1,
                                ));
                            }
                            n.sums.push(p.clone());
                        }
                    }
                }
            }
            for f in &c.features {
                match f {
                    GenFeature::OneOf {
                        values,
                        short: false,
                    }
                    | GenFeature::AnyOf { values, .. } => {
                        for v in values {
                            for (a, _) in dedup_attrs(&v.attrs) {
                                note(a, &mut all_attrs);
                            }
                        }
                    }
                    GenFeature::Bool { attrs, .. } => {
                        for (a, _) in dedup_attrs(attrs) {
                            note(a, &mut all_attrs);
                        }
                    }
                    _ => {}
                }
            }
        }
        n.totals = all_attrs.into_iter().map(String::from).collect();
        n
    }

    /// The catalog as YAML text.
    pub fn render(&self) -> String {
        // A contract term, so the engine's term totals (once + monthly × months) are checked too.
        let mut out =
            String::from("catalog: generated\ncurrency: EUR\nterm_months: 12\ncomponents:\n");
        for c in self.children(None) {
            self.render_comp(c, 1, &mut out);
        }
        let names = self.names(false);
        let mut rules = String::new();
        for (i, r) in self.rules.iter().enumerate() {
            rules.push_str(&render_rule(r, i, &names));
            rules.push('\n');
        }
        if !self.adjustments.is_empty() {
            let whole = self.names(true);
            for (i, a) in self.adjustments.iter().enumerate() {
                rules.push_str(&render_adjust(a, i, &whole));
                rules.push('\n');
            }
        }
        if !rules.is_empty() {
            out.push_str("rules: |\n");
            for line in rules.lines() {
                out.push_str("  ");
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }

    fn render_comp(&self, i: usize, depth: usize, out: &mut String) {
        let ind = "  ".repeat(depth);
        let c = &self.comps[i];
        out.push_str(&format!("{ind}{}:\n", self.key(i)));
        let ind2 = "  ".repeat(depth + 1);
        match c.multi {
            Some((min, max)) => {
                out.push_str(&format!("{ind2}instances: {{ min: {min}, max: {max} }}\n"))
            }
            None if c.optional => out.push_str(&format!("{ind2}optional: true\n")),
            None => {}
        }
        if let Some(p) = price_text(&c.price) {
            out.push_str(&format!("{ind2}price: {p}\n"));
        }
        if let Some(a) = attrs_text(&c.attrs) {
            out.push_str(&format!("{ind2}attrs: {a}\n"));
        }
        if !c.features.is_empty() {
            out.push_str(&format!("{ind2}features:\n"));
        }
        let ind3 = "  ".repeat(depth + 2);
        let ind4 = "  ".repeat(depth + 3);
        for (j, f) in c.features.iter().enumerate() {
            out.push_str(&format!("{ind3}{}:\n", self.feature_key(i, j)));
            match f {
                GenFeature::OneOf {
                    values,
                    short: true,
                } => {
                    out.push_str(&format!(
                        "{ind4}one_of: [{}]\n",
                        VALUE_IDS[..values.len()].join(", ")
                    ));
                }
                GenFeature::OneOf { values, .. } => {
                    out.push_str(&format!("{ind4}one_of:\n"));
                    render_values(values, &"  ".repeat(depth + 4), out);
                }
                GenFeature::AnyOf {
                    values,
                    min,
                    max,
                    explicit,
                } => {
                    out.push_str(&format!("{ind4}any_of:\n"));
                    render_values(values, &"  ".repeat(depth + 4), out);
                    if *min > 0 || *explicit {
                        out.push_str(&format!("{ind4}min: {min}\n"));
                    }
                    if *max < values.len() as u8 || *explicit {
                        out.push_str(&format!("{ind4}max: {max}\n"));
                    }
                }
                GenFeature::Bool { price, attrs } => {
                    let mut parts = Vec::new();
                    if let Some(p) = price_text(price) {
                        parts.push(format!("price: {p}"));
                    }
                    if let Some(a) = attrs_text(attrs) {
                        parts.push(format!("attrs: {a}"));
                    }
                    out.push_str(&format!("{ind4}bool: {{ {} }}\n", parts.join(", ")));
                }
                GenFeature::Int {
                    min,
                    len,
                    price_each,
                } => {
                    let max = *min as i64 + *len as i64 - 1;
                    out.push_str(&format!("{ind4}int: {{ min: {min}, max: {max} }}\n"));
                    if let Some(p) = price_text(price_each) {
                        out.push_str(&format!("{ind4}price_each: {p}\n"));
                    }
                }
            }
        }
        let kids = self.children(Some(i));
        if !kids.is_empty() {
            out.push_str(&format!("{ind2}components:\n"));
            for k in kids {
                self.render_comp(k, depth + 2, out);
            }
        }
    }
}

fn render_values(values: &[GenValue], ind: &str, out: &mut String) {
    for (k, v) in values.iter().enumerate() {
        let mut parts = Vec::new();
        if let Some(p) = price_text(&v.price) {
            parts.push(format!("price: {p}"));
        }
        if let Some(a) = attrs_text(&v.attrs) {
            parts.push(format!("attrs: {a}"));
        }
        out.push_str(&format!(
            "{ind}{}: {{ {} }}\n",
            VALUE_IDS[k],
            parts.join(", ")
        ));
    }
}

fn price_text(p: &GenPrice) -> Option<String> {
    let amount = |i: u8| PRICES[i as usize % PRICES.len()];
    match (p.once, p.monthly) {
        (None, None) => None,
        (Some(o), None) if p.plain => Some(amount(o).to_string()),
        (Some(o), None) => Some(format!("{{ once: {} }}", amount(o))),
        (None, Some(m)) => Some(format!("{{ monthly: {} }}", amount(m))),
        (Some(o), Some(m)) => Some(format!("{{ once: {}, monthly: {} }}", amount(o), amount(m))),
    }
}

fn attrs_text(attrs: &[(u8, u8)]) -> Option<String> {
    let a = dedup_attrs(attrs);
    (!a.is_empty()).then(|| {
        let parts: Vec<String> = a.iter().map(|(n, v)| format!("{n}: {v}")).collect();
        format!("{{ {} }}", parts.join(", "))
    })
}

fn render_rule(r: &GenRule, i: usize, n: &Names) -> String {
    match r {
        GenRule::Expr(b, msg) => {
            let m = if *msg { " \"generated rule\"" } else { "" };
            format!("rule r{i}{m}: {}", render_b(b, n))
        }
        GenRule::When(c, b) => format!(
            "rule r{i}: when {} require {}",
            render_b(c, n),
            render_b(b, n)
        ),
        GenRule::Prefer(b) => format!("prefer: {} weight 2", render_b(b, n)),
        GenRule::Table {
            allow,
            named,
            cols,
            rows,
        } => {
            // Columns: (path, literal values a cell may hold).
            let mut cands: Vec<(String, Vec<String>)> = Vec::new();
            for (p, ids) in &n.one_ofs {
                cands.push((p.clone(), ids.clone()));
            }
            let tf = || vec!["false".to_string(), "true".to_string()];
            for p in n.bools.iter().chain(&n.comps).chain(&n.values) {
                cands.push((p.clone(), tf()));
            }
            for (p, lo, hi) in &n.ints {
                cands.push((p.clone(), (*lo..=*hi).map(|x| x.to_string()).collect()));
            }
            let mut chosen: Vec<(String, Vec<String>)> = Vec::new();
            for &c in cols {
                let col = at(&cands, c).expect("a catalog has a component");
                if !chosen.iter().any(|(p, _)| *p == col.0) {
                    chosen.push(col);
                }
            }
            let rows: Vec<String> = rows
                .iter()
                .map(|row| {
                    let cells: Vec<String> = chosen
                        .iter()
                        .enumerate()
                        .map(|(k, (_, lits))| match &row[k % row.len()] {
                            GenCell::Any => "*".to_string(),
                            GenCell::One(p) => at(lits, *p).unwrap(),
                            GenCell::Alts(ps) => {
                                let mut v: Vec<String> = Vec::new();
                                for p in ps {
                                    let l = at(lits, *p).unwrap();
                                    if !v.contains(&l) {
                                        v.push(l);
                                    }
                                }
                                format!("({})", v.join(", "))
                            }
                        })
                        .collect();
                    format!("({})", cells.join(", "))
                })
                .collect();
            let kind = if *allow { "allow" } else { "forbid" };
            let id = if *named {
                format!(" t{i} \"generated table\"")
            } else {
                String::new()
            };
            let cols: Vec<&str> = chosen.iter().map(|(p, _)| p.as_str()).collect();
            format!(
                "{kind}{id} ({}) {{\n  {}\n}}",
                cols.join(", "),
                rows.join(",\n  ")
            )
        }
    }
}

/// `discount d0 "generated adjustment": 12.5% monthly when EXPR`, `surcharge s1: 2.25 when EXPR`.
fn render_adjust(a: &GenAdjust, i: usize, whole: &Names) -> String {
    let (kind, id) = if a.surcharge {
        ("surcharge", format!("s{i}"))
    } else {
        ("discount", format!("d{i}"))
    };
    let m = if a.message {
        " \"generated adjustment\""
    } else {
        ""
    };
    let amount = if a.percent {
        format!("{}%", PERCENTS[a.amount as usize % PERCENTS.len()])
    } else {
        AMOUNTS[a.amount as usize % AMOUNTS.len()].to_string()
    };
    let period = match a.period {
        None => "",
        Some(false) => " once",
        Some(true) => " monthly",
    };
    format!(
        "{kind} {id}{m}: {amount}{period} when {}",
        render_b(&a.when, whole)
    )
}

fn render_b(b: &B, n: &Names) -> String {
    match b {
        B::Const(x) => x.to_string(),
        B::Cond(p) => {
            let all: Vec<String> = n
                .comps
                .iter()
                .chain(&n.bools)
                .chain(&n.values)
                .cloned()
                .collect();
            at(&all, *p).unwrap_or_else(|| "true".into())
        }
        B::Eq(f, v, ne) => match at(&n.one_ofs, *f) {
            Some((p, ids)) => {
                let op = if *ne { "!=" } else { "=" };
                format!("{p} {op} {}", at(&ids, *v).unwrap())
            }
            None => render_b(&B::Cond(*f), n),
        },
        B::In(f, vs) => match at(&n.choices, *f) {
            Some((p, ids)) => {
                let mut set: Vec<String> = Vec::new();
                for v in vs {
                    let id = at(&ids, *v).unwrap();
                    if !set.contains(&id) {
                        set.push(id);
                    }
                }
                format!("{p} in {{{}}}", set.join(", "))
            }
            None => render_b(&B::Cond(*f), n),
        },
        B::Cmp(l, op, r) => format!(
            "{} {} {}",
            render_s(l, n),
            CMP_OPS[*op as usize % CMP_OPS.len()],
            render_s(r, n)
        ),
        B::Not(a, bang) => {
            if *bang {
                format!("!({})", render_b(a, n))
            } else {
                format!("not ({})", render_b(a, n))
            }
        }
        B::Bin(op, a, b) => format!(
            "({}) {} ({})",
            render_b(a, n),
            BIN_OPS[*op as usize % BIN_OPS.len()],
            render_b(b, n)
        ),
    }
}

fn render_s(s: &S, n: &Names) -> String {
    let mut out = String::new();
    for (k, (coef, a)) in s.terms.iter().enumerate() {
        let c = COEFS[*coef as usize % COEFS.len()];
        let (neg, mag) = match c.strip_prefix('-') {
            Some(m) => (true, m),
            None => (false, c),
        };
        let atom = render_a(a, n);
        let body = if mag == "1" {
            atom
        } else {
            format!("{mag} * {atom}")
        };
        match (k, neg) {
            (0, false) => out.push_str(&body),
            (0, true) => out.push_str(&format!("-{body}")),
            (_, false) => out.push_str(&format!(" + {body}")),
            (_, true) => out.push_str(&format!(" - {body}")),
        }
    }
    match s.constant {
        0 => {}
        c if c > 0 => out.push_str(&format!(" + {c}")),
        c => out.push_str(&format!(" - {}", -(c as i16))),
    }
    out
}

fn render_a(a: &A, n: &Names) -> String {
    let num = |x: i8| {
        if x < 0 {
            format!("(0 - {})", -(x as i16))
        } else {
            x.to_string()
        }
    };
    match a {
        A::Num(x) => num(*x),
        A::BoolLit(b) => b.to_string(),
        A::Int(p) => at(&n.ints, *p).map(|x| x.0).unwrap_or_else(|| num(1)),
        A::Attr(p) => at(&n.attrs, *p).unwrap_or_else(|| num(2)),
        A::BoolNum(p) => at(&n.bools, *p).unwrap_or_else(|| num(0)),
        A::ValNum(p) => at(&n.values, *p).unwrap_or_else(|| num(1)),
        A::CompNum(p) => at(&n.comps, *p).unwrap_or_else(|| num(1)),
        A::Count(p) => format!("count({})", at(&n.counts, *p).expect("a component")),
        A::Sum(p) => at(&n.sums, *p)
            .map(|s| format!("sum({s})"))
            .unwrap_or_else(|| num(0)),
        A::Total(p) => at(&n.totals, *p)
            .map(|s| format!("total({s})"))
            .unwrap_or_else(|| num(3)),
        A::Price(once) => format!("price({})", if *once { "once" } else { "monthly" }),
        A::Arith(op, x, y) => {
            let (x, y) = (render_s(x, n), render_s(y, n));
            // A divisor without a name may be the constant 0, which the front end refuses.
            let constant = !y
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .any(|w| {
                    w.starts_with(|c: char| c.is_ascii_alphabetic()) && w != "true" && w != "false"
                });
            let op = match ARITH_OPS[*op as usize % ARITH_OPS.len()] {
                "/" | "%" if constant => "*",
                op => op,
            };
            format!("(({x}) {op} ({y}))")
        }
        A::If(c, x, y) => format!(
            "(if {} then {} else {})",
            render_b(c, n),
            render_s(x, n),
            render_s(y, n)
        ),
    }
}
