//! Conformance on Renault's car catalogs (written by others, with ground truth computed by others):
//! every scenario's exact valid sets through `configure`.

use crate::util::shared_data;
use std::collections::{BTreeMap, BTreeSet};
use tailor::budget::Budget;
use tailor::engine::{configure, Options, Session};

fn check_scenarios(catalog: &str, scenarios: &str) {
    let Some(data) = shared_data() else { return };
    let dir = data.join("renault");
    let loaded = tailor::load::load_file(dir.join(catalog).to_str().unwrap()).unwrap();
    let mut s = Session::new(loaded.model.expect("catalog loads")).expect("catalog encodes");
    let text = std::fs::read_to_string(dir.join(scenarios)).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let list = doc["scenarios"].as_array().unwrap();
    assert!(!list.is_empty());
    let mut failures = Vec::new();
    for sc in list {
        let id = sc["id"].as_str().unwrap();
        let select: Vec<String> = sc["select"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let choices = s.parse_choices(&select).unwrap();
        let answer = configure(&mut s, &choices, Options::default(), &Budget::unlimited());
        assert_eq!(
            answer.consistent,
            sc["consistent"].as_bool().unwrap(),
            "{id}"
        );
        let got: BTreeMap<String, BTreeSet<String>> = answer
            .variables
            .iter()
            .map(|v| {
                (
                    v.path.clone(),
                    v.valid
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_str().unwrap().to_string())
                        .collect(),
                )
            })
            .collect();
        let want: BTreeMap<String, BTreeSet<String>> = sc["valid"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_str().unwrap().to_string())
                        .collect(),
                )
            })
            .collect();
        if got != want {
            let diff: Vec<_> = want
                .iter()
                .filter(|(k, v)| got.get(*k) != Some(v))
                .map(|(k, v)| format!("{k}: want {v:?} got {:?}", got.get(k)))
                .take(5)
                .collect();
            failures.push(format!("{id}: {}", diff.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scenarios differ:\n{}",
        failures.len(),
        list.len(),
        failures.join("\n")
    );
}

#[test]
fn renault_medium_scenarios_give_exact_valid_sets() {
    check_scenarios("medium.yaml", "scenarios_medium.json");
}

#[test]
fn renault_megane_scenarios_give_exact_valid_sets() {
    check_scenarios("megane.yaml", "scenarios_megane.json");
}
