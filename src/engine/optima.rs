//! Price optima kept between clicks: the least or greatest price of a period proven under some
//! assumptions, with a configuration that reaches it. A later click whose assumptions include
//! all of those and hold in that configuration has the same optimum: its configurations are
//! among the earlier ones, so none does better, and that one is still among them. Such a click
//! asks the solver nothing for that bound (a customer adding a choice the most expensive
//! configuration already has keeps the greatest price as it was).

use super::price_terms::Period;
use crate::solve::Lit;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// The last optimum proven per period and direction (least or greatest).
#[derive(Default)]
pub struct Optima {
    kept: HashMap<(Period, bool), Kept>,
}

struct Kept {
    assumptions: HashSet<Lit>,
    value: Decimal,
    /// Every variable's value in a configuration reaching `value` (by variable index).
    model: Vec<bool>,
}

impl Optima {
    /// The optimum kept for `key` if it is the optimum under `assumptions` too.
    pub fn reuse(&self, key: (Period, bool), assumptions: &[Lit]) -> Option<Decimal> {
        let k = self.kept.get(&key)?;
        let now: HashSet<Lit> = assumptions.iter().copied().collect();
        let holds = |l: Lit| {
            k.model
                .get(l.var().0 as usize)
                .is_some_and(|&v| v != l.is_negated())
        };
        let fewer = k.assumptions.iter().all(|l| now.contains(l));
        (fewer && assumptions.iter().all(|&l| holds(l))).then_some(k.value)
    }

    /// Keeps `value`, proven under `assumptions` and reached by `model` (an empty model keeps
    /// nothing: there is no configuration to check later clicks against).
    pub fn keep(
        &mut self,
        key: (Period, bool),
        assumptions: &[Lit],
        value: Decimal,
        model: Vec<bool>,
    ) {
        if model.is_empty() {
            self.kept.remove(&key);
            return;
        }
        let assumptions = assumptions.iter().copied().collect();
        self.kept.insert(
            key,
            Kept {
                assumptions,
                value,
                model,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::Var;

    #[test]
    fn an_optimum_is_reused_only_under_more_assumptions_its_configuration_keeps() {
        let (a, b, c) = (Lit::pos(Var(0)), Lit::pos(Var(1)), Lit::pos(Var(2)));
        let mut o = Optima::default();
        let key = (Period::Once, false);
        // Reached where a and b hold and c does not.
        o.keep(key, &[a], Decimal::from(7), vec![true, true, false]);
        assert_eq!(o.reuse(key, &[a]), Some(Decimal::from(7)));
        assert_eq!(o.reuse(key, &[a, b]), Some(Decimal::from(7)));
        assert_eq!(o.reuse(key, &[a, !c]), Some(Decimal::from(7)));
        // A choice the configuration does not keep, or one taken away: searched again.
        assert_eq!(o.reuse(key, &[a, c]), None);
        assert_eq!(o.reuse(key, &[b]), None);
        // A variable made after the configuration was found: nothing known of it.
        assert_eq!(o.reuse(key, &[a, Lit::pos(Var(5))]), None);
        // Another period or direction: nothing kept.
        assert_eq!(o.reuse((Period::Once, true), &[a]), None);
        o.keep(key, &[a], Decimal::from(7), Vec::new());
        assert_eq!(o.reuse(key, &[a]), None);
    }
}
