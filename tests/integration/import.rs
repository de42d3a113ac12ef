//! Importers (DIMACS, UVL): errors at line:col in the source file; the YAML `tailor import` would
//! write loads and answers exactly as the source loaded directly; and on random small models,
//! counts and valid sets equal a brute-force enumeration of the source semantics written here,
//! independently of the importers.

use crate::util::shared_data;
use serde_json::Value as Json;
use std::collections::BTreeSet;
use tailor::budget::Budget;
use tailor::diagnostic::Severity;
use tailor::engine::{configure, count, parse_choice, Options, Session};
use tailor::load::{load_str, NoIncludes};

/// The errors of loading `text` as file `name`: (line, col, message) in the source file itself.
fn errors(name: &str, text: &str) -> Vec<(usize, usize, String)> {
    let l = load_str(name, text, &NoIncludes);
    assert!(l.model.is_none(), "{name} should not load");
    l.diagnostics
        .items
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let at = l.sources.locate(d);
            assert_eq!(
                at.file, name,
                "diagnostic outside the source: {}",
                d.message
            );
            (at.line, at.col, d.message.clone())
        })
        .collect()
}

fn expect_error(name: &str, text: &str, line: usize, col: usize, part: &str) {
    let errs = errors(name, text);
    assert!(
        errs.iter()
            .any(|(l, c, m)| *l == line && *c == col && m.contains(part)),
        "{name}: expected an error at {line}:{col} containing {part:?}, got {errs:?}"
    );
}

#[test]
fn dimacs_errors_at_line_and_column() {
    expect_error("a.cnf", "c nothing\n1 2 0\n", 2, 1, "before the `p cnf");
    expect_error("b.cnf", "c only comments\n", 1, 1, "missing `p cnf");
    expect_error("c.cnf", "p cnf x 2\n", 1, 1, "malformed header");
    expect_error("d.cnf", "p dnf 2 1\n1 0\n", 1, 1, "malformed header");
    expect_error(
        "e.cnf",
        "p cnf 3 2\n1 -2 0\n2  -4 0\n",
        3,
        4,
        "literal -4 is out of range",
    );
    expect_error(
        "f.cnf",
        "p cnf 3 1\n1 two 0\n",
        2,
        3,
        "`two` is not an integer",
    );
    expect_error("g.dimacs", "p cnf 3 2\n1 0\n", 1, 1, "announces 2 clauses");
    expect_error("h.cnf", "p cnf 3 1\n1 2\n", 2, 1, "not ended by `0`");
    expect_error(
        "i.cnf",
        "c 4 extra\np cnf 3 0\n",
        1,
        5,
        "header declares 3 variables",
    );
    expect_error("j.cnf", "p cnf 9999999 0\n", 1, 1, "at most");
}

#[test]
fn uvl_errors_at_line_and_column() {
    let tree = "features\n    A\n        optional\n            B\n            C\n";
    expect_error(
        "a.uvl",
        &format!("{tree}constraints\n    B => D\n"),
        7,
        10,
        "unknown feature `D`",
    );
    expect_error(
        "b.uvl",
        &format!("{tree}constraints\n    B.Price > 2\n"),
        7,
        5,
        "feature `B` has no attribute `Price`",
    );
    expect_error(
        "c.uvl",
        &format!("{tree}constraints\n    sum(Price) < 3\n"),
        7,
        5,
        "no feature carries a numeric attribute `Price`",
    );
    expect_error(
        "d.uvl",
        "features\n    A\n        optional\n            String S\n",
        4,
        13,
        "String features are not supported",
    );
    expect_error(
        "e.uvl",
        "features\n    A cardinality [1..*]\n",
        2,
        7,
        "feature cardinalities with no maximum",
    );
    expect_error(
        "e2.uvl",
        "features\n    A\n        optional\n            B cardinality [0..2]\n                optional\n                    C cardinality [1..2]\n",
        6,
        23,
        "a feature cardinality inside another's subtree (`C` under `B`)",
    );
    expect_error(
        "e3.uvl",
        "features\n    A\n        optional\n            B cardinality [0..2]\n                optional\n                    C\n            D\nconstraints\n    D => C\n",
        9,
        5,
        "reads `C`, which is under `B`",
    );
    expect_error(
        "f.uvl",
        "imports\n    other as o\nfeatures\n    A\n",
        1,
        1,
        "`imports`",
    );
    expect_error("g.uvl", "features\n    A\n    B\n", 3, 5, "a second root");
    expect_error(
        "h.uvl",
        "features\n    A\n        sometimes\n            B\n",
        3,
        9,
        "expected a group",
    );
    expect_error(
        "i.uvl",
        "features\n    A\n        optional\n            \"x.y\"\n",
        4,
        13,
        "cannot be kept",
    );
    expect_error(
        "j.uvl",
        &format!("{tree}constraints\n    B & (C | \n"),
        7,
        13,
        "ends early",
    );
    expect_error(
        "k.uvl",
        "features\n    A {Price 2, constraint B}\n        optional\n            B\n",
        2,
        17,
        "constraints written as feature attributes",
    );
}

