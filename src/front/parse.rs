//! Rule text to syntax tree with pest; a syntax error is recorded and parsing resumes at the next statement.

use super::ast::*;
use super::pairs::{period, unescape, Builder, Rule, RulesParser};
use super::table_scan::ScanError;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::{FileId, Span};
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;
use pest::Parser;
use rust_decimal::Decimal;
use std::cell::RefCell;

/// Parses `text[from..to]`; on a syntax error records it and returns its byte offset.
pub(super) fn parse_range(
    file: FileId,
    text: &str,
    from: usize,
    to: usize,
    diags: &mut Diagnostics,
    out: &mut Vec<Stmt>,
) -> Result<(), usize> {
    // Deep nesting is refused before pest recurses into it.
    if let Some(at) = super::nesting::too_deep(text, from, to) {
        let end = at + token_len(&text[at..]);
        diags.push(Diagnostic::error(
            Span::new(file, at, end),
            super::nesting::too_deep_message(),
        ));
        return Err(at);
    }
    match RulesParser::parse(Rule::file, &text[from..to]) {
        Ok(mut pairs) => {
            let b = Builder {
                file,
                base: from,
                text,
                diags: RefCell::new(Diagnostics::default()),
            };
            let file_pair = pairs.next().expect("grammar: file always yields one pair");
            for p in file_pair.into_inner() {
                if p.as_rule() != Rule::EOI {
                    out.extend(b.statement(p));
                }
            }
            diags.items.extend(b.diags.into_inner().items);
            Ok(())
        }
        Err(e) => {
            let mut at = from
                + match e.location {
                    InputLocation::Pos(p) => p,
                    InputLocation::Span((s, _)) => s,
                };
            // Past the statement's last token: point just after it, not at the next statement.
            let last = from + text[from..to].trim_end().len();
            let message = match &e.variant {
                ErrorVariant::ParsingError { positives, .. } if at >= last => {
                    at = last;
                    expected_message(positives, &text[..last], at)
                }
                ErrorVariant::ParsingError { positives, .. } => {
                    expected_message(positives, text, at)
                }
                ErrorVariant::CustomError { message } => message.clone(),
            };
            let end = at + token_len(&text[at..]);
            diags.push(Diagnostic::error(Span::new(file, at, end), message));
            Err(at)
        }
    }
}

/// A table statement `text[from..to]` (from its keyword) read with pest on its head only and
/// its body skimmed by hand: pest indexes the lines of all it is given, which for a body of
/// 10^6 cells was a tenth of loading it. False, with nothing added, unless the piece is exactly
/// one table whose head parses; the caller then parses it the usual way, which reports errors.
pub(super) fn parse_table(
    file: FileId,
    text: &str,
    from: usize,
    to: usize,
    out: &mut Vec<Stmt>,
) -> bool {
    let b = &text.as_bytes()[..to];
    // The body's `{`: the first outside the message string and comments.
    let mut i = from;
    let open = loop {
        match b.get(i) {
            None => return false,
            Some(b'{') => break i,
            Some(b'"') => {
                i += 1;
                while i < b.len() && !matches!(b[i], b'"' | b'\n') {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            Some(b'#') => i += memchr::memchr(b'\n', &b[i..]).unwrap_or(b.len() - i),
            Some(_) => i += 1,
        }
    };
    let Some(close) = super::table_scan::closing_brace(b, open + 1) else {
        return false;
    };
    // Nothing but blanks and comments after it.
    let mut i = close + 1;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'#' => i += memchr::memchr(b'\n', &b[i..]).unwrap_or(b.len() - i),
            _ => return false,
        }
    }
    let Ok(mut pairs) = RulesParser::parse(Rule::table_head, &text[from..open]) else {
        return false;
    };
    let builder = Builder {
        file,
        base: from,
        text,
        diags: RefCell::new(Diagnostics::default()),
    };
    let head = pairs.next().expect("grammar: table_head yields one pair");
    let mut it = head.into_inner().peekable();
    let (kind, id, message, columns) = builder.table_head(&mut it);
    if !builder.diags.into_inner().items.is_empty() {
        return false;
    }
    out.push(Stmt::Table(TableStmt {
        kind,
        id,
        message,
        columns,
        body: TableBody {
            span: Span::new(file, open, close + 1),
        },
        span: Span::new(file, from, close + 1),
    }));
    true
}

/// Byte offsets of lines whose first word starts a statement: where parsing can resume.
pub(super) fn statement_starts(text: &str) -> Vec<usize> {
    let mut v = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let word: &str = trimmed
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        if STATEMENT_KEYWORDS.contains(&word) {
            v.push(offset + indent);
        }
        offset += line.len();
    }
    v
}

