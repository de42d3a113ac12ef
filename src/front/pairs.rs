//! The pest parser of `grammar/rules.pest` and what statements (`parse.rs`) and expressions
//! (`exprs.rs`) both build from its pairs: spans, names, numbers, literals and paths. Both of
//! those depend on this file and it on neither, so the parser has no cycle.

use super::ast::*;
use crate::diagnostic::Diagnostics;
use crate::source::{FileId, Span};
use pest::iterators::Pair;
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::str::FromStr;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/rules.pest"]
pub(super) struct RulesParser;

/// Turns pest pairs into syntax-tree nodes with absolute spans (statements: `parse.rs`, expressions: `exprs.rs`).
pub(super) struct Builder<'t> {
    pub(super) file: FileId,
    /// Where the parsed range starts in `text`.
    pub(super) base: usize,
    pub(super) text: &'t str,
    pub(super) diags: RefCell<Diagnostics>,
}

impl<'t> Builder<'t> {
    pub(super) fn span(&self, p: &Pair<Rule>) -> Span {
        let s = p.as_span();
        Span::new(self.file, self.base + s.start(), self.base + s.end())
    }

    pub(super) fn ident(&self, p: Pair<Rule>) -> Ident {
        Ident {
            name: p.as_str().to_string(),
            span: self.span(&p),
        }
    }

    pub(super) fn number(&self, p: &Pair<Rule>) -> Decimal {
        match Decimal::from_str(p.as_str()) {
            Ok(d) => d,
            Err(_) => {
                self.diags.borrow_mut().error(
                    self.span(p),
                    format!("number `{}` is out of range", p.as_str()),
                );
                Decimal::ZERO
            }
        }
    }

    pub(super) fn lit(&self, p: Pair<Rule>) -> Lit {
        let inner = p
            .into_inner()
            .next()
            .expect("grammar: value has one alternative");
        let kind = match inner.as_rule() {
            Rule::number => LitKind::Number,
            Rule::string => LitKind::Str,
            _ => LitKind::Name,
        };
        Lit {
            span: self.span(&inner),
            kind,
        }
    }

    pub(super) fn path(&self, p: Pair<Rule>) -> Path {
        let span = self.span(&p);
        let segs = p
            .into_inner()
            .map(|s| match s.as_rule() {
                Rule::index => {
                    let n = s
                        .clone()
                        .into_inner()
                        .next()
                        .map(|u| u.as_str())
                        .unwrap_or("0");
                    let idx = n.parse::<u32>().unwrap_or_else(|_| {
                        self.diags.borrow_mut().error(
                            self.span(&s),
                            format!("instance index `{n}` is out of range"),
                        );
                        0
                    });
                    Seg::Index(idx, self.span(&s))
                }
                Rule::string => Seg::Name(Ident {
                    name: unescape(s.clone().into_inner().as_str()),
                    span: self.span(&s),
                }),
                _ => Seg::Name(self.ident(s)),
            })
            .collect();
        Path { segs, span }
    }
}

pub(super) fn period(s: &str) -> Period {
    if s == "monthly" {
        Period::Monthly
    } else {
        Period::Once
    }
}

/// Resolves `\"`, `\\`, `\n` and `\t` in a quoted string's inside.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}
