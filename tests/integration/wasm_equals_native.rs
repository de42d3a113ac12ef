//! Native = WASM: the same questions, asked of the native library and of the WASM build (in
//! Node, `tests/web/answers.mjs`), must give identical JSON. Budgets count solver conflicts, not
//! time, so a slow machine cannot make the two differ. Cases: `tests/cases/wasm/selections.yaml`
//! on the example catalogs (loaded through the files form, rule files included), and every
//! Renault medium and Megane scenario.

use crate::util::{root, shared_data};
use serde_json::{json, Value as Json};
use tailor::api::{CatalogFiles, Configurator, Limits};

const LIMITS: Limits = Limits {
    millis: 120_000,
    conflicts: Some(2_000),
};

struct Case {
    name: String,
    source: Json,
    asks: Vec<Json>,
    native: Vec<Json>,
}

/// Asks `ask` of the native configurator, as the node script will ask the WASM one.
fn native(k: &mut Configurator, ask: &Json) -> Json {
    let select: Vec<String> = serde_json::from_value(ask["select"].clone()).unwrap();
    let r = match ask["op"].as_str().unwrap() {
        "configure" => k
            .configure(&select, ask["reasons"].as_bool().unwrap_or(false))
            .map(|a| serde_json::to_value(a).unwrap()),
        "explain" => {
            let why = match ask["value"].as_str() {
                Some(v) => format!("{}={v}", ask["path"].as_str().unwrap()),
                None => ask["path"].as_str().unwrap().to_string(),
            };
            k.explain(&select, &why)
                .map(|a| serde_json::to_value(a).unwrap())
        }
        "count" => k.count(&select).map(|a| serde_json::to_value(a).unwrap()),
        "complete" => k
            .complete(&select, ask["minimize"].as_str(), None)
            .map(|a| serde_json::to_value(a).unwrap()),
        "quote" => k
            .quote(
                &select,
                ask["customer"].as_str().map(String::from),
                None,
                ask["date"].as_str().unwrap(),
            )
            .map(|a| serde_json::to_value(a).unwrap()),
        "describe" => Ok(serde_json::to_value(k.describe()).unwrap()),
        op => panic!("unknown op {op}"),
    };
    r.unwrap_or_else(|e| json!({ "error": e.rendered }))
}

/// The questions of one selection; the explain target is the first blocked value, when any.
fn asks_for(k: &mut Configurator, select: &[String], full: bool) -> Vec<(Json, Json)> {
    let mut out: Vec<(Json, Json)> = Vec::new();
    let ask = |out: &mut Vec<(Json, Json)>, k: &mut Configurator, a: Json| {
        let n = native(k, &a);
        out.push((a, n));
    };
    ask(&mut out, k, json!({ "op": "configure", "select": select }));
    let blocked = out[0].1["variables"].as_array().and_then(|vs| {
        vs.iter().find_map(|v| {
            let b = v["blocked"].as_array()?.first()?;
            Some((v["path"].clone(), b["value"].clone()))
        })
    });
    if let Some((path, value)) = blocked {
        let value = match value {
            Json::String(s) => json!(s),
            other => json!(other.to_string()),
        };
        ask(
            &mut out,
            k,
            json!({ "op": "explain", "select": select, "path": path, "value": value }),
        );
    }
    if full {
        ask(
            &mut out,
            k,
            json!({ "op": "configure", "select": select, "reasons": true }),
        );
        ask(&mut out, k, json!({ "op": "count", "select": select }));
        ask(
            &mut out,
            k,
            json!({ "op": "complete", "select": select, "minimize": "once" }),
        );
        ask(
            &mut out,
            k,
            json!({ "op": "quote", "select": select, "customer": "ACME", "date": "2026-12-06" }),
        );
    }
    out
}

