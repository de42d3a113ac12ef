//! What of one catalog version is still there in another: per component, feature and value of
//! the old version, its id in the new one, or none where it was removed or changed its kind.
//! Unlike [`super::remap::Remap`] this never fails: `tailor diff` links what both versions have
//! and leaves the rest to each side.

use super::{CompId, FeatId, FeatureKind, Model};

pub struct Correspondence {
    /// Per old component (the root always maps to the root).
    pub comp: Vec<Option<CompId>>,
    /// Per old feature: its new id where it has one of the same kind.
    pub feat: Vec<Option<FeatId>>,
    /// Per old feature: old value index → new value index, where the value is still there.
    pub value: Vec<Vec<Option<u32>>>,
}

impl Correspondence {
    /// `new_path_of(old path)`: the path a component, feature or value (`comp.feature=value`) of
    /// `old` has in `new`, or None when the new version does not have it.
    pub fn between(
        old: &Model,
        new: &Model,
        new_path_of: &dyn Fn(&str) -> Option<String>,
    ) -> Correspondence {
        let comp = old
            .components
            .iter()
            .map(|c| match c.parent {
                None => Some(CompId(0)),
                Some(_) => {
                    let p = new_path_of(&c.path)?;
                    let i = new.components.iter().position(|n| n.path == p)?;
                    Some(CompId(i as u32))
                }
            })
            .collect();
        let mut feat = Vec::with_capacity(old.features.len());
        let mut value = Vec::with_capacity(old.features.len());
        for f in &old.features {
            let nf = new_path_of(&f.path)
                .and_then(|p| new.feature_by_path(&p))
                .filter(|&nf| same_kind(&f.kind, &new.feat(nf).kind));
            let vals = f
                .kind
                .values()
                .iter()
                .map(|v| {
                    let nf = nf?;
                    let p = new_path_of(&format!("{}={}", f.path, v.id))?;
                    let id = p.strip_prefix(&format!("{}=", new.feat(nf).path))?;
                    new.feat(nf).value_index(id)
                })
                .collect();
            feat.push(nf);
            value.push(vals);
        }
        Correspondence { comp, feat, value }
    }
}

/// A one_of stays a one_of, an int an int (its range may change).
fn same_kind(a: &FeatureKind, b: &FeatureKind) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}