/// What the arithmetic and type levels cannot say faithfully is refused at the construct.
#[test]
fn uvl_arithmetic_refusals_at_line_and_column() {
    let tree = "features\n    A\n        optional\n            B {Price 2, Fun 12, Name 'b'}\n            C {Price 7}\nconstraints\n";
    let cases: &[(&str, usize, &str)] = &[
        (
            "    B.Fun / avg(Price) > 1\n",
            11,
            "an average in a division by a non-constant",
        ),
        ("    B.Fun / (3 - 3) > 1\n", 11, "division by zero"),
        (
            "    avg(Price) > B.Fun\n",
            16,
            "compared with a non-constant",
        ),
        (
            "    avg(Price) * B.Fun > 1\n",
            16,
            "average multiplied by a non-constant",
        ),
        (
            "    avg(Price) + avg(Fun) > 1\n",
            16,
            "two different averages",
        ),
        ("    B.Name == 'b'\n", 5, "is not a number"),
        ("    B.Price == 'b'\n", 16, "string literals"),
        ("    len(B) == 1\n", 5, "`len(...)`"),
        ("    floor(B) == 1\n", 5, "`floor(...)`"),
        ("    max(Price) == 1\n", 5, "unknown function `max`"),
        ("    B + 1 > 1\n", 5, "Boolean feature, not a number"),
        ("    B.Fun\n", 5, "attribute, not a condition"),
        ("    B.Fun.x > 1\n", 5, "nested attributes"),
        ("    B.Fun > 1 +\n", 16, "ends early"),
        ("    B.Fun >> 1\n", 12, "unexpected `>`"),
        ("    D.Price > 1\n", 5, "unknown feature `D`"),
        (
            "    sum(B, Fun) > sum(C, Fun)\n",
            19,
            "no feature under `C` carries",
        ),
    ];
    for (i, (c, col, part)) in cases.iter().enumerate() {
        expect_error(&format!("ar{i}.uvl"), &format!("{tree}{c}"), 7, *col, part);
    }
    expect_error(
        "ty.uvl",
        "features\n    A\n        optional\n            Real N\nconstraints\n    N > 3\n",
        4,
        13,
        "Real features are not supported (`Real N`",
    );
    expect_error(
        "ty2.uvl",
        "features\n    A\n        optional\n            Integer N\n            Integer M\nconstraints\n    6 / N > M\n",
        7,
        7,
        "division by `N`, an Integer feature's number",
    );
    // An Integer feature nothing bounds is open: its square does not fit in 64 bits.
    expect_error(
        "ty3.uvl",
        "features\n    A\n        optional\n            Integer N\nconstraints\n    N * N < 50\n",
        6,
        5,
        "multiplies `N`, an Integer feature no constraint bounds on both sides",
    );
}

/// UVL feature cardinalities: `Cart` has 2..3 instances while selected, each with apples, pears
/// or both; a gift needs a cart. Worked by hand: no cart, no gift: 1; a cart of 2 or 3
/// instances, 3 choices each (9 + 27), the gift free: 72; 73 in all.
const CARTS: &str = r#"features
    Shop
        optional
            Cart cardinality [2..3]
                or
                    Apple
                    Pear
            Gift
constraints
    Gift => Cart
"#;

#[test]
fn uvl_feature_cardinalities_are_instances() {
    let (count, _) = engine_answers("carts.uvl", CARTS, &[]);
    assert_eq!(count, "73");
    round_trip("carts.uvl", CARTS, &[]);
    round_trip("carts.uvl", CARTS, &["Gift=true"]);
}

/// UVL Integer features: a selection and a number (0 while deselected), bounded by the
/// constraints that bound it alone. Worked by hand: Inch is 12..26 (Inch * Inch < 700);
/// over 22, no training wheels; Gears off, or 1..Inch/2. Inch 12..22 gives 2 · (11 + 91)
/// = 204 configurations, 23..26 gives 4 + 48 = 52: 256 in all.
const INTEGER_BIKE: &str = r#"features
    Bike
        mandatory
            Brake {Weight 3}
            Integer Inch
        optional
            "Training Wheels" {Price 5}
            Integer Gears {Price 2}
constraints
    Inch > 22 => !"Training Wheels"
    Inch >= 12 & Inch <= 29
    Gears => Gears * 2 <= Inch & Gears >= 1
    Inch * Inch < 700
"#;

#[test]
fn uvl_integer_features_are_numbers() {
    let (count, _) = engine_answers("int.uvl", INTEGER_BIKE, &[]);
    assert_eq!(count, "256");
    let c = configure_json("int.uvl", INTEGER_BIKE, &["Gears value=13"]);
    let valid = |c: &Json, path: &str| {
        c["variables"]
            .as_array()
            .expect("variables")
            .iter()
            .find(|v| v["path"] == path)
            .unwrap_or_else(|| panic!("no {path}"))["valid"]
            .clone()
    };
    assert_eq!(
        valid(&c, "Inch value"),
        serde_json::json!({"min": 26, "max": 26})
    );
    assert_eq!(valid(&c, "Training Wheels"), serde_json::json!([false]));
    assert_eq!(valid(&c, "Gears"), serde_json::json!([true]));
    round_trip("int.uvl", INTEGER_BIKE, &[]);
    round_trip("int.uvl", INTEGER_BIKE, &["Inch value=12"]);
}

