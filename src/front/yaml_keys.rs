//! The YAML keys a catalog accepts at a place, read from the catalog's JSON Schema (generated
//! from the reader's own types, so completion offers exactly what loading accepts).

use super::raw::RawCatalog;
use schemars::schema::{RootSchema, Schema, SchemaObject, SingleOrVec};

/// The keys allowed in the mapping at `path` (keys from the top; list items as their index),
/// sorted; empty where no mapping with known keys is allowed.
pub fn keys_at(path: &[&str]) -> Vec<String> {
    let root = schemars::schema_for!(RawCatalog);
    let mut here: Vec<&SchemaObject> = vec![&root.schema];
    for key in path {
        here = here
            .into_iter()
            .flat_map(|s| alternatives(&root, s))
            .flat_map(|s| child(s, key))
            .collect();
    }
    let mut keys: Vec<String> = here
        .into_iter()
        .flat_map(|s| alternatives(&root, s))
        .filter_map(|s| s.object.as_ref())
        .flat_map(|o| o.properties.keys().cloned())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// `s` with references followed and `anyOf`/`oneOf`/`allOf` spread out.
fn alternatives<'a>(root: &'a RootSchema, s: &'a SchemaObject) -> Vec<&'a SchemaObject> {
    let mut out = Vec::new();
    let mut todo = vec![s];
    while let Some(s) = todo.pop() {
        if out.len() > 64 {
            break; // a schema that refers to itself: enough
        }
        if let Some(r) = &s.reference {
            let name = r.trim_start_matches("#/definitions/");
            if let Some(Schema::Object(o)) = root.definitions.get(name) {
                todo.push(o);
            }
            continue;
        }
        if let Some(sub) = &s.subschemas {
            for list in [&sub.all_of, &sub.any_of, &sub.one_of]
                .into_iter()
                .flatten()
            {
                todo.extend(list.iter().filter_map(object));
            }
        }
        out.push(s);
    }
    out
}

/// The schema of what `key` holds in `s`: a property, a map entry or a list item.
fn child<'a>(s: &'a SchemaObject, key: &str) -> Vec<&'a SchemaObject> {
    let mut out = Vec::new();
    if let Some(o) = &s.object {
        match o.properties.get(key) {
            Some(p) => out.extend(object(p)),
            None => out.extend(o.additional_properties.as_deref().and_then(object)),
        }
    }
    if key.parse::<usize>().is_ok() {
        if let Some(a) = &s.array {
            match &a.items {
                Some(SingleOrVec::Single(i)) => out.extend(object(i)),
                Some(SingleOrVec::Vec(v)) => out.extend(v.iter().filter_map(object)),
                None => {}
            }
        }
    }
    out
}

fn object(s: &Schema) -> Option<&SchemaObject> {
    match s {
        Schema::Object(o) => Some(o),
        Schema::Bool(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::keys_at;

    #[test]
    fn keys_follow_the_catalog_format() {
        let top = keys_at(&[]);
        for k in ["catalog", "components", "currency", "rules", "include"] {
            assert!(top.contains(&k.to_string()), "{top:?}");
        }
        let comp = keys_at(&["components", "pc"]);
        for k in ["features", "optional", "instances", "price"] {
            assert!(comp.contains(&k.to_string()), "{comp:?}");
        }
        let feat = keys_at(&["components", "pc", "features", "cpu"]);
        for k in ["one_of", "any_of", "default", "name"] {
            assert!(feat.contains(&k.to_string()), "{feat:?}");
        }
        assert!(!feat.contains(&"features".to_string()), "{feat:?}");
        let nested = keys_at(&["components", "pc", "components", "disk", "features", "size"]);
        assert_eq!(nested, feat);
        assert_eq!(keys_at(&["currency"]), Vec::<String>::new());
    }
}
