//! The oracle against hand-computed answers on tiny catalogs, and a property test that every
//! generated catalog loads cleanly and the oracle runs on it.

use crate::oracle::generate::{gen_catalog, load_generated};
use crate::oracle::{Oracle, SPACE_LIMIT};
use proptest::prelude::*;
use proptest::test_runner::Config as PtConfig;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use tailor::model::Model;

fn model(yaml: &str) -> Model {
    load_generated(yaml)
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Checks the listed valid sets (other variables are not checked).
fn assert_sets(sets: &BTreeMap<String, BTreeSet<String>>, want: &[(&str, &[&str])]) {
    for (path, values) in want {
        let got = sets
            .get(*path)
            .unwrap_or_else(|| panic!("no variable `{path}` in {sets:?}"));
        assert_eq!(got, &set(values), "valid set of `{path}`");
    }
}

const BANDWIDTH: &str = r#"
catalog: bandwidth
components:
  internet:
    optional: true
    features:
      speed:
        one_of:
          s100: { attrs: { mbit: 100 } }
          s500: { attrs: { mbit: 500 } }
  tv:
    optional: true
rules: |
  rule bw: when tv require internet.speed.mbit >= 500
"#;

/// A comparison that reads an absent attribute is false: `tv` forces internet present.
#[test]
fn absent_attribute_comparison_is_false() {
    let m = model(BANDWIDTH);
    let o = Oracle::new(&m).unwrap();
    // internet: absent, s100, s500 (3) x tv (2) = 6; tv with absent or s100 internet is invalid.
    assert_eq!(o.space, 6);
    assert_eq!(o.count(&[]), 4);
    assert_eq!(o.count(&["tv"]), 1);
    assert_eq!(o.count(&["!internet"]), 1);
    assert_eq!(o.count(&["internet.speed=s100"]), 1);
    assert_sets(
        &o.valid_sets(&["tv"]),
        &[
            ("internet", &["true"]),
            ("internet.speed", &["s500"]),
            ("tv", &["true"]),
        ],
    );
    assert_sets(
        &o.valid_sets(&[]),
        &[
            ("internet", &["true", "false"]),
            ("internet.speed", &["s100", "s500"]),
            ("tv", &["true", "false"]),
        ],
    );
    // A positive choice on a feature implies its component; a negative one does not.
    assert_sets(
        &o.valid_sets(&["internet.speed=s100"]),
        &[("internet", &["true"]), ("tv", &["false"])],
    );
    assert_sets(
        &o.valid_sets(&["internet.speed!=s500"]),
        &[("internet", &["true", "false"]), ("tv", &["false"])],
    );
    assert_eq!(crate::oracle::count(&m, &["!tv"]), Some(3));
}

/// `!=` on a one_of is the negation of `=` (true when absent); `x.attr < n` and `b = false` on an
/// absent feature are false; `x.v` as a number is 0 when absent.
#[test]
fn absence_of_ne_attributes_and_bool_numbers() {
    let yaml = |rule: &str| {
        format!(
            r#"
catalog: absence
components:
  internet:
    optional: true
    features:
      speed:
        one_of:
          s100: {{ attrs: {{ mbit: 100 }} }}
          s500: {{ attrs: {{ mbit: 500 }} }}
      wifi: {{ bool: {{}} }}
rules: |
  rule r: {rule}
"#
        )
    };
    // internet absent, or present with 2 speeds x 2 wifi = 5 configurations.
    let cases: &[(&str, u64)] = &[
        ("internet.speed != s100", 3), // absent, s500 x 2
        ("not (internet.speed = s100)", 3),
        ("1000 > internet.speed.mbit", 4), // forces internet
        ("internet.speed.mbit != 100", 2), // absent: false
        ("internet.wifi = false", 2),      // absent: false
        ("internet.wifi = false or internet.wifi", 4),
        ("not internet.wifi", 3),                  // absent: wifi is not on
        ("internet.wifi + 1 >= 1", 4),             // reads an absent bool feature
        ("internet.speed.s100 + 1 >= 1", 5),       // a value as a number: 0 when absent
        ("count(internet.wifi) = 0", 3),           // absent counts 0
        ("internet + internet.speed.s500 = 1", 2), // presence as a number: s100 only
        ("(if internet then internet.speed.mbit else 0) <= 100", 3),
    ];
    for (rule, want) in cases {
        let m = model(&yaml(rule));
        assert_eq!(crate::oracle::count(&m, &[]), Some(*want), "rule `{rule}`");
    }
}

const LINES: &str = r#"
catalog: lines
components:
  mobile:
    optional: true
    components:
      line:
        instances: { min: 1, max: 3 }
        features:
          roaming: { bool: { price: { monthly: 5 } } }
rules: |
  rule one_roaming: count(mobile.line.roaming) <= 1
"#;

/// count() over instances; instance k present only if k-1 is; instances are distinct.
#[test]
fn count_over_instances() {
    let m = model(LINES);
    let o = Oracle::new(&m).unwrap();
    // mobile absent: 1; 1 line: 2; 2 lines: 4; 3 lines: 8.
    assert_eq!(o.space, 15);
    // at most one roaming line: 1 + 2 + 3 + 4.
    assert_eq!(o.count(&[]), 10);
    assert_eq!(o.count(&["mobile.line=2"]), 3);
    assert_eq!(o.count(&["mobile.line[3]"]), 4);
    assert_eq!(o.count(&["!mobile.line[2]"]), 3);
    assert_eq!(o.count(&["mobile"]), 9);
    assert_eq!(o.count(&["!mobile.line"]), 1);
    assert_eq!(o.count(&["mobile.line=0"]), 0);
    // A negative choice is a plain negation: mobile may be absent.
    assert_eq!(o.count(&["mobile.line!=1"]), 8);
    assert_eq!(
        o.count(&["mobile.line[1].roaming=true", "mobile.line=3"]),
        1
    );
    let s = o.valid_sets(&["mobile.line[1].roaming=true", "mobile.line=3"]);
    assert_sets(
        &s,
        &[
            ("mobile", &["true"]),
            ("mobile.line", &["3"]),
            ("mobile.line[1].roaming", &["true"]),
            ("mobile.line[2].roaming", &["false"]),
            ("mobile.line[3].roaming", &["false"]),
        ],
    );
    assert_sets(
        &o.valid_sets(&[]),
        &[
            // mobile absent: the count has no value (not 0).
            ("mobile.line", &["1", "2", "3"]),
            ("mobile.line[3].roaming", &["true", "false"]),
        ],
    );
    // Per instance prices: one roaming line at most.
    assert_eq!(
        o.price_range(&["mobile.line=3"]),
        Some((d("0"), d("0"), d("0"), d("5")))
    );
    assert_eq!(o.price_range(&["mobile.line=4"]), None);
}

/// allow with `*` and alternatives; int and value columns.
#[test]
fn allow_table_with_any_and_alternatives() {
    let m = model(
        r#"
catalog: shirt
components:
  c:
    features:
      size: { one_of: [s, m, l] }
      color: { one_of: [red, blue] }
      extra: { bool: {} }
rules: |
  allow fit (c.size, c.color, c.extra) {
    (s, *, false),
    ((m, l), blue, *),
  }
"#,
    );
    let o = Oracle::new(&m).unwrap();
    assert_eq!(o.space, 12);
    // s: 2 colours x extra false = 2; m/l x blue x extra any = 4.
    assert_eq!(o.count(&[]), 6);
    assert_sets(
        &o.valid_sets(&["c.color=red"]),
        &[
            ("c.size", &["s"]),
            ("c.extra", &["false"]),
            ("c.color", &["red"]),
        ],
    );
    assert_sets(
        &o.valid_sets(&["c.extra=true"]),
        &[("c.size", &["m", "l"]), ("c.color", &["blue"])],
    );

    let m = model(
        r#"
catalog: cols
components:
  c:
    features:
      n: { int: { min: 1, max: 3 } }
      tags: { any_of: [x, y] }
rules: |
  allow (c.n, c.tags.x) { ((1, 3), true), (2, false) }
"#,
    );
    // n x tags subsets = 3 x 4 = 12; rows: n in {1,3} with x (2 subsets each) + n=2 without x (2).
    assert_eq!(crate::oracle::count(&m, &[]), Some(6));
    assert_sets(
        &crate::oracle::valid_sets(&m, &["c.tags+=x"]).unwrap(),
        &[("c.n", &["1", "3"]), ("c.tags", &["x", "y"])],
    );
}

/// forbid; an absent feature's column (value columns too) matches only `*`; component columns are
/// never absent.
#[test]
fn forbid_table_and_absent_columns() {
    let m = model(
        r#"
catalog: forbid
components:
  base:
    features:
      kind: { one_of: [a, b] }
  opt:
    optional: true
    features:
      x: { bool: {} }
rules: |
  forbid (base.kind, opt.x) { (a, true), (b, *) }
"#,
    );
    let o = Oracle::new(&m).unwrap();
    // kind (2) x opt (absent, false, true) = 6; b is forbidden whatever opt; (a, true) forbidden;
    // (a, absent) does not match (a, true).
    assert_eq!(o.count(&[]), 2);
    assert_sets(
        &o.valid_sets(&[]),
        &[
            ("base.kind", &["a"]),
            ("opt", &["true", "false"]),
            ("opt.x", &["false"]),
        ],
    );

    let m = model(
        r#"
catalog: forbid2
components:
  opt:
    optional: true
    features:
      x: { bool: {} }
      k: { one_of: [a, b] }
rules: |
  allow (opt.x, opt.k.b) { (false, *), (*, false) }
"#,
    );
    // absent: neither `x` nor `k.b` has a value, so no `false` cell matches: invalid.
    // present: (x, k) = 4, forbidden only x=true & k=b: 3 valid.
    assert_eq!(crate::oracle::count(&m, &[]), Some(3));
    assert_sets(
        &crate::oracle::valid_sets(&m, &[]).unwrap(),
        &[("opt", &["true"]), ("opt.k", &["a", "b"])],
    );
    // With a `*` row the absent configuration is back.
    let m = model(
        r#"
catalog: forbid2b
components:
  opt:
    optional: true
    features:
      k: { one_of: [a, b] }
  base:
    features:
      on: { bool: {} }
rules: |
  allow (base.on, opt.k.b) { (true, *), (false, true) }
"#,
    );
    // on: any opt (3 configurations); off: opt present with k = b (1).
    assert_eq!(crate::oracle::count(&m, &[]), Some(4));
    let m = model(
        r#"
catalog: forbid3
components:
  opt:
    optional: true
    features:
      x: { bool: {} }
rules: |
  allow (opt.x) { (false) }
"#,
    );
    // absent matches no cell but `*`: opt is forced present with x false.
    assert_eq!(crate::oracle::count(&m, &[]), Some(1));
    let m = model(
        r#"
catalog: forbid4
components:
  opt:
    optional: true
rules: |
  allow (opt) { }
"#,
    );
    assert_eq!(crate::oracle::count(&m, &[]), Some(0));
}

/// any_of with min/max, count() and sum() of its attributes, `in`.
#[test]
fn any_of_min_max() {
    let yaml = |rule: &str| {
        format!(
            r#"
catalog: anyof
components:
  c:
    features:
      extras:
        any_of:
          a: {{ attrs: {{ w: 1 }}, price: {{ once: 10 }} }}
          b: {{ attrs: {{ w: 2 }}, price: {{ once: 20 }} }}
          c: {{ attrs: {{ w: 4 }}, price: {{ monthly: 1 }} }}
        min: 1
        max: 2
rules: |
  rule r: {rule}
"#
        )
    };
    // 3 singletons + 3 pairs = 6.
    let cases: &[(&str, u64)] = &[
        ("true", 6),
        ("count(c.extras) = 2", 3),
        ("sum(c.extras.w) >= 3", 4), // {c}, {a,b}, {a,c}, {b,c}
        ("total(w) = 3", 1),
        ("c.extras in {a, b}", 5),
        ("c.extras.c", 3),
        ("c.extras.a excludes c.extras.b", 5),
        ("count(c.extras.a) = 1", 3),
    ];
    for (rule, want) in cases {
        let m = model(&yaml(rule));
        assert_eq!(crate::oracle::count(&m, &[]), Some(*want), "rule `{rule}`");
    }
    let m = model(&yaml("count(c.extras) = 2"));
    let o = Oracle::new(&m).unwrap();
    assert_sets(
        &o.valid_sets(&["c.extras+=a"]),
        &[("c.extras", &["a", "b", "c"])],
    );
    assert_sets(
        &o.valid_sets(&["c.extras+=a", "c.extras-=b"]),
        &[("c.extras", &["a", "c"])],
    );
    assert_eq!(o.price_range(&[]), Some((d("10"), d("30"), d("0"), d("1"))));
}

/// int features with price_each, bool prices, component prices; the price range.
#[test]
fn int_price_each_and_price_range() {
    let yaml = |rules: &str| {
        format!(
            r#"
catalog: prices
components:
  install:
    features:
      hours:
        int: {{ min: 0, max: 3 }}
        price_each: {{ once: 60 }}
      saturday: {{ bool: {{ price: {{ once: 25 }} }} }}
  tv:
    optional: true
    price: {{ monthly: 15 }}
    features:
      package:
        one_of:
          basic: {{}}
          sports: {{ price: {{ monthly: 20.50 }} }}
rules: |
  {rules}
"#
        )
    };
    let m = model(&yaml("rule none: true"));
    let o = Oracle::new(&m).unwrap();
    // hours 4 x saturday 2 x tv (absent, basic, sports) 3 = 24.
    assert_eq!(o.count(&[]), 24);
    assert_eq!(
        o.price_range(&[]),
        Some((d("0"), d("205"), d("0"), d("35.50")))
    );
    assert_eq!(
        o.price_range(&["install.hours=2", "tv"]),
        Some((d("120"), d("145"), d("15"), d("35.50")))
    );
    assert_sets(
        &o.valid_sets(&[]),
        &[("install.hours", &["0", "1", "2", "3"])],
    );

    let m = model(&yaml("rule budget: price(once) <= 120"));
    let o = Oracle::new(&m).unwrap();
    // (hours, saturday) with 60h + 25s <= 120: (0..2, no) + (0..1, yes) = 5, x tv 3.
    assert_eq!(o.count(&[]), 15);
    assert_eq!(
        o.price_range(&[]),
        Some((d("0"), d("120"), d("0"), d("35.50")))
    );
    assert_sets(
        &o.valid_sets(&["install.saturday=true"]),
        &[("install.hours", &["0", "1"])],
    );
    assert_eq!(
        o.price_range(&["tv.package=sports"]),
        Some((d("0"), d("120"), d("35.50"), d("35.50")))
    );

    let m = model(&yaml(
        "rule monthly: price(monthly) - 2 * install.hours >= 15",
    ));
    // tv absent: 0 - 2h >= 15 never; basic: 15 - 2h >= 15 -> h = 0; sports: 35.5 - 2h -> all h.
    // (1 + 4) x saturday 2 = 10.
    assert_eq!(crate::oracle::count(&m, &[]), Some(10));
}

const PER_LINE: &str = r#"
catalog: perline
components:
  mobile:
    components:
      line:
        instances: { min: 0, max: 2 }
        features:
          plan: { one_of: [s, m] }
          roaming: { bool: {} }
rules: |
  rule roaming_needs_m: mobile.line.roaming -> mobile.line.plan = m
"#;

/// A rule that reads instance features holds for each present instance.
#[test]
fn instance_rules_quantified_per_instance() {
    let m = model(PER_LINE);
    let o = Oracle::new(&m).unwrap();
    // Without the rule 1 + 4 + 16 = 21; per line 3 of 4 combinations are allowed: 1 + 3 + 9.
    assert_eq!(o.space, 21);
    assert_eq!(o.count(&[]), 13);
    assert_sets(
        &o.valid_sets(&["mobile.line[2].roaming=true"]),
        &[
            ("mobile.line", &["2"]),
            ("mobile.line[1].plan", &["s", "m"]),
            ("mobile.line[2].plan", &["m"]),
            ("mobile.line[1].roaming", &["true", "false"]),
        ],
    );
    assert_sets(
        &o.valid_sets(&["mobile.line=0"]),
        &[("mobile.line[1].plan", &[])],
    );

    // count() inside a per-instance rule counts all instances.
    let m = model(&PER_LINE.replace(
        "mobile.line.roaming -> mobile.line.plan = m",
        "mobile.line.roaming -> count(mobile.line) >= 2",
    ));
    // 0 lines: 1; 1 line: roaming off, 2 plans; 2 lines: all 16.
    assert_eq!(crate::oracle::count(&m, &[]), Some(19));

    // An explicit index is fixed: line 2 must exist and have plan s.
    let m = model(&PER_LINE.replace(
        "mobile.line.roaming -> mobile.line.plan = m",
        "mobile.line[2].plan = s",
    ));
    // 2 lines: line 1 any (4) x line 2 plan s, roaming any (2).
    assert_eq!(crate::oracle::count(&m, &[]), Some(8));

    // `mobile.line` without index: some instance present.
    let m = model(&PER_LINE.replace(
        "mobile.line.roaming -> mobile.line.plan = m",
        "not mobile.line",
    ));
    assert_eq!(crate::oracle::count(&m, &[]), Some(1));

    // A per-instance table.
    let m = model(&PER_LINE.replace(
        "rule roaming_needs_m: mobile.line.roaming -> mobile.line.plan = m",
        "forbid (mobile.line.plan, mobile.line.roaming) { (s, true) }",
    ));
    assert_eq!(crate::oracle::count(&m, &[]), Some(13));
}

/// `when C require B` is C -> B; with an attribute of an absent feature the requirement fails.
#[test]
fn when_require() {
    let m = model(
        r#"
catalog: when
components:
  tv:
    optional: true
    features:
      package: { one_of: [basic, cinema] }
  internet:
    optional: true
    features:
      speed:
        one_of:
          s100: { attrs: { mbit: 100 } }
          s1000: { attrs: { mbit: 1000 } }
rules: |
  rule cinema_bw: when tv.package = cinema require internet.speed.mbit >= 500
"#,
    );
    let o = Oracle::new(&m).unwrap();
    // tv 3 x internet 3 = 9; cinema with internet absent or s100: 2 invalid.
    assert_eq!(o.count(&[]), 7);
    assert_eq!(o.count(&["tv.package=cinema"]), 1);
    assert_sets(
        &o.valid_sets(&["tv.package=cinema"]),
        &[("internet", &["true"]), ("internet.speed", &["s1000"])],
    );
    assert_sets(
        &o.valid_sets(&["internet.speed=s100"]),
        &[("tv.package", &["basic"]), ("tv", &["true", "false"])],
    );
}

/// total() over components, selected values, bool features and instances.
#[test]
fn total_over_the_configuration() {
    let m = model(
        r#"
catalog: total
components:
  a:
    optional: true
    attrs: { w: 2 }
    features:
      f:
        one_of:
          x: { attrs: { w: 1 } }
          y: { attrs: { w: 3 } }
      g:
        any_of:
          p: { attrs: { w: 1 } }
          q: { attrs: { w: 2 } }
  box:
    instances: { min: 0, max: 2 }
    attrs: { w: 1 }
    features:
      heavy: { bool: { attrs: { w: 5 } } }
rules: |
  rule light: total(w) <= 4
"#,
    );
    let o = Oracle::new(&m).unwrap();
    // a: absent (0) or 2 + f (1|3) + g (0..3): a absent 0; x with {} 3, {p} 4.
    // box: 0 boxes 0; 1 box 1 or 6; 2 boxes 2, 7, 7, 12.
    // a absent (0): boxes 0, 1 light, 2 light-light (2) -> 3.
    // a = 3: boxes 0, 1 light -> 2.  a = 4: boxes 0 -> 1.
    assert_eq!(o.count(&[]), 6);
    assert_sets(
        &o.valid_sets(&[]),
        &[
            ("a.f", &["x"]),
            ("a.g", &["p"]),
            ("box", &["0", "1", "2"]),
            ("box[1].heavy", &["false"]),
        ],
    );
}

/// Selections: every form of spec section 4, and describe().
#[test]
fn selection_forms() {
    let m = model(
        r#"
catalog: sel
components:
  internet:
    optional: true
    features:
      speed: { one_of: [s100, s1000] }
      extras: { any_of: [mesh, ip] }
  install:
    features:
      hours: { int: { min: 0, max: 2 } }
  mobile:
    optional: true
    components:
      line:
        instances: { min: 1, max: 2 }
        features:
          plan: { one_of: [s, m] }
"#,
    );
    let o = Oracle::new(&m).unwrap();
    // internet: 1 + 2 x 4 = 9; hours 3; mobile: 1 + 2 + 4 = 7.
    assert_eq!(o.count(&[]), 9 * 3 * 7);
    assert_eq!(o.count(&["internet"]), 8 * 3 * 7);
    assert_eq!(o.count(&["!internet"]), 3 * 7);
    assert_eq!(o.count(&["internet.speed=s1000"]), 4 * 3 * 7);
    // Negative choices also hold when the component is absent.
    assert_eq!(o.count(&["internet.speed!=s100"]), (4 + 1) * 3 * 7);
    assert_eq!(o.count(&["internet.extras+=mesh"]), 2 * 2 * 3 * 7);
    assert_eq!(o.count(&["internet.extras-=mesh"]), (2 * 2 + 1) * 3 * 7);
    assert_eq!(o.count(&["install.hours=2"]), 9 * 7);
    assert_eq!(o.count(&["mobile.line=2"]), 9 * 3 * 4);
    assert_eq!(o.count(&["mobile.line[2].plan=m"]), 9 * 3 * 2);
    assert_eq!(o.count(&["mobile.line=1", "mobile.line[2].plan=m"]), 0);
    let cfg = o.matching(&[
        "internet.extras+=ip",
        "internet.extras-=mesh",
        "internet.speed=s100",
        "install.hours=1",
        "mobile.line=1",
        "mobile.line[1].plan=s",
    ]);
    assert_eq!(cfg.len(), 1);
    let described = o.describe(cfg[0]);
    let want: BTreeMap<String, String> = [
        ("internet", "true"),
        ("internet.speed", "s100"),
        ("internet.extras", "ip"),
        ("install.hours", "1"),
        ("mobile", "true"),
        ("mobile.line", "1"),
        ("mobile.line[1].plan", "s"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(described, want);
    // Every listed choice is readable.
    for c in o.all_choices() {
        o.count(&[c.as_str()]);
    }
}

/// Regression: `x < 1000` with a space after `<` was read as `x >= 1000` (the operator's text took
/// in the space); the operator is atomic now.
#[test]
fn less_than_with_a_space() {
    let yaml = |rule: &str| {
        format!(
            r#"
catalog: lt
components:
  c:
    features:
      n: {{ int: {{ min: 0, max: 3 }} }}
rules: |
  rule r: {rule}
"#
        )
    };
    for rule in ["c.n <2", "c.n < 2"] {
        assert_sets(
            &crate::oracle::valid_sets(&model(&yaml(rule)), &[]).unwrap(),
            &[("c.n", &["0", "1"])],
        );
    }
}

/// Models beyond the limit are refused.
#[test]
fn too_big_is_none() {
    let m = model(
        r#"
catalog: big
components:
  c:
    features:
      n: { int: { min: 0, max: 99999 } }
      m: { int: { min: 0, max: 99999 } }
"#,
    );
    assert!(crate::oracle::valid_configurations(&m).is_none());
    assert!(SPACE_LIMIT >= 1 << 20);
}

/// 64 cases; `PROPTEST_CASES=2000 cargo test --test integration oracle` runs more.
fn pt_config() -> PtConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    PtConfig {
        cases,
        ..PtConfig::default()
    }
}

proptest! {
    #![proptest_config(pt_config())]

    /// Every generated catalog loads without errors, fits the oracle, and the oracle's answers are
    /// coherent with each other.
    #[test]
    fn generated_catalogs_load_and_run(g in gen_catalog()) {
        let yaml = g.render();
        let m = load_generated(&yaml);
        let o = Oracle::new(&m).unwrap_or_else(|| panic!("the oracle refuses a generated catalog:\n{yaml}"));
        prop_assert_eq!(o.space as u128, g.space(), "space size of\n{}", yaml);
        prop_assert_eq!(o.count(&[]), o.valid.len() as u64);
        // valid_sets agrees with the values each valid configuration describes.
        let sets = o.valid_sets(&[]);
        let mut union: BTreeMap<String, BTreeSet<String>> = o
            .layout
            .variables
            .iter()
            .map(|v| (v.path.clone(), BTreeSet::new()))
            .collect();
        for cfg in &o.valid {
            for v in &o.layout.variables {
                union
                    .get_mut(&v.path)
                    .unwrap()
                    .extend(o.layout.values_of(&m, v, &cfg.0));
            }
        }
        prop_assert_eq!(&sets, &union);
        if let Some(first) = o.valid.first() {
            // The first valid configuration, as a selection, is consistent and pins it down.
            let described = o.describe(first);
            let choices: Vec<String> = described
                .iter()
                .flat_map(|(p, v)| selection_for(&o, p, v))
                .collect();
            let sel: Vec<&str> = choices.iter().map(|s| s.as_str()).collect();
            prop_assert_eq!(o.count(&sel), 1, "selection {:?} of\n{}", sel, yaml);
            prop_assert!(o.violated(first).is_empty());
        }
    }
}

/// Choices that fix a variable to the described value.
fn selection_for(o: &Oracle, path: &str, value: &str) -> Vec<String> {
    use crate::oracle::VariableKind;
    use tailor::model::FeatureKind;
    let v = o.layout.variables.iter().find(|v| v.path == path).unwrap();
    match &v.kind {
        VariableKind::Component { .. } => vec![format!("{path}={value}")],
        VariableKind::Instances { .. } => vec![format!("{path}={value}")],
        VariableKind::Feature { feat, .. } => match &o.model.feat(*feat).kind {
            FeatureKind::AnyOf { values, .. } => {
                let on: Vec<&str> = value.split(',').filter(|s| !s.is_empty()).collect();
                values
                    .iter()
                    .map(|x| {
                        if on.contains(&x.id.as_str()) {
                            format!("{path}+={}", x.id)
                        } else {
                            format!("{path}-={}", x.id)
                        }
                    })
                    .collect()
            }
            _ => vec![format!("{path}={value}")],
        },
    }
}
