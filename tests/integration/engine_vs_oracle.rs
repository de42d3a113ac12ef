//! The engine against brute force on random small catalogs (issue 3): consistency, complete valid
//! sets, price ranges, minimal reasons, and completions that satisfy every rule and are optimal.

use crate::oracle::{catalog_yaml, load_generated, Oracle, Yaml};
use proptest::prelude::*;
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};
use tailor::budget::Budget;
use tailor::encode::EncodeOptions;
use tailor::engine::{complete, configure, Objective, Options, Session};

/// Every int in binary (`encode/wide_int.rs`), however small its range, and every linear
/// comparison kept as a sum the solver propagates (`solve/sums.rs`): the wide-int path and the
/// sums theory checked against the same brute force.
const ALL_WIDE: EncodeOptions = EncodeOptions {
    one_hot_ints_up_to: 0,
    sums_from_parts: 0,
    compact_diagrams: true,
};

/// Engine valid sets as strings, keyed by path (intervals expanded).
fn engine_sets(
    answer: &tailor::engine::answer::Configuration,
) -> BTreeMap<String, BTreeSet<String>> {
    answer
        .variables
        .iter()
        .map(|v| {
            let set: BTreeSet<String> = match &v.valid {
                // A list of intervals (an int with holes), every one settled.
                Json::Array(a) if a.iter().all(Json::is_object) => a
                    .iter()
                    .flat_map(|o| {
                        assert!(o.get("exact").is_none(), "unsettled run {o} in {}", v.path);
                        let (lo, hi) = (o["min"].as_i64().unwrap(), o["max"].as_i64().unwrap());
                        (lo..=hi).map(|n| n.to_string())
                    })
                    .collect(),
                Json::Array(a) => a.iter().map(text).collect(),
                Json::Object(o) => {
                    assert!(o.get("exact").is_none(), "unsettled run in {}", v.path);
                    let (lo, hi) = (o["min"].as_i64().unwrap(), o["max"].as_i64().unwrap());
                    (lo..=hi).map(|n| n.to_string()).collect()
                }
                other => panic!("unexpected valid {other}"),
            };
            (v.path.clone(), set)
        })
        .collect()
}

