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
    /// The variable to branch on (see `Splitter::canonical`).
    pub branch_var: u32,
    /// Counting a projection, this component has none of its variables: it counts 1 when it
    /// has a model, else 0.
    pub hidden: bool,
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
    /// For each variable, its binary clauses: the other literal and the clause id.
    binary: Vec<Vec<(Lit, u32)>>,
    /// For each variable, the longer clauses it occurs in (either sign).
    long: Vec<Vec<u32>>,
    var_stamp: Vec<u32>,
    clause_stamp: Vec<u32>,
    stamp: u32,
    /// Which component of the current split a variable belongs to (`FREE`: none).
    component_of: Vec<u32>,
    /// Occurrences of each variable in the active clauses of its component.
    score: Vec<u32>,
    stack: Vec<u32>,
    /// How connected each variable is in the whole formula: its occurrences plus its distinct
    /// neighbours. The first criterion for branching.
    weight: Vec<u64>,
    /// Counting a projection: which variables are counted (the others are only asked to exist).
    shown: Option<Vec<bool>>,
}

const FREE: u32 = u32::MAX;

/// A component found, before it is put in canonical form.
struct Found {
    vars: Vec<u32>,
    clauses: Vec<u32>,
}

impl Splitter {
    pub fn new(num_vars: u32, prop: &Propagator) -> Splitter {
        let mut binary = vec![Vec::new(); num_vars as usize];
        let mut long = vec![Vec::new(); num_vars as usize];
        for c in 0..prop.num_clauses() as u32 {
            match *prop.clause(c) {
                [a, b] => {
                    binary[var_of(a) as usize].push((b, c));
                    binary[var_of(b) as usize].push((a, c));
                }
                ref lits => {
                    for &lit in lits {
                        long[var_of(lit) as usize].push(c);
                    }
                }
            }
        }
        let weight = static_weights(&binary, &long, prop);
        Splitter {
            weight,
            binary,
            long,
            var_stamp: vec![0; num_vars as usize],
            clause_stamp: vec![0; prop.num_clauses()],
            stamp: 0,
            component_of: vec![FREE; num_vars as usize],
            score: vec![0; num_vars as usize],
            stack: Vec::new(),
            shown: None,
        }
    }

    /// Count assignments of these (dense) variables only: the others are existentially
    /// quantified. They are branched on first, so a component left without any of them only has
    /// to be satisfiable, and a free variable counts only if it is one of them.
    pub fn project(&mut self, vars: impl Iterator<Item = u32>) {
        let mut shown = vec![false; self.weight.len()];
        for v in vars {
            if let Some(s) = shown.get_mut(v as usize) {
                *s = true;
                // Above `prefer`'s weight: a projection variable before any gate input.
                self.weight[v as usize] += 1 << 50;
            }
        }
        self.shown = Some(shown);
    }

