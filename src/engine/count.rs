//! `count`: the exact number of valid configurations under a selection. Catalogs of finite-domain
//! features and tables are counted at their own level (`count_tables.rs`: variable elimination on
//! the tables, independent groups multiplied); every other catalog by model counting the
//! encoding (every auxiliary variable is defined by the configuration's own variables, so models
//! and configurations correspond one to one; the counter splits independent components itself).

use super::answer::Count;
use super::choice::Choice;
use super::count_tables::{count_tables, suits_tables};
use super::session::Session;
use crate::budget::Budget;
use crate::count::{count_preferring, count_projected, Cnf, CountResult, CspCount};
use crate::encode::{wide_equals, FeatLits};
use crate::model::FeatureKind;
use num_bigint::BigUint;
use num_traits::Zero;

/// Which counter answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CountMethod {
    /// Tables when the catalog has tables or multi-valued features, qualifies, and its factors
    /// stay small; else #SAT.
    #[default]
    Auto,
    /// Only the CSP-level counter.
    Tables,
    /// Only model counting of the encoding.
    Sat,
}

pub fn count(s: &Session, choices: &[Choice], budget: &Budget) -> Count {
    count_with(s, choices, budget, CountMethod::Auto).unwrap_or_else(unknown)
}

/// [`count`] by a given method; None when `Tables` was asked of a catalog or selection it does
/// not take (or whose factors grow past their limit).
pub fn count_with(
    s: &Session,
    choices: &[Choice],
    budget: &Budget,
    method: CountMethod,
) -> Option<Count> {
    match unbounded(s, choices, budget) {
        None => return Some(unknown()),
        Some(true) => return Some(infinite()),
        Some(false) => {}
    }
    let tables = match method {
        CountMethod::Auto => suits_tables(&s.model),
        CountMethod::Tables => true,
        CountMethod::Sat => false,
    };
    if tables {
        match count_tables(&s.model, &s.enc, choices, budget) {
            Some(CspCount::Exact(n)) => return Some(exact(n)),
            Some(CspCount::Unknown) => return Some(unknown()),
            Some(CspCount::TooLarge) | None if method == CountMethod::Tables => return None,
            Some(CspCount::TooLarge) | None => {}
        }
    }
    Some(count_sat(s, choices, budget))
}

/// The compiled encoding with every rule on and `choices` made, as the counter reads it.
fn formula(s: &Session, choices: &[Choice]) -> Cnf {
    let enc = &s.enc;
    // Only the compiled encoding: what clicks added later (price gates, bound diagrams) defines
    // new variables from these (one extension per model), so the count is the same, and the
    // counter does not wade through a session's history.
    let (mut clauses, num_vars) = s.compiled_clause_form();
    clauses.extend(enc.selectors.iter().map(|l| vec![l.to_dimacs()]));
    for c in choices {
        for l in &c.lits {
            match enc.differs.get(l) {
                Some(clause) => clauses.push(clause.iter().map(|x| x.to_dimacs()).collect()),
                None => clauses.push(vec![l.to_dimacs()]),
            }
        }
    }
    Cnf { num_vars, clauses }
}

/// Can an int whose range the catalog leaves open reach that side's 64-bit limit, or instances
/// with no maximum their horizon (each standing in for no bound), under `choices`? Then the
/// configurations are infinitely many. Each question is a projected count onto no variable: 1
/// when there is a model. None when the budget ran out.
fn unbounded(s: &Session, choices: &[Choice], budget: &Budget) -> Option<bool> {
    let mut cnf: Option<Cnf> = None;
    let lay = &s.enc.layout;
    for mu in lay.multis.iter().filter(|mu| s.model.comp(mu.comp).open) {
        let Some(&last) = mu.slots.last() else {
            continue;
        };
        let cnf = cnf.get_or_insert_with(|| formula(s, choices));
        cnf.clauses.push(vec![lay.comps[last].presence.to_dimacs()]);
        let answer = count_projected(cnf, &[], &[], budget);
        cnf.clauses.pop();
        match answer {
            CountResult::Unknown => return None,
            CountResult::Exact(n) if !n.is_zero() => return Some(true),
            CountResult::Exact(_) => {}
        }
    }
    for fi in &s.enc.layout.feats {
        let FeatureKind::Int { open, .. } = s.model.feat(fi.feat).kind else {
            continue;
        };
        let FeatLits::Bits {
            min, bits, pres, ..
        } = &fi.lits
        else {
            continue;
        };
        for (is_open, limit) in [(open.below, i64::MIN), (open.above, i64::MAX)] {
            if !is_open {
                continue;
            }
            // Built on the first open int only (most catalogs have none), then shared.
            let cnf = cnf.get_or_insert_with(|| formula(s, choices));
            let base = cnf.clauses.len();
            let at_limit = wide_equals(*min, bits, *pres, limit);
            cnf.clauses
                .extend(at_limit.iter().map(|l| vec![l.to_dimacs()]));
            let answer = count_projected(cnf, &[], &[], budget);
            cnf.clauses.truncate(base);
            match answer {
                CountResult::Unknown => return None,
                CountResult::Exact(n) if !n.is_zero() => return Some(true),
                CountResult::Exact(_) => {}
            }
        }
    }
    Some(false)
}

fn count_sat(s: &Session, choices: &[Choice], budget: &Budget) -> Count {
    let enc = &s.enc;
    let vars = s.compiled_vars();
    let cnf = formula(s, choices);
    let decision: Vec<u32> = enc
        .cnf
        .decision_vars()
        .into_iter()
        .filter(|&v| v <= vars)
        .collect();
    match count_preferring(&cnf, &decision, budget) {
        CountResult::Exact(n) => exact(n),
        CountResult::Unknown => unknown(),
    }
}

fn exact(n: BigUint) -> Count {
    Count {
        count: Some(n.to_string()),
        exact: true,
    }
}

fn infinite() -> Count {
    Count {
        count: Some("infinite".to_string()),
        exact: true,
    }
}

fn unknown() -> Count {
    Count {
        count: None,
        exact: false,
    }
}
