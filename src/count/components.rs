//! Connected components of the residual formula: unassigned variables linked by clauses that are not
//! yet satisfied. Independent components are counted separately and their counts multiplied.

use super::cnf::{var_of, Lit};
use super::propagate::{Propagator, Value};

/// One component, identified by its canonical key (see [`Component::key`]), plus the variable the
/// search will branch on first.
#[derive(Debug, Clone, Default)]
pub(super) struct Component {
    /// `[n, v1 < v2 < ... < vn, c1 < c2 < ...]`: the component's `n` variables, then the ids of its
    /// active clauses that have some literal already assigned (false).
    ///
    /// This determines the residual formula exactly: its clauses are the original clauses over
    /// the variables alone (all of them are active, as none of their literals is assigned) and
    /// the listed clauses restricted to these variables (their other literals are false). Two
    /// components with equal keys have equal model counts, wherever in the search they arise.
    pub key: Box<[u32]>,
    /// The variable with the most occurrences in the component's active clauses.
    pub branch_var: u32,
}

impl Component {
    pub fn vars(&self) -> &[u32] {
        let n = self.key.first().map_or(0, |&n| n as usize);
        &self.key[1..1 + n]
    }
}

/// Finds components with a depth-first search from each unassigned variable. The marks are
/// generation stamps, so nothing needs clearing between searches.
pub(super) struct Splitter {
    /// For each variable, the clauses it occurs in (either sign).
    occurrences: Vec<Vec<u32>>,
    var_stamp: Vec<u32>,
    clause_stamp: Vec<u32>,
    stamp: u32,
    /// Occurrences of each variable in the active clauses of the component being built.
    score: Vec<u32>,
    stack: Vec<u32>,
    vars: Vec<u32>,
    clauses: Vec<u32>,
}

impl Splitter {
    pub fn new(num_vars: u32, prop: &Propagator) -> Splitter {
        let mut occurrences = vec![Vec::new(); num_vars as usize];
        for c in 0..prop.num_clauses() as u32 {
            for &lit in prop.clause(c) {
                occurrences[var_of(lit) as usize].push(c);
            }
        }
        Splitter {
            occurrences,
            var_stamp: vec![0; num_vars as usize],
            clause_stamp: vec![0; prop.num_clauses()],
            stamp: 0,
            score: vec![0; num_vars as usize],
            stack: Vec::new(),
            vars: Vec::new(),
            clauses: Vec::new(),
        }
    }

    fn next_stamp(&mut self) -> u32 {
        if self.stamp == u32::MAX {
            self.var_stamp.fill(0);
            self.clause_stamp.fill(0);
            self.stamp = 0;
        }
        self.stamp += 1;
        self.stamp
    }

    /// Split the unassigned variables among `vars` into components, appended to `out`. The
    /// `vars` must be closed under active clauses (all variables, or a component's variables):
    /// the search never leaves them. Returns how many of them are free (unassigned and in no
    /// active clause); they are not in any component.
    pub fn split(&mut self, prop: &Propagator, vars: &[u32], out: &mut Vec<Component>) -> u64 {
        let stamp = self.next_stamp();
        let mut free = 0;
        for &root in vars {
            if prop.is_assigned_var(root) || self.var_stamp[root as usize] == stamp {
                continue;
            }
            self.var_stamp[root as usize] = stamp;
            self.score[root as usize] = 0;
            self.stack.push(root);
            self.vars.clear();
            self.clauses.clear();
            let mut active = 0usize;
            while let Some(v) = self.stack.pop() {
                self.vars.push(v);
                for &c in &self.occurrences[v as usize] {
                    if self.clause_stamp[c as usize] == stamp {
                        continue;
                    }
                    self.clause_stamp[c as usize] = stamp;
                    let clause = prop.clause(c);
                    let (satisfied, partly_assigned) = status(prop, clause);
                    if satisfied {
                        continue;
                    }
                    active += 1;
                    if partly_assigned {
                        self.clauses.push(c);
                    }
                    for &lit in clause {
                        if prop.value(lit) != Value::Unassigned {
                            continue;
                        }
                        let u = var_of(lit) as usize;
                        if self.var_stamp[u] != stamp {
                            self.var_stamp[u] = stamp;
                            self.score[u] = 0;
                            self.stack.push(u as u32);
                        }
                        self.score[u] += 1;
                    }
                }
            }
            if active == 0 {
                free += 1; // a lone variable whose clauses are all satisfied
                continue;
            }
            out.push(self.finish());
        }
        free
    }

    /// Turn the collected variables and clauses into a canonical component.
    fn finish(&mut self) -> Component {
        self.vars.sort_unstable();
        self.clauses.sort_unstable();
        let mut key = Vec::with_capacity(1 + self.vars.len() + self.clauses.len());
        key.push(self.vars.len() as u32);
        key.extend_from_slice(&self.vars);
        key.extend_from_slice(&self.clauses);
        // Most occurrences first; the lowest variable among equals, so the choice is canonical.
        let mut branch_var = self.vars[0];
        for &v in &self.vars {
            if self.score[v as usize] > self.score[branch_var as usize] {
                branch_var = v;
            }
        }
        Component {
            key: key.into_boxed_slice(),
            branch_var,
        }
    }
}

/// Is the clause satisfied; has it an assigned (hence false, if not satisfied) literal?
fn status(prop: &Propagator, clause: &[Lit]) -> (bool, bool) {
    let mut partly_assigned = false;
    for &lit in clause {
        match prop.value(lit) {
            Value::True => return (true, true),
            Value::False => partly_assigned = true,
            Value::Unassigned => {}
        }
    }
    (false, partly_assigned)
}
