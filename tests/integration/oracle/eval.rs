//! What a hard constraint means, evaluated directly on one configuration (spec section 3).
//!
//! This is the reference semantics the engine is checked against. It reads the typed model only;
//! nothing here knows the engine's encoding.
//!
//! # Decisions where the spec is ambiguous (the engine should agree; say so if it should not)
//!
//! Configurations
//! - A configuration assigns: presence of every component instance; for every present one, a value
//!   to each of its features (one_of: one value; any_of: a subset with min <= size <= max; bool:
//!   true/false; int: min..=max). Features of absent components have no value.
//! - A single component is present iff its parent is (mandatory) or, if `optional`, freely when its
//!   parent is present. A multi-instance component has slots 1..=max under each parent instance;
//!   slot k is present only if slot k-1 is; when the parent is present the number of present slots
//!   is within min..=max; when the parent is absent every slot is absent. The instance count as a
//!   variable (`mobile.line` in valid sets) has no value while the parent is absent, like a feature
//!   of an absent component; `count(mobile.line)` is 0 then.
//!
//! Reading things (outside count/sum/total/price)
//! - A component path is true when present; a multi-instance component named without an index
//!   (`mobile.line`) means "some instance is present" (instance 1 present). `mobile.line[2]` is
//!   instance 2.
//! - A value path (`x.v`, also `x = v`, `x in {..}`) is true when the value is selected; false when
//!   its feature is absent. `x != v` is the negation of `x = v` (the front end writes it as
//!   `not x.v`), so it is TRUE when x is absent.
//! - A bool feature as a condition is true when on; false when absent.
//! - Comparisons: `lhs op rhs` is FALSE when either side reads an absent feature or attribute
//!   ("absent" propagates through `+`, `-` and constant factors). What is absent:
//!   * an int feature of an absent component;
//!   * a bool feature used as a number (`f + 1 >= 2`, `f = true`, `f = false`) when its component is
//!     absent: `tv.hd = false` is false when tv is absent;
//!   * an attribute of a value (`x.attr`) when x is absent;
//!   * a bool feature's attribute when the feature is absent (when present but off it is 0);
//!   * a component attribute (`c.attr`) when c is absent.
//!   NOT absent (always 0/1): a component's presence used as a number, and a value's selection used
//!   as a number (`x.v + y.w >= 1`: an absent x counts 0).
//! - An attribute that a selected value does not declare is 0 (not absent).
//! - `if c then a else b`: evaluates c, then only the branch taken (absence propagates from it).
//! - `x * y`, `x / y` (rounded toward zero), `x % y` (`x - (x / y)·y`): absent where either side
//!   is, and a quotient or remainder by 0 is absent too (its comparison is false).
//!
//! Aggregates (never absent: an absent thing counts 0)
//! - `count(P)`: any_of feature: number of selected values; component: number of present instances
//!   (a single component: 0/1); bool feature: number of present instances where it is on; value:
//!   number of present instances where it is selected. Summed over all instances P ranges over.
//! - `sum(P)`: an attribute of a feature (one_of: of the selected value; any_of: of each selected
//!   value; bool: when on), a component attribute, or an int feature, summed over the present
//!   instances P ranges over.
//! - Which instances an aggregate ranges over: indices written in P are fixed; the innermost
//!   multi-instance component on P's path that has no written index ranges over all its instances;
//!   any outer one without an index is the current instance when the rule quantifies over it, else
//!   it ranges over all instances too. (So in a rule "for each mobile.line", `count(mobile.line)`
//!   and `count(mobile.line.roaming)` count over ALL lines, not only the current one; in a rule for
//!   each `site`, `count(site.line)` counts the lines of the current site.)
//! - `total(attr)`: the attribute summed over every present component instance (its own attrs),
//!   every selected value (one_of and any_of), every bool feature that is on; int features carry no
//!   attributes.
//! - `price(once|monthly)`: before discounts/surcharges: every present component instance's price,
//!   every selected value's price, every bool feature that is on, every int feature's value times
//!   `price_each`.
//!
//! Price adjustments (`discount` / `surcharge ID: AMOUNT [once|monthly] when EXPR`)
//! - The condition is read for the whole configuration (the front end refuses one that reads each
//!   instance), with the same semantics as a rule's expression.
//! - A percentage is that fraction of the BASE total of its period (the price before any
//!   adjustment, what `price(..)` reads), added for a surcharge and taken off for a discount;
//!   several percentages do not compound, and none applies to a fixed amount.
//! - A fixed amount is added (surcharge) or taken off (discount) as written while its condition holds.
//! - `once` / `monthly`: only that period's total. Without a period a percentage applies to both
//!   totals (the spec: "applied to the total"), a fixed amount to the one-off total only (a plain
//!   amount is one-off, as in a price `12.50`).
//! - Totals are not clamped: several discounts may bring a total below zero.
//!
//! Constraints
//! - `rule id: E`: E holds. `when C require B`: C -> B.
//! - `for_each` (multi-instance components the rule reads without an index, outermost first): the
//!   body must hold for every present instance of the innermost one (the outer ones being its
//!   ancestors' instances); a reference without an index inside them means the current instance.
//!   When no instance is present the rule holds vacuously. (A rule that fixes an outer instance by
//!   index while quantifying over an inner one, `site[1].line.plan`, is not supported by the oracle:
//!   it refuses the model.)
//! - Tables: a row matches when every cell matches its column; `*` matches anything, including
//!   absent. Column values: one_of feature: the selected value; bool feature: true/false; int:
//!   the number; component: present (true/false, "some instance" for a multi-instance component
//!   without index); value `x.v`: selected (true/false). A column whose feature is absent (one_of,
//!   bool, int, and also a value column `x.v` when x is absent) matches no cell but `*`; a component
//!   column is never absent. (Note the asymmetry with rules: there `x.v` is simply false when x is
//!   absent, so `not x.v` holds, while a `false` cell in an `x.v` column does not match.)
//!   `allow`: some row matches (no rows: never). `forbid`: no row matches.
//!
//! Selections (spec section 4) are a conjunction of their choices (a later choice on the same
//! variable does not replace an earlier one). Positive choices imply their variable has a value:
//! `x=v`, `x+=v`, `n=3`, `line[2].plan=m` need the component instance (and every ancestor)
//! present, `mobile.line=3` needs `mobile` present. Negative choices are exact negations, like `!=`
//! in rules: `x!=v`, `x-=v`, `hours!=3`, `mobile.line!=3` also hold when x is absent. On a component
//! `c` / `!c` is present / absent (`c=true` / `c=false` the same); on a multi-instance component
//! without index, some / no instance present. On a bool feature `x` / `!x` is `x=true` / `x=false`.
//!
//! # Where the engine read differently when this was written (src/encode at 2283e0d)
//! A differential run (3000 generated catalogs, random selections of up to 2 choices, valid sets
//! and consistency) agreed everywhere except on these two points, where the oracle keeps its reading:
//! - a bool feature used as a number when its component is absent: the engine counts it 0
//!   (`NumTerm::Indicator` goes through `holds`), so `tv.hd = false` holds when tv is absent; here
//!   the comparison is false (spec: "an equality or comparison that reads an absent feature ... is
//!   false").
//! - `count()`/`sum()` inside a rule quantified over instances: the engine fixes every unindexed
//!   scope to the current instance (`ref_instances` adds the binding), so `count(mobile.line)` is 1
//!   there; here the innermost unindexed scope ranges over all instances (spec: "use count(...) /
//!   sum(...) to speak of them together"). The one-line switch is in `Ctx::ranged`.

