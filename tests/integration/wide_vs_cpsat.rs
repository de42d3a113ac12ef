//! Wide ints against OR-Tools CP-SAT (issue 10): random catalogs of ints with ranges up to 10⁷
//! and linear rules (and, in a second set, products, quotients and remainders of ints), each asked with no choice and with random choices; tailor's proven least
//! and greatest numbers must equal CP-SAT's proven optima, its consistency CP-SAT's feasibility,
//! and every hole it reports must be one CP-SAT finds no solution in. CP-SAT (PyPI `ortools`) is
//! installed into `bench/.venv` by `make test`; without it this test fails, never skips.

use crate::util::root;
use serde_json::{json, Value as Json};
use std::io::Write;
use std::process::{Command, Stdio};
use tailor::budget::Budget;
use tailor::engine::{configure, Options, Session};

/// A small deterministic generator (xorshift), so a failure names its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
}

struct Case {
    yaml: String,
    doc: Json,
    /// Per question: the choices as tailor reads them.
    selections: Vec<Vec<String>>,
}

const OPS: [&str; 6] = ["<=", "<", ">=", ">", "=", "!="];

fn generate(seed: u64) -> Case {
    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let n = r.range(2, 4) as usize;
    let mut ints = Vec::new();
    let mut yaml = String::from("catalog: wide\ncurrency: EUR\ncomponents:\n  a:\n    features:\n");
    for i in 0..n {
        let min = r.range(-1000, 1000);
        let width = [100, 10_000, 1_000_000, 10_000_000][r.range(0, 3) as usize];
        let max = min + r.range(width / 2, width);
        yaml.push_str(&format!(
            "      x{i}: {{ int: {{ min: {min}, max: {max} }} }}\n"
        ));
        ints.push((format!("a.x{i}"), min, max));
    }
    let mut rules = Vec::new();
    let mut text = String::from("rules: |\n");
    for k in 0..r.range(1, 3) {
        let mut terms = Vec::new();
        for (name, _, _) in &ints {
            if r.range(0, 2) > 0 {
                let c = r.range(-9, 9);
                if c != 0 {
                    terms.push((c, name.clone()));
                }
            }
        }
        if terms.is_empty() {
            terms.push((1, ints[0].0.clone()));
        }
        let op = OPS[r.range(0, 5) as usize];
        // A right-hand side near the middle of what the sum can reach, so both outcomes occur.
        let mid: i64 = terms
            .iter()
            .map(|(c, name)| {
                let (_, lo, hi) = ints.iter().find(|i| &i.0 == name).unwrap();
                c * (lo + hi) / 2
            })
            .sum();
        let rhs = mid + r.range(-1000, 1000);
        // Negative terms move to the right-hand side (the rule language has no unary minus).
        let side = |pos: bool| -> Vec<String> {
            terms
                .iter()
                .filter(|(c, _)| (*c > 0) == pos)
                .map(|(c, name)| format!("{} * {name}", c.abs()))
                .collect()
        };
        let (lhs, mut right) = (side(true), side(false));
        right.push(if rhs >= 0 {
            rhs.to_string()
        } else {
            format!("0 - {}", -rhs)
        });
        let lhs = if lhs.is_empty() {
            "0".to_string()
        } else {
            lhs.join(" + ")
        };
        text.push_str(&format!("  rule r{k}: {lhs} {op} {}\n", right.join(" + ")));
        rules.push(json!({
            "terms": terms.iter().map(|(c, n)| json!([c, n])).collect::<Vec<_>>(),
            "op": op,
            "rhs": rhs,
        }));
    }
    yaml.push_str(&text);
    questions(&mut r, yaml, &ints, rules, 3)
}

/// The case: no choice, then `asked` single choices of a drawn int's drawn number.
fn questions(
    r: &mut Rng,
    yaml: String,
    ints: &[(String, i64, i64)],
    rules: Vec<Json>,
    asked: usize,
) -> Case {
    let mut questions = vec![json!({ "fixed": {} })];
    let mut selections = vec![Vec::new()];
    for _ in 0..asked {
        let (name, lo, hi) = &ints[r.range(0, ints.len() as i64 - 1) as usize];
        let v = r.range(*lo, *hi);
        questions.push(json!({ "fixed": { name.as_str(): v } }));
        selections.push(vec![format!("{name}={v}")]);
    }
    let doc = json!({
        "ints": ints.iter().map(|(n, lo, hi)| json!({"name": n, "min": lo, "max": hi})).collect::<Vec<_>>(),
        "rules": rules,
        "questions": questions,
    });
    Case {
        yaml,
        doc,
        selections,
    }
}

