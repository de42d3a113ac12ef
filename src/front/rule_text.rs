//! Reading a rules text: the hand-written reader for plain boolean rules first (what importers
//! write, much faster), pest for the rest, statement by statement after a syntax error. Above
//! both readers, so neither calls back into the other.

use super::ast::Stmt;
use super::fast_rules::parse_mixed;
use super::parse::{parse_range, statement_starts};
use crate::diagnostic::Diagnostics;
use crate::source::FileId;

/// Parses a whole rules text. On a syntax error, statements are re-parsed one by one so the error
/// is reported once and the statements around it still count. A line starting with a statement
/// keyword usually starts a statement; when it does not (a value named `default` on its own line),
/// the chunk is merged with the next ones until it parses.
pub fn parse_rules(file: FileId, text: &str, diags: &mut Diagnostics) -> Vec<Stmt> {
    // Plain boolean rules (what importers write) are read by hand, much faster than by pest.
    if let Some((stmts, d)) = parse_mixed(file, text) {
        diags.items.extend(d.items);
        return stmts;
    }
    let mut stmts = Vec::new();
    let mut quiet = Diagnostics::default();
    if parse_range(file, text, 0, text.len(), &mut quiet, &mut stmts).is_ok() {
        diags.items.extend(quiet.items);
        return stmts;
    }
    stmts.clear();
    let mut bounds = statement_starts(text);
    if bounds.first() != Some(&0) {
        bounds.insert(0, 0);
    }
    bounds.push(text.len());
    let mut i = 0;
    while i + 1 < bounds.len() {
        let mut first_error = Diagnostics::default();
        let mut out = Vec::new();
        if parse_range(
            file,
            text,
            bounds[i],
            bounds[i + 1],
            &mut first_error,
            &mut out,
        )
        .is_ok()
        {
            stmts.extend(out);
            diags.items.extend(first_error.items);
            i += 1;
            continue;
        }
        const MAX_MERGE: usize = 4;
        let merged = (i + 2..bounds.len().min(i + 2 + MAX_MERGE)).find_map(|j| {
            let mut d = Diagnostics::default();
            let mut o = Vec::new();
            parse_range(file, text, bounds[i], bounds[j], &mut d, &mut o)
                .ok()
                .map(|_| (j, o, d))
        });
        match merged {
            Some((j, o, d)) => {
                stmts.extend(o);
                diags.items.extend(d.items);
                i = j;
            }
            None => {
                diags.items.extend(first_error.items);
                i += 1;
            }
        }
    }
    stmts
}
