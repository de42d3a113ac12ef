//! Conformance on real feature models: every model of `../shared/data/ground_truth/boolean_models.json`
//! (DIMACS and UVL) is loaded through its importer and configured with an empty selection; the
//! features whose valid set is exactly {true} must be the listed core, exactly {false} the listed
//! dead. The exact count must equal the listed one wherever it finishes within its budget; the
//! models where it does not are printed with the reason (and listed in BENCHMARKS.md).
//!
//! Budgets are per model (dev profile): configure gets 300 s (all 34 take under 1 s today), the
//! count 5 s. `TAILOR_CONFORMANCE_ONLY=<substring>` restricts the run and `TAILOR_COUNT_SECS=<n>`
//! changes the count budget. Run with `-- --nocapture` to see the table.

use crate::util::shared_data;
use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};
use tailor::budget::Budget;
use tailor::engine::{configure, count, Options, Session};

/// Time for configure (every feature's valid set) per model.
const CONFIGURE_BUDGET: Duration = Duration::from_secs(300);

/// Time for the exact count per model (dev profile).
const COUNT_SECS: u64 = 5;

struct Expected {
    model: String,
    core: BTreeSet<String>,
    dead: BTreeSet<String>,
    count: Option<String>,
}

fn expected(data: &Path, prefix: &str) -> Vec<Expected> {
    let path = data.join("ground_truth").join("boolean_models.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let json: serde_json::Value = serde_json::from_str(&text).expect("boolean_models.json is JSON");
    let names = |v: &serde_json::Value| -> BTreeSet<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    json.as_object()
        .expect("an object by model path")
        .iter()
        .filter(|(k, _)| k.starts_with(prefix))
        .map(|(k, v)| Expected {
            model: k.clone(),
            core: names(&v["core"]),
            dead: names(&v["dead"]),
            count: v["count"].as_str().map(String::from),
        })
        .collect()
}

/// What one model gave.
struct Outcome {
    model: String,
    load_secs: f64,
    configure_secs: f64,
    /// "match", or what differed.
    core_dead: String,
    count: String,
}

fn check_model(data: &Path, e: &Expected, count_secs: u64) -> Outcome {
    let path = data.join(&e.model);
    let t0 = Instant::now();
    let loaded = tailor::load::load_file(&path.to_string_lossy()).expect("readable model");
    let load_secs = t0.elapsed().as_secs_f64();
    let Some(model) = loaded.model else {
        panic!(
            "{} does not load:\n{}",
            e.model,
            loaded.sources.render_all(&loaded.diagnostics)
        );
    };
    let mut s = Session::new(model).expect("the model encodes");
    let t1 = Instant::now();
    let c = configure(
        &mut s,
        &[],
        Options::default(),
        &Budget::time(CONFIGURE_BUDGET),
    );
    let configure_secs = t1.elapsed().as_secs_f64();
    let mut core = BTreeSet::new();
    let mut dead = BTreeSet::new();
    for v in &c.variables {
        match v.valid.as_array().map(Vec::as_slice) {
            Some([serde_json::Value::Bool(true)]) => core.insert(v.path.clone()),
            Some([serde_json::Value::Bool(false)]) => dead.insert(v.path.clone()),
            _ => false,
        };
    }
    let core_dead = if !c.complete {
        format!(
            "configure did not finish in {} s",
            CONFIGURE_BUDGET.as_secs()
        )
    } else if core == e.core && dead == e.dead {
        "match".to_string()
    } else {
        let diff = |a: &BTreeSet<String>, b: &BTreeSet<String>| -> Vec<String> {
            a.difference(b).take(5).cloned().collect()
        };
        format!(
            "core +{:?} -{:?}; dead +{:?} -{:?}",
            diff(&core, &e.core),
            diff(&e.core, &core),
            diff(&dead, &e.dead),
            diff(&e.dead, &dead)
        )
    };
    let count = match &e.count {
        None => "no ground truth".to_string(),
        Some(want) => {
            let t2 = Instant::now();
            let got = count(&s, &[], &Budget::time(Duration::from_secs(count_secs)));
            let secs = t2.elapsed().as_secs_f64();
            match got.count {
                Some(n) if &n == want => format!("equal ({secs:.1} s)"),
                Some(n) => format!("DIFFERS: {n} instead of {want}"),
                None => format!("not finished within {count_secs} s (budget)"),
            }
        }
    };
    Outcome {
        model: e.model.clone(),
        load_secs,
        configure_secs,
        core_dead,
        count,
    }
}

fn run(prefix: &str) {
    let Some(data) = shared_data() else {
        eprintln!("conformance ({prefix}): skipped, ../shared/data is absent");
        return;
    };
    let only = std::env::var("TAILOR_CONFORMANCE_ONLY").ok();
    let count_secs = std::env::var("TAILOR_COUNT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(COUNT_SECS);
    let all = expected(&data, prefix);
    assert!(!all.is_empty(), "no ground truth for {prefix}");
    let mut outcomes = Vec::new();
    for e in &all {
        if only.as_deref().is_some_and(|o| !e.model.contains(o)) {
            continue;
        }
        outcomes.push(check_model(&data, e, count_secs));
    }
    println!("conformance ({prefix}*): model | load s | configure s | core/dead | count");
    for o in &outcomes {
        println!(
            "  {} | {:.2} | {:.2} | {} | {}",
            o.model, o.load_secs, o.configure_secs, o.core_dead, o.count
        );
    }
    let unfinished: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.count.starts_with("not finished"))
        .collect();
    if !unfinished.is_empty() {
        println!("counts not finished within {count_secs} s:");
        for o in unfinished {
            println!("  {}: {}", o.model, o.count);
        }
    }
    let bad: Vec<String> = outcomes
        .iter()
        .filter(|o| o.core_dead != "match" || o.count.starts_with("DIFFERS"))
        .map(|o| format!("{}: {}; count {}", o.model, o.core_dead, o.count))
        .collect();
    assert!(bad.is_empty(), "conformance failures:\n{}", bad.join("\n"));
}

#[test]
fn conformance_dimacs() {
    run("dimacs/");
}

#[test]
fn conformance_uvl() {
    run("uvl/");
}
