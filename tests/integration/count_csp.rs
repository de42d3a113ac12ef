//! The table counter (variable elimination on the catalog's own tables, `src/count/csp.rs`):
//! Renault's ground truth (medium, Megane, scenario selections), agreement with the #SAT counter
//! and with brute force on random table catalogs, the fallback for catalogs it does not take, and
//! its budget.
//!
//! Megane takes a few seconds in the test profile; `TAILOR_SKIP_MEGANE=1` skips it.
//! Release timings for BENCHMARKS.md (median of N runs, count only, the session already built):
//! `TAILOR_COUNT_TIMINGS=5 cargo test --release --test integration count_tables_timings -- --nocapture`.

use crate::oracle::{catalog_yaml, load_generated, Oracle};
use crate::util::shared_data;
use proptest::prelude::*;
use std::time::Instant;
use tailor::budget::Budget;
use tailor::engine::{count_with, CountMethod, Session};

fn renault(name: &str) -> Option<Session> {
    let path = shared_data()?.join("renault").join(name);
    let loaded = tailor::load::load_file(path.to_str()?).ok()?;
    Some(Session::new(loaded.model.expect("catalog loads")).expect("catalog encodes"))
}

fn tables(s: &mut Session, select: &[String], budget: &Budget) -> Option<String> {
    let choices = s.parse_choices(select).expect("choices parse");
    let c = count_with(s, &choices, budget, CountMethod::Tables).expect("the catalog qualifies");
    c.count
}

#[test]
fn renault_medium_count_is_exact() {
    let Some(mut s) = renault("medium.yaml") else {
        return;
    };
    let t = Instant::now();
    let n = tables(&mut s, &[], &Budget::unlimited());
    eprintln!("medium counted in {:.3} s", t.elapsed().as_secs_f64());
    assert_eq!(n.as_deref(), Some("278744"));
    // The default method takes the same path.
    let auto = tailor::engine::count(&s, &[], &Budget::unlimited());
    assert_eq!(auto.count.as_deref(), Some("278744"));
}