    fn is_shown(&self, v: u32) -> bool {
        self.shown.as_ref().map_or(true, |s| s[v as usize])
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
    /// `vars` must be sorted and closed under active clauses (all variables, or a component's
    /// variables): the search never leaves them. Returns how many of them are free (unassigned
    /// and in no active clause, and shown when counting a projection); they are in no component.
    pub fn split(&mut self, prop: &Propagator, vars: &[u32], out: &mut Vec<Component>) -> u64 {
        let stamp = self.next_stamp();
        let mut free = 0;
        let mut found: Vec<Found> = Vec::new();
        for &root in vars {
            if prop.is_assigned_var(root) || self.var_stamp[root as usize] == stamp {
                continue;
            }
            let id = found.len() as u32;
            self.visit(root, id, stamp);
            let mut clauses = Vec::new();
            let mut size = 0;
            let mut active = false;
            while let Some(v) = self.stack.pop() {
                size += 1;
                // Lent out while `visit` needs `self`; put back below.
                let binary = std::mem::take(&mut self.binary[v as usize]);
                for &(other, c) in &binary {
                    match prop.value(other) {
                        Value::True => continue,
                        // Not after a complete propagation; kept for exactness.
                        Value::False => clauses.push(c),
                        Value::Unassigned => self.visit(var_of(other), id, stamp),
                    }
                    active = true;
                    self.score[v as usize] += 1;
                }
                self.binary[v as usize] = binary;
                let long = std::mem::take(&mut self.long[v as usize]);
                for &c in &long {
                    if self.clause_stamp[c as usize] == stamp {
                        continue;
                    }
                    self.clause_stamp[c as usize] = stamp;
                    let clause = prop.clause(c);
                    let (satisfied, partly_assigned) = status(prop, clause);
                    if satisfied {
                        continue;
                    }
                    active = true;
                    if partly_assigned {
                        clauses.push(c);
                    }
                    for &lit in clause {
                        if prop.value(lit) == Value::Unassigned {
                            let u = var_of(lit);
                            self.visit(u, id, stamp);
                            self.score[u as usize] += 1;
                        }
                    }
                }
                self.long[v as usize] = long;
            }
            if active {
                found.push(Found {
                    vars: Vec::with_capacity(size),
                    clauses,
                });
            } else {
                // A lone variable whose clauses are all satisfied.
                self.component_of[root as usize] = FREE;
                if self.is_shown(root) {
                    free += 1;
                }
            }
        }
        // Deal the variables out in their sorted order, so each component's list is sorted.
        for &v in vars {
            if !prop.is_assigned_var(v) {
                if let Some(f) = found.get_mut(self.component_of[v as usize] as usize) {
                    f.vars.push(v);
                }
            }
        }
        out.extend(found.into_iter().map(|f| self.canonical(f)));
        free
    }

    /// Mark `v` as part of component `id` and schedule it, unless it is marked already.
    fn visit(&mut self, v: u32, id: u32, stamp: u32) {
        let v = v as usize;
        if self.var_stamp[v] != stamp {
            self.var_stamp[v] = stamp;
            self.component_of[v] = id;
            self.score[v] = 0;
            self.stack.push(v as u32);
        }
    }

    /// Branch on these (dense) variables before any other: the encoder's own variables, whose
    /// values decide every gate, so the search never branches on a gate output.
    pub fn prefer(&mut self, vars: impl Iterator<Item = u32>) {
        for v in vars {
            if let Some(w) = self.weight.get_mut(v as usize) {
                *w += 1 << 40;
            }
        }
    }

    /// The component's key, and the variable to branch on.
    fn canonical(&self, mut found: Found) -> Component {
        found.clauses.sort_unstable();
        let mut key = Vec::with_capacity(1 + found.vars.len() + found.clauses.len());
        key.push(found.vars.len() as u32);
        key.extend_from_slice(&found.vars);
        key.extend_from_slice(&found.clauses);
        // The variable most connected in the whole formula, then in this component, then the
        // lowest: a mostly static order, so the same sub-components recur and hit the cache.
        let rank = |&v: &u32| {
            (
                self.weight[v as usize],
                self.score[v as usize],
                u32::MAX - v,
            )
        };
        let branch_var = found.vars.iter().copied().max_by_key(rank).unwrap_or(0);
        Component {
            key: key.into_boxed_slice(),
            branch_var,
            // The branch variable is a shown one whenever the component has any.
            hidden: !self.is_shown(branch_var),
        }
    }
}

/// For each variable: occurrences plus distinct neighbours (variables sharing a clause with it).
fn static_weights(binary: &[Vec<(Lit, u32)>], long: &[Vec<u32>], prop: &Propagator) -> Vec<u64> {
    let mut last_seen_from = vec![u32::MAX; binary.len()];
    let mut weight = Vec::with_capacity(binary.len());
    for v in 0..binary.len() {
        let mut neighbours = 0u64;
        let others = binary[v].iter().map(|&(lit, _)| lit);
        let in_long = long[v].iter().flat_map(|&c| prop.clause(c).iter().copied());
        for lit in others.chain(in_long) {
            let u = var_of(lit) as usize;
            if u != v && last_seen_from[u] != v as u32 {
                last_seen_from[u] = v as u32;
                neighbours += 1;
            }
        }
        weight.push((binary[v].len() + long[v].len()) as u64 + neighbours);
    }
    weight
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
