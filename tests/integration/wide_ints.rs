//! Wide ints (issue 10), regressions named after what used to happen: ranges that aborted,
//! sums that never answered, analysis that ran for minutes; holes, `!=` choices and counts.

use serde_json::{json, Value as Json};
use std::time::{Duration, Instant};
use tailor::budget::Budget;
use tailor::encode::{wide_offset_equals, EncodeOptions, FeatLits};
use tailor::engine::{analyze, configure, count, range_bounds, solve_ranges, Options, Session};
use tailor::solve::{Lit, SolveResult};

fn session(yaml: &str) -> Session {
    crate::util::session_of("wide.yaml", yaml)
}

fn valid(s: &mut Session, select: &[&str]) -> Vec<(String, Json)> {
    let sel: Vec<String> = select.iter().map(|x| x.to_string()).collect();
    let choices = s.parse_choices(&sel).expect("choices parse");
    let a = configure(s, &choices, Options::default(), &Budget::millis(20_000));
    assert!(a.consistent, "{select:?}");
    a.variables.into_iter().map(|v| (v.path, v.valid)).collect()
}

const SUM: &str = r#"catalog: two
components:
  a:
    features:
      n: { int: { min: 0, max: 1000 } }
      m: { int: { min: 0, max: 1000 } }
rules: |
  rule r: a.n + 2 * a.m <= 1000
"#;

#[test]
fn regression_sum_of_two_ints_to_1000_gave_no_answer_in_60_s() {
    let mut s = session(SUM);
    let t = Instant::now();
    assert_eq!(
        valid(&mut s, &[]),
        vec![
            ("a.n".into(), json!({"min": 0, "max": 1000})),
            ("a.m".into(), json!({"min": 0, "max": 500})),
        ]
    );
    assert_eq!(
        valid(&mut s, &["a.m=400"])[0].1,
        json!({"min": 0, "max": 200})
    );
    // Generous: a debug build on a loaded machine; it once never answered.
    assert!(t.elapsed() < Duration::from_secs(20));
}

#[test]
fn regression_int_to_two_billion_aborted_the_process() {
    let mut s = session(
        "catalog: tanks\ncomponents:\n  tank:\n    features:\n      litres: { int: { min: 0, max: 2000000000 } }\n      full: { int: { min: -9223372036854775808, max: 9223372036854775807 } }\n",
    );
    assert_eq!(
        valid(&mut s, &["tank.litres=1999999999"]),
        vec![
            (
                "tank.litres".into(),
                json!({"min": 1999999999, "max": 1999999999})
            ),
            (
                "tank.full".into(),
                json!({"min": i64::MIN, "max": i64::MAX})
            ),
        ]
    );
    let c = count(&s, &[], &Budget::millis(20_000));
    assert_eq!(
        c.count.as_deref(),
        Some("36893488165865847305709551616"),
        "2000000001 × 2⁶⁴"
    );
}

const THREE: &str = "catalog: big\ncomponents:\n  a:\n    features:\n      x: { int: { min: 0, max: 1000000 } }\n      y: { int: { min: 0, max: 1000000 } }\n      z: { int: { min: 0, max: 1000000 } }\nrules: |\n  rule r0: a.x + 2 * a.y + 3 * a.z <= 1000000\n  rule r1: a.x >= a.y + 1000\n";

#[test]
fn regression_check_with_ints_to_a_million_ran_11_minutes() {
    let mut s = session(THREE);
    let t = Instant::now();
    let found: Vec<String> = analyze(&mut s, &Budget::millis(10_000))
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert!(t.elapsed() < Duration::from_secs(30));
    assert!(
        found.contains(&"`a.y` can only be 0..333000 of its declared 0..1000000".to_string()),
        "{found:?}"
    );
}