use super::enumerate::Layout;
use rust_decimal::Decimal;
use tailor::front::ast::{CmpOp, Period};
use tailor::model::{
    AdjustmentKind, AttrId, BoolExpr, CompId, Constraint, ConstraintBody, FeatId, FeatureKind,
    LinExpr, Model, NonLinear, NumTerm, Ref, Table, TableCell, TableKind, Target,
};

/// The current instance of each multi-instance component a rule quantifies over.
pub type Binding = [(CompId, u32)];

/// One configuration being evaluated: slot values as laid out by [`Layout`].
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub layout: &'a Layout,
    pub cfg: &'a [Option<i64>],
}

impl<'a> Ctx<'a> {
    pub fn new(model: &'a Model, layout: &'a Layout, cfg: &'a [Option<i64>]) -> Self {
        Ctx { model, layout, cfg }
    }

    // ---- raw reads ---------------------------------------------------------------------------

    /// Is the instance `idx` (one index per multi-instance scope of `c`) of `c` present?
    pub fn present(&self, c: CompId, idx: &[u32]) -> bool {
        if c.0 == 0 {
            return true;
        }
        self.cfg[self.layout.comp_slot(c, idx)] == Some(1)
    }

    /// The raw value of a feature instance (None when absent).
    pub fn feat_val(&self, f: FeatId, idx: &[u32]) -> Option<i64> {
        self.cfg[self.layout.feat_slot(f, self.model.feat(f).comp, idx)]
    }

