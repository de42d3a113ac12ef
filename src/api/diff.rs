//! `tailor diff OLD NEW`: what a new catalog version changes for customers. Names added,
//! removed and renamed (a rename is declared in the new version with `was:`, never guessed);
//! values that became dead or forced, or stopped being so; the number of valid configurations
//! before and after; prices that changed; and which past orders the new version rejects, why.

use super::{ApiError, Configurator};
use crate::engine::answer::Status;
use crate::engine::{minimal_reason, Item, Reason};
use crate::model::{CompId, FeatId, Model, Price, Target};
use crate::solve::SolveResult;
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

/// A component, feature or value, by its path (`internet.speed`, `internet.speed=s100`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Named {
    pub kind: &'static str,
    pub path: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Renamed {
    pub kind: &'static str,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PriceDiff {
    /// The priced thing, by its new path.
    pub what: String,
    pub old: Amount,
    pub new: Amount,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Amount {
    pub once: String,
    pub monthly: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Counts {
    pub old: crate::engine::answer::Count,
    pub new: crate::engine::answer::Count,
    /// The old configurations that stay valid: those the new version accepts on everything
    /// both versions have, with some choice for what only the new one has (a removed feature's
    /// choice is dropped, a removed value's refused). Null when it cannot be counted within the
    /// budget or linked, and `both_note` says why.
    pub both: Option<crate::engine::answer::Count>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub both_note: Option<String>,
}

/// A past order the new version does not take.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rejected {
    /// 1-based line of the orders file.
    pub line: usize,
    /// The order as the new version reads it (renames applied).
    pub selection: Vec<String>,
    pub reason: String,
    /// The rules that exclude it together with `choices` (a minimal conflict).
    pub rules: Vec<String>,
    pub choices: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Orders {
    pub checked: usize,
    pub accepted: usize,
    pub rejected: Vec<Rejected>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CatalogDiff {
    pub old: Json,
    pub new: Json,
    pub added: Vec<Named>,
    pub removed: Vec<Named>,
    pub renamed: Vec<Renamed>,
    /// Values no configuration can have any more, and values every configuration now has.
    pub now_dead: Vec<String>,
    pub no_longer_dead: Vec<String>,
    pub now_forced: Vec<String>,
    pub no_longer_forced: Vec<String>,
    pub counts: Counts,
    pub prices: Vec<PriceDiff>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orders: Option<Orders>,
}

impl CatalogDiff {
    /// Anything a customer would notice.
    pub fn changes_anything(&self) -> bool {
        !(self.added.is_empty()
            && self.removed.is_empty()
            && self.renamed.is_empty()
            && self.now_dead.is_empty()
            && self.no_longer_dead.is_empty()
            && self.now_forced.is_empty()
            && self.no_longer_forced.is_empty()
            && self.counts.old == self.counts.new
            && self.prices.is_empty()
            && self.orders.as_ref().is_none_or(|o| o.rejected.is_empty()))
    }
}

/// One catalog's names: each thing's path as the *old* version spells it → its new path and
/// price. For the old catalog the two are the same.
struct Names {
    items: BTreeMap<String, Item2>,
}

struct Item2 {
    kind: &'static str,
    new_path: String,
    price: Option<Price>,
}

impl Names {
    /// `m`'s names; under their previous ids where `m` declares them (`was:`) and `renamed`.
    fn of(m: &Model, renamed: bool) -> Names {
        let was = |t: Target| {
            m.renamed_from
                .iter()
                .filter(|_| renamed)
                .find(|(x, _)| *x == t)
                .map(|(_, w)| w.clone())
        };
        // The old path of every component, from the root down (parents come first).
        let mut comp_old: Vec<String> = Vec::with_capacity(m.components.len());
        let mut items = BTreeMap::new();
        for (i, c) in m.components.iter().enumerate() {
            let key = was(Target::Comp(CompId(i as u32))).unwrap_or_else(|| c.key.clone());
            let old = match c.parent {
                None => String::new(),
                Some(p) => join(&comp_old[p.index()], &key),
            };
            if c.parent.is_some() {
                items.insert(
                    old.clone(),
                    Item2 {
                        kind: "component",
                        new_path: c.path.clone(),
                        price: Some(c.price),
                    },
                );
            }
            comp_old.push(old);
        }
        for (i, f) in m.features.iter().enumerate() {
            let fid = FeatId(i as u32);
            let key = was(Target::Feat(fid)).unwrap_or_else(|| f.key.clone());
            let old = join(&comp_old[f.comp.index()], &key);
            let price = match &f.kind {
                crate::model::FeatureKind::Bool { price, .. } => Some(*price),
                _ => None,
            };
            for (v, value) in f.kind.values().iter().enumerate() {
                let id = was(Target::Value(fid, v as u32)).unwrap_or_else(|| value.id.clone());
                items.insert(
                    format!("{old}={id}"),
                    Item2 {
                        kind: "value",
                        new_path: format!("{}={}", f.path, value.id),
                        price: Some(value.price),
                    },
                );
            }
            items.insert(
                old,
                Item2 {
                    kind: "feature",
                    new_path: f.path.clone(),
                    price,
                },
            );
        }
        Names { items }
    }

    /// New path → old path.
    fn old_of(&self) -> BTreeMap<&str, &str> {
        self.items
            .iter()
            .map(|(old, it)| (it.new_path.as_str(), old.as_str()))
            .collect()
    }
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}.{b}")
    }
}

/// Compares `old` with `new`; `orders` are past selections (line number, choices in the old
/// version's names), checked against the new version.
pub fn diff(
    old: &mut Configurator,
    new: &mut Configurator,
    orders: Option<&[(usize, Vec<String>)]>,
) -> Result<CatalogDiff, ApiError> {
    // The old version's own `was:` look further back: its names are as they stand.
    let on = Names::of(&old.session().model, false);
    let nn = Names::of(&new.session().model, true);
    let mut added = Vec::new();
    let mut renamed = Vec::new();
    let mut prices = Vec::new();
    for (old_path, it) in &nn.items {
        match on.items.get(old_path) {
            None => added.push(Named {
                kind: it.kind,
                path: it.new_path.clone(),
            }),
            Some(was) => {
                if &it.new_path != old_path {
                    renamed.push(Renamed {
                        kind: it.kind,
                        old: old_path.clone(),
                        new: it.new_path.clone(),
                    });
                }
                if let (Some(a), Some(b)) = (was.price, it.price) {
                    if a != b {
                        prices.push(PriceDiff {
                            what: it.new_path.clone(),
                            old: amount(&a),
                            new: amount(&b),
                        });
                    }
                }
            }
        }
    }
    let removed = on
        .items
        .iter()
        .filter(|(p, _)| !nn.items.contains_key(*p))
        .map(|(p, it)| Named {
            kind: it.kind,
            path: p.clone(),
        })
        .collect();

    // Dead and forced values with nothing chosen, compared under the old names.
    let (old_dead, old_forced) = dead_and_forced(old)?;
    let (new_dead, new_forced) = dead_and_forced(new)?;
    let back = nn.old_of();
    let to_old = |s: &BTreeSet<String>| -> BTreeSet<String> {
        s.iter()
            .map(|p| back.get(p.as_str()).map_or(p.clone(), |o| o.to_string()))
            .collect()
    };
    let (new_dead_old, new_forced_old) = (to_old(&new_dead), to_old(&new_forced));
    let fwd = |p: &String| nn.items.get(p).map_or(p.clone(), |i| i.new_path.clone());
    let only = |a: &BTreeSet<String>, b: &BTreeSet<String>| -> Vec<String> {
        a.difference(b).map(fwd).collect()
    };
    let known = |p: &String| on.items.contains_key(p) && nn.items.contains_key(p);
    let now_dead = only(&new_dead_old, &old_dead);
    let no_longer_dead = only(
        &old_dead.iter().filter(|p| known(p)).cloned().collect(),
        &new_dead_old,
    );
    let now_forced = only(&new_forced_old, &old_forced);
    let no_longer_forced = only(
        &old_forced.iter().filter(|p| known(p)).cloned().collect(),
        &new_forced_old,
    );

    let (both, both_note) = match count_both(old, new, &nn) {
        Ok(c) => (Some(c), None),
        Err(why) => (None, Some(why)),
    };
    let counts = Counts {
        old: old.count(&[])?,
        new: new.count(&[])?,
        both,
        both_note,
    };
    let orders = match orders {
        Some(list) => Some(check_orders(new, &nn, list)),
        None => None,
    };
    let m = &old.session().model;
    let n = &new.session().model;
    Ok(CatalogDiff {
        // As answers name a catalog: a bundle's modules with their own versions and hashes.
        old: serde_json::to_value(crate::engine::answer::CatalogRef::of(m)).unwrap_or_default(),
        new: serde_json::to_value(crate::engine::answer::CatalogRef::of(n)).unwrap_or_default(),
        added,
        removed,
        renamed,
        now_dead,
        no_longer_dead,
        now_forced,
        no_longer_forced,
        counts,
        prices,
        orders,
    })
}

/// The old configurations the new version still accepts. Where both versions have the same
/// things, the new catalog with the old one's rules moved onto its ids, counted; else the old
/// version's configurations that extend to new ones (`engine::count_kept`).
fn count_both(
    old: &Configurator,
    new: &Configurator,
    nn: &Names,
) -> Result<crate::engine::answer::Count, String> {
    let (om, nm) = (&old.session().model, &new.session().model);
    let new_path_of = |p: &str| {
        nn.items
            .get(p)
            .map_or(p.to_string(), |i| i.new_path.clone())
    };
    let Some(remap) = crate::model::remap::Remap::between(om, nm, &new_path_of) else {
        let there = |p: &str| nn.items.get(p).map(|i| i.new_path.clone());
        let map = crate::model::correspond::Correspondence::between(om, nm, &there);
        return crate::engine::count_kept(
            old.session(),
            new.session(),
            &map,
            &new.limits.counting(),
        );
    };
    let mut both = nm.clone();
    both.constraints.extend(om.constraints.iter().map(|c| {
        let mut c = remap.constraint(c);
        c.id = format!("old:{}", c.id);
        c
    }));
    let mut k = Configurator::from_model(both, new.limits).map_err(|e| e.to_string())?;
    k.count(&[]).map_err(|e| e.to_string())
}

fn amount(p: &Price) -> Amount {
    Amount {
        once: p.once.normalize().to_string(),
        monthly: p.monthly.normalize().to_string(),
    }
}

/// `path=value` of the values blocked (dead) and forced with nothing chosen.
fn dead_and_forced(k: &mut Configurator) -> Result<(BTreeSet<String>, BTreeSet<String>), ApiError> {
    let state = k.configure(&[], false)?;
    let text = |v: &Json| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    let mut dead = BTreeSet::new();
    let mut forced = BTreeSet::new();
    for v in &state.variables {
        for b in &v.blocked {
            dead.insert(format!("{}={}", v.path, text(&b.value)));
        }
        if v.status == Status::Forced {
            match &v.value {
                Json::Array(vs) => {
                    forced.extend(vs.iter().map(|x| format!("{}={}", v.path, text(x))))
                }
                x => {
                    forced.insert(format!("{}={}", v.path, text(x)));
                }
            }
        }
    }
    Ok((dead, forced))
}

/// Each order with renames applied, checked against the new version: its choices known, and
/// possible together (else the minimal conflict names the rules).
fn check_orders(new: &mut Configurator, nn: &Names, orders: &[(usize, Vec<String>)]) -> Orders {
    // Old path → new path, for features (`car.v1`) and values (`car.v1=b64`).
    let rename: BTreeMap<&str, &str> = nn
        .items
        .iter()
        .map(|(old, it)| (old.as_str(), it.new_path.as_str()))
        .collect();
    let budget = new.limits.solver();
    let mut out = Orders {
        checked: orders.len(),
        accepted: 0,
        rejected: Vec::new(),
    };
    for (line, order) in orders {
        let selection: Vec<String> = order.iter().map(|c| renamed_choice(&rename, c)).collect();
        let mut reject = |reason: String, rules: Vec<String>, choices: Vec<String>| {
            out.rejected.push(Rejected {
                line: *line,
                selection: selection.clone(),
                reason,
                rules,
                choices,
            })
        };
        let choices = match new.session_mut().parse_choices(&selection) {
            Ok(c) => c,
            Err(e) => {
                reject(e.to_string(), Vec::new(), Vec::new());
                continue;
            }
        };
        let s = new.session_mut();
        let mut a = s.all_rules();
        a.extend(choices.iter().flat_map(|c| c.lits.iter().copied()));
        match s.solve(&a, &budget) {
            SolveResult::Sat => out.accepted += 1,
            SolveResult::Unknown => reject(
                "unknown: the solver budget ran out".to_string(),
                Vec::new(),
                Vec::new(),
            ),
            SolveResult::Unsat => {
                let (rules, picked) = match minimal_reason(s, &choices, &[], &budget) {
                    Reason::Minimal(items) => {
                        let m = &s.model;
                        let mut rules = Vec::new();
                        let mut picked = Vec::new();
                        for it in items {
                            match it {
                                Item::Rule(r) => rules.push(m.constraints[r].id.clone()),
                                Item::Choice(c) => picked.push(selection[c].clone()),
                            }
                        }
                        (rules, picked)
                    }
                    _ => (Vec::new(), Vec::new()),
                };
                let because = super::revalidate::rules_in_words(&new.session().model, &rules);
                let reason = format!(
                    "{} cannot be chosen together: {}",
                    picked.join(", "),
                    because.join("; ")
                );
                reject(reason, rules, picked);
            }
        }
    }
    out
}

/// `path=value` (or `path`) in the old names, in the new ones.
fn renamed_choice(rename: &BTreeMap<&str, &str>, choice: &str) -> String {
    if let Some(new) = rename.get(choice) {
        return new.to_string();
    }
    match choice.split_once('=') {
        Some((path, value)) => match rename.get(path) {
            Some(p) => format!("{p}={value}"),
            None => choice.to_string(),
        },
        None => choice.to_string(),
    }
}

/// Reads an orders file: one selection per line, its choices separated by spaces; blank lines
/// and `#` comments skipped (their line numbers still count).
pub fn read_orders(text: &str) -> Vec<(usize, Vec<String>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, l)| (i + 1, l.split_whitespace().map(str::to_string).collect()))
        .collect()
}
