//! The model counter on real feature models: every DIMACS file of `../shared/data/dimacs/` with a
//! ground-truth count in `ground_truth/boolean_models.json` is counted within a time budget, and
//! every count that finishes must equal the ground truth exactly.
//!
//! The ignored test `count_dimacs_timings` measures every DIMACS model (those without a ground
//! truth too) with a 60 s budget; run it in release:
//! `TAILOR_COUNT_SECS=60 cargo test --release --test integration count_dimacs_timings -- --nocapture`.
//! `TAILOR_COUNT_ONLY=<substring>` restricts it to matching models, `TAILOR_COUNT_SECS=<n>` changes
//! the budget.

use crate::util::{files_with_ext, shared_data};
use num_bigint::BigUint;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};
use tailor::budget::Budget;
use tailor::count::{count_with_stats, parse_dimacs, CountResult};

/// Per-model budget in the (unoptimised) test build.
const DEBUG_BUDGET: Duration = Duration::from_secs(3);

/// Small models that must finish within the budget, or the test proves nothing.
const MUST_FINISH: &[&str] = &[
    "axtls_berger2013",
    "berkeleydb_hierons2020",
    "busybox-1.18.0_berger2013",
    "busybox-1.18.0_knueppel2017",
    "toybox_berger2013",
    "uclinux_berger2013",
];

/// Ground-truth counts by model path (`dimacs/<file>`), for the DIMACS models that have one.
fn ground_truth(data: &Path) -> BTreeMap<String, BigUint> {
    let path = data.join("ground_truth").join("boolean_models.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let json: serde_json::Value = serde_json::from_str(&text).expect("boolean_models.json is JSON");
    let mut counts = BTreeMap::new();
    for (key, entry) in json.as_object().expect("an object by model path") {
        if !key.starts_with("dimacs/") {
            continue;
        }
        if let Some(count) = entry.get("count").and_then(|c| c.as_str()) {
            let count = count.parse::<BigUint>().expect("a decimal count");
            counts.insert(key.clone(), count);
        }
    }
    counts
}

struct Outcome {
    model: String,
    /// The count, when it finished.
    count: Option<BigUint>,
    verified: bool,
    secs: f64,
}

/// Count each DIMACS model (whose path contains `only`, if given; only those with a ground truth
/// unless `unverified`) within `budget`; assert exact equality with the ground truth for those
/// that finish.
fn run(data: &Path, budget: Duration, only: Option<&str>, unverified: bool) -> Vec<Outcome> {
    let truth = ground_truth(data);
    assert!(
        truth.len() >= 10,
        "expected the DIMACS ground truth, found {} counts",
        truth.len()
    );
    let mut outcomes = Vec::new();
    for path in files_with_ext(&data.join("dimacs"), ".dimacs") {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let model = format!("dimacs/{name}");
        let expected = truth.get(&model);
        if only.is_some_and(|o| !model.contains(o)) || (expected.is_none() && !unverified) {
            continue;
        }
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {model}: {e}"));
        let cnf = parse_dimacs(&text).unwrap_or_else(|e| panic!("{model}: {e}"));
        let start = Instant::now();
        let (result, stats) = count_with_stats(&cnf, &Budget::time(budget));
        let secs = start.elapsed().as_secs_f64();
        let count = match result {
            CountResult::Exact(n) => Some(n),
            CountResult::Unknown => None,
        };
        if let (Some(n), Some(expected)) = (&count, expected) {
            assert_eq!(n, expected, "{model}: wrong count");
        }
        let verdict = match (&count, expected) {
            (Some(_), Some(_)) => "exact, equals the ground truth".to_string(),
            (Some(n), None) => format!("exact, no ground truth: {} digits", n.to_string().len()),
            (None, _) => "unknown (budget ran out)".to_string(),
        };
        eprintln!(
            "{model}: {verdict} in {secs:.2} s ({} vars, {} clauses; {} decisions, {} cache hits, \
             {} cache entries, {} cache clears)",
            cnf.num_vars,
            cnf.clauses.len(),
            stats.decisions,
            stats.cache_hits,
            stats.cache_entries,
            stats.cache_clears,
        );
        outcomes.push(Outcome {
            model,
            verified: count.is_some() && expected.is_some(),
            count,
            secs,
        });
    }
    let unfinished: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.count.is_none())
        .map(|o| o.model.as_str())
        .collect();
    eprintln!(
        "{} of {} models finished within {budget:?}; not finished: {unfinished:?}",
        outcomes.len() - unfinished.len(),
        outcomes.len(),
    );
    outcomes
}

#[test]
fn count_dimacs_ground_truth() {
    let Some(data) = shared_data() else {
        eprintln!("count_dimacs: shared data absent, nothing counted");
        return;
    };
    let outcomes = run(&data, DEBUG_BUDGET, None, false);
    for must in MUST_FINISH {
        let verified = outcomes
            .iter()
            .any(|o| o.model.contains(must) && o.verified);
        assert!(verified, "{must} did not finish within {DEBUG_BUDGET:?}");
    }
}

/// A timing run, not a check: it counts only when `TAILOR_COUNT_SECS` gives a budget (use --release).
#[test]
fn count_dimacs_timings() {
    let Some(secs) = std::env::var("TAILOR_COUNT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
    else {
        eprintln!("count_dimacs_timings: set TAILOR_COUNT_SECS to run the timing table");
        return;
    };
    let Some(data) = shared_data() else {
        eprintln!("count_dimacs: shared data absent, nothing counted");
        return;
    };
    let only = std::env::var("TAILOR_COUNT_ONLY").ok();
    let outcomes = run(&data, Duration::from_secs(secs), only.as_deref(), true);
    eprintln!("| model | seconds | result |");
    eprintln!("|---|---|---|");
    for o in &outcomes {
        let result = match (&o.count, o.verified) {
            (Some(_), true) => "exact = ground truth",
            (Some(_), false) => "exact (no ground truth)",
            (None, _) => "not finished",
        };
        eprintln!("| {} | {:.2} | {result} |", o.model, o.secs);
    }
}