    /// Is value `i` of feature `f` selected in instance `idx` (false when absent)?
    pub fn selected(&self, f: FeatId, i: u32, idx: &[u32]) -> bool {
        match (self.feat_val(f, idx), &self.model.feat(f).kind) {
            (Some(v), FeatureKind::OneOf(_)) => v == i as i64,
            (Some(v), FeatureKind::AnyOf { .. }) => (v >> i) & 1 == 1,
            _ => false,
        }
    }

    /// The attribute `a` a present feature instance contributes (0 where nothing declares it).
    fn feat_attr(&self, f: FeatId, a: AttrId, v: i64) -> Decimal {
        match &self.model.feat(f).kind {
            FeatureKind::OneOf(vs) => attr_of(&vs[v as usize].attrs, a),
            FeatureKind::AnyOf { values, .. } => values
                .iter()
                .enumerate()
                .filter(|(i, _)| (v >> i) & 1 == 1)
                .map(|(_, x)| attr_of(&x.attrs, a))
                .sum(),
            FeatureKind::Bool { attrs, .. } => {
                if v == 1 {
                    attr_of(attrs, a)
                } else {
                    Decimal::ZERO
                }
            }
            FeatureKind::Int { .. } => Decimal::ZERO,
        }
    }

    fn comp_attr(&self, c: CompId, a: AttrId) -> Decimal {
        attr_of(&self.model.comp(c).attrs, a)
    }

    // ---- which instance a reference reads ----------------------------------------------------

    /// The instance of the reference's home component read directly (outside an aggregate):
    /// `(indices, some)`; when `some`, the target is a multi-instance component named without an
    /// index and `indices` lacks its own index ("some instance").
    fn direct(&self, r: &Ref, b: &Binding) -> (CompId, Vec<u32>, bool) {
        let home = home(self.model, r.target);
        let scopes = self.layout.scopes(home);
        let mut idx = Vec::with_capacity(scopes.len());
        let mut some = false;
        for (j, &(s, _)) in scopes.iter().enumerate() {
            if let Some(&(_, k)) = r.indices.iter().find(|(c, _)| *c == s) {
                idx.push(k);
            } else if j + 1 == scopes.len() && r.target == Target::Comp(s) {
                some = true;
            } else if let Some(&(_, k)) = b.iter().find(|(c, _)| *c == s) {
                idx.push(k);
            } else {
                panic!(
                    "oracle: a reference to `{}` reads instances of `{}` that the rule does not quantify over",
                    describe_target(self.model, r.target),
                    self.model.comp(s).path
                );
            }
        }
        (home, idx, some)
    }