/// The syntax error where the table scanner stopped in `body` (a span of `text`): the scanner's
/// position (pest's `table_rows` stops at the start of the cell it could not finish, not where
/// the mistake is), with pest's list of what was expected when it agrees on the position.
pub(super) fn table_syntax_error(text: &str, body: Span, err: ScanError) -> Diagnostic {
    let rows = &text[body.start..body.end];
    let at = body.start + err.at;
    let pest_positives = match RulesParser::parse(Rule::table_rows, rows) {
        Err(e) => match (e.location, e.variant) {
            (InputLocation::Pos(x), ErrorVariant::ParsingError { positives, .. })
                if body.start + x == at =>
            {
                Some(positives)
            }
            _ => None,
        },
        Ok(_) => None,
    };
    let message = match pest_positives {
        Some(positives) if !positives.is_empty() => expected_message(&positives, text, at),
        _ => expected_message_text(err.expected, text, at),
    };
    let end = at + token_len(&text[at..]);
    Diagnostic::error(Span::new(body.file, at, end), message)
}

fn token_len(rest: &str) -> usize {
    let mut chars = rest.char_indices();
    match chars.next() {
        None => 0,
        Some((_, c)) if c.is_ascii_alphanumeric() || c == '_' => rest
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
            .map(|(i, _)| i)
            .unwrap_or(rest.len()),
        Some((_, c)) if c == '\n' || c == '\r' => 0,
        Some((_, c)) => c.len_utf8(),
    }
}

fn expected_message(positives: &[Rule], text: &str, at: usize) -> String {
    // Where `not` may stand a whole condition may: say so, not which tokens can start one.
    let condition = positives.contains(&Rule::kw_not);
    let mut names: Vec<&str> = positives
        .iter()
        .filter_map(|r| match r {
            Rule::kw_not => Some("an expression"),
            Rule::factor | Rule::path if condition => None,
            _ => describe(*r),
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        format!("syntax error: unexpected {}", found(text, at))
    } else {
        expected_message_text(&join_or(&names), text, at)
    }
}

fn expected_message_text(expected: &str, text: &str, at: usize) -> String {
    format!(
        "syntax error: expected {expected}, found {}",
        found(text, at)
    )
}

/// What stands at `at`, for "found ...".
fn found(text: &str, at: usize) -> String {
    match text[at..].chars().next() {
        None => "the end of the statement".to_string(),
        Some(_) => {
            let t = &text[at..at + token_len(&text[at..]).max(1).min(text.len() - at)];
            if t.trim().is_empty() {
                "a line break".to_string()
            } else {
                format!("`{t}`")
            }
        }
    }
}

fn join_or(names: &[&str]) -> String {
    match names {
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
        [] => String::new(),
    }
}

fn describe(r: Rule) -> Option<&'static str> {
    Some(match r {
        Rule::EOI => {
            "a statement (rule, allow, forbid, prefer, default, discount, surcharge, include)"
        }
        Rule::include_stmt | Rule::rule_stmt | Rule::table_stmt | Rule::prefer_stmt => {
            "a statement"
        }
        Rule::default_stmt | Rule::adjust_stmt => "a statement",
        Rule::expr | Rule::operand | Rule::in_test | Rule::op_not | Rule::group => "an expression",
        Rule::close => "`)`",
        Rule::infix | Rule::op_and | Rule::op_or | Rule::op_iff | Rule::op_implies => "an operator",
        Rule::op_requires | Rule::op_excludes => "an operator",
        Rule::sum | Rule::term | Rule::factor | Rule::count_of | Rule::sum_of | Rule::total_of => {
            "a number or path"
        }
        Rule::price_of | Rule::ite => "a number or path",
        Rule::cmp_op => "a comparison (=, !=, <, <=, >, >=)",
        Rule::add_op | Rule::mul_op => "an arithmetic operator",
        Rule::path => "a path",
        Rule::ident | Rule::name => "a name",
        Rule::value | Rule::number | Rule::uint => "a value",
        Rule::string => "a quoted message",
        Rule::columns => "`(` and the table's columns",
        Rule::row | Rule::any_cell | Rule::alternatives => "a row `(v, ...)`",
        Rule::amount => "an amount (`10%` or `15.00`)",
        Rule::period => "`once` or `monthly`",
        Rule::kw_when => "`when`",
        Rule::kw_require => "`require`",
        Rule::kw_then => "`then`",
        Rule::kw_else => "`else`",
        Rule::kw_in => "`in`",
        Rule::kw_weight => "`weight`",
        Rule::kw_true | Rule::kw_false => "an expression",
        Rule::table_kind => "`allow` or `forbid`",
        _ => return None,
    })
}