/// The language-level examples of the UVL project: each imports with the expected number of
/// configurations (and its YAML answers alike), or is refused naming the construct.
#[test]
fn uvl_language_levels_import_or_refuse() {
    let Some(data) = shared_data() else { return };
    let dir = data.join("uvl/language_levels");
    let imported: &[(&str, &str)] = &[
        // A always, B and C optional; sum(Price) == 7 and avg(Price) == 3.5 leave {A, C}.
        ("arithmetic_aggregate_functions.uvl", "1"),
        ("boolean_attributes.uvl", "4"),
        ("boolean_group_cardinality.uvl", "4"),
        // Its 24 identities hold with B and C both selected (12 / (6 - 2) == 3, ...) and fail
        // otherwise (B.Fun + C.Fun - B.Price is 10 without C, 6 without B).
        ("arithmetic_expressions.uvl", "1"),
        // D is an Integer feature UVL leaves unbounded: infinitely many numbers.
        ("language_level_all.uvl", "infinite"),
        // A, the root, has 1..4 instances, each with exactly one of B, C, D: 3 + 9 + 27 + 81.
        ("arithmetic_feature_cardinality.uvl", "120"),
    ];
    for (f, n) in imported {
        let text = std::fs::read_to_string(dir.join(f)).expect("readable");
        let (count, _) = engine_answers(f, &text, &[]);
        assert_eq!(&count, n, "{f}");
        round_trip(f, &text, &[]);
    }
    let refused: &[(&str, usize, usize, &str)] = &[
        (
            "bike_attributes.uvl",
            5,
            13,
            "String features are not supported",
        ),
        // sum(Price) counts the Price of Training Wheels, which has 1..5 instances.
        (
            "bike_attributes.uvl",
            21,
            5,
            "reads `Training Wheels` as a number",
        ),
        (
            "generated_all_levels_fm0.uvl",
            2,
            29,
            "typed features under it (`Integer Feature-1` and",
        ),
        (
            "generated_all_levels_fm0.uvl",
            24,
            110,
            "inside another's subtree (`Feature-15` under `Feature-0`)",
        ),
        (
            "type_string_constraints.uvl",
            4,
            13,
            "String features are not supported",
        ),
        ("type_string_constraints.uvl", 8, 5, "`len(...)`"),
        ("type_string_constraints.uvl", 10, 10, "string literals"),
    ];
    for (f, line, col, part) in refused {
        let text = std::fs::read_to_string(dir.join(f)).expect("readable");
        expect_error(f, &text, *line, *col, part);
    }
}

/// Exact division by attributes of optional features. Each selection of B and C, worked by
/// hand: both: (2 + 3) / (3 - 2) = 5 >= 2 holds; B alone: 2 / (0 - 2) = -1 fails; C alone:
/// 3 / 3 = 1 fails; neither: 0 / 0 has no value, so the comparison is false. The second rule,
/// 6 / (B.x + C.x) < 2, holds with both (6 / 5) and fails where it divides by 0. So B and C are
/// forced, and D is free: 2 configurations.
const DIVISION: &str = r#"features
    A
        optional
            B {x 2}
            C {x 3}
            D
constraints
    (B.x + C.x) / (C.x - B.x) >= 2
    6 / (B.x + C.x) < 2
"#;

#[test]
fn uvl_division_by_attributes_is_exact() {
    let (count, _) = engine_answers("div.uvl", DIVISION, &[]);
    assert_eq!(count, "2");
    let without_b = configure_json("div.uvl", DIVISION, &["B=false"]);
    assert_eq!(without_b["consistent"], Json::Bool(false));
}

const ARITH: &str = r#"features
    A {Price 2}
        optional
            B {Price 2, Fun 12}
            C {Price 5, Fun 6}
            D {Price 1.5}
                or
                    E {Fun -3}
                    F
constraints
    B.Fun * C.Fun / 4 + D.Price * 2 >= 18 | !(avg(Price) < 2.5)
    (B.Fun - C.Price) / 3 != 1 => sum(D, Fun) <= -1
    2 * avg(Price) - 1 > 2 | F
    3 - avg(Fun) / 2 < B.Price * 2 - 1 + (0 - B.Price) * 2
"#;

#[test]
fn uvl_arithmetic_round_trips() {
    round_trip("div.uvl", DIVISION, &[]);
    round_trip("div.uvl", DIVISION, &["D=false"]);
    round_trip("arith.uvl", ARITH, &[]);
    round_trip("arith.uvl", ARITH, &["B=true"]);
    round_trip("arith.uvl", ARITH, &["E=false", "C=true"]);
}

