//! Bundles: another catalog composed into this one with `uses:` becomes a component. Here is
//! what is decided about one module once it is loaded (the loader reads it, recursively, as any
//! catalog): whether it may join (its name, its currency, its pinned hash) and how its YAML
//! joins the bundle's.

use super::build::is_ident;
use super::raw::{RawCatalog, RawComponent, RawUse};
use crate::diagnostic::Diagnostics;
use crate::model::{FeatureKind, Model, Module};
use crate::source::Span;

/// Why module `key` cannot join `bundle`, reported at `span` (its entry under `uses:`); false
/// when it cannot.
pub(super) fn admit(
    key: &str,
    u: &RawUse,
    bundle: &RawCatalog,
    module: &RawCatalog,
    module_hash: &str,
    span: Span,
    diags: &mut Diagnostics,
) -> bool {
    let before = diags.error_count();
    if !is_ident(key) {
        diags.error(span, format!("module name `{key}` is not an identifier: use letters, digits and `_`, starting with a letter or `_`"));
    }
    if bundle.components.contains_key(key) || bundle.features.contains_key(key) {
        diags.error(
            span,
            format!("`{key}` is already a component or feature of this catalog: a module needs a name of its own"),
        );
    }
    let currency = |c: &Option<String>| c.clone().unwrap_or_else(|| "no currency".into());
    if bundle.currency != module.currency {
        diags.error(
            span,
            format!(
                "module `{key}` ({}) prices in {}, this catalog in {}: a bundle takes modules in its own currency",
                u.file(),
                currency(&module.currency),
                currency(&bundle.currency)
            ),
        );
    }
    if let RawUse::Pinned(p) = u {
        if let Some(pinned) = &p.hash {
            if pinned != module_hash {
                diags.error(
                    span,
                    format!(
                        "module `{key}` ({}) changed since it was pinned: pinned {pinned}, now {module_hash}; check the new version and pin it again",
                        p.file
                    ),
                );
            }
        }
    }
    diags.error_count() == before
}

/// Module `key`'s root as a component of `bundle`: its features and components, its name and
/// description; optional when the entry says so.
pub(super) fn graft(bundle: &mut RawCatalog, key: &str, u: &RawUse, module: RawCatalog) {
    let optional = matches!(u, RawUse::Pinned(p) if p.optional);
    bundle.components.insert(
        key.to_string(),
        RawComponent {
            was: None,
            name: module.name,
            description: module.description,
            image: None,
            kind: None,
            optional,
            instances: None,
            price: None,
            attrs: Default::default(),
            features: module.features,
            components: module.components,
        },
    );
}

/// The modules a bundle records: `key` itself, then the modules it uses in turn, under it.
pub(super) fn recorded(key: &str, file: &str, module: &Model) -> Vec<Module> {
    let mut out = vec![Module {
        component: key.to_string(),
        id: module.id.clone(),
        version: module.version.clone(),
        hash: module.hash.clone(),
        file: file.to_string(),
        rule_files: Vec::new(),
    }];
    out.extend(module.modules.iter().map(|m| Module {
        component: format!("{key}.{}", m.component),
        ..m.clone()
    }));
    out
}

/// Gives module `key`'s components, features and values in the bundle the places they have in
/// the module's own file (the bundle's builder saw them in none), and the module's component the
/// place of its entry under `uses:`: what analysis findings and the editor's definitions point at.
pub(super) fn place(bundle: &mut Model, key: &str, entry: Span, module: &Model) {
    let full = |path: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{key}.{path}")
        }
    };
    for (i, c) in module.components.iter().enumerate() {
        let path = full(&c.path);
        if let Some(b) = bundle.components.iter_mut().find(|b| b.path == path) {
            b.span = if i == 0 { entry } else { c.span };
        }
    }
    for f in &module.features {
        let path = full(&f.path);
        let Some(b) = bundle.features.iter_mut().find(|b| b.path == path) else {
            continue;
        };
        b.span = f.span;
        let values = match &mut b.kind {
            FeatureKind::OneOf(v) | FeatureKind::AnyOf { values: v, .. } => v,
            _ => continue,
        };
        for (v, m) in values.iter_mut().zip(f.kind.values()) {
            v.span = m.span;
        }
    }
}