    /// Every instance (index vector of the home component) an aggregate `count(P)`/`sum(P)` ranges over.
    fn ranged(&self, r: &Ref, b: &Binding) -> Vec<Vec<u32>> {
        let home = home(self.model, r.target);
        let scopes = self.layout.scopes(home);
        let written = |s: CompId| r.indices.iter().find(|(c, _)| *c == s).map(|x| x.1);
        let innermost_free = scopes.iter().rposition(|&(s, _)| written(s).is_none());
        let mut out: Vec<Vec<u32>> = vec![Vec::new()];
        for (j, &(s, max)) in scopes.iter().enumerate() {
            let fixed = written(s).or_else(|| {
                if Some(j) == innermost_free {
                    None
                } else {
                    b.iter().find(|(c, _)| *c == s).map(|x| x.1)
                }
            });
            out = match fixed {
                Some(k) => out
                    .into_iter()
                    .map(|mut v| {
                        v.push(k);
                        v
                    })
                    .collect(),
                None => out
                    .into_iter()
                    .flat_map(|v| {
                        (1..=max).map(move |k| {
                            let mut w = v.clone();
                            w.push(k);
                            w
                        })
                    })
                    .collect(),
            };
        }
        out
    }

    // ---- boolean expressions -----------------------------------------------------------------

    pub fn holds(&self, e: &BoolExpr, b: &Binding) -> bool {
        match e {
            BoolExpr::Const(x) => *x,
            BoolExpr::Holds(r) => self.ref_holds(r, b),
            BoolExpr::Not(a) => !self.holds(a, b),
            BoolExpr::And(v) => v.iter().all(|x| self.holds(x, b)),
            BoolExpr::Or(v) => v.iter().any(|x| self.holds(x, b)),
            BoolExpr::Implies(x, y) => !self.holds(x, b) || self.holds(y, b),
            BoolExpr::Iff(x, y) => self.holds(x, b) == self.holds(y, b),
            BoolExpr::Cmp(c) => match (self.lin(&c.0, b), self.lin(&c.2, b)) {
                (Some(x), Some(y)) => match c.1 {
                    CmpOp::Eq => x == y,
                    CmpOp::Ne => x != y,
                    CmpOp::Lt => x < y,
                    CmpOp::Le => x <= y,
                    CmpOp::Gt => x > y,
                    CmpOp::Ge => x >= y,
                },
                _ => false,
            },
        }
    }

    /// A path as a condition: component present, bool feature on, value selected.
    fn ref_holds(&self, r: &Ref, b: &Binding) -> bool {
        let (home, idx, some) = self.direct(r, b);
        match r.target {
            Target::Comp(c) => {
                if some {
                    self.some_instance(c, &idx)
                } else {
                    self.present(c, &idx)
                }
            }
            Target::Feat(f) => match self.model.feat(f).kind {
                FeatureKind::Bool { .. } => self.feat_val(f, &idx) == Some(1),
                _ => panic!("oracle: `{}` is not a condition", self.model.feat(f).path),
            },
            Target::Value(f, i) => self.selected(f, i, &idx),
            Target::Attr(..) | Target::CompAttr(..) => {
                panic!(
                    "oracle: an attribute of `{}` used as a condition",
                    self.model.comp(home).path
                )
            }
        }
    }

    /// Is some instance of multi-instance `c` present under the parent instance `outer`?
    fn some_instance(&self, c: CompId, outer: &[u32]) -> bool {
        let mut idx = outer.to_vec();
        idx.push(1);
        self.present(c, &idx)
    }

    // ---- numbers -----------------------------------------------------------------------------

    /// A linear sum; None when it reads something absent.
    pub fn lin(&self, e: &LinExpr, b: &Binding) -> Option<Decimal> {
        let mut acc = e.constant;
        for (k, t) in &e.terms {
            acc += *k * self.term(t, b)?;
        }
        Some(acc)
    }

