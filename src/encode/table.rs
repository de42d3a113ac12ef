//! Allow/forbid tables: allow tables over exclusive features go through their decision diagram
//! (`table_mdd.rs`); otherwise one defined gate per row (the conjunction of its cells), allow
//! asserting that some row holds, forbid that none does. A cell reading an absent feature
//! matches only `*`.

use super::{Encoding, Env, FeatLits};
use crate::model::{Column, ColumnKind, FeatureKind, Model, Table, TableCell, TableKind, Target};
use crate::solve::Lit;

impl Encoding {
    pub(super) fn table(&mut self, model: &Model, t: &Table, env: &Env, sel: Lit, pres: Lit) {
        let cols: Vec<ColumnLits> = t
            .columns
            .iter()
            .map(|c| self.column(model, c, env))
            .collect();
        if t.kind == TableKind::Allow {
            if let Some(slots) = self.slots(model, t, &cols) {
                if self.table_mdd(t, &slots, sel, pres) {
                    return;
                }
            }
        }
        let mut rows: Vec<Lit> = Vec::with_capacity(t.row_count());
        let mut cells: Vec<Lit> = Vec::new();
        for i in 0..t.row_count() {
            cells.clear();
            for (j, &cell) in t.row(i).iter().enumerate() {
                match cell {
                    TableCell::Any => {}
                    TableCell::One(v) => {
                        let l = self.cell_lit(&cols[j], v);
                        cells.push(l);
                    }
                    TableCell::Alts { start, len } => {
                        let alts: Vec<Lit> = t.alts[start as usize..(start + len) as usize]
                            .iter()
                            .map(|&v| self.cell_lit(&cols[j], v))
                            .collect();
                        let l = self.cnf.or(&alts);
                        cells.push(l);
                    }
                }
            }
            let r = self.cnf.and(&cells);
            match t.kind {
                TableKind::Allow => rows.push(r),
                TableKind::Forbid => self.cnf.clause(&[!sel, !pres, !r]),
            }
        }
        if t.kind == TableKind::Allow {
            for (j, col) in cols.iter().enumerate() {
                if exclusive(model, &t.columns[j]) {
                    self.supports(t, j, col, &rows, sel, pres);
                }
            }
            let mut clause = vec![!sel, !pres];
            clause.extend(rows);
            self.cnf.clause(&clause);
        }
    }

    /// Each column's value literals followed by "absent" (cells reading an absent feature match
    /// only `*`), when every column reads a feature whose values exclude each other.
    fn slots(&mut self, model: &Model, t: &Table, cols: &[ColumnLits]) -> Option<Vec<Vec<Lit>>> {
        let mut out = Vec::with_capacity(cols.len());
        for (j, col) in cols.iter().enumerate() {
            let ColumnLits::Feature(lits, present) = col else {
                return None;
            };
            if !exclusive(model, &t.columns[j]) {
                return None;
            }
            let mut s: Vec<Lit> = match lits {
                FeatLits::Values(ls) | FeatLits::Int { values: ls, .. } => ls.clone(),
                FeatLits::Bool { .. } => vec![lits.code(0), lits.code(1)],
                FeatLits::Bits { .. } => return None,
            };
            // An always-present feature has no "absent" slot (it is the last one, so cells still
            // index values directly).
            if *present != self.cnf.truth() {
                s.push(!*present);
            }
            out.push(s);
        }
        Some(out)
    }

    /// Support clauses of an allow table's column: a value holds only with a row that has it.
    /// They add nothing logically (the rows already imply their cells) but let propagation remove
    /// every value the table leaves no row for, which keeps solver calls short.
    fn supports(
        &mut self,
        t: &Table,
        j: usize,
        col: &ColumnLits,
        rows: &[Lit],
        sel: Lit,
        pres: Lit,
    ) {
        let ColumnLits::Feature(lits, _) = col else {
            return;
        };
        let values: Vec<Lit> = match lits {
            FeatLits::Values(ls) | FeatLits::Int { values: ls, .. } => ls.clone(),
            FeatLits::Bool { .. } => vec![lits.code(0), lits.code(1)],
            // A support clause per number of a wide int would undo its binary encoding.
            FeatLits::Bits { .. } => return,
        };
        let mut support: Vec<Vec<Lit>> = vec![Vec::new(); values.len()];
        let mut size = 0usize;
        for (i, &r) in rows.iter().enumerate() {
            match t.row(i)[j] {
                TableCell::Any => support.iter_mut().for_each(|s| s.push(r)),
                TableCell::One(v) => push(&mut support, v, r),
                TableCell::Alts { start, len } => {
                    for &v in &t.alts[start as usize..(start + len) as usize] {
                        push(&mut support, v, r);
                    }
                }
            }
            size += 1;
        }
        // Wildcards make each value's list as long as the table; past that, propagation strength
        // is not worth the memory.
        let total: usize = support.iter().map(Vec::len).sum();
        if total > 4 * size + 4096 {
            return;
        }
        for (v, rows_with_v) in support.into_iter().enumerate() {
            let mut clause = vec![!sel, !pres, !values[v]];
            clause.extend(rows_with_v);
            self.cnf.clause(&clause);
        }
    }

