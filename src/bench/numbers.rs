//! `tailor bench numbers`: per-click valid bounds of wide ints, tailor (one warm session)
//! beside OR-Tools CP-SAT asked the same questions (`bench/numbers/cpsat_clicks.py`: one model
//! per click, the objective swapped per int). Answers are compared; a disagreement fails.

use super::peer_proc::default_python;
use serde_json::{json, Value as Json};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;
use tailor::budget::Budget;
use tailor::engine::{configure, Options, Session};

/// One benchmark model in the CP-SAT scripts' format, with its clicks as `questions`.
pub struct Bench {
    pub name: &'static str,
    pub doc: Json,
}

/// The models of issue 10's first target: ints up to 10⁶ with linear rules.
pub fn models(clicks: usize) -> Vec<Bench> {
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move |n: i64| -> i64 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n as u64) as i64
    };
    let three = ["a.x", "a.y", "a.z"];
    let mut questions = Vec::new();
    for _ in 0..clicks {
        let mut fixed = serde_json::Map::new();
        for _ in 0..next(3) {
            fixed.insert(three[next(3) as usize].into(), json!(next(1_000_001)));
        }
        questions.push(json!({ "fixed": fixed }));
    }
    let ints = |names: &[&str], max: i64| -> Vec<Json> {
        names
            .iter()
            .map(|n| json!({"name": n, "min": 0, "max": max}))
            .collect()
    };
    vec![
        Bench {
            name: "3 ints 0..10⁶, 2 linear rules",
            doc: json!({
                "ints": ints(&three, 1_000_000),
                "rules": [
                    {"terms": [[1, "a.x"], [2, "a.y"], [3, "a.z"]], "op": "<=", "rhs": 1_000_000},
                    {"terms": [[1, "a.x"], [-1, "a.y"]], "op": ">=", "rhs": 1000}
                ],
                "questions": questions,
            }),
        },
        Bench {
            name: "2 ints 0..1000, n + 2m ≤ 1000",
            doc: json!({
                "ints": ints(&["a.n", "a.m"], 1000),
                "rules": [{"terms": [[1, "a.n"], [2, "a.m"]], "op": "<=", "rhs": 1000}],
                "questions": (0..clicks).map(|i| if i % 2 == 0 {
                    json!({"fixed": {}})
                } else {
                    json!({"fixed": {"a.m": (i * 37) % 501}})
                }).collect::<Vec<_>>(),
            }),
        },
    ]
}

/// The catalog text of a model: one component `a`, its ints, its rules.
pub fn catalog_yaml(doc: &Json) -> String {
    let mut y = String::from("catalog: numbers\ncurrency: EUR\ncomponents:\n  a:\n    features:\n");
    for i in doc["ints"].as_array().into_iter().flatten() {
        let name = i["name"].as_str().unwrap_or("a.x");
        let key = name.strip_prefix("a.").unwrap_or(name);
        y.push_str(&format!(
            "      {key}: {{ int: {{ min: {}, max: {} }} }}\n",
            i["min"], i["max"]
        ));
    }
    y.push_str("rules: |\n");
    for (k, r) in doc["rules"].as_array().into_iter().flatten().enumerate() {
        let mut lhs = Vec::new();
        let mut rhs = Vec::new();
        for t in r["terms"].as_array().into_iter().flatten() {
            let (c, n) = (t[0].as_i64().unwrap_or(0), t[1].as_str().unwrap_or(""));
            let side = if c > 0 { &mut lhs } else { &mut rhs };
            side.push(format!("{} * {n}", c.abs()));
        }
        let c = r["rhs"].as_i64().unwrap_or(0);
        rhs.push(if c >= 0 {
            c.to_string()
        } else {
            format!("0 - {}", -c)
        });
        let lhs = if lhs.is_empty() {
            "0".into()
        } else {
            lhs.join(" + ")
        };
        y.push_str(&format!(
            "  rule r{k}: {lhs} {} {}\n",
            r["op"].as_str().unwrap_or("<="),
            rhs.join(" + ")
        ));
    }
    y
}