#[test]
fn renault_medium_scenario_counts() {
    let Some(data) = shared_data() else { return };
    let Some(mut s) = renault("medium.yaml") else {
        return;
    };
    let text = std::fs::read_to_string(data.join("renault/scenarios_medium.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut checked = 0;
    for sc in doc["scenarios"].as_array().unwrap() {
        let want = match &sc["count"] {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(n) => n.clone(),
            _ => continue,
        };
        let select: Vec<String> = sc["select"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let got = tables(&mut s, &select, &Budget::unlimited());
        assert_eq!(got, Some(want), "{}", sc["id"]);
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} scenarios have a count");
}

#[test]
fn renault_megane_count_is_exact() {
    if std::env::var_os("TAILOR_SKIP_MEGANE").is_some() {
        return;
    }
    let Some(mut s) = renault("megane.yaml") else {
        return;
    };
    let t = Instant::now();
    let n = tables(&mut s, &[], &Budget::unlimited());
    eprintln!("Megane counted in {:.3} s", t.elapsed().as_secs_f64());
    assert_eq!(n.as_deref(), Some("2835456006272"));
}

/// Scenario selections of a Renault scenario file, by id.
fn scenarios(file: &str) -> Vec<(String, Vec<String>)> {
    let Some(data) = shared_data() else {
        return vec![];
    };
    let text = std::fs::read_to_string(data.join("renault").join(file)).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|sc| {
            let select = sc["select"].as_array().unwrap();
            let select = select.iter().map(|v| v.as_str().unwrap().to_string());
            (sc["id"].as_str().unwrap().to_string(), select.collect())
        })
        .collect()
}

#[test]
fn count_tables_timings() {
    let Some(runs) = std::env::var("TAILOR_COUNT_TIMINGS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    else {
        return;
    };
    for (catalog, file) in [
        ("medium.yaml", "scenarios_medium.json"),
        ("megane.yaml", "scenarios_megane.json"),
    ] {
        let Some(mut s) = renault(catalog) else {
            return;
        };
        for (id, select) in scenarios(file) {
            let choices = s.parse_choices(&select).expect("choices parse");
            // #SAT on the encoding beside it: every medium scenario, Megane without choices.
            let sat_runs = match (catalog, select.is_empty()) {
                ("medium.yaml", _) => runs.max(1),
                (_, true) => 1,
                _ => 0,
            };
            let mut answers = Vec::new();
            for (method, n_runs) in [
                (CountMethod::Tables, runs.max(1)),
                (CountMethod::Sat, sat_runs),
            ] {
                let mut secs = Vec::new();
                let mut n = None;
                for _ in 0..n_runs {
                    let t = Instant::now();
                    let b = Budget::millis(120_000);
                    n = count_with(&s, &choices, &b, method).and_then(|c| c.count);
                    secs.push(t.elapsed().as_secs_f64());
                }
                if secs.is_empty() {
                    continue;
                }
                secs.sort_by(f64::total_cmp);
                eprintln!(
                    "{id} {method:?}: {} in {:.3} s median ({:.3}..{:.3}, {} runs)",
                    n.clone().unwrap_or_else(|| "unknown".into()),
                    secs[secs.len() / 2],
                    secs[0],
                    secs[secs.len() - 1],
                    secs.len()
                );
                answers.extend(n);
            }
            answers.dedup();
            assert!(
                answers.len() <= 1,
                "{id}: the counters disagree: {answers:?}"
            );
        }
    }
}

#[test]
fn budget_is_respected() {
    let Some(s) = renault("medium.yaml") else {
        return;
    };
    let c = count_with(&s, &[], &Budget::millis(0), CountMethod::Tables).expect("qualifies");
    assert_eq!((c.count, c.exact), (None, false));
}

#[test]
fn other_catalogs_fall_back_to_sat() {
    let yaml = "catalog: opt\nname: opt\nversion: \"1\"\ncurrency: EUR\ncomponents:\n  a:\n    optional: true\n    features:\n      x: { one_of: [p, q] }\n";
    let s = Session::new(load_generated(yaml)).expect("encodes");
    assert!(count_with(&s, &[], &Budget::unlimited(), CountMethod::Tables).is_none());
    let auto = tailor::engine::count(&s, &[], &Budget::unlimited());
    assert_eq!(auto.count.as_deref(), Some("3"));
}

// ---- random table catalogs ---------------------------------------------------------------------

/// A tiny deterministic generator (proptest draws the seed, and shrinks it).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// A feature of the generated catalog: its path and the literals a cell or choice may name.
struct Feat {
    path: String,
    lits: Vec<String>,
    kind: &'static str,
}

/// One component `c` with one_of, bool and int features; allow/forbid tables whose columns are
/// features, values (`c.f.a1`) or the component itself, with `*` and alternatives; and rules
/// (conditions, implications, sums) that the counter tabulates. Returns the YAML and the choices
/// a selection may draw from.
fn table_catalog(seed: u64) -> (String, Vec<String>) {
    let mut r = Rng(seed | 1);
    let mut feats = Vec::new();
    let mut yaml = String::from(
        "catalog: gen\nname: gen\nversion: \"1\"\ncurrency: EUR\ncomponents:\n  c:\n    features:\n",
    );
    for i in 0..1 + r.below(5) {
        let path = format!("c.f{i}");
        match r.below(3) {
            0 => {
                let lits: Vec<String> = (0..1 + r.below(4)).map(|k| format!("a{k}")).collect();
                yaml.push_str(&format!(
                    "      f{i}: {{ one_of: [{}] }}\n",
                    lits.join(", ")
                ));
                feats.push(Feat {
                    path,
                    lits,
                    kind: "one_of",
                });
            }
            1 => {
                yaml.push_str(&format!("      f{i}: {{ bool: {{}} }}\n"));
                feats.push(Feat {
                    path,
                    lits: vec!["false".into(), "true".into()],
                    kind: "bool",
                });
            }
            _ => {
                let lo = r.below(3) as i64 - 1;
                let hi = lo + r.below(4) as i64;
                yaml.push_str(&format!(
                    "      f{i}: {{ int: {{ min: {lo}, max: {hi} }} }}\n"
                ));
                feats.push(Feat {
                    path,
                    lits: (lo..=hi).map(|x| x.to_string()).collect(),
                    kind: "int",
                });
            }
        }
    }
    // Table columns: features, values of one_of features, the component.
    let mut cols: Vec<(String, Vec<String>)> = feats
        .iter()
        .map(|f| (f.path.clone(), f.lits.clone()))
        .collect();
    for f in feats.iter().filter(|f| f.kind == "one_of") {
        cols.push((
            format!("{}.{}", f.path, f.lits[0]),
            vec!["false".into(), "true".into()],
        ));
    }
    cols.push(("c".into(), vec!["false".into(), "true".into()]));
    yaml.push_str("rules: |\n");
    for t in 0..r.below(5) {
        if r.below(4) == 0 {
            yaml.push_str(&format!("  rule r{t}: {}\n", rule(&mut r, &feats)));
            continue;
        }
        let mut chosen: Vec<usize> = (0..1 + r.below(3)).map(|_| r.below(cols.len())).collect();
        chosen.sort_unstable();
        chosen.dedup();
        let kind = if r.below(2) == 0 { "allow" } else { "forbid" };
        let names: Vec<&str> = chosen.iter().map(|&c| cols[c].0.as_str()).collect();
        yaml.push_str(&format!("  {kind} ({}) {{\n", names.join(", ")));
        let rows: Vec<String> = (0..r.below(6))
            .map(|_| {
                let cells: Vec<String> = chosen
                    .iter()
                    .map(|&c| {
                        let lits = &cols[c].1;
                        match r.below(5) {
                            0 => "*".to_string(),
                            1 if lits.len() > 1 => {
                                let a = r.below(lits.len());
                                let b = (a + 1 + r.below(lits.len() - 1)) % lits.len();
                                format!("({}, {})", lits[a], lits[b])
                            }
                            _ => lits[r.below(lits.len())].clone(),
                        }
                    })
                    .collect();
                format!("    ({})", cells.join(", "))
            })
            .collect();
        yaml.push_str(&rows.join(",\n"));
        yaml.push_str("\n  }\n");
    }
    // A rule that reads nothing belongs to no independent group.
    yaml.push_str("  rule always: true\n");
    let mut choices = vec!["c".to_string(), "!c".to_string()];
    for f in &feats {
        for l in &f.lits {
            choices.push(format!("{}={l}", f.path));
            choices.push(format!("{}!={l}", f.path));
        }
    }
    (yaml, choices)
}

/// A random rule over the features: a condition, `x = v`, `x in {..}`, a comparison of sums,
/// combined with `and`, `or`, `->`, `not`, or a `when ... require ...`.
fn rule(r: &mut Rng, feats: &[Feat]) -> String {
    let atom = |r: &mut Rng| -> String {
        let f = &feats[r.below(feats.len())];
        match f.kind {
            "one_of" if f.lits.len() > 1 && r.below(2) == 0 => format!(
                "{} in {{{}, {}}}",
                f.path,
                f.lits[0],
                f.lits[1 + r.below(f.lits.len() - 1)]
            ),
            "one_of" => format!("{} = {}", f.path, f.lits[r.below(f.lits.len())]),
            "bool" => f.path.clone(),
            _ => {
                let g = &feats[r.below(feats.len())];
                let rhs = if g.kind == "int" {
                    format!(" + {}", g.path)
                } else {
                    String::new()
                };
                let op = ["<=", ">", "=", "!="][r.below(4)];
                format!("2 * {}{rhs} {op} {}", f.path, r.below(5))
            }
        }
    };
    let a = atom(r);
    let b = atom(r);
    match r.below(5) {
        0 => format!("{a} -> {b}"),
        1 => format!("{a} or not {b}"),
        2 => format!("not ({a} and {b})"),
        3 => format!("when {a} require {b}"),
        _ => a,
    }
}

fn check_tables(seed: u64, picks: &[usize]) -> Result<(), TestCaseError> {
    let (yaml, all) = table_catalog(seed);
    let model = load_generated(&yaml);
    let oracle = Oracle::new(&model).expect("small catalog");
    let select: Vec<String> = picks.iter().map(|&i| all[i % all.len()].clone()).collect();
    let sel: Vec<&str> = select.iter().map(|s| s.as_str()).collect();
    let want = oracle.count(&sel).to_string();
    let mut s = Session::new(model.clone()).expect("encodes");
    let choices = s.parse_choices(&select).expect("choices parse");
    let b = Budget::millis(20_000);
    let by_tables = count_with(&s, &choices, &b, CountMethod::Tables);
    prop_assert!(by_tables.is_some(), "not counted by tables:\n{yaml}");
    let by_sat = count_with(&s, &choices, &b, CountMethod::Sat).and_then(|c| c.count);
    prop_assert_eq!(
        by_sat.as_deref(),
        Some(want.as_str()),
        "#SAT, {:?}\n{}",
        select,
        yaml
    );
    let by_tables = by_tables.and_then(|c| c.count);
    prop_assert_eq!(
        by_tables.as_deref(),
        Some(want.as_str()),
        "tables, {:?}\n{}",
        select,
        yaml
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn tables_agree_with_sat_and_brute_force(seed in any::<u64>(), picks in prop::collection::vec(any::<usize>(), 0..3)) {
        check_tables(seed, &picks)?;
    }

    /// The general random catalogs: whenever the table counter takes one, it agrees with brute force.
    #[test]
    fn tables_agree_on_general_catalogs(yaml in catalog_yaml(), picks in prop::collection::vec(any::<prop::sample::Index>(), 0..3)) {
        let model = load_generated(&yaml);
        let Some(oracle) = Oracle::new(&model) else { return Ok(()) };
        let all = oracle.all_choices();
        let select: Vec<String> = if all.is_empty() { vec![] } else {
            picks.iter().map(|i| all[i.index(all.len())].clone()).collect()
        };
        let sel: Vec<&str> = select.iter().map(|s| s.as_str()).collect();
        let mut s = Session::new(model.clone()).expect("encodes");
        let choices = s.parse_choices(&select).expect("choices parse");
        if let Some(c) = count_with(&s, &choices, &Budget::millis(20_000), CountMethod::Tables) {
            prop_assert_eq!(c.count, Some(oracle.count(&sel).to_string()), "{:?}", select);
        }
    }
}
