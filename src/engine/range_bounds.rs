//! Ranges as bounds: a wide int held to a range, told to the solver as a linear bound on its
//! definition (`encode/defined.rs`), which it propagates by bounds (`solve/linear.rs`).
//!
//! Each int the definition adds up becomes one part of the bound: its possible numbers (root
//! range and class, at most [`MAX_VALUES`]) as exclusive literals `offset = v`. Exactly one
//! holds, so the solver sees each int's true least and greatest (a bike's price 20..160, not
//! the 280 its parts add up to, which a count rule forbids) and a total near its greatest
//! rules out every cheap bike at once. A definition over choices only (a bike's price: wheels
//! and bags) is the bound on those choices.
//!
//! Soundness: the definition holds in every configuration while every rule is on, each int's
//! numbers outside its root range and class are proven impossible then, and the caller's
//! assumptions already hold the int to the range, so the bound loses no configuration.

use super::parts::parts;
use super::session::Session;
use crate::encode::{int_scale, FeatLits};
use crate::solve::Lit;

/// Numbers an int may have, at most, to be one part of a bound.
const MAX_VALUES: i128 = 64;

/// A solver part list and its bound: `Σ parts ≤ bound`.
pub type Bound = (Vec<Vec<(i64, Lit)>>, i64);

/// The bounds `lo ≤ offset(fi) ≤ hi` give for each `(fi, (lo, hi))` that has a definition
/// the solver can take.
pub fn range_bounds(s: &mut Session, ranges: &[(usize, (i128, i128))]) -> Vec<Bound> {
    let mut out = Vec::new();
    for &(fi, (lo, hi)) in ranges {
        for (sign, k) in [(1, hi), (-1, -lo)] {
            out.extend(definition_bound(s, fi, sign, k));
        }
    }
    out
}

/// `sign · offset(fi) ≤ k` over `fi`'s definition: the ints there by their numbers, every
/// other literal as it is. `None` without a definition, when an int there has too many
/// numbers or no proven range, or past 64 bits.
fn definition_bound(s: &mut Session, fi: usize, sign: i128, k: i128) -> Option<Bound> {
    let def = s.defined.get(&fi)?.clone();
    let mut ints: Vec<usize> = def
        .terms
        .iter()
        .filter_map(|(_, l)| s.enc.bit_owner.get(&l.var()).copied())
        .collect();
    ints.sort_unstable();
    ints.dedup();
    let others: Vec<(i128, Lit)> = def
        .terms
        .iter()
        .filter(|(_, l)| !s.enc.bit_owner.contains_key(&l.var()))
        .copied()
        .collect();
    let mut out = parts(&others, sign, &s.enc.groups, &s.enc.layout)?;
    let mut bound = k.checked_sub(sign * def.constant)?;
    for g in ints {
        let d = int_scale(&s.enc, g, &def.terms)?;
        let values = numbers(s, g)?;
        // Exactly one number holds: the least weight moves into the bound.
        let least = values.iter().map(|&v| sign * d * v).min()?;
        bound = bound.checked_sub(least)?;
        let mut part = Vec::new();
        for v in values {
            let w = i64::try_from(sign * d * v - least).ok()?;
            part.push((w, value_lit(s, g, v)));
        }
        out.push(part);
    }
    Some((out, i64::try_from(bound).ok()?))
}

/// The offsets wide int `g` can have with every rule on: its proven root range, in its class.
fn numbers(s: &Session, g: usize) -> Option<Vec<i128>> {
    let &(lo, hi) = s.proven.get(&g)?;
    let (m, r) = s.enc.classes.get(&g).copied().unwrap_or((1, 0));
    let first = lo + (r - lo).rem_euclid(m);
    if first > hi || (hi - first) / m >= MAX_VALUES {
        return None;
    }
    Some(
        (0..)
            .map(|i| first + i * m)
            .take_while(|&v| v <= hi)
            .collect(),
    )
}

