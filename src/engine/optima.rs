//! Price optima kept between clicks: the least or greatest price of a period proven under some
//! choices (every rule on), with the configuration that reaches it as a witness (`witness.rs`).
//! A later click whose choices include all of those and hold in that configuration has the same
//! optimum: its configurations are among the earlier ones, so none does better, and that one is
//! still among them. Such a click asks the solver nothing for that bound (a customer adding a
//! choice the most expensive configuration already has keeps the greatest price as it was).

use super::price_terms::Period;
use super::witness::{Witness, WitnessPool};
use crate::solve::Lit;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// The last optimum proven per period and direction (least or greatest).
#[derive(Default)]
pub struct Optima {
    kept: HashMap<(Period, bool), Kept>,
}

struct Kept {
    choices: HashSet<Lit>,
    value: Decimal,
    reached_by: Witness,
}

impl Optima {
    /// The optimum kept for `key` if it is the optimum under `choices` too (`pool` reads the
    /// kept configuration; a variable it did not track then fails the check).
    pub fn reuse(
        &self,
        key: (Period, bool),
        choices: &[Lit],
        pool: &WitnessPool,
    ) -> Option<Decimal> {
        let k = self.kept.get(&key)?;
        let now: HashSet<Lit> = choices.iter().copied().collect();
        let more = k.choices.iter().all(|l| now.contains(l));
        (more && pool.agrees(&k.reached_by, choices)).then_some(k.value)
    }

    /// Keeps `value`, proven under `choices` and reached by `reached_by` (None keeps nothing:
    /// there is no configuration to check later clicks against).
    pub fn keep(
        &mut self,
        key: (Period, bool),
        choices: &[Lit],
        value: Decimal,
        reached_by: Option<Witness>,
    ) {
        let Some(reached_by) = reached_by else {
            self.kept.remove(&key);
            return;
        };
        let choices = choices.iter().copied().collect();
        self.kept.insert(
            key,
            Kept {
                choices,
                value,
                reached_by,
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
        let pool = WitnessPool::new([a, b, c]);
        let mut o = Optima::default();
        let key = (Period::Once, false);
        // Reached where a and b hold and c does not.
        let reached = pool.capture(|l| l != c);
        o.keep(key, &[a], Decimal::from(7), Some(reached));
        assert_eq!(o.reuse(key, &[a], &pool), Some(Decimal::from(7)));
        assert_eq!(o.reuse(key, &[a, b], &pool), Some(Decimal::from(7)));
        assert_eq!(o.reuse(key, &[a, !c], &pool), Some(Decimal::from(7)));
        // A choice the configuration does not keep, or one taken away: searched again.
        assert_eq!(o.reuse(key, &[a, c], &pool), None);
        assert_eq!(o.reuse(key, &[b], &pool), None);
        // A variable the configuration does not know: nothing known of it.
        assert_eq!(o.reuse(key, &[a, Lit::pos(Var(5))], &pool), None);
        // Another period or direction: nothing kept.
        assert_eq!(o.reuse((Period::Once, true), &[a], &pool), None);
        o.keep(key, &[a], Decimal::from(7), None);
        assert_eq!(o.reuse(key, &[a], &pool), None);
    }
}