fn case(name: &str, files: CatalogFiles, selections: &[Vec<String>], full: bool) -> Case {
    let t0 = std::time::Instant::now();
    let mut k = match Configurator::from_files(&files, LIMITS) {
        Ok(k) => k,
        // A catalog that does not load: the constructor throws the same diagnostics.
        Err(e) => {
            return Case {
                name: name.to_string(),
                source: serde_json::to_value(&files).unwrap(),
                asks: vec![json!({ "op": "describe", "select": [] })],
                native: vec![json!({ "error": e.rendered, "diagnostics": e.diagnostics })],
            }
        }
    };
    let mut asks = vec![json!({ "op": "describe", "select": [] })];
    let mut native_answers = vec![native(&mut k, &asks[0])];
    for s in selections {
        for (a, n) in asks_for(&mut k, s, full) {
            asks.push(a);
            native_answers.push(n);
        }
    }
    eprintln!("{name}: native answers in {:?}", t0.elapsed());
    Case {
        name: name.to_string(),
        source: serde_json::to_value(&files).unwrap(),
        asks,
        native: native_answers,
    }
}

/// A catalog in `dir` with every rule file it includes, as the server hands it to the browser.
fn files_of(dir: &std::path::Path, main: &str) -> CatalogFiles {
    let text = std::fs::read_to_string(dir.join(main)).unwrap();
    let mut files = indexmap::IndexMap::from([(main.to_string(), text.clone())]);
    let raw: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    if let Some(list) = raw.get("include").and_then(|v| v.as_sequence()) {
        for inc in list.iter().filter_map(|v| v.as_str()) {
            files.insert(
                inc.to_string(),
                std::fs::read_to_string(dir.join(inc)).unwrap(),
            );
        }
    }
    CatalogFiles {
        main: main.to_string(),
        files,
    }
}

fn wasm_package() -> std::path::PathBuf {
    let pkg = root().join("www/pkg/tailor_bg.wasm");
    assert!(
        pkg.exists(),
        "the WASM package is missing: run `make web` first (make test does)"
    );
    pkg
}