/// configure's JSON without the content hash (it covers the source files, which differ).
fn configure_json(name: &str, text: &str, select: &[&str]) -> Json {
    let l = load_str(name, text, &NoIncludes);
    let m = l.model.unwrap_or_else(|| {
        panic!(
            "{name} does not load:\n{}",
            l.sources.render_all(&l.diagnostics)
        )
    });
    let mut s = Session::new(m).expect("encodes");
    let choices: Vec<_> = select
        .iter()
        .map(|c| parse_choice(&s.model, &mut s.enc, c).expect("a valid choice"))
        .collect();
    let c = configure(
        &mut s,
        &choices,
        Options { reasons: true },
        &Budget::unlimited(),
    );
    let mut j = serde_json::to_value(&c).expect("serialises");
    j["catalog"]["hash"] = Json::Null;
    j
}

/// The source loaded directly and the YAML its importer writes give the same answers.
fn round_trip(name: &str, text: &str, select: &[&str]) {
    let format = tailor::import::format_of(name).expect("an imported format");
    let mut sources = tailor::source::SourceMap::default();
    let mut diags = tailor::diagnostic::Diagnostics::default();
    let f = sources.add(name, text);
    let yaml = tailor::import::to_yaml(format, f, name, text, &mut diags).expect("imports");
    let direct = configure_json(name, text, select);
    let via_yaml = configure_json("imported.yaml", &yaml, select);
    assert_eq!(
        direct, via_yaml,
        "{name}: the imported YAML answers differently"
    );
}

const PIZZA: &str = r#"namespace Pizza
features
    Pizza {abstract}
        mandatory
            Topping
                or
                    Salami
                    Ham
                    "Mozza rella"
            Size
                alternative
                    Normal
                    Big
        optional
            "Cheese-Crust" {Price 2}
            Extras
                [1..2]
                    Olives
                    Basil
                    Garlic
constraints
    "Cheese-Crust" => Big
    !(Salami & Ham) | Big
    Olives <=> Garlic
"#;

/// DIMACS is built into a model directly (no YAML in between): that model must be the one the
/// imported YAML loads to, feature for feature and rule for rule (spans and hash aside).
fn same_model_as_yaml(name: &str, text: &str) {
    let mut sources = tailor::source::SourceMap::default();
    let mut diags = tailor::diagnostic::Diagnostics::default();
    let f = sources.add(name, text);
    let yaml = tailor::import::to_yaml(tailor::import::Format::Dimacs, f, name, text, &mut diags)
        .expect("imports");
    let direct = load_str(name, text, &NoIncludes).model.expect("loads");
    let via = load_str("imported.yaml", &yaml, &NoIncludes)
        .model
        .expect("the YAML loads");
    let feature = |f: &tailor::model::Feature| {
        (
            f.key.clone(),
            f.path.clone(),
            f.comp,
            format!("{:?}", f.kind),
            f.default.clone(),
        )
    };
    let rule = |c: &tailor::model::Constraint| {
        (
            c.id.clone(),
            c.message.clone(),
            c.body.clone(),
            c.for_each.clone(),
        )
    };
    assert_eq!(direct.id, via.id, "{name}");
    assert_eq!(direct.currency, via.currency, "{name}");
    assert_eq!(
        direct.features.iter().map(feature).collect::<Vec<_>>(),
        via.features.iter().map(feature).collect::<Vec<_>>(),
        "{name}: features"
    );
    assert_eq!(direct.components.len(), via.components.len(), "{name}");
    assert_eq!(direct.components[0].features, via.components[0].features);
    assert_eq!(
        direct.constraints.iter().map(rule).collect::<Vec<_>>(),
        via.constraints.iter().map(rule).collect::<Vec<_>>(),
        "{name}: rules"
    );
    assert!(direct.preferences.is_empty() && via.preferences.is_empty());
}

#[test]
fn dimacs_model_is_the_imported_yamls() {
    same_model_as_yaml(
        "small.cnf",
        "c 1 a\nc 2 b\nc 3 and\np cnf 4 4\n1 2 0\n-1 -3 0\n2 3 -4 0\n-2 -2 2 0\n",
    );
    // Unusable and repeated names fall back to `v<n>`; an empty clause is `false`.
    same_model_as_yaml("odd.cnf", "c 1 a.b\nc 2 x\nc 3 x\np cnf 3 2\n0\n-3 1 0\n");
    if let Some(data) = shared_data() {
        for m in [
            "dimacs/berkeleydb_hierons2020.dimacs",
            "dimacs/axtls_berger2013.dimacs",
        ] {
            let text = std::fs::read_to_string(data.join(m)).expect("readable");
            same_model_as_yaml(m, &text);
        }
    } else {
        eprintln!("../shared/data is absent: real DIMACS models not compared");
    }
}

