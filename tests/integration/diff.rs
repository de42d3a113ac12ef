//! `tailor diff`: a new version of home-connect (a value removed, one added, one renamed with
//! `was:`, one repriced, a rule that kills a value) and Renault medium against its whole sales
//! history with one combination discontinued, each checked against what is known independently
//! (the edits made; which orders hold the discontinued pair; the count of that pair).

use crate::util::{root, shared_data};
use serde_json::Value as Json;
use std::path::Path;
use std::process::Command;

fn tailor_diff(dir: &Path, old: &str, new: &str, orders: &str) -> (i32, Json) {
    let out = Command::new(env!("CARGO_BIN_EXE_tailor"))
        .current_dir(dir)
        .args(["diff", old, new, "--orders", orders, "--json"])
        .output()
        .expect("tailor runs");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "JSON on stdout; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("tailor-diff-{name}-{}", std::process::id()));
    std::fs::create_dir_all(d.join("rules")).expect("temp dir");
    d
}

/// `tailor diff old new --json` on two catalog texts with no orders: exit code and answer. The
/// folder is removed afterwards.
fn diff_texts(name: &str, old: &str, new: &str) -> (i32, Json) {
    let dir = temp_dir(name);
    std::fs::write(dir.join("old.yaml"), old).expect("written");
    std::fs::write(dir.join("new.yaml"), new).expect("written");
    std::fs::write(dir.join("orders.txt"), "").expect("written");
    let answer = tailor_diff(&dir, "old.yaml", "new.yaml", "orders.txt");
    let _ = std::fs::remove_dir_all(&dir);
    answer
}