/// Runs the node script on the cases and compares every answer.
fn compare(cases: &[Case]) {
    wasm_package();
    let dir = std::env::temp_dir().join(format!("tailor-wasm-eq-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("cases.json");
    let output = dir.join("answers.json");
    let doc: Vec<Json> = cases
        .iter()
        .map(|c| json!({ "source": c.source, "options": { "budgetMs": LIMITS.millis, "conflicts": LIMITS.conflicts }, "asks": c.asks }))
        .collect();
    std::fs::write(&input, serde_json::to_string(&doc).unwrap()).unwrap();
    let status = std::process::Command::new("node")
        .arg(root().join("tests/web/answers.mjs"))
        .arg(&input)
        .arg(&output)
        .status()
        .expect("node runs (make test installs it)");
    assert!(status.success(), "the node script failed");
    let wasm: Vec<Vec<Json>> =
        serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let mut differ = Vec::new();
    let mut compared = 0;
    for (c, w) in cases.iter().zip(&wasm) {
        assert_eq!(c.native.len(), w.len(), "{}", c.name);
        for ((a, n), w) in c.asks.iter().zip(&c.native).zip(w) {
            compared += 1;
            // An error's text is compared as a whole: the thrown message is the rendered one.
            let w = match w.get("error") {
                Some(e) if w.as_object().is_some_and(|o| o.len() == 1) => json!({ "error": e }),
                _ => w.clone(),
            };
            if serde_json::to_string(n).unwrap() != serde_json::to_string(&w).unwrap() {
                differ.push(format!(
                    "{}: {a}\n  native: {}\n  wasm:   {}",
                    c.name,
                    short(n),
                    short(&w)
                ));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {compared} answers differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
    eprintln!("native = wasm on {compared} answers");
}

fn short(v: &Json) -> String {
    let s = serde_json::to_string(v).unwrap();
    if s.len() > 600 {
        format!("{}…", &s[..600])
    } else {
        s
    }
}

#[test]
fn example_catalogs_answer_alike_in_wasm() {
    let text = std::fs::read_to_string(root().join("tests/cases/wasm/selections.yaml")).unwrap();
    let doc: indexmap::IndexMap<String, Vec<Vec<String>>> = serde_yaml::from_str(&text).unwrap();
    let dir = root().join("catalogs");
    let cases: Vec<Case> = doc
        .iter()
        .map(|(file, sels)| case(file, files_of(&dir, file), sels, true))
        .collect();
    compare(&cases);
}

#[test]
fn broken_catalogs_and_choices_throw_the_same_diagnostics_in_wasm() {
    let broken = CatalogFiles {
        main: "shop.yaml".into(),
        files: indexmap::IndexMap::from([
            (
                "shop.yaml".to_string(),
                "catalog: shop\ninclude: [rules/r.rules]\ncomponents:\n  a:\n    features:\n      x: { one_of: [p, q] }\n      y: { int: { min: 0, max: 3 } }\n".to_string(),
            ),
            ("rules/r.rules".to_string(), "rule r: a.z = p\nrule s: a.y >\n".to_string()),
        ]),
    };
    let missing = CatalogFiles {
        main: "shop.yaml".into(),
        files: indexmap::IndexMap::from([(
            "shop.yaml".to_string(),
            "catalog: shop\ninclude: [nowhere.rules]\n".to_string(),
        )]),
    };
    let mut cases = vec![
        case("broken", broken.clone(), &[], false),
        case("missing include", missing, &[], false),
    ];
    let d = &cases[0].native[0];
    assert_eq!(d["diagnostics"][0]["file"], "rules/r.rules", "{d}");
    assert_eq!(d["diagnostics"][0]["line"], 1, "{d}");
    // Unknown choices throw too (a message, no place in a file).
    let home = files_of(&root().join("catalogs"), "home-connect.yaml");
    let bad: Vec<Vec<String>> = vec![
        vec!["tv.pakage=cinema".into()],
        vec!["internet.speed=s7".into()],
    ];
    cases.push(case("bad choices", home, &bad, false));
    assert!(
        cases[2].native[1]["error"]
            .as_str()
            .unwrap()
            .contains("did you mean"),
        "{}",
        cases[2].native[1]
    );
    compare(&cases);
}

#[test]
fn renault_scenarios_answer_alike_in_wasm() {
    let Some(data) = shared_data() else { return };
    let dir = data.join("renault");
    let mut cases = Vec::new();
    for (catalog, scenarios) in [
        ("medium.yaml", "scenarios_medium.json"),
        ("megane.yaml", "scenarios_megane.json"),
    ] {
        let doc: Json =
            serde_json::from_str(&std::fs::read_to_string(dir.join(scenarios)).unwrap()).unwrap();
        let sels: Vec<Vec<String>> = doc["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| serde_json::from_value(s["select"].clone()).unwrap())
            .collect();
        cases.push(case(catalog, files_of(&dir, catalog), &sels, false));
    }
    compare(&cases);
}

/// Instances with no maximum: the same JSON in WASM for the count without a maximum, an
/// `infinite` count, and a choice past the horizon that recompiles a wider catalog.
#[test]
fn open_instances_answer_alike_in_wasm() {
    let files = files_of(&root().join("tests/web/open-catalogs"), "bike-bags.yaml");
    let selections = vec![
        vec![],
        vec![
            "bike.bag=2".to_string(),
            "bike.bag[2].size=large".to_string(),
        ],
        vec!["bike.bag=14".to_string(), "bike.volume_l=200".to_string()],
    ];
    compare(&[case("open instances", files, &selections, true)]);
}

/// Ints with open sides (64-bit limits, offsets past 2⁶³) and a sum over them: the same JSON
/// in WASM, nulls for the open ends and "infinite" counts included.
#[test]
fn open_ints_answer_alike_in_wasm() {
    let open = CatalogFiles {
        main: "open.yaml".into(),
        files: indexmap::IndexMap::from([(
            "open.yaml".to_string(),
            "catalog: open\ncomponents:\n  order:\n    features:\n      quantity: { int: { min: 1 } }\n      cable_m: { int: { min: 0, max: 500 } }\n      offset_mm: { int: {} }\nrules: |\n  rule enough_cable: order.cable_m >= 2 * order.quantity\n".to_string(),
        )]),
    };
    let selections = vec![
        vec![],
        vec!["order.quantity=40".to_string()],
        vec![
            "order.offset_mm=-7".to_string(),
            "order.cable_m=90".to_string(),
        ],
    ];
    compare(&[case("open ints", open, &selections, true)]);
}