/// `offset(fi) = v`, a gate over the bits (made once per session).
fn value_lit(s: &mut Session, fi: usize, v: i128) -> Lit {
    if let Some(&l) = s.value_lits.get(&(fi, v)) {
        return l;
    }
    let FeatLits::Bits { bits, .. } = &s.enc.layout.feats[fi].lits else {
        return s.enc.cnf.falsity();
    };
    let point: Vec<Lit> = bits
        .iter()
        .enumerate()
        .map(|(i, &b)| if v >> i & 1 == 1 { b } else { !b })
        .collect();
    let l = s.enc.cnf.and(&point);
    s.value_lits.insert((fi, v), l);
    l
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Budget;
    use crate::engine::root_ranges::settle_root_ranges;
    use crate::solve::SolveResult;

    /// Three bikes, each a wheel and up to two bags, their prices summed (travel-bike's shape).
    const FLEET: &str = r#"
catalog: fleet
features:
  fleet_price: { int: { min: 0, max: 1000 } }
components:
  bike:
    instances: { min: 3, max: 3 }
    features:
      price: { int: { min: 0, max: 240 } }
      wheel:
        one_of:
          small: { attrs: { price: 10 } }
          big: { attrs: { price: 40 } }
    components:
      bag:
        instances: { min: 0, max: 2 }
        features:
          kind:
            one_of:
              b10: { attrs: { price: 10 } }
              b50: { attrs: { price: 30 } }
rules: |
  rule fleet_total: fleet_price = sum(bike.price)
  rule each: bike.price = bike.wheel.price + sum(bike.bag.kind.price)
"#;

    fn fleet() -> Session {
        let l = crate::load::load_str("fleet.yaml", FLEET, &crate::front::NoIncludes);
        let mut s = Session::new(l.model.expect("loads")).expect("encodes");
        settle_root_ranges(&mut s, &Budget::millis(20_000));
        s
    }

    fn bits(s: &Session, fi: usize) -> Vec<Lit> {
        match &s.enc.layout.feats[fi].lits {
            FeatLits::Bits { bits, .. } => bits.clone(),
            _ => panic!("{} is not wide", s.enc.layout.feats[fi].path),
        }
    }

    fn wide(s: &Session, path: &str) -> usize {
        let found = s.enc.layout.feats.iter().position(|f| f.path == path);
        found.unwrap_or_else(|| panic!("no feature {path}"))
    }

    #[test]
    fn the_total_is_defined_by_the_prices_and_each_price_by_choices() {
        let s = fleet();
        let total = wide(&s, "fleet_price");
        let reads = |fi: usize| -> Vec<usize> {
            let mut v: Vec<usize> = s.defined[&fi]
                .terms
                .iter()
                .filter_map(|(_, l)| s.enc.bit_owner.get(&l.var()).copied())
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let prices: Vec<usize> = (1..=3)
            .map(|i| wide(&s, &format!("bike[{i}].price")))
            .collect();
        assert_eq!(reads(total), prices);
        for p in prices {
            assert_eq!(
                reads(p),
                Vec::<usize>::new(),
                "a price is its wheel and bags"
            );
        }
    }

    /// Every offset of the total and of a price, with and without its range as a bound: the
    /// same answer (the bound loses no configuration and lets none in).
    #[test]
    fn ranges_as_bounds_answer_as_the_bits_do() {
        let mut s = fleet();
        let rules = s.all_rules();
        let budget = || Budget::millis(10_000);
        for path in ["fleet_price", "bike[2].price"] {
            let fi = wide(&s, path);
            let bits = bits(&s, fi);
            // Both directions, over the prices' numbers (the fleet) or the choices (a bike).
            assert_eq!(range_bounds(&mut s, &[(fi, (0, 10))]).len(), 2, "{path}");
            let span = if path == "fleet_price" { 1000 } else { 240 };
            let mut sat = 0;
            for o in 0..=span {
                let mut a = rules.clone();
                a.extend(
                    bits.iter()
                        .enumerate()
                        .map(|(i, &b)| if o >> i & 1 == 1 { b } else { !b }),
                );
                let plain = s.solve(&a, &budget());
                let bounded = s.solve_ranges(&a, &[(fi, (o, o))], &budget());
                assert_ne!(plain, SolveResult::Unknown);
                assert_eq!(plain, bounded, "{path} = {o}");
                sat += usize::from(plain == SolveResult::Sat);
            }
            // A price: 10..100 in tens but 90 (a wheel of 10 or 40, bags of 10 or 30); three
            // of them: 30..300 in tens but 290 (counted by hand).
            let expected = if path == "fleet_price" { 27 } else { 9 };
            assert_eq!(sat, expected, "{path}");
        }
    }
}