    fn term(&self, t: &NumTerm, b: &Binding) -> Option<Decimal> {
        match t {
            NumTerm::Int(r) => {
                let (_, idx, _) = self.direct(r, b);
                let Target::Feat(f) = r.target else {
                    panic!("oracle: Int term on a non-feature")
                };
                self.feat_val(f, &idx).map(Decimal::from)
            }
            NumTerm::Attr(r) => {
                let (_, idx, _) = self.direct(r, b);
                match r.target {
                    Target::Attr(f, a) => self.feat_val(f, &idx).map(|v| self.feat_attr(f, a, v)),
                    Target::CompAttr(c, a) => self.present(c, &idx).then(|| self.comp_attr(c, a)),
                    _ => panic!("oracle: Attr term on a non-attribute"),
                }
            }
            NumTerm::Indicator(r) => match r.target {
                Target::Feat(f) => {
                    let (_, idx, _) = self.direct(r, b);
                    self.feat_val(f, &idx).map(Decimal::from)
                }
                _ => Some(bit(self.ref_holds(r, b))),
            },
            NumTerm::Count(r) => Some(
                self.ranged(r, b)
                    .iter()
                    .map(|idx| self.count_at(r.target, idx))
                    .sum(),
            ),
            NumTerm::Sum(r) => Some(
                self.ranged(r, b)
                    .iter()
                    .map(|idx| self.sum_at(r.target, idx))
                    .sum(),
            ),
            NumTerm::Total(a) => Some(self.total(*a)),
            NumTerm::Price(p) => {
                let (once, monthly) = self.price();
                Some(match p {
                    Period::Once => once,
                    Period::Monthly => monthly,
                })
            }
            NumTerm::If(c, x, y) => {
                if self.holds(c, b) {
                    self.lin(x, b)
                } else {
                    self.lin(y, b)
                }
            }
            NumTerm::Arith(a) => {
                let (op, x, y) = &**a;
                let (x, y) = (self.lin(x, b)?, self.lin(y, b)?);
                match op {
                    NonLinear::Mul => Some(x * y),
                    // Rounded toward zero; by 0 there is no value.
                    NonLinear::Div if !y.is_zero() => Some((x / y).trunc()),
                    NonLinear::Rem if !y.is_zero() => Some(x - (x / y).trunc() * y),
                    _ => None,
                }
            }
        }
    }

    /// What one instance contributes to `count(P)`.
    fn count_at(&self, t: Target, idx: &[u32]) -> Decimal {
        match t {
            Target::Comp(c) => bit(self.present(c, idx)),
            Target::Feat(f) => match (&self.model.feat(f).kind, self.feat_val(f, idx)) {
                (FeatureKind::AnyOf { .. }, Some(v)) => Decimal::from(v.count_ones()),
                (FeatureKind::Bool { .. }, Some(v)) => Decimal::from(v),
                (FeatureKind::AnyOf { .. } | FeatureKind::Bool { .. }, None) => Decimal::ZERO,
                _ => panic!("oracle: count() of `{}`", self.model.feat(f).path),
            },
            Target::Value(f, i) => bit(self.selected(f, i, idx)),
            _ => panic!("oracle: count() of an attribute"),
        }
    }

    /// What one instance contributes to `sum(P)`.
    fn sum_at(&self, t: Target, idx: &[u32]) -> Decimal {
        match t {
            Target::Attr(f, a) => self
                .feat_val(f, idx)
                .map(|v| self.feat_attr(f, a, v))
                .unwrap_or_default(),
            Target::CompAttr(c, a) => {
                if self.present(c, idx) {
                    self.comp_attr(c, a)
                } else {
                    Decimal::ZERO
                }
            }
            Target::Feat(f) => match self.model.feat(f).kind {
                FeatureKind::Int { .. } => {
                    self.feat_val(f, idx).map(Decimal::from).unwrap_or_default()
                }
                _ => panic!("oracle: sum() of `{}`", self.model.feat(f).path),
            },
            _ => panic!("oracle: sum() of a component or value"),
        }
    }