fn cpsat(doc: &Json) -> Json {
    let python = root().join("bench/.venv/bin/python");
    assert!(
        python.exists(),
        "CP-SAT oracle missing: run `make oracle-venv` (make test does)"
    );
    let mut child = Command::new(python)
        .arg(root().join("bench/numbers/cpsat_oracle.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs the CP-SAT oracle");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(doc.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "CP-SAT oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("oracle JSON")
}

/// Runs of a valid set as (min, max, exact).
fn runs(valid: &Json) -> Vec<(i64, i64, bool)> {
    let one = |o: &Json| {
        (
            o["min"].as_i64().unwrap(),
            o["max"].as_i64().unwrap(),
            o.get("exact").is_none(),
        )
    };
    match valid {
        Json::Array(a) => a.iter().map(one).collect(),
        o => vec![one(o)],
    }
}

#[test]
fn wide_ints_agree_with_cp_sat() {
    let checked: usize = (1..=30u64).map(|seed| agrees(seed, &generate(seed))).sum();
    assert!(checked > 100, "only {checked} bounds compared");
}

/// Products, quotients and remainders of two ints (ranges up to 10⁵, so products stay far from
/// 64 bits) inside linear rules: the same comparison with CP-SAT, whose multiplication and
/// division constraints share nothing with tailor's circuits.
#[test]
fn nonlinear_ints_agree_with_cp_sat() {
    let checked: usize = (1..=16u64)
        .map(|seed| agrees(seed, &generate_nonlinear(seed)))
        .sum();
    assert!(checked > 40, "only {checked} bounds compared");
}

fn generate_nonlinear(seed: u64) -> Case {
    let mut r = Rng(seed.wrapping_mul(0xD6E8_FEB8_6659_FD93) | 1);
    let n = r.range(2, 3) as usize;
    let mut ints = Vec::new();
    let mut yaml =
        String::from("catalog: nonlinear\ncurrency: EUR\ncomponents:\n  a:\n    features:\n");
    for i in 0..n {
        let width = [20, 1000, 10_000, 100_000][r.range(0, 3) as usize];
        let min = r.range(-width / 2, width / 4);
        let max = min + r.range(width / 2, width);
        yaml.push_str(&format!(
            "      x{i}: {{ int: {{ min: {min}, max: {max} }} }}\n"
        ));
        ints.push((format!("a.x{i}"), min, max));
    }
    let mid = |i: usize| (ints[i].1 + ints[i].2) / 2;
    let mut rules = Vec::new();
    let mut text = String::from("rules: |\n");
    for k in 0..r.range(1, 2) {
        let (i, j) = (
            r.range(0, n as i64 - 1) as usize,
            r.range(0, n as i64 - 1) as usize,
        );
        let op = ["*", "/", "%"][r.range(0, 2) as usize];
        let c = [1, 2, -1, 3][r.range(0, 3) as usize];
        let l = (r.range(0, n as i64 - 1) as usize, r.range(-5, 5));
        let value = match op {
            "*" => mid(i) * mid(j),
            "/" if mid(j) != 0 => mid(i) / mid(j),
            "%" if mid(j) != 0 => mid(i) % mid(j),
            _ => 0,
        };
        let rhs = c * value + l.1 * mid(l.0) + r.range(-50, 50);
        let cmp = OPS[r.range(0, 5) as usize];
        let (xi, xj, xl) = (&ints[i].0, &ints[j].0, &ints[l.0].0);
        text.push_str(&format!(
            "  rule r{k}: {c} * (({xi}) {op} ({xj})) + {} * {xl} {cmp} {rhs}\n",
            l.1
        ));
        rules.push(json!({
            "terms": [[c, [op, xi, xj]], [l.1, xl]],
            "op": cmp,
            "rhs": rhs,
        }));
    }
    yaml.push_str(&text);
    questions(&mut r, yaml, &ints, rules, 2)
}

/// Asks tailor and CP-SAT the case's questions; the number of bounds compared.
fn agrees(seed: u64, case: &Case) -> usize {
    let mut checked = 0;
    let loaded = tailor::load::load_str("wide.yaml", &case.yaml, &tailor::front::NoIncludes);
    let model = loaded
        .model
        .unwrap_or_else(|| panic!("seed {seed}: catalog loads\n{}", case.yaml));
    let mut s = Session::new(model).expect("encodes");
    let t = std::time::Instant::now();
    let want = cpsat(&case.doc);
    let oracle_ms = t.elapsed().as_millis();
    let t = std::time::Instant::now();
    // Holes tailor reports, to be asked of CP-SAT afterwards.
    let mut holes = Vec::new();
    for (q, sel) in case.selections.iter().enumerate() {
        let choices = s.parse_choices(sel).expect("choices parse");
        let got = configure(&mut s, &choices, Options::default(), &Budget::unlimited());
        let w = &want["answers"][q];
        let ctx = format!("seed {seed}, selection {sel:?}\n{}", case.yaml);
        let feasible = w["feasible"]
            .as_bool()
            .expect("the oracle says feasible or not");
        assert_eq!(got.consistent, feasible, "{ctx}");
        if !got.consistent {
            continue;
        }
        for v in &got.variables {
            let rs = runs(&v.valid);
            let b = &w["bounds"][&v.path];
            let (Some(first), Some(last)) = (rs.first(), rs.last()) else {
                panic!("{}: no valid number reported {ctx}", v.path);
            };
            let bound = |k: &str| {
                b[k].as_i64()
                    .unwrap_or_else(|| panic!("oracle {k} of {}", v.path))
            };
            assert_eq!(first.0, bound("min"), "min of {} {ctx}", v.path);
            assert_eq!(last.1, bound("max"), "max of {} {ctx}", v.path);
            for pair in rs.windows(2) {
                holes.push((q, v.path.clone(), pair[0].1 + 1, pair[1].0 - 1));
            }
            checked += 1;
        }
    }
    eprintln!(
        "seed {seed}: tailor {} ms, CP-SAT {oracle_ms} ms",
        t.elapsed().as_millis()
    );
    // Each reported hole (at most 5 per catalog): CP-SAT finds nothing inside either.
    holes.truncate(5);
    if holes.is_empty() {
        return checked;
    }
    let mut doc = case.doc.clone();
    doc["questions"] = holes
        .iter()
        .map(|(q, path, lo, hi)| {
            json!({
                "fixed": case.doc["questions"][*q]["fixed"],
                "within": { path.as_str(): [lo, hi] },
                "bounds": false,
            })
        })
        .collect();
    let answers = cpsat(&doc);
    for (i, h) in holes.iter().enumerate() {
        assert_eq!(
            answers["answers"][i]["feasible"],
            json!(false),
            "seed {seed}: hole {h:?} has a solution\n{}",
            case.yaml
        );
    }
    checked
}
