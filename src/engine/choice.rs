//! A customer's choices (spec section 4) parsed and resolved to solver literals.

use crate::encode::{Encoding, FeatLits};
use crate::front::ast::{Ident, Path, Seg};
use crate::model::{CompId, FeatureKind, Model, Target};
use crate::solve::Lit;
use crate::source::{FileId, Span};

/// Which reported variable a choice sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VarKey {
    /// A component instance's presence.
    Comp(usize),
    /// A feature instance.
    Feat(usize),
    /// The instance count of a multi-instance component (index into the layout's multis).
    Count(usize),
}

/// One resolved choice: its text, the literals it asserts, and the variable it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub text: String,
    pub lits: Vec<Lit>,
    pub var: VarKey,
    /// True when the choice sets a value (not only excludes one).
    pub sets: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("choice `{choice}`: {reason}")]
pub struct ChoiceError {
    pub choice: String,
    pub reason: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Include,
    Exclude,
    Set,
    Unset,
    Add,
    Remove,
}

/// Parses and resolves one choice string.
pub fn parse_choice(model: &Model, enc: &mut Encoding, text: &str) -> Result<Choice, ChoiceError> {
    let err = |reason: String| ChoiceError {
        choice: text.to_string(),
        reason,
    };
    let t = text.trim();
    let (op, path, value) =
        split(t).ok_or_else(|| err("not a path (expected e.g. `internet.speed=s500`)".into()))?;
    let value = value.as_deref();
    let r = crate::front::resolve(model, &path).map_err(|d| err(d.message))?;
    let one = |cis: Vec<usize>| -> Result<usize, ChoiceError> {
        match cis.as_slice() {
            [ci] => Ok(*ci),
            [] => Err(err("no such instance".into())),
            _ => Err(err(
                "this is inside a component with several instances: name one, e.g. `line[1]`"
                    .into(),
            )),
        }
    };
    let sets = matches!(op, Op::Set | Op::Add | Op::Include);
    let lay = &enc.layout;
    match r.target {
        Target::Comp(c) if model.comp(c).is_multi() && !r.indices.iter().any(|(x, _)| *x == c) => {
            let parents = lay.instances_of(
                model,
                model.comp(c).parent.unwrap_or(crate::model::CompId(0)),
                &r.indices,
            );
            let parent = one(parents)?;
            let mi = lay
                .multis
                .iter()
                .position(|m| m.comp == c && m.parent == parent)
                .ok_or_else(|| err("no such instance".into()))?;
            let m = &lay.multis[mi];
            let first = lay.comps[m.slots[0]].presence;
            let lits = match (op, value) {
                (Op::Include, None) => vec![first],
                (Op::Exclude, None) => vec![!first],
                (Op::Set | Op::Unset, Some(v)) => {
                    let n: usize = v
                        .parse()
                        .map_err(|_| err(format!("`{v}` is not a number of instances")))?;
                    // Instances with no maximum were widened to any count up to the limit.
                    let most = match model.comp(m.comp).open {
                        true => crate::model::MAX_INSTANCES as usize,
                        false => m.slots.len(),
                    };
                    let l = *m
                        .count
                        .get(n)
                        .ok_or_else(|| err(format!("at most {most} instances")))?;
                    if n < m.min as usize {
                        return Err(err(format!("at least {} instances", m.min)));
                    }
                    vec![if op == Op::Set { l } else { !l }]
                }
                _ => return Err(err("a component with instances takes `=N`".into())),
            };
            Ok(Choice {
                text: t.to_string(),
                lits,
                var: VarKey::Count(mi),
                sets,
            })
        }
        Target::Comp(c) => {
            let ci = one(lay.instances_of(model, c, &r.indices))?;
            let p = lay.comps[ci].presence;
            let lits = match (op, value) {
                (Op::Include, None) => vec![p],
                (Op::Exclude, None) => vec![!p],
                _ => {
                    return Err(err(
                        "a component is chosen with `name` or excluded with `!name`".into(),
                    ))
                }
            };
            Ok(Choice {
                text: t.to_string(),
                lits,
                var: VarKey::Comp(ci),
                sets,
            })
        }
        Target::Value(f, v) => {
            let ci = one(lay.instances_of(model, model.feat(f).comp, &r.indices))?;
            let fi = lay.feat_at[&(f, ci)];
            let l = lay.feats[fi].lits.code(v);
            let lits = match (op, value) {
                (Op::Include, None) => vec![l],
                (Op::Exclude, None) => vec![!l],
                _ => {
                    return Err(err(
                        "a value is chosen with `path.value` or excluded with `!path.value`".into(),
                    ))
                }
            };
            Ok(Choice {
                text: t.to_string(),
                lits,
                var: VarKey::Feat(fi),
                sets,
            })
        }
        Target::Feat(f) => {
            let ci = one(lay.instances_of(model, model.feat(f).comp, &r.indices))?;
            let fi = lay.feat_at[&(f, ci)];
            let feat = model.feat(f);
            if let (
                FeatLits::Bits {
                    min,
                    max,
                    bits,
                    pres,
                },
                Op::Set | Op::Unset,
                Some(v),
            ) = (&lay.feats[fi].lits, op, value)
            {
                let n = whole_number(feat, v, *min, *max).map_err(err)?;
                let lits = if op == Op::Set {
                    crate::encode::wide_equals(*min, bits, *pres, n)
                } else {
                    vec![enc.wide_differs(fi, n)]
                };
                return Ok(Choice {
                    text: t.to_string(),
                    lits,
                    var: VarKey::Feat(fi),
                    sets,
                });
            }
            let lits = &lay.feats[fi].lits;
            let lit = match (&feat.kind, lits, op, value) {
                (FeatureKind::Bool { .. }, FeatLits::Bool { on, .. }, Op::Include, None) => *on,
                (FeatureKind::Bool { .. }, FeatLits::Bool { off, .. }, Op::Exclude, None) => *off,
                (
                    FeatureKind::Bool { .. },
                    FeatLits::Bool { on, off },
                    Op::Set | Op::Unset,
                    Some(v),
                ) => {
                    let l = match v {
                        "true" => *on,
                        "false" => *off,
                        _ => {
                            return Err(err(format!(
                                "`{}` is a bool: true or false, not `{v}`",
                                feat.path
                            )))
                        }
                    };
                    if op == Op::Set {
                        l
                    } else {
                        !l
                    }
                }
                (FeatureKind::OneOf(_), _, Op::Set | Op::Unset, Some(v))
                | (FeatureKind::AnyOf { .. }, _, Op::Add | Op::Remove, Some(v)) => {
                    let i = feat.value_index(v).ok_or_else(|| {
                        let ids: Vec<&str> =
                            feat.kind.values().iter().map(|x| x.id.as_str()).collect();
                        err(format!(
                            "`{v}` is not a value of `{}` (values: {})",
                            feat.path,
                            ids.join(", ")
                        ))
                    })?;
                    let l = lits.code(i);
                    if matches!(op, Op::Set | Op::Add) {
                        l
                    } else {
                        !l
                    }
                }
                (FeatureKind::Int { min, max, .. }, _, Op::Set | Op::Unset, Some(v)) => {
                    let n = whole_number(feat, v, *min, *max).map_err(err)?;
                    let l = lits.code((n - min) as u32);
                    if op == Op::Set {
                        l
                    } else {
                        !l
                    }
                }
                (FeatureKind::AnyOf { .. }, ..) => {
                    return Err(err(format!(
                        "`{}` is an any_of: use `+=value` or `-=value`",
                        feat.path
                    )))
                }
                (k, ..) => {
                    return Err(err(format!(
                        "`{}` is a {} feature: use `=value` or `!=value`",
                        feat.path,
                        k.name()
                    )))
                }
            };
            Ok(Choice {
                text: t.to_string(),
                lits: vec![lit],
                var: VarKey::Feat(fi),
                sets,
            })
        }
        Target::Attr(..) | Target::CompAttr(..) => Err(err("an attribute cannot be chosen".into())),
    }
}

