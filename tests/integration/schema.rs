//! The committed JSON Schema is the one generated from the Rust types, and the catalogs use it.

use crate::util::{files_with_ext, root};

#[test]
fn committed_schema_matches_the_types() {
    let committed =
        std::fs::read_to_string(root().join("catalogs/catalog.schema.json")).expect("schema file");
    let generated = tailor::front::raw::catalog_schema();
    assert!(
        committed == generated,
        "catalogs/catalog.schema.json is stale: run `cargo run -- schema > catalogs/catalog.schema.json`"
    );
}

#[test]
fn every_example_catalog_references_the_schema() {
    let cats = files_with_ext(&root().join("catalogs"), ".yaml");
    assert!(
        cats.len() >= 4,
        "expected at least four example catalogs, found {}",
        cats.len()
    );
    for c in cats {
        let text = std::fs::read_to_string(&c).unwrap();
        assert!(
            text.lines()
                .next()
                .is_some_and(|l| l.starts_with("# yaml-language-server: $schema=")
                    && l.ends_with("catalog.schema.json")),
            "{} does not start with the yaml-language-server $schema line",
            c.display()
        );
    }
}

#[test]
fn schema_describes_the_catalog_shape() {
    let schema: serde_json::Value =
        serde_json::from_str(&tailor::front::raw::catalog_schema()).unwrap();
    let props = &schema["properties"];
    for key in [
        "catalog",
        "components",
        "rules",
        "include",
        "currency",
        "term_months",
    ] {
        assert!(props.get(key).is_some(), "schema lacks `{key}`");
    }
    let feature = &schema["definitions"]["RawFeature"]["properties"];
    for key in [
        "one_of",
        "any_of",
        "bool",
        "int",
        "default",
        "price_each",
        "min",
        "max",
    ] {
        assert!(feature.get(key).is_some(), "feature schema lacks `{key}`");
    }
    assert_eq!(
        schema["definitions"]["RawFeature"]["additionalProperties"],
        false
    );
}