/// Each range a valid-set search asked about stayed in the formula as a comparator gate (tens
/// of clauses), so a session's propagation slowed with every click: 27 ms for the first click
/// of this catalog, 700 ms by the fiftieth (`tailor bench numbers`). A call's ranges are now
/// bounds for that call only: a click leaves at most its activation literals behind (one
/// variable and one unit clause per call), and the same click answers alike every time.
#[test]
fn regression_clicks_on_wide_ints_grew_the_formula_and_slowed_the_session() {
    let mut s = session(THREE);
    let first = valid(&mut s, &[]);
    for k in 0..12 {
        let pick = format!("a.{}={}", ["x", "z"][k % 2], 1000 + 20_011 * k);
        let clauses = s.enc.cnf.num_clauses();
        let calls = s.calls;
        let sel = [pick.as_str()];
        let _ = valid(&mut s, &sel);
        let grown = s.enc.cnf.num_clauses() - clauses;
        let made = (s.calls - calls) as usize;
        assert!(
            grown <= made,
            "{pick}: {grown} clauses added by {made} calls"
        );
    }
    assert_eq!(valid(&mut s, &[]), first);
    assert_eq!(
        first,
        vec![
            ("a.x".into(), json!({"min": 1000, "max": 1000000})),
            ("a.y".into(), json!({"min": 0, "max": 333000})),
            ("a.z".into(), json!({"min": 0, "max": 333000})),
        ]
    );
}

#[test]
fn holes_are_found_and_not_equal_choices_respected() {
    let mut s = session(
        "catalog: holes\ncomponents:\n  a:\n    features:\n      m: { int: { min: 0, max: 100 } }\n      e: { int: { min: 0, max: 1000 } }\nrules: |\n  rule even: a.e = 2 * a.m or a.e = 7\n",
    );
    // e: 0, 2, 4, …, 200 and 7: more holes than the search settles, so the inside of the
    // middle is unproven, but every end shown is valid and the bounds are exact.
    let v = valid(&mut s, &[]);
    let runs = v[1].1.as_array().expect("holes").clone();
    assert_eq!(runs[0], json!({"min": 0, "max": 0}));
    assert_eq!(runs.last().unwrap()["max"], json!(200));
    // A `!=` choice on a wide int splits its run.
    let v = valid(&mut s, &["a.m!=50"]);
    assert_eq!(
        v[0].1,
        json!([{"min": 0, "max": 49}, {"min": 51, "max": 100}])
    );
    let differs = s.parse_choices(&["a.m!=50".into()]).unwrap();
    let c = count(&s, &differs, &Budget::millis(20_000));
    assert_eq!(
        c.count.as_deref(),
        Some("200"),
        "100 numbers m ≠ 50, each with e = 2m or e = 7"
    );
}

const OPEN: &str = r#"catalog: open-ints
components:
  order:
    features:
      quantity: { int: { min: 1 } }
      cable_m: { int: { min: 0, max: 500 } }
      offset_mm: { int: {} }
rules: |
  rule enough_cable: order.cable_m >= 2 * order.quantity
"#;

/// Ints with an open side (catalog format section 3): a valid range that reaches it has no
/// bound there, one that a rule closes has; a count over an open range is infinite, and finite
/// again once a choice closes it (the number checked by a sum written out here).
#[test]
fn open_ranges_are_reported_without_a_bound_and_counted_infinite() {
    let mut s = session(OPEN);
    let v = valid(&mut s, &[]);
    let of = |p: &str| v.iter().find(|(q, _)| q == p).map(|(_, j)| j.clone());
    // cable ≤ 500 and cable ≥ 2 · quantity close the quantity at 250.
    assert_eq!(of("order.quantity"), Some(json!({"min": 1, "max": 250})));
    assert_eq!(
        of("order.offset_mm"),
        Some(json!({"min": null, "max": null}))
    );
    let budget = Budget::millis(20_000);
    assert_eq!(count(&s, &[], &budget).count.as_deref(), Some("infinite"));
    let choices = s
        .parse_choices(&["order.offset_mm=-7".to_string()])
        .expect("a number far from both limits");
    let n: u64 = (1..=250u64).map(|q| 500 - 2 * q + 1).sum();
    assert_eq!(count(&s, &choices, &budget).count, Some(n.to_string()));
    // A completion gives an int open below the least number from 0 up, not the 64-bit limit.
    let c = tailor::engine::complete(&mut s, &[], None, &budget).expect("a completion");
    let j = serde_json::to_value(&c).expect("JSON");
    let offset = j["values"]
        .as_array()
        .and_then(|vs| vs.iter().find(|v| v["path"] == "order.offset_mm"))
        .expect("offset");
    assert_eq!(offset["value"], 0, "{offset}");
}

