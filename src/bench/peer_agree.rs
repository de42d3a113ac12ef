//! Do tailor and a peer give the same answer? Valid sets item by item, core/dead features by
//! name, counts digit by digit. A difference is described in a line; `Ok` means they agree.

use serde_json::Value as Json;
use std::collections::HashSet;

/// At most this many differing items are named in a message.
const SHOWN: usize = 5;

/// Valid items: tailor's keys against the literals a peer found valid (`null`: inconsistent).
pub fn valid(tailor: &HashSet<String>, items: &[(String, i32)], peer: &Json) -> Result<(), String> {
    let Some(list) = peer.as_array() else {
        return if tailor.is_empty() {
            Ok(())
        } else {
            Err("peer found the selection inconsistent, tailor did not".to_string())
        };
    };
    let found: HashSet<i64> = list.iter().filter_map(Json::as_i64).collect();
    let mut diff = Vec::new();
    for (key, lit) in items {
        let t = tailor.contains(key);
        if t != found.contains(&i64::from(*lit)) {
            diff.push(format!(
                "{key} ({})",
                if t { "tailor valid" } else { "peer valid" }
            ));
        }
    }
    describe(diff, items.len())
}

/// Core and dead features by name (flamapy), compared on the names tailor knows.
pub fn core_dead(
    core: &HashSet<String>,
    dead: &HashSet<String>,
    known: &HashSet<String>,
    peer: &Json,
) -> Result<(), String> {
    let names = |k: &str| -> HashSet<String> {
        peer.get(k)
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(Json::as_str)
            .filter(|n| known.contains(*n))
            .map(str::to_string)
            .collect()
    };
    let mut diff = Vec::new();
    for (what, ours, theirs) in [("core", core, names("core")), ("dead", dead, names("dead"))] {
        diff.extend(ours.symmetric_difference(&theirs).map(|n| {
            let side = if ours.contains(n) { "tailor" } else { "peer" };
            format!("{n} ({what} for {side} only)")
        }));
    }
    diff.sort();
    describe(diff, known.len())
}

/// Exact counts as decimal strings.
pub fn count(tailor: &str, peer: &Json) -> Result<(), String> {
    match peer.as_str() {
        Some(p) if p == tailor => Ok(()),
        Some(p) => Err(format!("tailor counts {tailor}, peer {p}")),
        None => Err("peer gave no count".to_string()),
    }
}

fn describe(diff: Vec<String>, of: usize) -> Result<(), String> {
    if diff.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = diff.iter().take(SHOWN).map(String::as_str).collect();
    Err(format!(
        "{} of {of} differ: {}{}",
        diff.len(),
        shown.join(", "),
        if diff.len() > SHOWN { ", ..." } else { "" }
    ))
}