fn text(j: &Json) -> String {
    match j {
        Json::String(s) => s.clone(),
        Json::Array(a) => a.iter().map(text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// The choice string that asks for `value` on a variable of `kind`.
fn ask(kind: &str, path: &str, value: &Json) -> String {
    match (kind, value) {
        ("component", Json::Bool(true)) => path.to_string(),
        ("component", Json::Bool(false)) => format!("!{path}"),
        ("any_of", v) => format!("{path}+={}", text(v)),
        (_, v) => format!("{path}={}", text(v)),
    }
}

fn check(
    yaml: &Yaml,
    picks: &[prop::sample::Index],
    opts: &EncodeOptions,
) -> Result<(), TestCaseError> {
    if std::env::var_os("TRACE_ORACLE").is_some() {
        eprintln!("=== CASE\n{}", &**yaml);
    }
    let model = load_generated(yaml);
    let Some(oracle) = Oracle::new(&model) else {
        return Ok(());
    };
    let all = oracle.all_choices();
    let selection: Vec<String> = if all.is_empty() {
        vec![]
    } else {
        picks
            .iter()
            .map(|i| all[i.index(all.len())].clone())
            .collect()
    };
    let sel: Vec<&str> = selection.iter().map(|s| s.as_str()).collect();
    let mut s = Session::with_options(model.clone(), opts).expect("encodes");
    let choices = s.parse_choices(&selection).expect("oracle choices parse");
    let answer = configure(
        &mut s,
        &choices,
        Options { reasons: true },
        &Budget::unlimited(),
    );
    let count = oracle.count(&sel);
    prop_assert_eq!(answer.consistent, count > 0, "selection {:?}", selection);
    let counted = tailor::engine::count(&s, &choices, &Budget::millis(60_000));
    prop_assert!(counted.exact, "counting a small catalog ran out of budget");
    prop_assert_eq!(
        counted.count,
        Some(count.to_string()),
        "count under {:?}",
        selection
    );
    if count == 0 {
        // The state shown is after the first repair: it must be consistent with the kept choices.
        let c = answer.conflict.as_ref().expect("conflict reported");
        if let Some(first) = c.repairs.first() {
            let kept: Vec<&str> = sel
                .iter()
                .copied()
                .filter(|x| !first.iter().any(|d| d == x))
                .collect();
            prop_assert!(
                oracle.count(&kept) > 0,
                "repair {:?} of {:?} does not restore consistency",
                first,
                selection
            );
        }
        let conflict: Vec<&str> = c.choices.iter().map(|x| x.as_str()).collect();
        prop_assert_eq!(
            oracle.count(&conflict),
            0,
            "conflict {:?} is not one",
            conflict
        );
        return Ok(());
    }
    prop_assert_eq!(
        engine_sets(&answer),
        oracle.valid_sets(&sel),
        "selection {:?}",
        selection
    );
    prices_agree(&answer, &oracle, &sel)?;
    // Every blocked value's reason is a conflict and is minimal.
    for v in &answer.variables {
        for b in &v.blocked {
            let (Some(rules), Some(reason_choices)) = (&b.rules, &b.choices) else {
                continue;
            };
            let wanted = ask(v.kind, &v.path, &b.value);
            let blocks = |rs: &[String], cs: &[String]| -> bool {
                let mut sel: Vec<&str> = cs.iter().map(|x| x.as_str()).collect();
                sel.push(&wanted);
                let mut found = false;
                oracle.layout.for_each_config(&mut |cfg| {
                    if !found
                        && oracle.selects(&sel, cfg)
                        && !oracle.violated_raw(cfg).iter().any(|r| rs.contains(r))
                    {
                        found = true;
                    }
                });
                !found
            };
            prop_assert!(
                blocks(rules, reason_choices),
                "{} : reason {:?} {:?} does not block it",
                wanted,
                rules,
                reason_choices
            );
            for i in 0..rules.len() {
                let mut r = rules.clone();
                r.remove(i);
                prop_assert!(
                    !blocks(&r, reason_choices),
                    "{}: rule {} is not needed",
                    wanted,
                    rules[i]
                );
            }
            for i in 0..reason_choices.len() {
                let mut c = reason_choices.clone();
                c.remove(i);
                prop_assert!(
                    !blocks(rules, &c),
                    "{}: choice {} is not needed",
                    wanted,
                    reason_choices[i]
                );
            }
        }
    }
    // "Now" is the price of the cheapest configuration (once, then monthly; the generated
    // catalogs have no defaults), as its quote says it: within min..max, and the quote of the
    // same selection is one of those configurations, with lines and adjustments adding up.
    let cheapest = oracle.cheapest(&sel);
    let nows: BTreeSet<(String, String)> = cheapest
        .iter()
        .map(|c| {
            let (o, m) = oracle.quoted_price(c);
            (money(o), money(m))
        })
        .collect();
    let now = (
        answer.price.once.now.clone(),
        answer.price.monthly.now.clone(),
    );
    prop_assert!(
        nows.contains(&now),
        "now {:?} is not the quoted price of a cheapest configuration {:?} under {:?}",
        now,
        nows,
        selection
    );
    let q = tailor::engine::quote(&mut s, &choices, &quote_for(), &Budget::unlimited())
        .expect("a consistent selection has a quote");
    prop_assert!(q.complete, "quoting ran out of an unlimited budget");
    prop_assert_eq!(
        (q.totals.once.clone(), q.totals.monthly.clone()),
        now.clone(),
        "quote totals against now under {:?}",
        selection
    );
    let dec = |t: &str| t.parse::<rust_decimal::Decimal>().expect("money");
    for (what, total, parts) in [
        (
            "once",
            &q.totals.once,
            q.lines
                .iter()
                .map(|l| dec(&l.once))
                .chain(q.adjustments.iter().map(|a| dec(&a.once)))
                .sum::<rust_decimal::Decimal>(),
        ),
        (
            "monthly",
            &q.totals.monthly,
            q.lines
                .iter()
                .map(|l| dec(&l.monthly))
                .chain(q.adjustments.iter().map(|a| dec(&a.monthly)))
                .sum::<rust_decimal::Decimal>(),
        ),
    ] {
        prop_assert_eq!(
            dec(total),
            parts,
            "{} lines + adjustments against the total",
            what
        );
    }
    let quoted: BTreeMap<String, String> = q
        .configuration
        .iter()
        .filter(|v| !v.value.is_null())
        .map(|v| (v.path.clone(), text(&v.value)))
        .collect();
    prop_assert!(
        cheapest.iter().any(|c| oracle.describe(c) == quoted
            && (
                money(oracle.quoted_price(c).0),
                money(oracle.quoted_price(c).1)
            ) == now),
        "the quoted configuration {:?} is not a cheapest one of {:?}",
        quoted,
        selection
    );
    // A completion is one of the valid configurations of the selection; minimising the one-off
    // price (after adjustments) is optimal.
    let done = complete(
        &mut s,
        &choices,
        Some((Objective::Once, true)),
        &Budget::unlimited(),
    )
    .expect("completes");
    let got: BTreeMap<String, String> = done
        .values
        .iter()
        .filter(|v| !v.value.is_null())
        .map(|v| (v.path.clone(), text(&v.value)))
        .collect();
    let matches: Vec<_> = oracle
        .matching(&sel)
        .into_iter()
        .filter(|c| oracle.describe(c) == got)
        .collect();
    prop_assert!(
        !matches.is_empty(),
        "completion {:?} is not a valid configuration of {:?}",
        got,
        selection
    );
    let range = oracle
        .adjusted_price_range(&sel)
        .expect("a consistent selection has a price range");
    prop_assert!(
        done.complete,
        "minimising once ran out of an unlimited budget"
    );
    prop_assert_eq!(
        done.price.once.clone(),
        money(range.0),
        "completion's once price"
    );
    prop_assert_eq!(
        done.objective.clone(),
        Some(range.0.normalize().to_string()),
        "least once price under {:?}",
        selection
    );
    // And maximising the monthly price reaches the oracle's greatest.
    let done = complete(
        &mut s,
        &choices,
        Some((Objective::Monthly, false)),
        &Budget::unlimited(),
    )
    .expect("completes");
    prop_assert!(
        done.complete,
        "maximising monthly ran out of an unlimited budget"
    );
    prop_assert_eq!(
        done.price.monthly.clone(),
        money(range.3),
        "completion's monthly price"
    );
    prop_assert_eq!(
        done.objective.clone(),
        Some(range.3.normalize().to_string()),
        "greatest monthly price under {:?}",
        selection
    );
    Ok(())
}

fn quote_for() -> tailor::engine::QuoteFor {
    tailor::engine::QuoteFor {
        customer: None,
        lang: None,
        today: tailor::engine::parse_day("2026-12-06").expect("a day"),
        manual_discount: [rust_decimal::Decimal::ZERO; 2],
    }
}

/// Money as the engine reports it: the currency's 2 decimals (EUR), half away from zero.
fn money(d: rust_decimal::Decimal) -> String {
    let r = d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    format!("{:.2}", r)
}

/// One session answers a sequence of clicks (choices added one at a time, then the first taken
/// back): witnesses and walks carried from click to click must never change a valid set.
fn check_session(
    yaml: &Yaml,
    picks: &[prop::sample::Index],
    opts: &EncodeOptions,
) -> Result<(), TestCaseError> {
    let model = load_generated(yaml);
    let Some(oracle) = Oracle::new(&model) else {
        return Ok(());
    };
    let all = oracle.all_choices();
    if all.is_empty() {
        return Ok(());
    }
    let picked: Vec<String> = picks
        .iter()
        .map(|i| all[i.index(all.len())].clone())
        .collect();
    let mut clicks: Vec<Vec<String>> = (0..=picked.len()).map(|n| picked[..n].to_vec()).collect();
    clicks.push(picked.iter().skip(1).cloned().collect());
    let mut s = Session::with_options(model.clone(), opts).expect("encodes");
    for selection in clicks {
        let sel: Vec<&str> = selection.iter().map(|x| x.as_str()).collect();
        if oracle.count(&sel) == 0 {
            continue;
        }
        let choices = s.parse_choices(&selection).expect("oracle choices parse");
        let answer = configure(&mut s, &choices, Options::default(), &Budget::unlimited());
        prop_assert!(answer.consistent, "selection {:?}", selection);
        prop_assert_eq!(
            engine_sets(&answer),
            oracle.valid_sets(&sel),
            "click {:?} in one session",
            selection
        );
        // Price optima kept from the clicks before (`engine/optima.rs`) must be this click's.
        prices_agree(&answer, &oracle, &sel)?;
    }
    Ok(())
}

/// Price ranges after discounts and surcharges, and over the contract term, against the
/// oracle's. A bound past its short budget is null (unknown); a bound given must be exact (in
/// the currency's decimals).
fn prices_agree(
    answer: &tailor::engine::answer::Configuration,
    oracle: &Oracle,
    sel: &[&str],
) -> Result<(), TestCaseError> {
    if let Some((lo_once, hi_once, lo_m, hi_m)) = oracle.adjusted_price_range(sel) {
        for (what, got, want) in [
            ("once min", &answer.price.once.min, money(lo_once)),
            ("once max", &answer.price.once.max, money(hi_once)),
            ("monthly min", &answer.price.monthly.min, money(lo_m)),
            ("monthly max", &answer.price.monthly.max, money(hi_m)),
        ] {
            if let Some(g) = got {
                prop_assert_eq!(g, &want, "{} under {:?}", what, sel);
            }
        }
    }
    // The total over the contract term, min and max, likewise.
    if let (Some(term), Some((lo, hi))) = (&answer.price.term, oracle.adjusted_term_range(sel, 12))
    {
        for (what, got, want) in [
            ("term min", &term.min, money(lo)),
            ("term max", &term.max, money(hi)),
        ] {
            if let Some(g) = got {
                prop_assert_eq!(g, &want, "{} under {:?}", what, sel);
            }
        }
    }
    Ok(())
}

/// 64 cases; `PROPTEST_CASES=1000 cargo test --test integration engine_agrees` runs more.
fn cases() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(cases())]
    #[test]
    fn engine_agrees_with_brute_force(yaml in catalog_yaml(), picks in prop::collection::vec(any::<prop::sample::Index>(), 0..3)) {
        check(&yaml, &picks, &EncodeOptions::default())?;
    }

    #[test]
    fn engine_agrees_with_brute_force_click_after_click(yaml in catalog_yaml(), picks in prop::collection::vec(any::<prop::sample::Index>(), 1..5)) {
        check_session(&yaml, &picks, &EncodeOptions::default())?;
    }

    #[test]
    fn wide_ints_agree_with_brute_force(yaml in catalog_yaml(), picks in prop::collection::vec(any::<prop::sample::Index>(), 0..3)) {
        check(&yaml, &picks, &ALL_WIDE)?;
    }

    #[test]
    fn wide_ints_agree_with_brute_force_click_after_click(yaml in catalog_yaml(), picks in prop::collection::vec(any::<prop::sample::Index>(), 1..5)) {
        check_session(&yaml, &picks, &ALL_WIDE)?;
    }
}

/// The oracle's prices after adjustments on a catalog worked out by hand (and the engine's
/// range on it): a percentage without a period applies to both totals, of the base, without
/// compounding; a fixed amount without a period is one-off.
#[test]
fn oracle_adjusted_prices_by_hand() {
    let yaml = "catalog: hand\ncurrency: EUR\ncomponents:\n  a:\n    price: { once: 100, monthly: 20 }\n  b:\n    optional: true\n    price: { monthly: 10 }\nrules: |\n  discount ab \"bundle\": 10% when a and b\n  surcharge sb: 5.00 when b\n  discount nb: 2.50 monthly when not b\n  surcharge mb: 12.5% monthly when b\n";
    let model = load_generated(yaml);
    let oracle = Oracle::new(&model).expect("small");
    let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
    // Without b: 100 once; 20 - 2.50 monthly. With b: 100 - 10% + 5 = 95 once;
    // 30 - 10% + 12.5% = 30.75 monthly.
    assert_eq!(
        oracle.adjusted_price_range(&["!b"]),
        Some((d("100"), d("100"), d("17.5"), d("17.5")))
    );
    assert_eq!(
        oracle.adjusted_price_range(&["b"]),
        Some((d("95"), d("95"), d("30.75"), d("30.75")))
    );
    let range = oracle.adjusted_price_range(&[]);
    assert_eq!(range, Some((d("95"), d("100"), d("17.5"), d("30.75"))));
    let mut s = Session::new(model.clone()).expect("encodes");
    let answer = configure(&mut s, &[], Options::default(), &Budget::unlimited());
    let p = &answer.price;
    assert_eq!(
        [&p.once.min, &p.once.max, &p.monthly.min, &p.monthly.max],
        [
            &Some("95.00".to_string()),
            &Some("100.00".to_string()),
            &Some("17.50".to_string()),
            &Some("30.75".to_string())
        ]
    );
    // Regression (issue 11's first defect: a discount left out of "now"): with every choice
    // made, "now" is the one price there is, adjustments included, and they are listed.
    for (sel, once, monthly, applied) in [
        ("b", "95.00", "30.75", vec!["ab", "sb", "mb"]),
        ("!b", "100.00", "17.50", vec!["nb"]),
    ] {
        let choices = s.parse_choices(&[sel.to_string()]).unwrap();
        let answer = configure(&mut s, &choices, Options::default(), &Budget::unlimited());
        let p = &answer.price;
        assert_eq!(
            (p.once.now.as_str(), p.monthly.now.as_str()),
            (once, monthly),
            "{sel}"
        );
        assert_eq!(p.once.min.as_deref(), Some(once), "{sel}");
        assert_eq!(p.monthly.max.as_deref(), Some(monthly), "{sel}");
        let rules: Vec<&str> = p.adjustments.iter().map(|a| a.rule.as_str()).collect();
        assert_eq!(rules, applied, "{sel}");
    }
}