/// The number a choice on an int names, within its range.
fn whole_number(feat: &crate::model::Feature, v: &str, min: i64, max: i64) -> Result<i64, String> {
    let n: i64 = v
        .parse()
        .map_err(|_| format!("`{}` takes a whole number, not `{v}`", feat.path))?;
    if n < min || n > max {
        return Err(format!("{n} is outside {min}..{max}"));
    }
    Ok(n)
}

/// A choice as written: its operation, path and value (unquoted); None when the path is not one.
fn split(text: &str) -> Option<(Op, Path, Option<String>)> {
    let t = text.trim();
    let (op, path, value) = if let Some(rest) = t.strip_prefix('!') {
        (Op::Exclude, rest, None)
    } else {
        match find_op(t) {
            Some((i, op, len)) => (op, &t[..i], Some(&t[i + len..])),
            None => (Op::Include, t, None),
        }
    };
    Some((
        op,
        parse_path(path.trim())?,
        value.map(|v| unquote(v.trim())),
    ))
}

/// The instance counts `texts` name of components with no maximum: `bags=25`, or the index
/// of `bags[25]` on the way to a feature (`Model::widened` makes room for them).
pub fn horizon_needs(model: &Model, texts: &[String]) -> Vec<(CompId, u32)> {
    let mut needs = Vec::new();
    if !model.components.iter().any(|c| c.open) {
        return needs;
    }
    for (op, path, value) in texts.iter().filter_map(|t| split(t)) {
        let mut at = Some(CompId(0));
        for seg in &path.segs {
            match (seg, at) {
                (Seg::Name(id), Some(c)) => {
                    at = match model.part_named(c, &id.name) {
                        Some(Target::Comp(k)) => Some(k),
                        _ => None,
                    };
                }
                (Seg::Index(k, _), Some(c)) if model.comp(c).open => needs.push((c, *k)),
                _ => {}
            }
        }
        let count = value.and_then(|v| v.parse::<u32>().ok());
        let last_is_name = matches!(path.segs.last(), Some(Seg::Name(_)));
        if let (Op::Set, Some(c), Some(n), true) = (op, at, count, last_is_name) {
            if model.comp(c).open {
                needs.push((c, n));
            }
        }
    }
    needs
}