    /// `total(attr)` over the whole configuration.
    pub fn total(&self, a: AttrId) -> Decimal {
        let mut acc = Decimal::ZERO;
        for (i, slot) in self.layout.slots.iter().enumerate() {
            match (slot, self.cfg[i]) {
                (super::enumerate::Slot::Comp { comp, .. }, Some(1)) => {
                    acc += self.comp_attr(*comp, a)
                }
                (super::enumerate::Slot::Feat { feat, .. }, Some(v)) => {
                    acc += self.feat_attr(*feat, a, v)
                }
                _ => {}
            }
        }
        acc
    }

    /// `(once, monthly)` before adjustments.
    pub fn price(&self) -> (Decimal, Decimal) {
        let (mut once, mut monthly) = (Decimal::ZERO, Decimal::ZERO);
        let mut add = |p: &tailor::model::Price, k: Decimal| {
            once += p.once * k;
            monthly += p.monthly * k;
        };
        for (i, slot) in self.layout.slots.iter().enumerate() {
            match (slot, self.cfg[i]) {
                (super::enumerate::Slot::Comp { comp, .. }, Some(1)) => {
                    add(&self.model.comp(*comp).price, Decimal::ONE)
                }
                (super::enumerate::Slot::Feat { feat, .. }, Some(v)) => {
                    match &self.model.feat(*feat).kind {
                        FeatureKind::OneOf(vs) => add(&vs[v as usize].price, Decimal::ONE),
                        FeatureKind::AnyOf { values, .. } => {
                            for (j, x) in values.iter().enumerate() {
                                if (v >> j) & 1 == 1 {
                                    add(&x.price, Decimal::ONE)
                                }
                            }
                        }
                        FeatureKind::Bool { price, .. } => {
                            if v == 1 {
                                add(price, Decimal::ONE)
                            }
                        }
                        FeatureKind::Int { price_each, .. } => add(price_each, Decimal::from(v)),
                    }
                }
                _ => {}
            }
        }
        (once, monthly)
    }

    /// `(once, monthly)` after discounts and surcharges (see the decisions at the top).
    /// As a quote prices it: each percentage discount or surcharge rounded to the cent (EUR),
    /// half away from zero, before it is added.
    pub fn quoted_price(&self) -> (Decimal, Decimal) {
        self.price_rounding(true)
    }

    pub fn adjusted_price(&self) -> (Decimal, Decimal) {
        self.price_rounding(false)
    }

    fn price_rounding(&self, cents: bool) -> (Decimal, Decimal) {
        let base = self.price();
        let (mut once, mut monthly) = base;
        for a in &self.model.adjustments {
            if !self.holds(&a.when, &[]) {
                continue;
            }
            let sign = match a.kind {
                AdjustmentKind::Discount => -Decimal::ONE,
                AdjustmentKind::Surcharge => Decimal::ONE,
            };
            let (to_once, to_monthly) = match a.period {
                Some(Period::Once) => (true, false),
                Some(Period::Monthly) => (false, true),
                None if a.percent => (true, true),
                None => (true, false),
            };
            let change = |b: Decimal| {
                if a.percent && cents {
                    (sign * a.amount * b / Decimal::ONE_HUNDRED).round_dp_with_strategy(
                        2,
                        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                    )
                } else if a.percent {
                    sign * a.amount * b / Decimal::ONE_HUNDRED
                } else {
                    sign * a.amount
                }
            };
            if to_once {
                once += change(base.0);
            }
            if to_monthly {
                monthly += change(base.1);
            }
        }
        (once, monthly)
    }

    // ---- constraints -------------------------------------------------------------------------

    /// Does the hard constraint hold in this configuration (for every instance it quantifies over)?
    pub fn constraint_holds(&self, c: &Constraint) -> bool {
        let Some(&deepest) = c.for_each.last() else {
            return self.body_holds(&c.body, &[]);
        };
        let scopes = self.layout.scopes(deepest);
        debug_assert!(supported_for_each(self.layout, c));
        let mut idx = vec![1u32; scopes.len()];
        loop {
            if self.present(deepest, &idx) {
                let binding: Vec<(CompId, u32)> = scopes
                    .iter()
                    .map(|s| s.0)
                    .zip(idx.iter().copied())
                    .collect();
                if !self.body_holds(&c.body, &binding) {
                    return false;
                }
            }
            // Next index vector (odometer, last digit fastest).
            let mut j = scopes.len();
            loop {
                if j == 0 {
                    return true;
                }
                j -= 1;
                if idx[j] < scopes[j].1 {
                    idx[j] += 1;
                    break;
                }
                idx[j] = 1;
            }
        }
    }

