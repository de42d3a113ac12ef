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
pub(super) struct Formula {
    pub vars: usize,
    /// Name comments: variable number, name, where the name stands.
    pub names: Vec<(usize, String, Span)>,
    /// Every clause's literals, one after the other (a real model has 10⁵–10⁶ of them).
    pub lits: Vec<i32>,
    /// Per clause: where its literals end in `lits`.
    pub ends: Vec<usize>,
    /// Per clause: from its first literal to its closing `0`.
    pub clause_spans: Vec<Span>,
}

impl Formula {
    /// The clauses' literals, clause by clause.
    pub fn clauses(&self) -> impl Iterator<Item = &[i32]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(s, &e)| &self.lits[s..e])
    }
}

pub fn to_yaml(file: FileId, name: &str, text: &str, diags: &mut Diagnostics) -> Option<String> {
    let f = parse(file, text, diags)?;
    let names = names(file, &f, diags);
    if diags.has_errors() {
        return None;
    }
    let mut out = header(name);
    out.line("features:");
    for n in &names {
        out.bool_feature(n);
    }
    let quoted: Vec<String> = names.iter().map(|n| rule_name(n)).collect();
    let mut line = String::new();
    for (k, clause) in f.clauses().enumerate() {
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

/// The catalog's header: DIMACS has no model name, so the catalog is named after the file
/// (`linux-2-6-33-3`).
pub(super) fn header(name: &str) -> Catalog {
    let stem = std::path::Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("dimacs");
    Catalog::new(&catalog_id(stem), None, "dimacs")
}

/// Feature names: the comment's where it is a usable, unique name, else `v<n>` (with a warning).
pub(super) fn names(file: FileId, f: &Formula, diags: &mut Diagnostics) -> Vec<String> {
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

pub(super) fn parse(file: FileId, text: &str, diags: &mut Diagnostics) -> Option<Formula> {
    let at = |s: usize, e: usize| Span::within(file, text, s, e);
    let mut header: Option<(usize, usize, Span)> = None; // variables, clauses, where
    let mut names = Vec::new();
    let mut lits: Vec<i32> = Vec::new();
    let mut ends = Vec::new();
    let mut clause_spans = Vec::new();
    // Where the clause being read starts in `lits` and in the text (None: no literal yet).
    let mut current: Option<usize> = None;
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
            let Some(lit) = literal(tok) else {
                let span = at(off, off + tok.len());
                diags.error(span, format!("`{tok}` is not an integer literal"));
                errors += 1;
                continue;
            };
            if lit == 0 {
                let from = if current.is_none() { off } else { current_at };
                clause_spans.push(at(from, off + 1));
                ends.push(lits.len());
                current = None;
                continue;
            }
            if lit.unsigned_abs() as usize > vars {
                let span = at(off, off + tok.len());
                diags.error(
                    span,
                    format!("literal {lit} is out of range: the header declares {vars} variables"),
                );
                errors += 1;
                continue;
            }
            if current.is_none() {
                current = Some(lits.len());
                current_at = off;
            }
            // In range, so within i32: at most MAX_VARS variables.
            lits.push(lit as i32);
        }
    }
    let Some((vars, expected, hspan)) = header else {
        diags.error(
            at(0, 0),
            "missing `p cnf <variables> <clauses>` header: this is not a DIMACS CNF file",
        );
        return None;
    };
    if current.is_some() {
        diags.error(
            at(current_at, current_at + 1),
            "the last clause is not ended by `0`",
        );
    }
    if ends.len() != expected && errors == 0 {
        diags.error(
            hspan,
            format!(
                "the header announces {expected} clauses but the file has {}",
                ends.len()
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
        lits,
        ends,
        clause_spans,
    })
}

/// A literal token: an optional `-` and decimal digits (what `i64::from_str` reads, minus a
/// leading `+`, which DIMACS files do not write but we still accept through the slow path).
fn literal(tok: &str) -> Option<i64> {
    let (neg, digits) = match tok.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
        return tok.parse().ok();
    }
    let n = digits
        .iter()
        .fold(0i64, |n, &d| n * 10 + i64::from(d - b'0'));
    Some(if neg { -n } else { n })
}
