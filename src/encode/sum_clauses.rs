//! Kept sums as clauses, for what reads clauses alone (the model counter, DIMACS exports): each
//! sum (`Cnf::sum`) becomes the decision diagram (or adders) that `linear::at_least` builds,
//! its root tied to the sum's literal. The new variables are gate outputs, defined by the
//! sum's inputs, so a count projected onto the configuration's variables does not change.

use super::cnf::Cnf;
use super::linear::{at_least, Groups};

/// The first `clauses` clauses and the clauses of the first `sums` sums of `cnf`, in DIMACS
/// numbering, with the number of variables they use: the first `vars` of `cnf` (which must
/// hold every variable those clauses and sums read) and the diagrams' own after them.
pub fn clauses_with_sums(
    cnf: &Cnf,
    clauses: usize,
    sums: usize,
    vars: u32,
) -> (Vec<Vec<i32>>, u32) {
    let mut out = cnf.to_dimacs_clauses_upto(clauses);
    let sums = &cnf.sums[..sums.min(cnf.sums.len())];
    if sums.is_empty() {
        return (out, vars);
    }
    let mut extra = cnf.continuation(vars);
    for def in sums {
        let mut groups = Groups::new();
        for (g, part) in def.parts.iter().enumerate() {
            if part.len() > 1 {
                groups.extend(part.iter().map(|(_, l)| (l.var(), g as u32)));
            }
        }
        let terms: Vec<_> = def.parts.iter().flatten().copied().collect();
        // `at_least` falls back to adders rather than fail: the error is never returned.
        let root = at_least(&mut extra, &terms, def.k, &groups).unwrap_or(extra.falsity());
        extra.clause(&[!def.lit, root]);
        extra.clause(&[def.lit, !root]);
    }
    out.extend(extra.to_dimacs_clauses());
    (out, extra.num_vars)
}
