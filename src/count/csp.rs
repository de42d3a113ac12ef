//! Counting solutions of a finite-domain CSP whose constraints are tables: variables with small
//! domains, allow/forbid tables (cells may admit several values), relations given by a test.
//! Tables become sparse factors; [`Csp::count`] eliminates variables (see `eliminate.rs`).
//!
//! ```
//! use tailor::budget::Budget;
//! use tailor::count::{Csp, CspCount};
//!
//! let mut csp = Csp::new();
//! let a = csp.add_var(3).unwrap();
//! let b = csp.add_var(3).unwrap();
//! // a != b, as a forbid table of the three equal pairs.
//! csp.add_table(&[a, b], 3, false, |row, _col, v| v == row as u32).unwrap();
//! assert_eq!(csp.count(&Budget::unlimited()), CspCount::Exact(6u32.into()));
//! ```

use super::eliminate::eliminate;
use super::factor::{Factor, Stop};
use super::keys::{bits_for, Keys};
use super::num::Num;
use crate::budget::Budget;
use num_bigint::BigUint;

/// The number of solutions; `Unknown` when the budget ran out; `TooLarge` when a table or an
/// intermediate factor would exceed the row limit (another method may still count it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CspCount {
    Exact(BigUint),
    Unknown,
    TooLarge,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CspError {
    #[error("a domain of {0} values is more than the counter takes (65,536)")]
    Domain(u64),
    #[error("a constraint expands to more than {0} rows")]
    TooLarge(usize),
    #[error("variable {0} does not exist")]
    NoVar(u32),
    #[error("variable {0} is listed twice in a relation")]
    Repeated(u32),
}

/// Rows per factor, tables and intermediate results alike (a row costs about 50 bytes).
pub const ROW_LIMIT: usize = 1 << 22;

/// A CSP under construction. Restrict domains first, then add constraints: tables keep only rows
/// inside the current domains.
#[derive(Debug, Clone, Default)]
pub struct Csp {
    sizes: Vec<u32>,
    allowed: Vec<Vec<bool>>,
    factors: Vec<Factor>,
    covered: Vec<bool>,
    limit: usize,
}

impl Csp {
    pub fn new() -> Csp {
        Csp {
            limit: ROW_LIMIT,
            ..Csp::default()
        }
    }

    /// A smaller row limit (for tests of the fallback).
    pub fn with_limit(mut self, limit: usize) -> Csp {
        self.limit = limit;
        self
    }

    /// A new variable with values `0..size`.
    pub fn add_var(&mut self, size: u64) -> Result<u32, CspError> {
        if size > 1 << 16 {
            return Err(CspError::Domain(size));
        }
        self.sizes.push(size as u32);
        self.allowed.push(vec![true; size as usize]);
        self.covered.push(false);
        Ok(self.sizes.len() as u32 - 1)
    }

    /// Keeps only the values of `var` that pass `keep`.
    pub fn restrict(&mut self, var: u32, keep: impl Fn(u32) -> bool) -> Result<(), CspError> {
        let d = self
            .allowed
            .get_mut(var as usize)
            .ok_or(CspError::NoVar(var))?;
        for (v, ok) in d.iter_mut().enumerate() {
            *ok = *ok && keep(v as u32);
        }
        Ok(())
    }

    fn check(&self, scope: &[u32]) -> Result<(), CspError> {
        match scope.iter().find(|&&v| v as usize >= self.sizes.len()) {
            Some(&v) => Err(CspError::NoVar(v)),
            None => Ok(()),
        }
    }

    /// A table over `columns` (a variable may appear in several columns) with `rows` rows;
    /// `admits(row, column, value)` says whether a cell admits a value. `allow`: the solutions are
    /// the rows' combinations; otherwise they are every combination but those.
    pub fn add_table(
        &mut self,
        columns: &[u32],
        rows: usize,
        allow: bool,
        admits: impl Fn(usize, usize, u32) -> bool,
    ) -> Result<(), CspError> {
        self.add_table_with(columns, rows, allow, admits, |_, _| None)
    }

    /// [`Csp::add_table`], where `single(row, column)` may name the one value a cell admits, which
    /// saves testing every value of the domain (most cells of real tables are one value).
    pub fn add_table_with(
        &mut self,
        columns: &[u32],
        rows: usize,
        allow: bool,
        admits: impl Fn(usize, usize, u32) -> bool,
        single: impl Fn(usize, usize) -> Option<u32>,
    ) -> Result<(), CspError> {
        self.check(columns)?;
        let mut scope = columns.to_vec();
        scope.sort_unstable();
        scope.dedup();
        // The columns of each variable of the scope.
        let cols_of: Vec<Vec<usize>> = scope
            .iter()
            .map(|&v| (0..columns.len()).filter(|&c| columns[c] == v).collect())
            .collect();
        let mut keys = Keys::new(scope.iter().map(|&v| self.bits(v)).collect());
        let mut listed: Vec<u16> = Vec::new();
        let mut sets: Vec<Vec<u16>> = vec![Vec::new(); scope.len()];
        for r in 0..rows {
            for (k, &v) in scope.iter().enumerate() {
                sets[k].clear();
                let cols = &cols_of[k];
                if let Some(x) = single(r, cols[0]) {
                    let dom = &self.allowed[v as usize];
                    if dom.get(x as usize) == Some(&true) && cols.iter().all(|&c| admits(r, c, x)) {
                        sets[k].push(x as u16);
                    }
                    continue;
                }
                for x in self.values(v) {
                    if cols.iter().all(|&c| admits(r, c, x)) {
                        sets[k].push(x as u16);
                    }
                }
            }
            let limit = self.limit;
            product(&sets, |t| {
                if keys.insert(t).1 {
                    listed.extend_from_slice(t);
                }
                keys.len() <= limit
            })
            .map_err(|_| CspError::TooLarge(limit))?;
        }
        let (rows, n) = if allow {
            (listed, keys.len())
        } else {
            let all: Vec<Vec<u16>> = scope
                .iter()
                .map(|&v| self.values(v).map(|x| x as u16).collect())
                .collect();
            self.fits(&all)?;
            let mut kept = Vec::new();
            let limit = self.limit;
            let mut n = 0usize;
            product(&all, |t| {
                if keys.get(t).is_none() {
                    kept.extend_from_slice(t);
                    n += 1;
                }
                n <= limit
            })
            .map_err(|_| CspError::TooLarge(limit))?;
            (kept, n)
        };
        self.push(scope, rows, n);
        Ok(())
    }