impl Builder<'_> {
    /// None when the statement had a syntax error found after pest (in a table body).
    fn statement(&self, p: Pair<Rule>) -> Option<Stmt> {
        let span = self.span(&p);
        let rule = p.as_rule();
        let mut it = p.into_inner().peekable();
        Some(match rule {
            Rule::include_stmt => {
                it.next(); // keyword
                let s = it.next().expect("grammar: include has a string");
                Stmt::Include(Include {
                    path: unescape(s.into_inner().as_str()),
                    span,
                })
            }
            Rule::rule_stmt => {
                it.next();
                let id = self.ident(it.next().expect("grammar: rule has an id"));
                let message = self.opt_message(&mut it);
                let body = it.next().expect("grammar: rule has a body");
                let (cond, body) = if body.as_rule() == Rule::when_body {
                    let mut w = body.into_inner();
                    w.next();
                    let cond = self.expr(w.next().expect("grammar: when has a condition"));
                    w.next();
                    let body = self.expr(w.next().expect("grammar: require has a body"));
                    (Some(cond?.node), body?.node)
                } else {
                    (None, self.expr(body)?.node)
                };
                Stmt::Rule(RuleStmt {
                    id,
                    message,
                    cond,
                    body,
                    span,
                })
            }
            Rule::table_stmt => {
                let (kind, id, message, columns) = self.table_head(&mut it);
                let body = self.table_body(it.next().expect("grammar: table has a body"));
                Stmt::Table(TableStmt {
                    kind,
                    id,
                    message,
                    columns,
                    body,
                    span,
                })
            }
            Rule::prefer_stmt => {
                it.next();
                let id = if it.peek().map(|p| p.as_rule()) == Some(Rule::ident) {
                    it.next().map(|p| self.ident(p))
                } else {
                    None
                };
                let message = self.opt_message(&mut it);
                let expr = self
                    .expr(it.next().expect("grammar: prefer has an expression"))?
                    .node;
                let weight = match it.next() {
                    Some(_) => it.next().map(|n| (self.number(&n), self.span(&n))),
                    None => None,
                };
                if let Some((w, s)) = weight {
                    if w < Decimal::ZERO {
                        self.diags.borrow_mut().error(
                            s,
                            format!("a preference weight must not be negative (got {w})"),
                        );
                    }
                }
                Stmt::Prefer(PreferStmt {
                    id,
                    message,
                    expr,
                    weight,
                    span,
                })
            }
            Rule::default_stmt => {
                it.next();
                let path = self.path(it.next().expect("grammar: default has a path"));
                let value = self.lit(it.next().expect("grammar: default has a value"));
                Stmt::Default(DefaultStmt { path, value, span })
            }
            Rule::adjust_stmt => {
                let kind = match it
                    .next()
                    .and_then(|k| k.into_inner().next())
                    .map(|k| k.as_rule())
                {
                    Some(Rule::kw_surcharge) => AdjustKind::Surcharge,
                    _ => AdjustKind::Discount,
                };
                let id = self.ident(it.next().expect("grammar: adjustment has an id"));
                let message = self.opt_message(&mut it);
                let amount_pair = it.next().expect("grammar: adjustment has an amount");
                let amount_span = self.span(&amount_pair);
                let mut a = amount_pair.into_inner();
                let amount = self.number(&a.next().expect("grammar: amount has a number"));
                let percent = a.next().is_some();
                let period = if it.peek().map(|p| p.as_rule()) == Some(Rule::period) {
                    it.next().map(|p| period(p.as_str()))
                } else {
                    None
                };
                it.next(); // when
                let when = self
                    .expr(it.next().expect("grammar: adjustment has a condition"))?
                    .node;
                Stmt::Adjust(AdjustStmt {
                    kind,
                    id,
                    message,
                    amount,
                    percent,
                    amount_span,
                    period,
                    when,
                    span,
                })
            }
            _ => unreachable!("grammar: statement rules are exhaustive"),
        })
    }

    /// A table's kind, id, message and columns, from the pairs of `table_stmt` or `table_head`.
    fn table_head<'i>(
        &self,
        it: &mut std::iter::Peekable<pest::iterators::Pairs<'i, Rule>>,
    ) -> (TableKind, Option<Ident>, Option<String>, Vec<Path>) {
        let kind = match it
            .next()
            .and_then(|k| k.into_inner().next())
            .map(|k| k.as_rule())
        {
            Some(Rule::kw_forbid) => TableKind::Forbid,
            _ => TableKind::Allow,
        };
        let id = if it.peek().map(|p| p.as_rule()) == Some(Rule::ident) {
            it.next().map(|p| self.ident(p))
        } else {
            None
        };
        let message = self.opt_message(it);
        let columns = it
            .next()
            .expect("grammar: table has columns")
            .into_inner()
            .map(|c| self.path(c))
            .collect();
        (kind, id, message, columns)
    }

    /// A table body as the grammar skims it (to its first `}` outside a comment). Its rows are
    /// read once, by the checker (`table_scan::scan_rows`), which reports a mistake in them
    /// through [`table_syntax_error`].
    fn table_body(&self, p: Pair<Rule>) -> TableBody {
        let start = self.base + p.as_span().start();
        TableBody {
            span: Span::new(self.file, start, start + p.as_str().len()),
        }
    }

    fn opt_message<'i>(
        &self,
        it: &mut std::iter::Peekable<pest::iterators::Pairs<'i, Rule>>,
    ) -> Option<String> {
        if it.peek().map(|p| p.as_rule()) == Some(Rule::string) {
            it.next().map(|s| unescape(s.into_inner().as_str()))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // The tests read whole texts as the loader does (the hand-written reader first).
    use crate::front::rule_text::parse_rules;
    use proptest::prelude::*;

    fn parse_one(text: &str) -> (Vec<Stmt>, Diagnostics) {
        let mut d = Diagnostics::default();
        let s = parse_rules(FileId(0), text, &mut d);
        (s, d)
    }

    fn rule_body(text: &str) -> Expr {
        let (s, d) = parse_one(text);
        assert!(d.is_empty(), "{:?}", d.items);
        match s.into_iter().next() {
            Some(Stmt::Rule(r)) => r.body,
            other => panic!("not a rule: {other:?}"),
        }
    }

    fn shape(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Path(p) => p.display(),
            ExprKind::Bool(b) => b.to_string(),
            ExprKind::Not(a) => format!("!{}", shape(a)),
            ExprKind::Binary(op, a, b) => format!("({} {op:?} {})", shape(a), shape(b)),
            ExprKind::Chain(op, items) => {
                let items: Vec<String> = items.iter().map(shape).collect();
                format!("({})", items.join(&format!(" {op:?} ")))
            }
            ExprKind::Cmp(..) => "cmp".into(),
            ExprKind::In(p, v) => format!("{} in {}", p.display(), v.len()),
        }
    }

    #[test]
    fn precedence_follows_the_spec() {
        assert_eq!(
            shape(&rule_body("rule r: a or b and not c")),
            "(a Or (b And !c))"
        );
        assert_eq!(
            shape(&rule_body("rule r: a -> b -> c")),
            "(a Implies (b Implies c))"
        );
        assert_eq!(
            shape(&rule_body("rule r: a and b <-> c or d")),
            "((a And b) Iff (c Or d))"
        );
        assert_eq!(
            shape(&rule_body("rule r: a requires b excludes c")),
            "(a Requires (b Excludes c))"
        );
        assert_eq!(
            shape(&rule_body("rule r: (a or b) and c")),
            "((a Or b) And c)"
        );
        assert_eq!(
            shape(&rule_body("rule r: x.y in {p, q} and z")),
            "(x.y in 2 And z)"
        );
    }

    #[test]
    fn keywords_are_free_after_a_dot() {
        assert_eq!(
            shape(&rule_body("rule r: a.price or b.count")),
            "(a.price Or b.count)"
        );
    }

    #[test]
    fn one_error_per_broken_statement_and_the_rest_parses() {
        let (s, d) = parse_one(
            "rule a: x and\nrule b: (y\nrule c: z\nallow (p) { (1), (2 }\nprefer: w weight 3\n",
        );
        // The table's rows are the checker's to read (it reports `(2 }`): the parser keeps it.
        assert_eq!(d.items.len(), 2, "{:?}", d.items);
        assert_eq!(s.len(), 3);
    }

    #[test]
    fn a_keyword_at_line_start_can_continue_a_statement() {
        let text = "rule r1: when t.p = b require m.l in {s,\n  default}\nallow (t.p, m.l) {\n  (basic, (s,\n    default)),\n}\n";
        let (s, d) = parse_one(text);
        assert!(d.is_empty(), "{:?}", d.items);
        assert_eq!(s.len(), 2);
        // Also when another statement is broken and the text is parsed piece by piece.
        let (s, d) = parse_one(&format!("{text}rule bad: (x\n"));
        assert_eq!((s.len(), d.items.len()), (2, 1), "{:?}", d.items);
    }

    #[test]
    fn comments_in_tables_may_hold_braces() {
        let (s, d) = parse_one("allow (a.b) {\n  (x), # entry-level {HD only}\n  (y),\n}\n");
        assert!(d.is_empty(), "{:?}", d.items);
        match &s[0] {
            Stmt::Table(t) => assert!(t.body.span.end > t.body.span.start),
            other => panic!("{other:?}"),
        }
    }

    /// Table bodies made of the tokens that matter, with mistakes likely.
    fn body() -> impl Strategy<Value = String> {
        let tok = prop::sample::select(vec![
            "(",
            ")",
            ",",
            "*",
            "a",
            "x1",
            "-3",
            "2.5",
            "\"s\"",
            "\"q\\\"\"",
            " ",
            "\n",
            "# c\n",
            "(a, b)",
            "(x1, *)",
            "((a, b), c)",
            ".",
            "-",
            "\"",
        ]);
        prop::collection::vec(tok, 0..24).prop_map(|v| format!("{{{}}}", v.concat()))
    }

    /// Mostly well-formed bodies: rows of cells, sometimes with one character deleted.
    fn near_valid_body() -> impl Strategy<Value = String> {
        let cell = prop::sample::select(vec![
            "a",
            "x1",
            "-3",
            "2.5",
            "*",
            "\"s t\"",
            "(a, b)",
            "(a,)",
            "( x1 , 7 )",
        ]);
        let row = prop::collection::vec(cell, 1..4).prop_map(|c| format!("({})", c.join(", ")));
        (
            prop::collection::vec(row, 0..5),
            any::<bool>(),
            any::<prop::sample::Index>(),
            any::<bool>(),
        )
            .prop_map(|(rows, trailing, at, corrupt)| {
                let mut b = format!(
                    "{{ {}{} }}",
                    rows.join(",\n  "),
                    if trailing && !rows.is_empty() {
                        ","
                    } else {
                        ""
                    }
                );
                if corrupt {
                    let i = at.index(b.len());
                    if b.is_char_boundary(i) && b.is_char_boundary(i + 1) {
                        b.remove(i);
                    }
                }
                b
            })
    }

    fn pest_rows(body: &str) -> Option<Vec<Vec<String>>> {
        let file = RulesParser::parse(Rule::table_rows, body).ok()?;
        let rows = file
            .into_iter()
            .next()?
            .into_inner()
            .filter(|p| p.as_rule() == Rule::row);
        Some(
            rows.map(|r| {
                r.into_inner()
                    .map(|c| c.as_str().split_whitespace().collect::<String>())
                    .collect()
            })
            .collect(),
        )
    }

    fn scanned_rows(body: &str) -> Option<Vec<Vec<String>>> {
        let text = |s: Span| body[s.start..s.end].split_whitespace().collect::<String>();
        let mut rows = Vec::new();
        super::super::table_scan::scan_rows(FileId(0), body, 0, &mut |cells, _| {
            rows.push(
                cells
                    .iter()
                    .map(|c| match c {
                        Cell::Any(s) => text(*s),
                        Cell::One(l) => text(l.span),
                        Cell::Alternatives(a) => text(a.1),
                    })
                    .collect(),
            )
        })
        .ok()?;
        Some(rows)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The hand scanner accepts exactly what the grammar's `table_rows` accepts, cell for cell.
        #[test]
        fn table_scanner_agrees_with_the_grammar(b in body()) {
            prop_assert_eq!(scanned_rows(&b), pest_rows(&b), "body: {}", b);
        }

        #[test]
        fn table_scanner_agrees_on_near_valid_bodies(b in near_valid_body()) {
            prop_assert_eq!(scanned_rows(&b), pest_rows(&b), "body: {}", b);
        }
    }

    #[test]
    fn table_scanner_reads_alternatives_and_wildcards() {
        let b = "{ (a, (b, c), *), (\"q\", -1.5, x), }";
        let rows = scanned_rows(b).unwrap();
        assert_eq!(
            rows,
            vec![vec!["a", "(b,c)", "*"], vec!["\"q\"", "-1.5", "x"]]
        );
        assert_eq!(pest_rows(b), Some(rows));
        assert!(scanned_rows("{ (a b) }").is_none() && pest_rows("{ (a b) }").is_none());
    }
}