    fn column(&self, model: &Model, c: &Column, env: &Env) -> ColumnLits {
        let r = &c.target;
        match (r.target, c.kind) {
            (Target::Feat(f), _) => {
                let fi = self
                    .layout
                    .instances_of(model, model.feat(f).comp, &fixed(r, env));
                match fi.first().and_then(|ci| self.layout.feat_at.get(&(f, *ci))) {
                    Some(&fi) => {
                        let inst = &self.layout.feats[fi];
                        match inst.lits {
                            FeatLits::Bits { .. } => ColumnLits::Wide(fi),
                            _ => ColumnLits::Feature(
                                inst.lits.clone(),
                                self.layout.comps[inst.ci].presence,
                            ),
                        }
                    }
                    None => ColumnLits::Never,
                }
            }
            (Target::Comp(comp), _) => {
                let cis = self.layout.instances_of(model, comp, &fixed(r, env));
                ColumnLits::Presence(
                    cis.iter()
                        .map(|&ci| self.layout.comps[ci].presence)
                        .collect(),
                )
            }
            (Target::Value(f, v), ColumnKind::Bool) => {
                let cis = self
                    .layout
                    .instances_of(model, model.feat(f).comp, &fixed(r, env));
                match cis
                    .first()
                    .and_then(|ci| self.layout.feat_at.get(&(f, *ci)))
                {
                    Some(&fi) => {
                        let inst = &self.layout.feats[fi];
                        ColumnLits::Value {
                            lit: inst.lits.code(v),
                            present: self.layout.comps[inst.ci].presence,
                        }
                    }
                    None => ColumnLits::Never,
                }
            }
            _ => ColumnLits::Never,
        }
    }

    fn cell_lit(&mut self, col: &ColumnLits, v: u32) -> Lit {
        match col {
            ColumnLits::Feature(FeatLits::Values(ls), _)
            | ColumnLits::Feature(FeatLits::Int { values: ls, .. }, _) => {
                ls.get(v as usize).copied().unwrap_or(self.cnf.falsity())
            }
            ColumnLits::Feature(b @ FeatLits::Bool { .. }, _) => b.code(v),
            ColumnLits::Feature(FeatLits::Bits { .. }, _) => unreachable!("wide ints are Wide"),
            ColumnLits::Wide(fi) => {
                let FeatLits::Bits {
                    min, bits, pres, ..
                } = &self.layout.feats[*fi].lits
                else {
                    unreachable!("a Wide column reads a wide int")
                };
                let n = (i128::from(*min) + i128::from(v)) as i64;
                let eq = super::wide_equals(*min, bits, *pres, n);
                let lit = self.cnf.and(&eq);
                let atom = super::IntAtom {
                    lit,
                    test: super::wide_int::AtomTest::Equals {
                        fi: *fi,
                        offset: u64::from(v),
                    },
                };
                self.record_atom(atom, eq);
                lit
            }
            ColumnLits::Presence(ps) => {
                let any = self.cnf.or(ps);
                if v == 1 {
                    any
                } else {
                    !any
                }
            }
            ColumnLits::Value { lit, present } => {
                if v == 1 {
                    *lit
                } else {
                    self.cnf.and(&[*present, !*lit])
                }
            }
            ColumnLits::Never => self.cnf.falsity(),
        }
    }
}

/// Adds a row to a value's support (a cell naming no value of the domain supports none).
fn push(support: &mut [Vec<Lit>], v: u32, r: Lit) {
    if let Some(s) = support.get_mut(v as usize) {
        s.push(r);
    }
}

/// Whether a column reads a feature whose values exclude each other (one_of, int, bool).
fn exclusive(model: &Model, c: &Column) -> bool {
    match c.target.target {
        Target::Feat(f) => !matches!(model.feat(f).kind, FeatureKind::AnyOf { .. }),
        _ => false,
    }
}

/// What a column's cells test, resolved for one binding.
enum ColumnLits {
    /// A feature's literals and its component instance's presence.
    Feature(FeatLits, Lit),
    /// A wide int (feature instance): a cell is an equality over its bits.
    Wide(usize),
    Presence(Vec<Lit>),
    Value {
        lit: Lit,
        present: Lit,
    },
    Never,
}

fn fixed(r: &crate::model::Ref, env: &Env) -> Vec<(crate::model::CompId, u32)> {
    let mut f = r.indices.clone();
    f.extend(
        env.iter()
            .filter(|(c, _)| !r.indices.iter().any(|(d, _)| d == c))
            .copied(),
    );
    f
}
