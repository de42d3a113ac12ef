//! Import of DIMACS CNF (spec section 6): every header variable becomes a root `bool` feature
//! named by its `c <n> <name>` comment (else `v<n>`), every clause a hard rule `c<k>`.

use super::emit::{catalog_id, rule_name, Catalog};
use crate::diagnostic::Diagnostics;
use crate::front::is_source_name;
use crate::source::{FileId, Span};
use std::collections::HashMap;

/// Variables beyond this are refused: each becomes a feature (and the largest real models have
/// tens of thousands).
const MAX_VARS: usize = 1_000_000;

/// A DIMACS formula as read, with where its parts stand.
struct Formula {
    vars: usize,
    /// Name comments: variable number, name, where the name stands.
    names: Vec<(usize, String, Span)>,
    clauses: Vec<Vec<i64>>,
}

pub fn to_yaml(file: FileId, name: &str, text: &str, diags: &mut Diagnostics) -> Option<String> {
    let f = parse(file, text, diags)?;
    let names = names(file, &f, diags);
    if diags.has_errors() {
        return None;
    }
    // DIMACS has no model name: the catalog is named after the file (`linux-2-6-33-3`).
    let stem = std::path::Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("dimacs");
    let mut out = Catalog::new(&catalog_id(stem), None, "dimacs");
    out.line("features:");
    for n in &names {
        out.bool_feature(n);
    }
    let quoted: Vec<String> = names.iter().map(|n| rule_name(n)).collect();
    let mut line = String::new();
    for (k, clause) in f.clauses.iter().enumerate() {
        line.clear();
        line.push_str("rule c");
        line.push_str(&(k + 1).to_string());
        line.push_str(": ");
        if clause.is_empty() {
            line.push_str("false");
        }
        for (i, &lit) in clause.iter().enumerate() {
            if i > 0 {
                line.push_str(" or ");
            }
            if lit < 0 {
                line.push('!');
            }
            line.push_str(&quoted[lit.unsigned_abs() as usize - 1]);
        }
        out.rule(&line);
    }
    Some(out.finish())
}

