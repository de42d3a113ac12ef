//! CNF formulas: the public `Cnf` and its normalised internal form (dense variables, clean clauses).

/// A formula in conjunctive normal form with DIMACS-style literals: variable `v` (1-based) is the
/// literal `v`, its negation `-v`. The variables are `1..=num_vars`; a variable that occurs in no
/// clause is free (it doubles the count).
///
/// `count` is forgiving about a hand-built `Cnf` that is not well formed: a literal whose variable is
/// above `num_vars` widens the variable range to it, and a literal `0` is ignored (so a clause made
/// only of zeros is the empty clause).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cnf {
    pub num_vars: u32,
    pub clauses: Vec<Vec<i32>>,
}

impl Cnf {
    /// A formula over `num_vars` variables and no clauses yet.
    pub fn new(num_vars: u32) -> Cnf {
        Cnf {
            num_vars,
            clauses: Vec::new(),
        }
    }

    /// Append one clause.
    pub fn add_clause(&mut self, clause: impl IntoIterator<Item = i32>) {
        self.clauses.push(clause.into_iter().collect());
    }
}

/// An internal literal over dense variables `0..n`: `2 * var` is positive, `2 * var + 1` negative.
pub(super) type Lit = u32;

pub(super) fn var_of(lit: Lit) -> u32 {
    lit >> 1
}

/// The formula the counter works on: only variables that occur in a clause (renumbered densely),
/// no duplicate literals, no tautologies, no duplicate clauses; unit clauses set apart.
#[derive(Debug, Clone, Default)]
pub(super) struct Formula {
    /// Dense variables `0..num_vars`.
    pub num_vars: u32,
    /// Variables of the original formula that occur in no (non-tautological) clause.
    pub free_vars: u64,
    /// Literals asserted by unit clauses.
    pub units: Vec<Lit>,
    /// Clauses of two or more literals, sorted, each sorted.
    pub clauses: Vec<Vec<Lit>>,
    /// The formula has an empty clause.
    pub has_empty_clause: bool,
    /// Original variable number to dense variable.
    pub dense: std::collections::HashMap<u32, u32>,
}

impl Formula {
    pub fn from_cnf(cnf: &Cnf) -> Formula {
        // The variable range: the header, widened by any literal beyond it.
        let max_var = cnf
            .clauses
            .iter()
            .flatten()
            .map(|l| l.unsigned_abs())
            .max()
            .unwrap_or(0)
            .max(cnf.num_vars);

        let mut dense: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
        let mut units = Vec::new();
        let mut clauses = Vec::new();
        let mut has_empty_clause = false;
        let mut signed: Vec<(u32, bool)> = Vec::new();
        for clause in &cnf.clauses {
            signed.clear();
            signed.extend(
                clause
                    .iter()
                    .filter(|&&l| l != 0)
                    .map(|&l| (l.unsigned_abs(), l < 0)),
            );
            signed.sort_unstable();
            signed.dedup();
            if signed.windows(2).any(|w| w[0].0 == w[1].0) {
                continue; // x or not x: always true
            }
            if signed.is_empty() {
                has_empty_clause = true;
                continue;
            }
            let mut lits: Vec<Lit> = signed
                .iter()
                .map(|&(v, negative)| {
                    let next = dense.len() as u32;
                    let d = *dense.entry(v).or_insert(next);
                    2 * d + u32::from(negative)
                })
                .collect();
            if lits.len() == 1 {
                units.push(lits[0]);
            } else {
                lits.sort_unstable();
                clauses.push(lits);
            }
        }
        clauses.sort_unstable();
        clauses.dedup();
        units.sort_unstable();
        units.dedup();
        let num_vars = dense.len() as u32;
        Formula {
            num_vars,
            free_vars: u64::from(max_var) - u64::from(num_vars),
            units,
            clauses,
            has_empty_clause,
            dense,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation() {
        let cnf = Cnf {
            num_vars: 5,
            clauses: vec![
                vec![1, -1, 2], // tautology
                vec![2, 2, -3], // duplicate literal
                vec![-3, 2],    // same clause again
                vec![4, 0],     // a zero is ignored: unit
            ],
        };
        let f = Formula::from_cnf(&cnf);
        assert_eq!(f.num_vars, 3); // 2, 3, 4
        assert_eq!(f.free_vars, 2); // 1, 5
        assert_eq!(f.clauses.len(), 1);
        assert_eq!(f.units.len(), 1);
        assert!(!f.has_empty_clause);
    }

    #[test]
    fn variables_beyond_the_header_widen_it() {
        let cnf = Cnf {
            num_vars: 1,
            clauses: vec![vec![3]],
        };
        let f = Formula::from_cnf(&cnf);
        assert_eq!((f.num_vars, f.free_vars), (1, 2));
    }

    #[test]
    fn extreme_literals_do_not_overflow() {
        let cnf = Cnf {
            num_vars: 0,
            clauses: vec![vec![i32::MIN, i32::MAX]],
        };
        let f = Formula::from_cnf(&cnf);
        assert_eq!(f.num_vars, 2);
        assert_eq!(f.free_vars, (1u64 << 31) - 2);
    }
}