    fn body_holds(&self, body: &ConstraintBody, b: &Binding) -> bool {
        match body {
            ConstraintBody::Expr(e) => self.holds(e, b),
            ConstraintBody::When(c, e) => !self.holds(c, b) || self.holds(e, b),
            ConstraintBody::Table(t) => self.table_holds(t, b),
        }
    }

    fn table_holds(&self, t: &Table, b: &Binding) -> bool {
        let values: Vec<Option<u32>> = t
            .columns
            .iter()
            .map(|c| self.column(&c.target, b))
            .collect();
        let any_row = (0..t.row_count()).any(|i| {
            t.row(i)
                .iter()
                .zip(&values)
                .all(|(&cell, v)| match (cell, v) {
                    (TableCell::Any, _) => true,
                    (_, None) => false,
                    (cell, Some(v)) => t.admits(cell, *v),
                })
        });
        match t.kind {
            TableKind::Allow => any_row,
            TableKind::Forbid => !any_row,
        }
    }

    /// A column's coded value (None when its feature is absent, also for a value column).
    fn column(&self, r: &Ref, b: &Binding) -> Option<u32> {
        match r.target {
            Target::Feat(f) => {
                let (_, idx, _) = self.direct(r, b);
                let v = self.feat_val(f, &idx)?;
                Some(match &self.model.feat(f).kind {
                    FeatureKind::OneOf(_) | FeatureKind::Bool { .. } => v as u32,
                    FeatureKind::Int { min, .. } => (v - min) as u32,
                    FeatureKind::AnyOf { .. } => panic!("oracle: any_of table column"),
                })
            }
            Target::Value(f, _) => {
                let (_, idx, _) = self.direct(r, b);
                self.feat_val(f, &idx)?;
                Some(self.ref_holds(r, b) as u32)
            }
            Target::Comp(_) => Some(self.ref_holds(r, b) as u32),
            _ => panic!("oracle: attribute table column"),
        }
    }
}

/// Is every constraint's quantification one the oracle understands (ancestor-closed)?
pub fn supported_for_each(layout: &Layout, c: &Constraint) -> bool {
    match c.for_each.last() {
        None => true,
        Some(&d) => layout
            .scopes(d)
            .iter()
            .map(|s| s.0)
            .eq(c.for_each.iter().copied()),
    }
}

fn attr_of(attrs: &[(AttrId, Decimal)], a: AttrId) -> Decimal {
    attrs
        .iter()
        .find(|(x, _)| *x == a)
        .map(|x| x.1)
        .unwrap_or_default()
}

fn bit(b: bool) -> Decimal {
    if b {
        Decimal::ONE
    } else {
        Decimal::ZERO
    }
}

/// The component a target lives in (a component is its own).
pub fn home(model: &Model, t: Target) -> CompId {
    match t {
        Target::Comp(c) | Target::CompAttr(c, _) => c,
        Target::Feat(f) | Target::Value(f, _) | Target::Attr(f, _) => model.feat(f).comp,
    }
}

fn describe_target(model: &Model, t: Target) -> String {
    match t {
        Target::Comp(c) => model.comp(c).path.clone(),
        Target::Feat(f) => model.feat(f).path.clone(),
        Target::Value(f, i) => format!(
            "{}.{}",
            model.feat(f).path,
            model.feat(f).kind.values()[i as usize].id
        ),
        Target::Attr(f, a) => format!("{}.{}", model.feat(f).path, model.attr_name(a)),
        Target::CompAttr(c, a) => format!("{}.{}", model.comp(c).path, model.attr_name(a)),
    }
}