    /// A constraint given by a test on the values of `scope` (distinct variables), tabulated over
    /// the current domains.
    pub fn add_relation(
        &mut self,
        scope: &[u32],
        holds: impl Fn(&[u32]) -> bool,
    ) -> Result<(), CspError> {
        self.check(scope)?;
        let mut order: Vec<usize> = (0..scope.len()).collect();
        order.sort_by_key(|&i| scope[i]);
        let sorted: Vec<u32> = order.iter().map(|&i| scope[i]).collect();
        if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
            return Err(CspError::Repeated(w[0]));
        }
        let all: Vec<Vec<u16>> = sorted
            .iter()
            .map(|&v| self.values(v).map(|x| x as u16).collect())
            .collect();
        self.fits(&all)?;
        let mut rows = Vec::new();
        let mut given = vec![0u32; scope.len()];
        let (limit, mut n) = (self.limit, 0usize);
        product(&all, |t| {
            for (k, &i) in order.iter().enumerate() {
                given[i] = u32::from(t[k]);
            }
            if holds(&given) {
                rows.extend_from_slice(t);
                n += 1;
            }
            n <= limit
        })
        .map_err(|_| CspError::TooLarge(limit))?;
        self.push(sorted, rows, n);
        Ok(())
    }

    /// Refuses to enumerate a product of domains larger than the row limit.
    fn fits(&self, sets: &[Vec<u16>]) -> Result<(), CspError> {
        let mut n: usize = 1;
        for s in sets {
            n = n.saturating_mul(s.len());
        }
        if n > self.limit {
            return Err(CspError::TooLarge(self.limit));
        }
        Ok(())
    }

    /// Adds a factor of `n` rows, each counting 1.
    fn push(&mut self, scope: Vec<u32>, rows: Vec<u16>, n: usize) {
        for &v in &scope {
            self.covered[v as usize] = true;
        }
        self.factors.push(Factor {
            scope,
            rows,
            vals: vec![Num::one(); n],
        });
    }

    fn values(&self, v: u32) -> impl Iterator<Item = u32> + '_ {
        self.allowed[v as usize]
            .iter()
            .enumerate()
            .filter(|(_, ok)| **ok)
            .map(|(i, _)| i as u32)
    }

    fn bits(&self, v: u32) -> u32 {
        bits_for(self.sizes[v as usize])
    }

    /// The number of assignments of every variable (within its domain) that satisfy every
    /// constraint.
    pub fn count(mut self, budget: &Budget) -> CspCount {
        // Every restricted or unconstrained variable gets a unary factor of its values.
        for v in 0..self.sizes.len() as u32 {
            let restricted = self.allowed[v as usize].iter().any(|ok| !ok);
            if restricted || !self.covered[v as usize] {
                let rows: Vec<u16> = self.values(v).map(|x| x as u16).collect();
                let n = rows.len();
                self.push(vec![v], rows, n);
            }
        }
        match eliminate(&self.sizes, self.factors, self.limit, budget) {
            Ok(n) => CspCount::Exact(n.to_big()),
            Err(Stop::Budget) => CspCount::Unknown,
            Err(Stop::TooLarge) => CspCount::TooLarge,
        }
    }
}

/// Calls `each` with every tuple of the product of `sets` (odometer order) while it returns true;
/// `Err` when it returned false.
fn product(sets: &[Vec<u16>], mut each: impl FnMut(&[u16]) -> bool) -> Result<(), Stop> {
    if sets.iter().any(|s| s.is_empty()) {
        return Ok(());
    }
    let mut at = vec![0usize; sets.len()];
    let mut t: Vec<u16> = sets.iter().map(|s| s[0]).collect();
    loop {
        if !each(&t) {
            return Err(Stop::TooLarge);
        }
        let mut k = sets.len();
        loop {
            if k == 0 {
                return Ok(());
            }
            k -= 1;
            at[k] += 1;
            if at[k] < sets[k].len() {
                t[k] = sets[k][at[k]];
                break;
            }
            at[k] = 0;
            t[k] = sets[k][0];
        }
    }
}
