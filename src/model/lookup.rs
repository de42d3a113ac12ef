//! Names of components' parts by hash: resolving a path must not scan thousands of features
//! (an imported Linux model has 6,467 root features read by 40,121 rules).

use super::{CompId, Model, Target};
use std::collections::HashMap;
use std::sync::OnceLock;

/// For each component, its children, features and attributes by name; built on first use,
/// after the front end has added every component and feature.
#[derive(Debug, Clone, Default)]
pub struct NameLookup(OnceLock<Vec<HashMap<String, Target>>>);

impl Model {
    /// The child component, feature or attribute of `c` called `name` (in that order of precedence).
    pub fn part_named(&self, c: CompId, name: &str) -> Option<Target> {
        let table = self.lookup.0.get_or_init(|| {
            (0..self.components.len())
                .map(|i| {
                    let comp = &self.components[i];
                    let mut m = HashMap::new();
                    for &k in &comp.children {
                        m.entry(self.comp(k).key.clone()).or_insert(Target::Comp(k));
                    }
                    for &f in &comp.features {
                        m.entry(self.feat(f).key.clone()).or_insert(Target::Feat(f));
                    }
                    for &(a, _) in &comp.attrs {
                        m.entry(self.attr_name(a).to_string())
                            .or_insert(Target::CompAttr(CompId(i as u32), a));
                    }
                    m
                })
                .collect()
        });
        table.get(c.index())?.get(name).copied()
    }
}
