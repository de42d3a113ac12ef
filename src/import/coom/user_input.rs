//! COOM user-input files (`set`, `add`, `blockinput`) to a tailor selection (spec section 4),
//! against the catalog imported from the model: COOM counts instances from 0, tailor from 1.

use super::ast::{Path, PathItem};
use super::lexer::{lex, Tok};
use super::parse::Parser;
use crate::diagnostic::Diagnostics;
use crate::model::{CompId, FeatureKind, Model};
use crate::source::{FileId, Span};

enum Op {
    Set(Path, Tok, Span),
    Add(Path),
}

/// The choices a user-input file makes on `model` (a catalog imported from COOM); None after
/// errors, which are in `diags` with spans into `file`.
pub fn user_input_choices(
    model: &Model,
    file: FileId,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<Vec<String>> {
    let before = diags.error_count();
    let toks = lex(file, text, diags);
    let mut p = Parser::new(toks, file, text, diags);
    let mut ops = Vec::new();
    let mut prefix: Vec<PathItem> = Vec::new();
    let mut in_block = false;
    while !p.at_end() {
        if in_block && p.eat("}") {
            in_block = false;
            prefix.clear();
            continue;
        }
        let Some(t) = p.next() else { break };
        if t.is_kw("blockinput") && !in_block {
            prefix = p.path()?.items;
            p.expect("{")?;
            in_block = true;
        } else if t.is_kw("set") {
            let mut path = p.path()?;
            p.expect("=")?;
            let neg = p.eat("-");
            let Some(v) = p.next() else {
                return p.expected("a value");
            };
            let tok = match (neg, v.tok) {
                (true, Tok::Num(n)) => Tok::Num(format!("-{n}")),
                (false, tok @ (Tok::Num(_) | Tok::Name { .. })) => tok,
                _ => {
                    p.error(
                        v.span,
                        "expected a value (a number, an option, True or False)".into(),
                    );
                    return None;
                }
            };
            path.items.splice(0..0, prefix.iter().cloned());
            ops.push(Op::Set(path, tok, v.span));
        } else if t.is_kw("add") {
            if let Some(Tok::Num(_)) = p.peek().map(|t| t.tok.clone()) {
                let span = p.peek().map(|t| t.span).unwrap_or(t.span);
                p.error(span, "`add N path` (several instances at once) is not supported: add each instance, `add path[k]`".into());
                return None;
            }
            let mut path = p.path()?;
            path.items.splice(0..0, prefix.iter().cloned());
            ops.push(Op::Add(path));
        } else {
            p.error(t.span, "expected `set`, `add` or `blockinput`".into());
            return None;
        }
    }
    if in_block {
        return p.expected("`}`");
    }
    let mut out = Vec::new();
    for op in ops {
        match to_choice(model, &op) {
            Ok(c) => out.push(c),
            Err((span, msg)) => p.error(span, msg),
        }
    }
    (p.diags.error_count() == before).then_some(out)
}

enum At {
    Comp(CompId),
    Feat(crate::model::FeatId),
}

fn to_choice(model: &Model, op: &Op) -> Result<String, (Span, String)> {
    let path = match op {
        Op::Set(p, ..) | Op::Add(p) => p,
    };
    let mut at = At::Comp(CompId(0));
    let mut text: Vec<String> = Vec::new();
    for item in &path.items {
        let name = &item.name.text;
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err((
                item.name.span,
                format!(
                    "`{name}` cannot be written in a tailor choice (letters, digits and `_` only)"
                ),
            ));
        }
        let At::Comp(c) = at else {
            return Err((item.name.span, format!("`{name}` cannot follow a feature")));
        };
        let comp = model.comp(c);
        if let Some(&k) = comp.children.iter().find(|&&k| &model.comp(k).key == name) {
            let child = model.comp(k);
            let mut seg = name.clone();
            match (item.index, child.instances) {
                (Some((i, s)), Some((_, max))) => {
                    // Instances with no maximum are unrolled as far as choices reach.
                    let max = if child.open {
                        crate::model::MAX_INSTANCES
                    } else {
                        max
                    };
                    if i >= max {
                        return Err((
                            s,
                            format!(
                                "`{name}` has at most {max} instances ([0] to [{}])",
                                max - 1
                            ),
                        ));
                    }
                    seg.push_str(&format!("[{}]", i + 1));
                }
                (Some((i, s)), None) if i != 0 => {
                    return Err((s, format!("`{name}` has one instance, [0]")));
                }
                (None, Some(_)) => {
                    return Err((
                        item.name.span,
                        format!("`{name}` has several instances: name one, `{name}[0]`"),
                    ));
                }
                _ => {}
            }
            text.push(seg);
            at = At::Comp(k);
        } else if let Some(&f) = comp.features.iter().find(|&&f| &model.feat(f).key == name) {
            if let Some((i, s)) = item.index {
                if i != 0 {
                    return Err((s, format!("`{name}` has one value, [0]")));
                }
            }
            text.push(name.clone());
            at = At::Feat(f);
        } else {
            return Err((
                item.name.span,
                format!("unknown name `{name}` in the model"),
            ));
        }
    }
    let joined = text.join(".");
    match op {
        Op::Add(p) => match at {
            At::Comp(c) if c.0 != 0 && model.comp(c).can_be_absent() => Ok(joined),
            At::Comp(_) => Err((
                p.span,
                format!("`{}` is always present: nothing to add", p.display()),
            )),
            At::Feat(_) => Err((
                p.span,
                format!(
                    "`{}` is a feature: `add` takes a structure instance",
                    p.display()
                ),
            )),
        },
        Op::Set(p, v, vspan) => {
            let (f, joined) = match at {
                At::Feat(f) => (f, joined),
                At::Comp(c) => match model.comp(c).features.as_slice() {
                    // A wrapped feature (one with a cardinality): its `value`.
                    [f] if model.feat(*f).key == super::tree::WRAPPED => {
                        (*f, format!("{joined}.{}", super::tree::WRAPPED))
                    }
                    _ => {
                        return Err((
                            p.span,
                            format!("`{}` is a structure: `set` takes a feature", p.display()),
                        ))
                    }
                },
            };
            let feat = model.feat(f);
            let value = match (&feat.kind, v) {
                (FeatureKind::OneOf(vs), Tok::Name { text, .. })
                    if vs.iter().any(|x| &x.id == text) =>
                {
                    text.clone()
                }
                (FeatureKind::Bool { .. }, Tok::Name { text, .. })
                    if matches!(text.to_ascii_lowercase().as_str(), "true" | "false") =>
                {
                    text.to_ascii_lowercase()
                }
                (FeatureKind::Int { min, max, .. }, Tok::Num(n)) => match n.parse::<i64>() {
                    Ok(k) if k >= *min && k <= *max => k.to_string(),
                    _ => {
                        return Err((
                            *vspan,
                            format!(
                                "`{n}` is not a whole number in {min}..{max}, as `{}` needs",
                                p.display()
                            ),
                        ))
                    }
                },
                _ => return Err((*vspan, format!("not a value of `{}`", p.display()))),
            };
            Ok(format!("{joined}={value}"))
        }
    }
}
