//! The variables a configuration reports, in catalog order, and the literals that decide them.

use crate::encode::{FeatLits, Layout};
use crate::model::{FeatureKind, Model};
use crate::solve::Lit;

/// One reported variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarView {
    /// An optional component instance (true/false).
    Comp(usize),
    /// A feature instance.
    Feat(usize),
    /// The instance count of a multi-instance component.
    Count(usize),
}

/// Every optional component, feature and instance count, in catalog order (cli.md).
pub fn variables(model: &Model, layout: &Layout) -> Vec<VarView> {
    let mut out = Vec::new();
    walk(model, layout, 0, &mut out);
    out
}

fn walk(model: &Model, layout: &Layout, ci: usize, out: &mut Vec<VarView>) {
    let inst = &layout.comps[ci];
    let comp = model.comp(inst.comp);
    if ci != 0 && comp.optional && !comp.is_multi() {
        out.push(VarView::Comp(ci));
    }
    for &f in &comp.features {
        if let Some(&fi) = layout.feat_at.get(&(f, ci)) {
            out.push(VarView::Feat(fi));
        }
    }
    for &child in &comp.children {
        if model.comp(child).is_multi() {
            if let Some(mi) = layout
                .multis
                .iter()
                .position(|m| m.comp == child && m.parent == ci)
            {
                out.push(VarView::Count(mi));
                for &slot in &layout.multis[mi].slots {
                    walk(model, layout, slot, out);
                }
            }
        } else if let Some(&k) = inst
            .children
            .iter()
            .find(|&&k| layout.comps[k].comp == child)
        {
            walk(model, layout, k, out);
        }
    }
}

/// The literals whose possibility decides a variable's valid values and status.
pub fn candidates(model: &Model, layout: &Layout, v: VarView, truth: Lit) -> Vec<Lit> {
    let mut c = Vec::new();
    match v {
        VarView::Comp(ci) => {
            let p = layout.comps[ci].presence;
            c.extend([p, !p]);
        }
        VarView::Feat(fi) => {
            let inst = &layout.feats[fi];
            let p = layout.comps[inst.ci].presence;
            c.extend([p, !p]);
            match (&inst.lits, &model.feat(inst.feat).kind) {
                (FeatLits::Values(ls), FeatureKind::AnyOf { .. }) => {
                    c.extend(ls.iter().flat_map(|&l| [l, !l]))
                }
                (FeatLits::Values(ls), _) | (FeatLits::Int { values: ls, .. }, _) => {
                    c.extend(ls.iter().copied())
                }
                (FeatLits::Bool { on, off }, _) => c.extend([*on, *off]),
                // A wide int's numbers are settled by `wide_domain`, not one literal each.
                (FeatLits::Bits { .. }, _) => {}
            }
        }
        VarView::Count(mi) => c.extend(layout.multis[mi].count.iter().copied()),
    }
    c.retain(|l| l.var() != truth.var());
    c
}