/// An open side a rule leaves open stays open; one it closes is proven.
#[test]
fn an_open_side_closed_by_a_rule_is_a_proven_bound() {
    let mut s = session(
        "catalog: t\ncomponents:\n  a:\n    features:\n      n: { int: { max: 100 } }\n      m: { int: { min: 0 } }\nrules: |\n  rule r: a.n >= -40\n  rule q: a.m >= 10\n",
    );
    let v = valid(&mut s, &[]);
    let of = |p: &str| v.iter().find(|(q, _)| q == p).map(|(_, j)| j.clone());
    assert_eq!(of("a.n"), Some(json!({"min": -40, "max": 100})));
    assert_eq!(of("a.m"), Some(json!({"min": 10, "max": null})));
    let choices = s.parse_choices(&["a.m=12".to_string()]).expect("choice");
    let budget = Budget::millis(20_000);
    assert_eq!(count(&s, &choices, &budget).count, Some("141".to_string()));
}

/// Regression: a range of more than 2⁶³ numbers (64 bits) but fewer than 2⁶⁴ lost the clause
/// that keeps its bits within the range, so numbers past `max` counted as configurations.
#[test]
fn regression_a_64_bit_range_short_of_all_numbers_lost_its_range_clause() {
    let s = session(
        "catalog: t\ncomponents:\n  a:\n    features:\n      n: { int: { min: -9000000000000000000, max: 9000000000000000000 } }\n",
    );
    let c = count(&s, &[], &Budget::millis(20_000));
    assert_eq!(c.count.as_deref(), Some("18000000000000000001"));
}

/// Three bikes, each a wheel and up to two bags, their prices summed (travel-bike's shape), for
/// ranges as bounds (`engine/range_bounds.rs`).
const FLEET: &str = r#"
catalog: fleet
features:
  fleet_price: { int: { min: 0, max: 1000 } }
components:
  bike:
    instances: { min: 3, max: 3 }
    features:
      price: { int: { min: 0, max: 240 } }
      wheel:
        one_of:
          small: { attrs: { price: 10 } }
          big: { attrs: { price: 40 } }
    components:
      bag:
        instances: { min: 0, max: 2 }
        features:
          kind:
            one_of:
              b10: { attrs: { price: 10 } }
              b50: { attrs: { price: 30 } }
rules: |
  rule fleet_total: fleet_price = sum(bike.price)
  rule each: bike.price = bike.wheel.price + sum(bike.bag.kind.price)
"#;

/// The fleet, its root ranges settled (the first `configure` does that).
fn fleet() -> Session {
    let mut s = session(FLEET);
    configure(&mut s, &[], Options::default(), &Budget::millis(20_000));
    s
}

fn wide_bits(s: &Session, fi: usize) -> Vec<Lit> {
    match &s.enc.layout.feats[fi].lits {
        FeatLits::Bits { bits, .. } => bits.clone(),
        _ => panic!("{} is not wide", s.enc.layout.feats[fi].path),
    }
}

fn feature(s: &Session, path: &str) -> usize {
    let found = s.enc.layout.feats.iter().position(|f| f.path == path);
    found.unwrap_or_else(|| panic!("no feature {path}"))
}

#[test]
fn the_fleet_total_is_defined_by_the_prices_and_each_price_by_choices() {
    let s = fleet();
    let reads = |fi: usize| -> Vec<usize> {
        let def = s.definition(fi).expect("an equality defines it");
        def.ints(&s.enc)
    };
    let prices: Vec<usize> = (1..=3)
        .map(|i| feature(&s, &format!("bike[{i}].price")))
        .collect();
    assert_eq!(reads(feature(&s, "fleet_price")), prices);
    for p in prices {
        assert_eq!(
            reads(p),
            Vec::<usize>::new(),
            "a price is its wheel and bags"
        );
    }
}