/// The first operator outside quotes: its byte position, kind and length.
fn find_op(t: &str) -> Option<(usize, Op, usize)> {
    let mut quoted = false;
    let mut chars = t.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quoted => {
                chars.next();
            }
            '"' => quoted = !quoted,
            _ if quoted => {}
            '!' | '+' | '-' if chars.peek().map(|&(_, n)| n) == Some('=') => {
                let op = match c {
                    '!' => Op::Unset,
                    '+' => Op::Add,
                    _ => Op::Remove,
                };
                return Some((i, op, 2));
            }
            '=' => return Some((i, Op::Set, 1)),
            _ => {}
        }
    }
    None
}

/// A name or value as written: `"…"` (with `\"` and `\\` escapes) or bare.
fn unquote(s: &str) -> String {
    match s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) => {
            let mut out = String::new();
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                out.push(if c == '\\' {
                    chars.next().unwrap_or(c)
                } else {
                    c
                });
            }
            out
        }
        None => s.to_string(),
    }
}

/// `a.b[2].c`: names bare (anything but `.`, `[`, `]`, `"` and control characters, as imported
/// models' names may be) or quoted as in rules (`"Media Player"`), each with optional indices.
fn parse_path(s: &str) -> Option<Path> {
    let span = Span::new(FileId(u32::MAX), 0, 0);
    let mut segs = Vec::new();
    let mut rest = s;
    loop {
        let (name, after) = if rest.starts_with('"') {
            let mut end = None;
            let mut escaped = false;
            for (i, c) in rest.char_indices().skip(1) {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let end = end?;
            (unquote(&rest[..=end]), &rest[end + 1..])
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            let name = rest[..end].trim();
            let bad = |c: char| c == ']' || c == '"' || c.is_control();
            if name.is_empty() || name.contains(bad) {
                return None;
            }
            (name.to_string(), &rest[end..])
        };
        segs.push(Seg::Name(Ident { name, span }));
        rest = after;
        while let Some(r) = rest.strip_prefix('[') {
            let close = r.find(']')?;
            segs.push(Seg::Index(r[..close].trim().parse().ok()?, span));
            rest = &r[close + 1..];
        }
        match rest.strip_prefix('.') {
            Some(r) => rest = r,
            None if rest.is_empty() => break,
            None => return None,
        }
    }
    Some(Path { segs, span })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(p: &Path) -> Vec<String> {
        p.segs
            .iter()
            .map(|s| match s {
                Seg::Name(i) => i.name.clone(),
                Seg::Index(n, _) => format!("[{n}]"),
            })
            .collect()
    }

    #[test]
    fn paths_take_imported_names_bare_or_quoted() {
        let p = parse_path("Mobile Phone.\"Call-Feature\"[2].x").unwrap();
        assert_eq!(names(&p), ["Mobile Phone", "Call-Feature", "[2]", "x"]);
        let p = parse_path("\"a=b \\\"c\\\"\"").unwrap();
        assert_eq!(names(&p), ["a=b \"c\""]);
        assert!(parse_path("a..b").is_none());
        assert!(parse_path("a]b").is_none());
        assert!(parse_path("\"open").is_none());
    }

    #[test]
    fn the_operator_is_found_outside_quotes() {
        let t = "\"x!=y\"!=\"v=w\"";
        let (i, op, len) = find_op(t).unwrap();
        assert!(op == Op::Unset && &t[..i] == "\"x!=y\"" && unquote(&t[i + len..]) == "v=w");
        assert!(find_op("\"a=b\"").is_none());
        assert!(find_op("a+=b").is_some_and(|(i, op, _)| i == 1 && op == Op::Add));
    }
}