/// Feature names: the comment's where it is a usable, unique name, else `v<n>` (with a warning).
fn names(file: FileId, f: &Formula, diags: &mut Diagnostics) -> Vec<String> {
    let mut given: Vec<Option<(String, Span)>> = vec![None; f.vars];
    for (n, name, span) in &f.names {
        if !is_source_name(name) {
            diags.warning(*span, format!("`{name}` cannot name a feature (an imported name has no `\"`, `.`, `[`, `]` or control characters); variable {n} is called `v{n}`"));
        } else if let Some((first, _)) = &given[n - 1] {
            diags.warning(
                *span,
                format!("variable {n} is already named `{first}`; `{name}` is ignored"),
            );
        } else {
            given[n - 1] = Some((name.clone(), *span));
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(f.vars);
    for (i, g) in given.into_iter().enumerate() {
        let n = i + 1;
        let name = match g {
            Some((name, span)) => match seen.get(&name) {
                Some(&other) => {
                    diags.warning(
                        span,
                        format!("`{name}` already names variable {other}; variable {n} is called `v{n}`"),
                    );
                    format!("v{n}")
                }
                None => name,
            },
            None => format!("v{n}"),
        };
        if let Some(&other) = seen.get(&name) {
            // A fallback `v<n>` taken by another variable's comment: no faithful name is left.
            let at = f
                .names
                .iter()
                .find(|(m, _, _)| *m == other)
                .map_or(Span::new(file, 0, 0), |x| x.2);
            diags.error(
                at,
                format!("variable {other} is named `{name}`, which is also the default name of variable {n}"),
            );
        }
        seen.insert(name.clone(), n);
        out.push(name);
    }
    out
}

/// One whitespace-separated token and its byte offset.
fn tokens(line: &str, base: usize) -> impl Iterator<Item = (usize, &str)> {
    line.split_ascii_whitespace().map(move |t| {
        let off = t.as_ptr() as usize - line.as_ptr() as usize;
        (base + off, t)
    })
}

fn parse(file: FileId, text: &str, diags: &mut Diagnostics) -> Option<Formula> {
    let at = |s: usize, e: usize| Span::within(file, text, s, e);
    let mut header: Option<(usize, usize, Span)> = None; // variables, clauses, where
    let mut names = Vec::new();
    let mut clauses = Vec::new();
    let mut current: Vec<i64> = Vec::new();
    let mut current_at = 0;
    let mut errors = 0;
    let mut base = 0;
    for raw in text.split_inclusive('\n') {
        let start = base;
        base += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        let indent = start + (line.len() - trimmed.len());
        if errors >= 20 {
            break;
        }
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('c') {
            // `c <n> <name>`: the name is the rest of the line.
            let mut it = tokens(trimmed, indent).skip(1);
            if let (Some((_, num)), Some((name_at, _))) = (it.next(), it.next()) {
                if let Ok(n) = num.parse::<usize>() {
                    let name = text[name_at..start + line.len()].trim_end();
                    names.push((n, name.to_string(), at(name_at, name_at + name.len())));
                }
            }
            continue;
        }
        if trimmed.starts_with('%') {
            break; // SATLIB files end the formula here
        }
        if trimmed.starts_with('p') {
            let span = at(indent, start + line.len());
            if header.is_some() {
                diags.error(span, "a second `p cnf` header");
                errors += 1;
                continue;
            }
            let parts: Vec<&str> = trimmed.split_ascii_whitespace().collect();
            match parts.as_slice() {
                ["p", "cnf", v, c] => match (v.parse::<usize>(), c.parse::<usize>()) {
                    (Ok(v), Ok(_)) if v > MAX_VARS => {
                        diags.error(
                            span,
                            format!("{v} variables: at most {MAX_VARS} are supported"),
                        );
                        return None;
                    }
                    (Ok(v), Ok(c)) => header = Some((v, c, span)),
                    _ => {
                        diags.error(span, format!("malformed header `{trimmed}`: the numbers of variables and clauses must be whole numbers"));
                        return None;
                    }
                },
                _ => {
                    diags.error(
                        span,
                        format!(
                            "malformed header `{trimmed}` (expected `p cnf <variables> <clauses>`)"
                        ),
                    );
                    return None;
                }
            }
            continue;
        }
        let Some((vars, _, _)) = header else {
            diags.error(
                at(indent, start + line.len()),
                "clause before the `p cnf <variables> <clauses>` header",
            );
            return None;
        };
        for (off, tok) in tokens(line, start) {
            let span = at(off, off + tok.len());
            let lit = match tok.parse::<i64>() {
                Ok(l) => l,
                Err(_) => {
                    diags.error(span, format!("`{tok}` is not an integer literal"));
                    errors += 1;
                    continue;
                }
            };
            if lit == 0 {
                clauses.push(std::mem::take(&mut current));
                continue;
            }
            if lit.unsigned_abs() as usize > vars {
                diags.error(
                    span,
                    format!("literal {lit} is out of range: the header declares {vars} variables"),
                );
                errors += 1;
                continue;
            }
            if current.is_empty() {
                current_at = off;
            }
            current.push(lit);
        }
    }
    let Some((vars, expected, hspan)) = header else {
        diags.error(
            at(0, 0),
            "missing `p cnf <variables> <clauses>` header: this is not a DIMACS CNF file",
        );
        return None;
    };
    if !current.is_empty() {
        diags.error(
            at(current_at, current_at + 1),
            "the last clause is not ended by `0`",
        );
    }
    if clauses.len() != expected && errors == 0 {
        diags.error(
            hspan,
            format!(
                "the header announces {expected} clauses but the file has {}",
                clauses.len()
            ),
        );
    }
    for (n, _, span) in &names {
        if *n == 0 || *n > vars {
            diags.error(
                *span,
                format!("name comment for variable {n}, but the header declares {vars} variables"),
            );
        }
    }
    if diags.has_errors() {
        return None;
    }
    Some(Formula {
        vars,
        names,
        clauses,
    })
}
