//! Name resolution: a written path to the component, feature, value or attribute it names.

use super::ast::{Path, Seg};
use crate::diagnostic::Diagnostic;
use crate::model::{AttrId, CompId, FeatId, FeatureKind, Model, Ref, Target};

/// Resolves `path` from the catalog root.
pub fn resolve(model: &Model, path: &Path) -> Result<Ref, Diagnostic> {
    let mut target = Target::Comp(CompId(0));
    let mut indices = Vec::new();
    let mut so_far = String::new();
    for seg in &path.segs {
        match seg {
            Seg::Name(id) => {
                target = step(model, target, &id.name).ok_or_else(|| unknown(model, target, &id.name, &so_far, id.span))?;
                if !so_far.is_empty() {
                    so_far.push('.');
                }
                so_far.push_str(&id.name);
            }
            Seg::Index(k, span) => match target {
                Target::Comp(c) if model.comp(c).is_multi() => {
                    let (_, max) = model.comp(c).instances.unwrap_or((0, 0));
                    if *k == 0 || *k > max {
                        return Err(Diagnostic::error(
                            *span,
                            format!("instance [{k}] of `{so_far}` does not exist: instances are numbered 1..{max}"),
                        ));
                    }
                    indices.push((c, *k));
                    so_far.push_str(&format!("[{k}]"));
                }
                _ => {
                    return Err(Diagnostic::error(
                        *span,
                        format!("`{so_far}` has no instances: only components with `instances` can be indexed"),
                    ))
                }
            },
        }
    }
    Ok(Ref { target, indices })
}

/// Each name of a resolvable `path` with what it names (`car.engine`: `car` the component,
/// `engine` the feature), for the editor's references and rename.
pub fn named_steps(model: &Model, path: &Path) -> Vec<(crate::source::Span, Target)> {
    let mut target = Target::Comp(CompId(0));
    let mut out = Vec::new();
    for seg in &path.segs {
        if let Seg::Name(id) = seg {
            match step(model, target, &id.name) {
                Some(t) => {
                    out.push((id.span, t));
                    target = t;
                }
                None => break,
            }
        }
    }
    out
}

fn step(model: &Model, at: Target, name: &str) -> Option<Target> {
    match at {
        Target::Comp(c) => model.part_named(c, name),
        Target::Feat(f) => {
            let feat = model.feat(f);
            if let Some(i) = feat.value_index(name) {
                return Some(Target::Value(f, i));
            }
            feature_attrs(model, f)
                .into_iter()
                .find(|a| model.attr_name(*a) == name)
                .map(|a| Target::Attr(f, a))
        }
        Target::Value(..) | Target::Attr(..) | Target::CompAttr(..) => None,
    }
}

/// Attributes carried by a feature's values (or by a bool feature itself).
pub fn feature_attrs(model: &Model, f: FeatId) -> Vec<AttrId> {
    let mut out: Vec<AttrId> = Vec::new();
    let mut add = |a: AttrId| {
        if !out.contains(&a) {
            out.push(a)
        }
    };
    match &model.feat(f).kind {
        FeatureKind::OneOf(vs) | FeatureKind::AnyOf { values: vs, .. } => vs
            .iter()
            .flat_map(|v| v.attrs.iter())
            .for_each(|(a, _)| add(*a)),
        FeatureKind::Bool { attrs, .. } => attrs.iter().for_each(|(a, _)| add(*a)),
        FeatureKind::Int { .. } => {}
    }
    out
}

fn unknown(
    model: &Model,
    at: Target,
    name: &str,
    so_far: &str,
    span: crate::source::Span,
) -> Diagnostic {
    let (what, options): (String, Vec<String>) = match at {
        Target::Comp(c) => {
            let comp = model.comp(c);
            let mut o: Vec<String> = comp
                .children
                .iter()
                .map(|&k| model.comp(k).key.clone())
                .collect();
            o.extend(comp.features.iter().map(|&f| model.feat(f).key.clone()));
            o.extend(
                comp.attrs
                    .iter()
                    .map(|(a, _)| model.attr_name(*a).to_string()),
            );
            let w = if c.0 == 0 && comp.features.is_empty() {
                "the catalog has no component".to_string()
            } else if c.0 == 0 {
                "the catalog has no component or feature".to_string()
            } else {
                format!("`{so_far}` has no feature, component or attribute")
            };
            (w, o)
        }
        Target::Feat(f) => {
            let mut o: Vec<String> = model
                .feat(f)
                .kind
                .values()
                .iter()
                .map(|v| v.id.clone())
                .collect();
            o.extend(
                feature_attrs(model, f)
                    .iter()
                    .map(|&a| model.attr_name(a).to_string()),
            );
            (format!("`{so_far}` has no value or attribute"), o)
        }
        _ => {
            return Diagnostic::error(
                span,
                format!("`{so_far}` has no parts: `{name}` cannot follow it"),
            );
        }
    };
    let mut msg = format!("unknown name `{name}`: {what} `{name}`");
    if let Some(now) = renamed_to(model, at, name) {
        msg.push_str(&format!("; it was renamed to `{now}` (`was: {name}`)"));
        return Diagnostic::error(span, msg);
    }
    match suggest(name, &options) {
        Some(s) => msg.push_str(&format!("; did you mean `{s}`?")),
        None if !options.is_empty() && options.len() <= 12 => {
            msg.push_str(&format!(" (it has: {})", options.join(", ")))
        }
        None => {}
    }
    Diagnostic::error(span, msg)
}

/// The id that a part of `at` (a component's child or feature, a feature's value) declared
/// with `was: old` has now.
pub fn renamed_to(model: &Model, at: Target, old: &str) -> Option<String> {
    model.renamed_from.iter().find_map(|(t, was)| {
        if was != old {
            return None;
        }
        match (at, *t) {
            (Target::Comp(c), Target::Comp(k)) if model.comp(k).parent == Some(c) => {
                Some(model.comp(k).key.clone())
            }
            (Target::Comp(c), Target::Feat(f)) if model.feat(f).comp == c => {
                Some(model.feat(f).key.clone())
            }
            (Target::Feat(f), Target::Value(g, v)) if f == g => {
                Some(model.feat(f).kind.values()[v as usize].id.clone())
            }
            _ => None,
        }
    })
}

/// The closest option within a small edit distance, for "did you mean".
pub fn suggest<'a>(name: &str, options: &'a [String]) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).clamp(1, 3);
    options
        .iter()
        .map(|o| (edit_distance(name, o), o))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, o)| o.as_str())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The component a target lives in (a component is its own).
pub fn home(model: &Model, t: Target) -> CompId {
    match t {
        Target::Comp(c) | Target::CompAttr(c, _) => c,
        Target::Feat(f) | Target::Value(f, _) | Target::Attr(f, _) => model.feat(f).comp,
    }
}

/// Multi-instance components a reference ranges over: those on its path without an index.
/// A multi-instance component named itself (`mobile.line`) means "some instance" and is not free.
pub fn free_scopes(model: &Model, r: &Ref) -> Vec<CompId> {
    let c = home(model, r.target);
    model
        .instance_scopes(c)
        .into_iter()
        .filter(|s| !r.indices.iter().any(|(i, _)| i == s))
        .filter(|s| !matches!(r.target, Target::Comp(x) if x == *s))
        .collect()
}