#[test]
fn imported_yaml_answers_like_the_source() {
    round_trip("pizza.uvl", PIZZA, &[]);
    round_trip("pizza.uvl", PIZZA, &["Big=false", "Salami=true"]);
    round_trip(
        "small.cnf",
        "c 1 a\nc 2 b\nc 3 and\np cnf 4 3\n1 2 0\n-1 -3 0\n2 3 -4 0\n",
        &["a=true"],
    );
    if let Some(data) = shared_data() {
        for m in [
            "uvl/small/Truck.uvl",
            "dimacs/berkeleydb_hierons2020.dimacs",
        ] {
            let text = std::fs::read_to_string(data.join(m)).expect("readable");
            round_trip(m, &text, &[]);
        }
    }
}

/// A tiny deterministic generator (the tests must not depend on a seed file).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// The count and the valid set of every feature (`[true]`, `[false]` or both), from the engine.
fn engine_answers(name: &str, text: &str, features: &[String]) -> (String, Vec<Vec<bool>>) {
    let l = load_str(name, text, &NoIncludes);
    let m = l.model.unwrap_or_else(|| {
        panic!(
            "{name} does not load:\n{}\n{text}",
            l.sources.render_all(&l.diagnostics)
        )
    });
    let mut s = Session::new(m).expect("encodes");
    let n = count(&s, &[], &Budget::unlimited())
        .count
        .expect("small counts finish");
    if n == "0" {
        // Inconsistent: no value has a witness (configure describes the state after a repair).
        return (n, vec![Vec::new(); features.len()]);
    }
    let c = configure(&mut s, &[], Options::default(), &Budget::unlimited());
    let valid = features
        .iter()
        .map(|f| {
            let v = c
                .variables
                .iter()
                .find(|v| &v.path == f)
                .unwrap_or_else(|| panic!("no variable {f}"));
            v.valid
                .as_array()
                .map(|a| a.iter().filter_map(Json::as_bool).collect())
                .unwrap_or_default()
        })
        .collect();
    (n, valid)
}

/// Count and valid sets by enumerating every assignment of `n` variables.
fn brute_force(n: usize, holds: impl Fn(&[bool]) -> bool) -> (String, Vec<Vec<bool>>) {
    let mut total = 0u64;
    let mut seen = vec![BTreeSet::new(); n];
    for bits in 0u64..(1 << n) {
        let a: Vec<bool> = (0..n).map(|i| bits >> i & 1 == 1).collect();
        if holds(&a) {
            total += 1;
            for (i, &x) in a.iter().enumerate() {
                seen[i].insert(x);
            }
        }
    }
    let valid = seen
        .into_iter()
        .map(|s| {
            // The engine lists true before false.
            let mut v: Vec<bool> = s.into_iter().collect();
            v.reverse();
            v
        })
        .collect();
    (total.to_string(), valid)
}

#[test]
fn random_dimacs_against_brute_force() {
    let mut r = Rng(0x1234_5678_9abc_def1);
    for round in 0..40 {
        let n = 1 + r.below(9);
        let m = r.below(12);
        let clauses: Vec<Vec<i64>> = (0..m)
            .map(|_| {
                (0..=r.below(3))
                    .map(|_| {
                        let v = 1 + r.below(n) as i64;
                        if r.below(2) == 0 {
                            v
                        } else {
                            -v
                        }
                    })
                    .collect()
            })
            .collect();
        let mut text = String::new();
        // Some variables named, some left to `v<n>`.
        let names: Vec<String> = (1..=n)
            .map(|i| {
                if i % 3 == 0 {
                    format!("v{i}")
                } else {
                    let name = format!("x-{i}");
                    text.push_str(&format!("c {i} {name}\n"));
                    name
                }
            })
            .collect();
        text.push_str(&format!("p cnf {n} {m}\n"));
        for c in &clauses {
            for l in c {
                text.push_str(&format!("{l} "));
            }
            text.push_str("0\n");
        }
        let want = brute_force(n, |a| {
            clauses.iter().all(|c| {
                c.iter()
                    .any(|&l| a[l.unsigned_abs() as usize - 1] == (l > 0))
            })
        });
        same_model_as_yaml(&format!("r{round}.cnf"), &text);
        let (count, valid) = engine_answers(&format!("r{round}.cnf"), &text, &names);
        assert_eq!((count, valid), want, "{text}");
    }
}

/// A random feature tree: parent of each feature (feature 0 is the root), and groups.
struct Fm {
    parent: Vec<usize>,
    /// (parent, kind, children); kind: 0 mandatory, 1 optional, 2 or, 3 alternative, 4 [lo..hi].
    groups: Vec<(usize, usize, Vec<usize>, usize, usize)>,
    /// Constraints as (a, negate a, op, b, negate b); op: 0 =>, 1 &, 2 |, 3 <=>.
    cons: Vec<(usize, bool, usize, usize, bool)>,
}