/// Per click: tailor's time (ms) and its answer in the peer's shape.
fn tailor_clicks(doc: &Json) -> Result<(Vec<f64>, Vec<Json>), String> {
    let yaml = catalog_yaml(doc);
    let loaded = tailor::load::load_str("numbers.yaml", &yaml, &tailor::front::NoIncludes);
    let model = loaded.model.ok_or("the benchmark catalog does not load")?;
    let mut s = Session::new(model).map_err(|e| e.to_string())?;
    let mut times = Vec::new();
    let mut answers = Vec::new();
    for q in doc["questions"].as_array().into_iter().flatten() {
        let sel: Vec<String> = q["fixed"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let t = Instant::now();
        let choices = s.parse_choices(&sel).map_err(|e| e.to_string())?;
        let c = configure(
            &mut s,
            &choices,
            Options::default(),
            &Budget::millis(10_000),
        );
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        answers.push(if c.consistent {
            let bounds: serde_json::Map<String, Json> = c
                .variables
                .iter()
                .map(|v| {
                    let runs = match &v.valid {
                        Json::Array(a) => a.clone(),
                        o => vec![o.clone()],
                    };
                    let lo = runs.first().map(|r| r["min"].clone()).unwrap_or(Json::Null);
                    let hi = runs.last().map(|r| r["max"].clone()).unwrap_or(Json::Null);
                    (v.path.clone(), json!({"min": lo, "max": hi}))
                })
                .collect();
            json!({"feasible": true, "bounds": bounds})
        } else {
            json!({"feasible": false, "bounds": null})
        });
    }
    Ok((times, answers))
}

fn cpsat_clicks(doc: &Json, repeat: usize) -> Result<Json, String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/numbers/cpsat_clicks.py");
    let mut child = Command::new(default_python())
        .args([script, "--repeat", &repeat.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run CP-SAT: {e}"))?;
    if let Some(mut i) = child.stdin.take() {
        i.write_all(doc.to_string().as_bytes())
            .map_err(|e| e.to_string())?;
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "CP-SAT failed (run `make oracle-venv`): {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let i = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len().max(1)) - 1;
    v.get(i).copied().unwrap_or(f64::NAN)
}

/// Runs every model `repeat` times on both sides; prints a Markdown table. Err on disagreement.
pub fn run(clicks: usize, repeat: usize) -> Result<(), String> {
    println!("| model | clicks | tailor median / p95 ms | CP-SAT median / p95 ms | CP-SAT ÷ tailor (median) |");
    println!("|---|---|---|---|---|");
    for b in models(clicks) {
        let mut times = Vec::new();
        let mut answers = Vec::new();
        for _ in 0..repeat.max(1) {
            let (t, a) = tailor_clicks(&b.doc)?;
            times.extend(t);
            answers = a;
        }
        let peer = cpsat_clicks(&b.doc, repeat.max(1))?;
        let want = peer["answers"].as_array().cloned().unwrap_or_default();
        for (i, (got, want)) in answers.iter().zip(&want).enumerate() {
            if got != want {
                return Err(format!(
                    "{}: click {i} disagrees\n  tailor {got}\n  CP-SAT {want}",
                    b.name
                ));
            }
        }
        let (tm, tp) = (percentile(times.clone(), 0.5), percentile(times, 0.95));
        let (pm, pp) = (
            peer["median_ms"].as_f64().unwrap_or(f64::NAN),
            peer["p95_ms"].as_f64().unwrap_or(f64::NAN),
        );
        println!(
            "| {} | {} | {tm:.3} / {tp:.3} | {pm:.2} / {pp:.2} | {:.1}× |",
            b.name,
            answers.len(),
            pm / tm
        );
    }
    Ok(())
}
