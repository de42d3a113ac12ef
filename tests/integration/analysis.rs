//! `tailor check` analysis: contradictions, dead and forced values, rules that never fire.

use std::process::Command;
use tailor::budget::Budget;
use tailor::engine::{analyze, Session};

fn findings(yaml: &str) -> Vec<String> {
    let l = tailor::load::load_str("a.yaml", yaml, &tailor::front::NoIncludes);
    assert!(
        l.diagnostics.is_empty(),
        "{}",
        l.sources.render_all(&l.diagnostics)
    );
    let mut s = Session::new(l.model.unwrap()).unwrap();
    let ds = analyze(&mut s, &Budget::unlimited());
    ds.iter()
        .map(|d| {
            format!(
                "{}:{:?}: {}",
                l.sources.locate(d).line,
                d.severity,
                d.message
            )
        })
        .collect()
}

const SHOP: &str = r#"catalog: shop
components:
  tv:
    optional: true
    features:
      package: { one_of: [basic, sports, cinema] }
      hd: { bool: {} }
  net:
    features:
      speed: { one_of: { s100: { attrs: { mbit: 100 } }, s500: { attrs: { mbit: 500 } } } }
rules: |
  rule no_cinema "Cinema is discontinued": tv.package != cinema
  rule fast "Everyone gets 500": net.speed = s500
  rule hd_needs_sports: when tv.hd and tv.package = cinema require net.speed = s100
  prefer slow: net.speed = s100
"#;

#[test]
fn dead_and_forced_values_and_rules_that_never_fire() {
    let f = findings(SHOP);
    let has = |needle: &str| f.iter().any(|x| x.contains(needle));
    assert!(has("6:Warning: dead value: `cinema` of `tv.package` can never be selected (ruled out by no_cinema)"), "{f:#?}");
    assert!(has("10:Warning: dead value: `s100` of `net.speed` can never be selected (ruled out by fast)"), "{f:#?}");
    assert!(
        has("forced value: `net.speed` is always \"s500\""),
        "{f:#?}"
    );
    assert!(has("rule `hd_needs_sports` never fires"), "{f:#?}");
    assert!(has("preference `slow` can never hold"), "{f:#?}");
    assert!(!has("`sports`"), "{f:#?}");
}

#[test]
fn a_contradictory_catalog_names_a_minimal_set_of_rules() {
    let yaml = "catalog: c\ncomponents:\n  a:\n    features:\n      x: { int: { min: 0, max: 9 } }\n      y: { bool: {} }\nrules: |\n  rule r1: a.x >= 5\n  rule r2: a.y\n  rule r3: a.x <= 3\n";
    let f = findings(yaml);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].contains("Error: the catalog has no valid configuration: these rules contradict each other: r1, r3"), "{f:#?}");
}

#[test]
fn strict_makes_analysis_warnings_errors() {
    let dir = std::env::temp_dir().join(format!("tailor-analysis-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("shop.yaml");
    std::fs::write(&p, SHOP).unwrap();
    let run = |strict: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tailor"));
        c.arg("check");
        if strict {
            c.arg("--strict");
        }
        c.arg(&p).output().unwrap()
    };
    let lax = run(false);
    assert_eq!(lax.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&lax.stderr).contains("shop.yaml:6:"));
    assert_eq!(run(true).status.code(), Some(1));
}