/// Every offset of the total and of a price, with and without its range as a bound: the same
/// answer (the bound loses no configuration and lets none in).
#[test]
fn ranges_as_bounds_answer_as_the_bits_do() {
    let mut s = fleet();
    let rules = s.all_rules();
    let budget = || Budget::millis(10_000);
    // A price: 10..100 in tens but 90 (a wheel of 10 or 40, bags of 10 or 30); three of them:
    // 30..300 in tens but 290 (counted by hand).
    for (path, span, expected) in [("fleet_price", 1000, 27), ("bike[2].price", 240, 9)] {
        let fi = feature(&s, path);
        let bits = wide_bits(&s, fi);
        // Both directions, over the prices' numbers (the fleet) or the choices (a bike).
        assert_eq!(range_bounds(&mut s, &[(fi, (0, 10))]).len(), 2, "{path}");
        let mut sat = 0;
        for o in 0..=span {
            let mut a = rules.clone();
            a.extend(wide_offset_equals(&bits, o));
            let plain = s.solve(&a, &budget());
            let bounded = solve_ranges(&mut s, &a, &[(fi, (o, o))], &budget());
            assert_ne!(plain, SolveResult::Unknown);
            assert_eq!(plain, bounded, "{path} = {o}");
            sat += usize::from(plain == SolveResult::Sat);
        }
        assert_eq!(sat, expected, "{path}");
    }
}

/// `complete` leaves every int at its least, bit by bit from the top. A defined total is settled
/// by one model at the least number the forms allow (`wide_domain::at_floor`), every bit wish
/// granted or refused as that number has it; the completion must be the same greedy one: no
/// bag, small wheels, each price 10 and the fleet 30; with a big wheel chosen on bike 2, 60;
/// with the fleet's price chosen at 120, big wheels make it up with no bag (bags are left out
/// before ints are lowered).
#[test]
fn completions_leave_a_defined_total_at_its_least() {
    let mut s = session(FLEET);
    let value = |c: &tailor::engine::Completion, path: &str| {
        c.values
            .iter()
            .find(|v| v.path == path)
            .unwrap_or_else(|| panic!("no {path}"))
            .value
            .clone()
    };
    for (select, total, prices) in [
        (vec![], 30, [10, 10, 10]),
        (vec!["bike[2].wheel=big"], 60, [10, 40, 10]),
        (vec!["fleet_price=120"], 120, [40, 40, 40]),
    ] {
        let sel: Vec<String> = select.iter().map(|x| x.to_string()).collect();
        let choices = s.parse_choices(&sel).expect("choices parse");
        let c = tailor::engine::complete(&mut s, &choices, None, &Budget::millis(20_000))
            .expect("a completion");
        assert_eq!(value(&c, "fleet_price"), json!(total), "{select:?}");
        for (i, p) in prices.iter().enumerate() {
            let path = format!("bike[{}].price", i + 1);
            assert_eq!(value(&c, &path), json!(p), "{select:?} {path}");
        }
    }
}

