//! An allow table encoded through its decision diagram: a node holds when the configuration's
//! path reaches it (`node ↔ ∨ incoming edges`, `edge ↔ parent ∧ value`), and the table requires
//! the accepting terminal. Every variable stays defined (counting relies on it). Because each
//! column is one-hot (its values plus "absent"), exactly one path is followed, so the extra
//! clauses "a reached node continues" and "a value needs an edge with it" are implied; they let
//! propagation remove every value the table leaves no row for.

use super::mdd::{build, Mdd};
use super::Encoding;
use crate::model::Table;
use crate::solve::Lit;

impl Encoding {
    /// Encodes `t` where column `j`'s value slots are the literals `slots[j]`; false when the
    /// diagram would not be smaller than the rows (the caller then encodes rows).
    pub(super) fn table_mdd(&mut self, t: &Table, slots: &[Vec<Lit>], sel: Lit, pres: Lit) -> bool {
        let sizes: Vec<u32> = slots.iter().map(|s| s.len() as u32).collect();
        let limit = 2 * t.cells.len() + 1024;
        let Some(mdd) = build(t, &sizes, limit) else {
            return false;
        };
        self.encode_mdd(&mdd, slots, sel, pres);
        true
    }

    fn encode_mdd(&mut self, mdd: &Mdd, slots: &[Vec<Lit>], sel: Lit, pres: Lit) {
        let n = mdd.nodes.len();
        let mut incoming: Vec<Vec<Lit>> = vec![Vec::new(); n];
        let mut lit: Vec<Option<Lit>> = vec![None; n];
        lit[mdd.root as usize] = Some(self.cnf.truth());
        // Per level and slot, the edges carrying that value (for the support clauses).
        let mut with_value: Vec<Vec<Vec<Lit>>> =
            slots.iter().map(|s| vec![Vec::new(); s.len()]).collect();
        let mut order: Vec<u32> = (1..n as u32).collect();
        order.sort_by_key(|&i| mdd.nodes[i as usize].level);
        for i in order {
            let node = &mdd.nodes[i as usize];
            let me = match lit[i as usize] {
                Some(l) => l,
                None => {
                    let l = self.cnf.or(&incoming[i as usize]);
                    lit[i as usize] = Some(l);
                    l
                }
            };
            let level = node.level as usize;
            let mut out = vec![!sel, !pres, !me];
            for &(v, child) in &node.edges {
                let e = self.cnf.and(&[me, slots[level][v as usize]]);
                incoming[child as usize].push(e);
                with_value[level][v as usize].push(e);
                out.push(e);
            }
            self.cnf.clause(&out);
        }
        let accept = self.cnf.or(&incoming[0]);
        self.cnf.clause(&[!sel, !pres, accept]);
        for (level, per_slot) in with_value.into_iter().enumerate() {
            for (v, edges) in per_slot.into_iter().enumerate() {
                let mut clause = vec![!sel, !pres, !slots[level][v]];
                clause.extend(edges);
                self.cnf.clause(&clause);
            }
        }
    }
}