#[test]
fn home_connect_new_version_names_prices_dead_values_and_orders() {
    let dir = temp_dir("hc");
    let old = std::fs::read_to_string(root().join("catalogs/home-connect.yaml")).expect("catalog");
    for e in std::fs::read_dir(root().join("catalogs/rules")).expect("rules") {
        let p = e.expect("entry").path();
        std::fs::copy(&p, dir.join("rules").join(p.file_name().expect("name"))).expect("copied");
    }
    let s100 = "          s100:  { name: \"100 Mbit/s\", price: { monthly: 29.99 }, attrs: { mbit: 100 } }\n";
    let s1000 = "          s1000: { name: \"1 Gbit/s\",   price: { monthly: 49.99 }, attrs: { mbit: 1000 } }\n";
    assert!(
        old.contains(s100) && old.contains(s1000),
        "home-connect as this test knows it"
    );
    let new = old
        .replace(s100, "")
        .replace("price: { monthly: 39.99 }, attrs: { mbit: 500 }", "price: { monthly: 37.99 }, attrs: { mbit: 500 }")
        .replace(s1000, "          g1: { was: s1000, name: \"1 Gbit/s\", price: { monthly: 49.99 }, attrs: { mbit: 1000 } }\n          s2000: { name: \"2 Gbit/s\", price: { monthly: 59.99 }, attrs: { mbit: 2000 } }\n")
        .replace("internet.speed = s1000", "internet.speed = g1")
        .replace("rules: |\n", "rules: |\n  rule rent_only \"Routers are rented now\": not internet.router = buy\n");
    std::fs::write(dir.join("old.yaml"), &old).expect("written");
    std::fs::write(dir.join("new.yaml"), &new).expect("written");
    std::fs::write(
        dir.join("orders.txt"),
        "# saved selections\ninternet.speed=s1000\ninternet.speed=s100\n\ninternet.speed=s500 internet.router=buy\ninternet.speed=s250\n",
    )
    .expect("written");
    let (code, d) = tailor_diff(&dir, "old.yaml", "new.yaml", "orders.txt");
    assert_eq!(code, 1, "changes: exit 1; {d}");
    let paths = |k: &str| -> Vec<String> {
        d[k].as_array()
            .map(|a| {
                a.iter()
                    .map(|x| {
                        format!(
                            "{} {}",
                            x["kind"].as_str().unwrap_or(""),
                            x["path"].as_str().unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(paths("added"), ["value internet.speed=s2000"], "{d}");
    assert_eq!(paths("removed"), ["value internet.speed=s100"], "{d}");
    assert_eq!(d["renamed"][0]["old"], "internet.speed=s1000", "{d}");
    assert_eq!(d["renamed"][0]["new"], "internet.speed=g1", "{d}");
    assert_eq!(d["renamed"].as_array().map(Vec::len), Some(1), "{d}");
    assert_eq!(
        d["now_dead"],
        serde_json::json!(["internet.router=buy"]),
        "{d}"
    );
    assert_eq!(d["prices"].as_array().map(Vec::len), Some(1), "{d}");
    assert_eq!(d["prices"][0]["what"], "internet.speed=s500");
    assert_eq!(d["prices"][0]["old"]["monthly"], "39.99");
    assert_eq!(d["prices"][0]["new"]["monthly"], "37.99");
    // The versions differ in their values, so the old configurations that stay valid are
    // counted by projection; independently: those with neither the removed value nor the
    // router the new rule forbids, by inclusion and exclusion over `tailor count`.
    let n = |sel: &[&str]| -> u128 {
        let mut args = vec!["count", "old.yaml"];
        for s in sel {
            args.extend(["--select", s]);
        }
        let out = Command::new(env!("CARGO_BIN_EXE_tailor"))
            .current_dir(&dir)
            .args(&args)
            .output()
            .expect("tailor runs");
        let text = String::from_utf8_lossy(&out.stdout);
        text.trim()
            .parse()
            .unwrap_or_else(|_| panic!("a count: {text}"))
    };
    let (s100, buy) = ("internet.speed=s100", "internet.router=buy");
    let kept = n(&[]) - n(&[s100]) - n(&[buy]) + n(&[s100, buy]);
    assert_eq!(d["counts"]["both"]["count"], kept.to_string(), "{d}");
    assert_eq!(d["counts"]["both"]["exact"], true, "{d}");
    // Orders: the renamed value is read under its new name; the removed one and the dead one
    // are rejected at their lines, with the rule's words.
    let o = &d["orders"];
    assert_eq!(
        (o["checked"].as_u64(), o["accepted"].as_u64()),
        (Some(4), Some(2)),
        "{o}"
    );
    assert_eq!(o["rejected"][0]["line"], 3, "{o}");
    assert!(
        o["rejected"][0]["reason"]
            .as_str()
            .unwrap_or("")
            .contains("`s100` is not a value"),
        "{o}"
    );
    assert_eq!(o["rejected"][1]["line"], 5, "{o}");
    assert_eq!(
        o["rejected"][1]["rules"],
        serde_json::json!(["rent_only"]),
        "{o}"
    );
    assert!(
        o["rejected"][1]["reason"]
            .as_str()
            .unwrap_or("")
            .contains("Routers are rented now"),
        "{o}"
    );
    // A version against itself changes nothing.
    let (code, same) = tailor_diff(&dir, "old.yaml", "old.yaml", "orders.txt");
    assert_eq!(code, 0, "{same}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn renault_sales_history_against_a_discontinued_pair() {
    let Some(data) = shared_data() else { return };
    let renault = data.join("renault");
    // The sales history as an orders file: a header of variables, then value indices (-1:
    // none), as `car.vN=xK` choices.
    let history =
        std::fs::read_to_string(renault.join("sales_history_medium.txt")).expect("history");
    let mut lines = history.lines();
    let columns: Vec<&str> = lines.next().unwrap_or("").split_whitespace().collect();
    let orders: Vec<String> = lines
        .filter(|l| !l.trim().is_empty())
        .map(|row| {
            columns
                .iter()
                .zip(row.split_whitespace())
                .map(|(c, v)| {
                    if v == "-1" {
                        format!("car.{c}=none")
                    } else {
                        format!("car.{c}=x{v}")
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let dir = temp_dir("renault");
    std::fs::write(dir.join("orders.txt"), orders.join("\n")).expect("written");
    let old = std::fs::read_to_string(renault.join("medium.yaml")).expect("medium");
    std::fs::write(dir.join("old.yaml"), &old).expect("written");
    // The new version drops the first table (allowing more) and discontinues one pair.
    let table = "  allow (car.v0, car.v1) {\n";
    let start = old.find(table).expect("medium's first table");
    let end = start + old[start..].find("\n  }\n").expect("its end") + "\n  }\n".len();
    let rule = "  rule discontinued \"This engine is no longer sold with this trim\": not (car.v1 = x2 and car.v2 = x11)\n";
    let new = format!("{}{}{rule}", &old[..start], &old[end..]);
    std::fs::write(dir.join("new.yaml"), new).expect("written");
    let (code, d) = tailor_diff(&dir, "old.yaml", "new.yaml", "orders.txt");
    assert_eq!(code, 1);
    // Independently: the orders holding both choices, by their text.
    let holding: Vec<u64> = orders
        .iter()
        .enumerate()
        .filter(|(_, o)| {
            let c: Vec<&str> = o.split(' ').collect();
            c.contains(&"car.v1=x2") && c.contains(&"car.v2=x11")
        })
        .map(|(i, _)| i as u64 + 1)
        .collect();
    let rejected: Vec<u64> = d["orders"]["rejected"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["line"].as_u64()).collect())
        .unwrap_or_default();
    assert!(!holding.is_empty());
    assert_eq!(
        rejected, holding,
        "the rejected orders are those with the pair"
    );
    assert_eq!(d["orders"]["checked"].as_u64(), Some(orders.len() as u64));
    for r in d["orders"]["rejected"].as_array().into_iter().flatten() {
        assert_eq!(r["rules"], serde_json::json!(["discontinued"]), "{r}");
    }
    // Counts: the old configurations that stay valid are exactly those without the pair; the
    // new version, without the table, allows more.
    let mut k =
        tailor::api::Configurator::from_text("old.yaml", &old, tailor::api::Limits::default())
            .expect("medium loads");
    let with_pair = k
        .count(&["car.v1=x2".into(), "car.v2=x11".into()])
        .expect("counts");
    let n = |v: &Json| {
        v.as_str()
            .and_then(|s| s.parse::<u128>().ok())
            .expect("a count")
    };
    let pair: u128 = with_pair
        .count
        .as_deref()
        .and_then(|s| s.parse().ok())
        .expect("exact");
    assert_eq!(
        n(&d["counts"]["old"]["count"]) - pair,
        n(&d["counts"]["both"]["count"]),
        "{}",
        d["counts"]
    );
    assert!(
        n(&d["counts"]["new"]["count"]) > n(&d["counts"]["both"]["count"]),
        "{}",
        d["counts"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Versions that differ in what they offer: a value removed and one added, ints' ranges
/// changed (one-hot and wide, and from one to the other), a feature removed and one added with rules on it, fewer
/// instances. The old configurations that stay valid are counted by projection; the oracle
/// enumerates them here, by the rules as written.
#[test]
fn added_and_removed_features_count_the_old_configurations_that_stay_valid() {
    let old = r#"
catalog: shop
version: "1"
currency: EUR
components:
  pc:
    features:
      cpu: { one_of: [i3, i5, i7] }
      ram: { int: { min: 1, max: 6 } }
      length: { int: { min: 0, max: 1000 } }
      depth: { int: { min: 0, max: 50 } }
      height: { int: { min: 0, max: 100 } }
      quiet: { bool: {} }
  fans:
    instances: { min: 0, max: 3 }
    features:
      rpm: { one_of: [low, high] }
rules: |
  rule fast_needs_ram: pc.cpu = i7 -> pc.ram >= 3
  rule quiet_is_short: pc.quiet -> pc.length <= 800
  rule tall_enough: pc.height >= 5
"#;
    let new = r#"
catalog: shop
version: "2"
currency: EUR
components:
  pc:
    features:
      cpu: { one_of: [i5, i7, i9] }
      ram: { int: { min: 2, max: 8 } }
      length: { int: { min: 0, max: 500 } }
      depth: { int: { min: 0, max: 100 } }
      height: { int: { min: 0, max: 40 } }
      case: { one_of: [small, big] }
  fans:
    instances: { min: 0, max: 2 }
    features:
      rpm: { one_of: [low, high] }
rules: |
  rule fast_needs_ram: pc.cpu = i7 -> pc.ram >= 3
  rule small_case: pc.case = small -> pc.ram <= 4
  rule fast_is_small: pc.cpu = i7 -> pc.case = small
  rule big_is_long: pc.case = big -> pc.length >= 100
  rule shallow: pc.depth <= 30
"#;
    let (_, d) = diff_texts("shapes", old, new);
    // Enumerated: (old valid, still valid).
    let (mut all, mut kept) = (0u64, 0u64);
    for cpu in ["i3", "i5", "i7"] {
        for ram in 1..=6 {
            for length in 0..=1000 {
                for quiet in [false, true] {
                    let valid = (cpu != "i7" || ram >= 3) && (!quiet || length <= 800);
                    if !valid {
                        continue;
                    }
                    // The fans: k instances, each low or high.
                    let fans = |max: u32| (0..=max).map(|k| 1u64 << k).sum::<u64>();
                    all += fans(3);
                    let some_case = ["small", "big"].iter().any(|&case| {
                        (case != "small" || ram <= 4)
                            && (cpu != "i7" || case == "small")
                            && (case != "big" || length >= 100)
                    });
                    // Kept: the value, range and instances still offered; `quiet` dropped.
                    if cpu != "i3" && ram >= 2 && length <= 500 && some_case {
                        kept += fans(2);
                    }
                }
            }
        }
    }
    // Depth (one-hot 0..50, now wide 0..100 with a rule) and height (wide 0..100, now one-hot
    // 0..40) are in no rule with the rest: their numbers multiply.
    let (depth_all, depth_kept) = (51, (0..=50).filter(|&d| d <= 30).count() as u64);
    let height = (0..=100).filter(|&h| h >= 5);
    let (height_all, height_kept) = (
        height.clone().count() as u64,
        height.filter(|&h| h <= 40).count() as u64,
    );
    let (all, kept) = (
        all * depth_all * height_all,
        kept * depth_kept * height_kept,
    );
    assert_eq!(d["counts"]["old"]["count"], all.to_string(), "{d}");
    assert_eq!(d["counts"]["both"]["count"], kept.to_string(), "{d}");
    assert_eq!(d["counts"]["both"]["exact"], true, "{d}");
}

/// Renault medium against a copy with one table row removed: the pair it allowed is gone, so
/// the new count and the old configurations that stay valid are both the old count less the
/// configurations with that pair, counted by the existing counter.
#[test]
fn renault_medium_with_one_table_row_removed() {
    let Some(data) = shared_data() else { return };
    let renault = data.join("renault");
    let old = std::fs::read_to_string(renault.join("medium.yaml")).expect("medium");
    let row = "  allow (car.v0, car.v1) {\n    (x0, x2), (x1, x1), ";
    assert!(
        old.contains(row),
        "medium's first table as this test knows it"
    );
    let new = old.replacen(row, "  allow (car.v0, car.v1) {\n    (x0, x2), ", 1);
    let (code, d) = diff_texts("renault-row", &old, &new);
    assert_eq!(code, 1);
    let mut k =
        tailor::api::Configurator::from_text("old.yaml", &old, tailor::api::Limits::default())
            .expect("medium loads");
    let count = |c: &tailor::engine::answer::Count| -> u128 {
        c.count
            .as_deref()
            .and_then(|s| s.parse().ok())
            .expect("exact")
    };
    let all = count(&k.count(&[]).expect("counts"));
    let pair = count(
        &k.count(&["car.v0=x1".into(), "car.v1=x1".into()])
            .expect("counts"),
    );
    assert!(pair > 0);
    let n = |v: &Json| {
        v.as_str()
            .and_then(|s| s.parse::<u128>().ok())
            .expect("a count")
    };
    assert_eq!(n(&d["counts"]["old"]["count"]), all, "{}", d["counts"]);
    assert_eq!(
        n(&d["counts"]["new"]["count"]),
        all - pair,
        "{}",
        d["counts"]
    );
    assert_eq!(
        n(&d["counts"]["both"]["count"]),
        all - pair,
        "{}",
        d["counts"]
    );
    // x1 was allowed only with x1: now no configuration has it; nor any value that only
    // configurations with the pair had (each checked by counting).
    let dead: Vec<String> = d["now_dead"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    assert!(dead.contains(&"car.v0=x1".to_string()), "{d}");
    for v in &dead {
        let with = count(&k.count(std::slice::from_ref(v)).expect("counts"));
        let sel = [v.clone(), "car.v0=x1".into(), "car.v1=x1".into()];
        let with_pair = count(&k.count(&sel).expect("counts"));
        assert!(with > 0 && with == with_pair, "{v}: {with} vs {with_pair}");
    }
}

/// Renault medium with a new feature (a tow bar) that one engine now needs and that needs one
/// value of another feature: the versions differ in what they offer, so the old configurations
/// that stay valid are counted by projection. Independently, by the counter on the old version:
/// all but those with that engine and another value.
#[test]
fn renault_medium_with_a_new_feature_counts_by_projection() {
    let Some(data) = shared_data() else { return };
    let old = std::fs::read_to_string(data.join("renault/medium.yaml")).expect("medium");
    let mut new = old.replacen(
        "    features:\n",
        "    features:\n      tow_bar: { bool: {} }\n",
        1,
    );
    let rules = new.find("rules: |\n").expect("a rules block") + "rules: |\n".len();
    new.insert_str(
        rules,
        "  rule tow_bar_v6: car.tow_bar -> car.v6 = x1\n  rule needs_tow_bar: car.v0 = x3 -> car.tow_bar\n",
    );
    let (_, d) = diff_texts("renault-feature", &old, &new);
    let mut k =
        tailor::api::Configurator::from_text("old.yaml", &old, tailor::api::Limits::default())
            .expect("medium loads");
    let mut n = |sel: &[&str]| -> u128 {
        let sel: Vec<String> = sel.iter().map(|s| s.to_string()).collect();
        let c = k.count(&sel).expect("counts");
        c.count
            .as_deref()
            .and_then(|s| s.parse().ok())
            .expect("exact")
    };
    let lost = n(&["car.v0=x3"]) - n(&["car.v0=x3", "car.v6=x1"]);
    assert!(lost > 0, "the test means something");
    let kept = n(&[]) - lost;
    assert_eq!(
        d["counts"]["both"]["count"],
        kept.to_string(),
        "{}",
        d["counts"]
    );
    assert_eq!(d["added"][0]["path"], "car.tow_bar", "{d}");
}