/// Sumsets and twins (`engine/independent.rs`, `symmetry::interchangeable`) answer as searching
/// does. The fleet as it is, beside copies where a rule reads every bike (`count(bike)`: the
/// total is probed number by number), where a rule names the last bike (no run of
/// interchangeable bikes: every price is searched), and with both, under selections that keep
/// both shortcuts, one, or none (a choice on the total, on a count, on one bike). The plain
/// fleet's first click also needs fewer solver calls than the copy with both rules.
#[test]
fn sums_of_independent_parts_answer_as_probes_do() {
    let linked = "  rule linked: count(bike) >= 0\n";
    let named = "  rule named: bike[3].price >= 0\n";
    let variants = [
        FLEET.to_string(),
        format!("{FLEET}{linked}"),
        format!("{FLEET}{named}"),
        format!("{FLEET}{linked}{named}"),
    ];
    let selections: [&[&str]; 7] = [
        &[],
        &["bike[2].wheel=big"],
        &["bike[1].bag=2", "bike[3].wheel=small"],
        &["fleet_price!=60"],
        &["fleet_price=120"],
        &["bike=3", "bike[2].price=50"],
        &["bike[2].price!=10", "bike[3].bag[1].kind=b50"],
    ];
    for select in selections {
        let answers: Vec<Vec<(String, Json)>> = variants
            .iter()
            .map(|y| valid(&mut session(y), select))
            .collect();
        for (i, a) in answers.iter().enumerate().skip(1) {
            assert_eq!(a, &answers[0], "variant {i} under {select:?}");
        }
    }
    // 30..300 in tens but 290 (as counted in `ranges_as_bounds_answer_as_the_bits_do`).
    let fleet = valid(&mut session(FLEET), &[]);
    let total = &fleet
        .iter()
        .find(|v| v.0 == "fleet_price")
        .expect("total")
        .1;
    let numbers: Vec<Json> = (30..=280)
        .step_by(10)
        .chain([300])
        .map(|n| json!({ "min": n, "max": n }))
        .collect();
    assert_eq!(total, &json!(numbers), "the fleet's total");
    let calls = |yaml: &str| {
        let mut s = session(yaml);
        configure(&mut s, &[], Options::default(), &Budget::millis(20_000));
        s.calls
    };
    let (plain, searched) = (calls(&variants[0]), calls(&variants[3]));
    assert!(
        plain < searched,
        "{plain} calls with the shortcuts, {searched} without"
    );
}

/// Comparisons whose decision diagram is not compact (prices and widths of many sizes) are kept
/// as sums the solver propagates (`encode/linear.rs`, `Form::Compact`). Same answers as with
/// every such diagram kept, on catalogs where it applies; the encodings must differ, or the test
/// compares a thing with itself.
#[test]
fn compact_sums_answer_as_diagrams_do() {
    let cases: [(&str, &[&str]); 4] = [
        ("catalogs/pc-builder.yaml", &[]),
        ("catalogs/fitted-kitchen.yaml", &["layout.shape=u_shape"]),
        (
            "catalogs/fitted-kitchen.yaml",
            &["base.cabinet=6", "wall.cabinet=4"],
        ),
        ("fleet", &["bike[2].wheel=big"]),
    ];
    let answer = |path: &str, opts: &EncodeOptions, select: &[&str]| {
        let model = match path {
            "fleet" => {
                let l = tailor::load::load_str("fleet.yaml", FLEET, &tailor::front::NoIncludes);
                l.model.expect("loads")
            }
            _ => {
                let file = crate::util::root().join(path);
                let l = tailor::load::load_file(file.to_str().expect("utf-8")).expect("readable");
                l.model.expect("loads")
            }
        };
        let mut s = Session::with_options(model, opts).expect("encodes");
        let sel: Vec<String> = select.iter().map(|x| x.to_string()).collect();
        let choices = s.parse_choices(&sel).expect("choices parse");
        // Conflicts, not time: both forms finish every search, however long it takes.
        let a = configure(
            &mut s,
            &choices,
            Options::default(),
            &Budget::steps(1_000_000),
        );
        (s.enc.cnf.num_vars, serde_json::to_value(&a).expect("json"))
    };
    let diagrams = EncodeOptions {
        compact_diagrams: false,
        ..EncodeOptions::default()
    };
    for (path, select) in cases {
        let (vars, compact) = answer(path, &EncodeOptions::default(), select);
        let (vars_diagrams, kept) = answer(path, &diagrams, select);
        assert!(
            vars < vars_diagrams,
            "{path}: no diagram was replaced ({vars} variables either way)"
        );
        assert_eq!(compact["complete"], json!(true), "{path} under {select:?}");
        // The first difference, not two whole answers.
        let vars = |a: &Json| a["variables"].as_array().cloned().unwrap_or_default();
        let differs = vars(&compact)
            .into_iter()
            .zip(vars(&kept))
            .find(|(a, b)| a != b);
        assert_eq!(differs, None, "{path} under {select:?}");
        assert_eq!(compact["price"], kept["price"], "{path} under {select:?}");
        assert_eq!(compact, kept, "{path} under {select:?}");
    }
}
