//! Exact model counting (#SAT) of CNF formulas: DPLL with unit propagation, connected-component
//! decomposition and component caching. The engine counts a catalog's configurations with it.
//! Catalogs made only of finite-domain features and tables are counted at their own level
//! instead, by variable elimination over sparse factors ([`Csp`]).
//!
//! - `cnf.rs`: the public [`Cnf`] and its normalised form (dense variables, no tautologies).
//! - `dimacs.rs`: [`parse_dimacs`].
//! - `propagate.rs`: assignment, trail, unit propagation (two watched literals).
//! - `components.rs`: splitting the residual formula into independent components, their canonical
//!   cache keys, and the branching heuristic.
//! - `cache.rs`: counts of components already seen, memory-bounded.
//! - `search.rs`: the search itself, with an explicit stack.
//! - `csp.rs`: [`Csp`], table constraints over finite domains; `factor.rs` sparse factors (join,
//!   sum out), `eliminate.rs` variable elimination, `keys.rs` tuple ids, `num.rs` exact counts.
//!
//! ```
//! use tailor::budget::Budget;
//! use tailor::count::{count, parse_dimacs, CountResult};
//!
//! let cnf = parse_dimacs("p cnf 3 1\n1 2 0\n").unwrap();
//! assert_eq!(count(&cnf, &Budget::unlimited()), CountResult::Exact(6u32.into()));
//! ```

mod cache;
mod cnf;
mod components;
mod csp;
mod dimacs;
mod eliminate;
mod factor;
mod keys;
mod num;
mod propagate;
mod search;
#[cfg(test)]
mod tests;

pub use cnf::Cnf;
pub use csp::{Csp, CspCount, CspError, ROW_LIMIT};
pub use dimacs::{parse_dimacs, DimacsError};

use crate::budget::Budget;
use num_bigint::BigUint;
use num_traits::Zero;

/// The number of models, or `Unknown` when the budget ran out first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountResult {
    Exact(BigUint),
    Unknown,
}

/// The component cache holds at most this many 32-bit words (keys and counts): 256 MiB.
const CACHE_LIMIT_WORDS: usize = 1 << 26;

/// What a count cost: branching decisions, cache hits, cache clears (memory bound reached).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CountStats {
    pub decisions: u64,
    pub cache_hits: u64,
    pub cache_entries: usize,
    pub cache_clears: u64,
}

/// Count the assignments of variables `1..=cnf.num_vars` that satisfy every clause. Variables in
/// no clause are free (a factor 2 each). The budget's clock is read regularly; when it has
/// expired the answer is `Unknown`, never a partial number.
pub fn count(cnf: &Cnf, budget: &Budget) -> CountResult {
    count_with_stats(cnf, budget).0
}

/// [`count`], branching first on the variables `prefer` (DIMACS numbers): for formulas whose other
/// variables are defined by these (Tseitin gates), which makes such formulas far easier to count.
pub fn count_preferring(cnf: &Cnf, prefer: &[u32], budget: &Budget) -> CountResult {
    count_inner(cnf, prefer, None, budget).0
}

/// [`count`], and what it cost.
pub fn count_with_stats(cnf: &Cnf, budget: &Budget) -> (CountResult, CountStats) {
    count_inner(cnf, &[], None, budget)
}

/// The number of assignments of the variables `project` (DIMACS numbers, each at most
/// `cnf.num_vars`) that extend to a model: projected model counting, the others existentially
/// quantified. `prefer` as in [`count_preferring`], among the others.
pub fn count_projected(cnf: &Cnf, project: &[u32], prefer: &[u32], budget: &Budget) -> CountResult {
    count_inner(cnf, prefer, Some(project), budget).0
}

fn count_inner(
    cnf: &Cnf,
    prefer: &[u32],
    project: Option<&[u32]>,
    budget: &Budget,
) -> (CountResult, CountStats) {
    let zero = (CountResult::Exact(BigUint::zero()), CountStats::default());
    let formula = cnf::Formula::from_cnf(cnf);
    if formula.has_empty_clause {
        return zero;
    }
    let mut prop = propagate::Propagator::new(&formula);
    let consistent = formula.units.iter().all(|&lit| prop.assume(lit)) && prop.propagate();
    if !consistent {
        return zero;
    }
    let mut splitter = components::Splitter::new(formula.num_vars, &prop);
    splitter.prefer(prefer.iter().filter_map(|v| formula.dense.get(v).copied()));
    // Variables in no clause are free: all of them count, or only the projected ones.
    let mut free_vars = formula.free_vars;
    if let Some(project) = project {
        let mut shown: Vec<u32> = project
            .iter()
            .copied()
            .filter(|&v| v >= 1 && v <= cnf.num_vars)
            .collect();
        shown.sort_unstable();
        shown.dedup();
        let in_clauses: Vec<u32> = shown
            .iter()
            .filter_map(|v| formula.dense.get(v).copied())
            .collect();
        free_vars = (shown.len() - in_clauses.len()) as u64;
        splitter.project(in_clauses.into_iter());
    }
    let cache = cache::Cache::new(CACHE_LIMIT_WORDS);
    let mut search = search::Search::new(prop, splitter, cache, budget);
    let vars: Vec<u32> = (0..formula.num_vars).collect();
    let result = match search.count(&vars) {
        Some(n) => CountResult::Exact(n << free_vars),
        None => CountResult::Unknown,
    };
    let stats = CountStats {
        decisions: search.decisions,
        cache_hits: search.cache.hits,
        cache_entries: search.cache.len(),
        cache_clears: search.cache.clears,
    };
    (result, stats)
}