fn random_fm(r: &mut Rng) -> Fm {
    let n = 2 + r.below(9);
    let mut fm = Fm {
        parent: vec![0; n],
        groups: Vec::new(),
        cons: Vec::new(),
    };
    let mut f = 1;
    let mut open = vec![0];
    while f < n {
        let p = open[r.below(open.len())];
        let size = (1 + r.below(3)).min(n - f);
        let kids: Vec<usize> = (f..f + size).collect();
        for &k in &kids {
            fm.parent[k] = p;
            open.push(k);
        }
        f += size;
        let kind = r.below(5);
        let lo = r.below(size + 1);
        let hi = lo + r.below(size + 1 - lo);
        fm.groups.push((p, kind, kids, lo, hi));
    }
    for _ in 0..r.below(3) {
        fm.cons.push((
            r.below(n),
            r.below(2) == 0,
            r.below(4),
            r.below(n),
            r.below(2) == 0,
        ));
    }
    fm
}

fn uvl_text(fm: &Fm) -> String {
    let name = |i: usize| format!("\"F {i}\"");
    let mut out = String::from("features\n");
    fn write(fm: &Fm, f: usize, depth: usize, out: &mut String, name: &dyn Fn(usize) -> String) {
        out.push_str(&format!("{}{}\n", "\t".repeat(depth), name(f)));
        for (p, kind, kids, lo, hi) in &fm.groups {
            if *p != f {
                continue;
            }
            let g = match kind {
                0 => "mandatory".to_string(),
                1 => "optional".to_string(),
                2 => "or".to_string(),
                3 => "alternative".to_string(),
                _ if lo == hi => format!("[{lo}]"),
                _ => format!("[{lo}..{hi}]"),
            };
            out.push_str(&format!("{}{g}\n", "\t".repeat(depth + 1)));
            for &k in kids {
                write(fm, k, depth + 2, out, name);
            }
        }
    }
    write(fm, 0, 1, &mut out, &name);
    out.push_str("constraints\n");
    for &(a, na, op, b, nb) in &fm.cons {
        let lit = |x: usize, neg: bool| format!("{}{}", if neg { "!" } else { "" }, name(x));
        let op = ["=>", "&", "|", "<=>"][op];
        out.push_str(&format!("\t{} {op} ({})\n", lit(a, na), lit(b, nb)));
    }
    out
}

/// UVL semantics: root selected, child implies parent, groups under a selected parent.
fn uvl_holds(fm: &Fm, a: &[bool]) -> bool {
    if !a[0] {
        return false;
    }
    if (1..a.len()).any(|f| a[f] && !a[fm.parent[f]]) {
        return false;
    }
    for (p, kind, kids, lo, hi) in &fm.groups {
        if !a[*p] {
            continue;
        }
        let on = kids.iter().filter(|&&k| a[k]).count();
        let ok = match kind {
            0 => on == kids.len(),
            1 => true,
            2 => on >= 1,
            3 => on == 1,
            _ => on >= *lo && on <= *hi,
        };
        if !ok {
            return false;
        }
    }
    fm.cons.iter().all(|&(x, nx, op, y, ny)| {
        let (p, q) = (a[x] != nx, a[y] != ny);
        match op {
            0 => !p || q,
            1 => p && q,
            2 => p || q,
            _ => p == q,
        }
    })
}

#[test]
fn random_uvl_against_brute_force() {
    let mut r = Rng(0x0dd_c0ffee_1234);
    for round in 0..60 {
        let fm = random_fm(&mut r);
        let n = fm.parent.len();
        let text = uvl_text(&fm);
        let want = brute_force(n, |a| uvl_holds(&fm, a));
        let names: Vec<String> = (0..n).map(|i| format!("F {i}")).collect();
        let (count, valid) = engine_answers(&format!("r{round}.uvl"), &text, &names);
        assert_eq!((count, valid), want, "{text}");
    }
}

/// A random arithmetic term over the features' attributes `P` and `W` (values multiples of 1/2,
/// so every value below is exact in f64): its UVL text and its value under UVL's semantics
/// (an attribute of a deselected feature is 0; sums over selected carriers).
enum Term {
    Num(f64),
    Attr(usize, usize),
    Sum(usize),
    Bin(char, Box<Term>, Box<Term>),
}

fn random_term(r: &mut Rng, attrs: &[[Option<f64>; 2]], depth: usize) -> Term {
    let carriers: Vec<(usize, usize)> = (0..attrs.len())
        .flat_map(|f| {
            (0..2)
                .filter(move |&a| attrs[f][a].is_some())
                .map(move |a| (f, a))
        })
        .collect();
    match r.below(if depth == 0 { 3 } else { 6 }) {
        0 => Term::Num(r.below(9) as f64 - 2.0),
        1 if !carriers.is_empty() => {
            let (f, a) = carriers[r.below(carriers.len())];
            Term::Attr(f, a)
        }
        1 | 2 => match (0..2)
            .filter(|&a| attrs.iter().any(|x| x[a].is_some()))
            .collect::<Vec<_>>()
            .as_slice()
        {
            [] => Term::Num(1.0),
            some => Term::Sum(some[r.below(some.len())]),
        },
        3 => Term::Bin(
            '/',
            Box::new(random_term(r, attrs, depth - 1)),
            Box::new(Term::Num([2.0, 4.0, 0.5][r.below(3)])),
        ),
        k => Term::Bin(
            ['+', '-', '*', '*'][(k + r.below(4)) % 4],
            Box::new(random_term(r, attrs, depth - 1)),
            Box::new(random_term(r, attrs, depth - 1)),
        ),
    }
}

