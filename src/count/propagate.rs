//! The assignment, its trail, and unit propagation with two watched literals per clause.

use super::cnf::{Formula, Lit};

/// The value of a literal under the current assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Value {
    Unassigned,
    True,
    False,
}

/// Clauses in one flat array (the two watched literals of a clause are its first two), the
/// assignment by literal, and the trail of assigned literals in order.
pub(super) struct Propagator {
    lits: Vec<Lit>,
    /// Clause `c` is `lits[starts[c]..starts[c + 1]]`.
    starts: Vec<usize>,
    values: Vec<Value>,
    /// For each literal, the clauses that watch it.
    watches: Vec<Vec<u32>>,
    trail: Vec<Lit>,
    /// Trail literals before this index have been propagated.
    head: usize,
}

impl Propagator {
    /// Clauses from the formula (units are not clauses here: `assume` them).
    pub fn new(formula: &Formula) -> Propagator {
        let num_lits = 2 * formula.num_vars as usize;
        let mut lits = Vec::new();
        let mut starts = vec![0usize];
        let mut watches = vec![Vec::new(); num_lits];
        for (c, clause) in formula.clauses.iter().enumerate() {
            watches[clause[0] as usize].push(c as u32);
            watches[clause[1] as usize].push(c as u32);
            lits.extend_from_slice(clause);
            starts.push(lits.len());
        }
        Propagator {
            lits,
            starts,
            values: vec![Value::Unassigned; num_lits],
            watches,
            trail: Vec::new(),
            head: 0,
        }
    }

    pub fn num_clauses(&self) -> usize {
        self.starts.len() - 1
    }

    /// The literals of clause `c` (in watch order, not sorted).
    pub fn clause(&self, c: u32) -> &[Lit] {
        &self.lits[self.starts[c as usize]..self.starts[c as usize + 1]]
    }

    pub fn value(&self, lit: Lit) -> Value {
        self.values[lit as usize]
    }

    pub fn is_assigned_var(&self, var: u32) -> bool {
        self.values[2 * var as usize] != Value::Unassigned
    }

    pub fn trail_len(&self) -> usize {
        self.trail.len()
    }

    /// Make `lit` true, to be propagated. Returns false when it is already false (a conflict).
    pub fn assume(&mut self, lit: Lit) -> bool {
        match self.value(lit) {
            Value::True => true,
            Value::False => false,
            Value::Unassigned => {
                self.assign(lit);
                true
            }
        }
    }

    fn assign(&mut self, lit: Lit) {
        self.values[lit as usize] = Value::True;
        self.values[(lit ^ 1) as usize] = Value::False;
        self.trail.push(lit);
    }

    /// Undo every assignment made after the trail had length `len`.
    pub fn backtrack(&mut self, len: usize) {
        while self.trail.len() > len {
            if let Some(lit) = self.trail.pop() {
                self.values[lit as usize] = Value::Unassigned;
                self.values[(lit ^ 1) as usize] = Value::Unassigned;
            }
        }
        self.head = self.head.min(len);
    }

    /// Propagate every pending assignment to a fixpoint. Returns false on a conflict (some clause
    /// has all its literals false); the caller then backtracks.
    pub fn propagate(&mut self) -> bool {
        while self.head < self.trail.len() {
            let false_lit = self.trail[self.head] ^ 1;
            self.head += 1;
            if !self.visit_watches(false_lit) {
                self.head = self.trail.len();
                return false;
            }
        }
        true
    }

    /// `false_lit` just became false: move each watch on it to another non-false literal, or
    /// propagate the clause's other watch, or report a conflict.
    fn visit_watches(&mut self, false_lit: Lit) -> bool {
        let mut list = std::mem::take(&mut self.watches[false_lit as usize]);
        let mut kept = 0;
        let mut ok = true;
        let mut i = 0;
        while i < list.len() {
            let c = list[i];
            i += 1;
            let (start, end) = (self.starts[c as usize], self.starts[c as usize + 1]);
            let clause = &mut self.lits[start..end];
            if clause[0] == false_lit {
                clause.swap(0, 1);
            }
            let other = clause[0];
            if self.values[other as usize] == Value::True {
                list[kept] = c;
                kept += 1;
                continue;
            }
            let replacement =
                (2..clause.len()).find(|&k| self.values[clause[k] as usize] != Value::False);
            if let Some(k) = replacement {
                clause.swap(1, k);
                self.watches[clause[1] as usize].push(c);
                continue;
            }
            list[kept] = c;
            kept += 1;
            if self.values[other as usize] == Value::False {
                // Conflict: keep the watches not yet visited.
                while i < list.len() {
                    list[kept] = list[i];
                    kept += 1;
                    i += 1;
                }
                ok = false;
            } else {
                self.assign(other);
            }
        }
        list.truncate(kept);
        self.watches[false_lit as usize] = list;
        ok
    }
}
