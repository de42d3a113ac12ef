//! `count`: the exact number of valid configurations under a selection, by model counting the
//! encoding (every auxiliary variable is defined by the configuration's own variables, so models
//! and configurations correspond one to one). The counter splits the formula into independent
//! components as it goes, which multiplies the counts of independent groups of features.

use super::answer::Count;
use super::choice::Choice;
use super::session::Session;
use crate::budget::Budget;
use crate::count::{count_preferring, Cnf, CountResult};

pub fn count(s: &Session, choices: &[Choice], budget: &Budget) -> Count {
    let enc = &s.enc;
    let mut clauses = enc.cnf.to_dimacs_clauses();
    clauses.extend(enc.selectors.iter().map(|l| vec![l.to_dimacs()]));
    for c in choices {
        clauses.extend(c.lits.iter().map(|l| vec![l.to_dimacs()]));
    }
    let cnf = Cnf {
        num_vars: enc.cnf.num_vars,
        clauses,
    };
    match count_preferring(&cnf, &enc.cnf.decision_vars(), budget) {
        CountResult::Exact(n) => Count {
            count: Some(n.to_string()),
            exact: true,
        },
        CountResult::Unknown => Count {
            count: None,
            exact: false,
        },
    }
}