fn term_text(t: &Term, name: &dyn Fn(usize) -> String) -> String {
    match t {
        Term::Num(x) => format!("{x}"),
        Term::Attr(f, a) => format!("{}.{}", name(*f), ["P", "W"][*a]),
        Term::Sum(a) => format!("sum({})", ["P", "W"][*a]),
        Term::Bin(op, x, y) => format!("({} {op} {})", term_text(x, name), term_text(y, name)),
    }
}

/// Whether a term multiplies two non-constant terms (features' conjunctions in the catalog).
fn non_linear(t: &Term) -> bool {
    fn constant(t: &Term) -> bool {
        match t {
            Term::Num(_) => true,
            Term::Bin(_, x, y) => constant(x) && constant(y),
            _ => false,
        }
    }
    match t {
        Term::Bin('*', x, y) if !constant(x) && !constant(y) => true,
        Term::Bin(_, x, y) => non_linear(x) || non_linear(y),
        _ => false,
    }
}

fn term_value(t: &Term, attrs: &[[Option<f64>; 2]], sel: &[bool]) -> f64 {
    let attr = |f: usize, a: usize| {
        if sel[f] {
            attrs[f][a].unwrap_or(0.0)
        } else {
            0.0
        }
    };
    match t {
        Term::Num(x) => *x,
        Term::Attr(f, a) => attr(*f, *a),
        Term::Sum(a) => (0..sel.len()).map(|f| attr(f, *a)).sum(),
        Term::Bin(op, x, y) => {
            let (x, y) = (term_value(x, attrs, sel), term_value(y, attrs, sel));
            match op {
                '+' => x + y,
                '-' => x - y,
                '*' => x * y,
                _ => x / y,
            }
        }
    }
}

/// `avg(a)` under the UVL reference implementation: over the selected carriers, 0 when none.
fn avg_value(a: usize, attrs: &[[Option<f64>; 2]], sel: &[bool]) -> f64 {
    let vals: Vec<f64> = (0..sel.len())
        .filter(|&f| sel[f])
        .filter_map(|f| attrs[f][a])
        .collect();
    if vals.is_empty() {
        0.0
    } else {
        vals.iter().sum::<f64>() / vals.len() as f64
    }
}

fn compare(x: f64, op: usize, y: f64) -> bool {
    match op {
        0 => x == y,
        1 => x != y,
        2 => x < y,
        3 => x <= y,
        4 => x > y,
        _ => x >= y,
    }
}

#[test]
fn random_uvl_arithmetic_against_brute_force() {
    let mut r = Rng(0xa77_71b0_7e5_0001);
    let name = |i: usize| format!("\"F {i}\"");
    let (mut constraining, mut products) = (0, 0);
    for round in 0..80 {
        let mut fm = random_fm(&mut r);
        fm.cons.truncate(1);
        let n = fm.parent.len();
        let attrs: Vec<[Option<f64>; 2]> = (0..n)
            .map(|_| {
                let mut v = |p: usize| {
                    (r.below(p) != 0).then(|| (r.below(13) as f64 - 4.0) / [1.0, 2.0][r.below(2)])
                };
                [v(3), v(2)]
            })
            .collect();
        // Attributes go into the feature lines of the tree.
        let mut text = String::new();
        for line in uvl_text(&fm).lines() {
            let trimmed = line.trim_start();
            let f = trimmed
                .strip_prefix("\"F ")
                .and_then(|x| x.strip_suffix('"'))
                .and_then(|x| x.parse::<usize>().ok());
            text.push_str(line);
            if let Some(f) = f {
                let kv: Vec<String> = (0..2)
                    .filter_map(|a| attrs[f][a].map(|v| format!("{} {v}", ["P", "W"][a])))
                    .collect();
                if !kv.is_empty() {
                    text.push_str(&format!(" {{{}}}", kv.join(", ")));
                }
            }
            text.push('\n');
        }
        // Arithmetic constraints: term op term, avg op constant, possibly negated or implied.
        let mut cons: Vec<(Term, usize, Term, Option<(usize, f64)>, usize, bool)> = Vec::new();
        for _ in 0..1 + r.below(2) {
            let l = random_term(&mut r, &attrs, 2);
            let op = r.below(6);
            let rt = random_term(&mut r, &attrs, 1);
            let has = |a: usize| attrs.iter().any(|x| x[a].is_some());
            let avg = (r.below(3) == 0)
                .then(|| r.below(2))
                .filter(|&a| has(a))
                .map(|a| (a, (r.below(9) as f64 - 3.0) / 2.0));
            cons.push((l, op, rt, avg, r.below(n), r.below(2) == 0));
        }
        let ops = ["==", "!=", "<", "<=", ">", ">="];
        for (l, op, rt, avg, g, neg) in &cons {
            let cmp = match avg {
                Some((a, c)) => format!("avg({}) {} {c}", ["P", "W"][*a], ops[*op]),
                None => format!(
                    "{} {} {}",
                    term_text(l, &name),
                    ops[*op],
                    term_text(rt, &name)
                ),
            };
            let cmp = if *neg { format!("!({cmp})") } else { cmp };
            text.push_str(&format!("\t{} => {cmp}\n", name(*g)));
        }
        let holds = |a: &[bool]| {
            uvl_holds(&fm, a)
                && cons.iter().all(|(l, op, rt, avg, g, neg)| {
                    let c = match avg {
                        Some((at, c)) => compare(avg_value(*at, &attrs, a), *op, *c),
                        None => compare(term_value(l, &attrs, a), *op, term_value(rt, &attrs, a)),
                    };
                    !a[*g] || (c != *neg)
                })
        };
        let want = brute_force(n, holds);
        if want != brute_force(n, |a| uvl_holds(&fm, a)) {
            constraining += 1;
        }
        if cons
            .iter()
            .any(|c| c.3.is_none() && (non_linear(&c.0) || non_linear(&c.2)))
        {
            products += 1;
        }
        let names: Vec<String> = (0..n).map(|i| format!("F {i}")).collect();
        let file = format!("a{round}.uvl");
        let (count, valid) = engine_answers(&file, &text, &names);
        assert_eq!((count, valid), want, "{text}");
        if round % 8 == 0 {
            round_trip(&file, &text, &[]);
        }
    }
    // The arithmetic constrains (and multiplies features) in a good share of the rounds.
    assert!(
        constraining >= 20 && products >= 5,
        "{constraining} {products}"
    );
}

/// Mangled UVL and DIMACS texts give diagnostics, never a panic or a hang.
#[test]
fn mangled_sources_do_not_panic() {
    let mut r = Rng(0xfeed_beef_cafe_f00d);
    let dimacs = "c 1 a\nc 2 b\np cnf 3 2\n1 -2 0\n2 3 0\n";
    let pieces = [
        "(", ")", "!", "=>", "<=>", "\"", "'", "{", "}", "[", "]", "..", "\n", "\t", " ", "|", "&",
        "-", "0", "p cnf", "c 9 x", "/*", "//", "é",
    ];
    for round in 0..400 {
        let (name, base) = if round % 2 == 0 {
            ("m.uvl", PIZZA)
        } else {
            ("m.cnf", dimacs)
        };
        let mut text = base.to_string();
        for _ in 0..=r.below(4) {
            let mut at = r.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match r.below(3) {
                0 => text.insert_str(at, pieces[r.below(pieces.len())]),
                1 => {
                    let mut end = (at + r.below(8)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    text.replace_range(at..end, "");
                }
                _ => text.insert_str(at, &"!".repeat(r.below(500))),
            }
        }
        let _ = load_str(name, &text, &NoIncludes);
    }
    let deep = format!(
        "features\n A\n  optional\n   B\nconstraints\n {}B\n",
        "!".repeat(100_000)
    );
    assert!(load_str("deep.uvl", &deep, &NoIncludes).model.is_none());
    let chain = format!(
        "features\n A\n  optional\n   B\nconstraints\n B{}\n",
        " => B".repeat(100_000)
    );
    assert!(load_str("chain.uvl", &chain, &NoIncludes).model.is_none());
}

/// Issue 4: imported names with spaces, dashes or `=` are chosen by their source names, bare or
/// quoted as in rules, and the choice takes effect.
#[test]
fn issue4_select_takes_imported_names_bare_or_quoted() {
    let uvl = "features\n    \"Mobile Phone\"\n        mandatory\n            \"Call-Feature\"\n        optional\n            GPS\n            \"Media Player\"\n            \"a=b\"\nconstraints\n    GPS => \"Media Player\"\n";
    let valid = |j: &Json, path: &str| -> Json {
        let v = j["variables"].as_array().expect("variables");
        v.iter().find(|x| x["path"] == path).expect(path)["valid"].clone()
    };
    for select in [["Media Player=false"], ["\"Media Player\"=false"]] {
        let j = configure_json("t.uvl", uvl, &select);
        assert_eq!(valid(&j, "GPS"), serde_json::json!([false]), "{select:?}");
    }
    let j = configure_json("t.uvl", uvl, &["\"a=b\"=true", "!GPS"]);
    assert_eq!(valid(&j, "a=b"), serde_json::json!([true]));
    assert_eq!(valid(&j, "GPS"), serde_json::json!([false]));
}

/// Issue 4: a DIMACS catalog is named after its file (DIMACS itself names no model).
#[test]
fn issue4_dimacs_catalog_id_comes_from_the_file_name() {
    let j = configure_json("dir/linux-2.6.33.dimacs", "p cnf 1 0\n", &[]);
    assert_eq!(j["catalog"]["id"], "linux-2-6-33");
}
