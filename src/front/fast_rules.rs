//! A hand-written reader for rule texts made only of plain boolean rules (`rule ID: EXPR` over
//! paths with `not`/`!`, `and`, `or`, `->`, `<->`, `requires`, `excludes`, parentheses), as
//! importers write them: pest builds a token per name and was most of the time of loading a
//! 40,000-clause DIMACS model. It builds exactly the tree the pest path builds (a unit test
//! compares both) and gives up, returning None, at anything else; the caller then uses pest,
//! which also reports every error.

use super::ast::is_reserved;
use super::ast::*;
use super::exprs::Op;
use super::nesting::MAX_DEPTH;
use super::pairs::unescape;
use crate::diagnostic::Diagnostics;
use crate::source::{FileId, Span};

/// Deeper trees are left to pest, which reports them; well below [`MAX_DEPTH`] to stay clear of
/// any difference in counting.
const DEPTH_LIMIT: usize = MAX_DEPTH / 2;

/// The statements of `text`, when every one of them is a plain boolean rule (the tests' entry).
#[cfg(test)]
pub(super) fn parse(file: FileId, text: &str) -> Option<Vec<Stmt>> {
    let mut s = Scanner {
        b: text.as_bytes(),
        text,
        i: 0,
        file,
    };
    let mut out = Vec::new();
    s.skip();
    while s.i < s.b.len() {
        out.push(Stmt::Rule(s.rule()?));
        s.skip();
    }
    Some(out)
}

/// The statements of `text`, plain boolean rules read by hand and every other statement by pest
/// (from its start to the next line that starts with a statement keyword), with pest's
/// diagnostics. None as soon as pest refuses a piece: the caller then parses the whole text the
/// usual way, which reports errors as always.
pub(super) fn parse_mixed(file: FileId, text: &str) -> Option<(Vec<Stmt>, Diagnostics)> {
    let mut s = Scanner {
        b: text.as_bytes(),
        text,
        i: 0,
        file,
    };
    let mut out = Vec::new();
    let mut diags = Diagnostics::default();
    let starts = super::parse::statement_starts(text);
    s.skip();
    while s.i < s.b.len() {
        let start = s.i;
        if let Some(r) = s.rule() {
            out.push(Stmt::Rule(r));
        } else {
            // Pieces cut at statement starts parse as the whole would: no statement continues
            // with a statement keyword.
            let next = starts.partition_point(|&x| x <= start);
            let end = starts.get(next).copied().unwrap_or(text.len());
            if matches!(s.word(), Some("allow" | "forbid"))
                && super::parse::parse_table(file, text, start, end, &mut out)
            {
                s.i = end;
                s.skip();
                continue;
            }
            let mut d = Diagnostics::default();
            super::parse::parse_range(file, text, start, end, &mut d, &mut out).ok()?;
            diags.items.extend(d.items);
            s.i = end;
        }
        s.skip();
    }
    Some((out, diags))
}

struct Scanner<'a> {
    b: &'a [u8],
    text: &'a str,
    i: usize,
    file: FileId,
}

fn name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// An operand on the folding stack, as in `exprs.rs`: `open` marks a chain built here.
struct Operand {
    e: Expr,
    depth: usize,
    open: bool,
}

impl Scanner<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    /// Whitespace and `#` comments, as the grammar skips them between tokens.
    fn skip(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b' ' | b'\t' | b'\r' | b'\n' => self.i += 1,
                b'#' => {
                    while self.b.get(self.i).is_some_and(|&c| c != b'\n') {
                        self.i += 1;
                    }
                }
                _ => break,
            }
        }
    }

    /// The word (`[A-Za-z_][A-Za-z0-9_]*`) at the cursor, if any.
    fn word(&self) -> Option<&str> {
        let start = self.i;
        if !self.b.get(start).is_some_and(|&c| name_start(c)) {
            return None;
        }
        let mut end = start + 1;
        while self.b.get(end).is_some_and(|&c| name_char(c)) {
            end += 1;
        }
        Some(&self.text[start..end])
    }

    fn take(&mut self, n: usize) -> Span {
        let s = self.span(self.i, self.i + n);
        self.i += n;
        s
    }

    /// The span of a leaf expression from `start`: pest's `sum` takes in the whitespace and
    /// comments after its last term, and so do the expressions and statements around it.
    fn trailing(&mut self, start: usize) -> Span {
        self.skip();
        self.span(start, self.i)
    }

    fn rule(&mut self) -> Option<RuleStmt> {
        let start = self.i;
        if self.word()? != "rule" {
            return None;
        }
        self.take(4);
        self.skip();
        let w = self.word()?;
        if is_reserved(w) {
            return None;
        }
        let name = w.to_string();
        let span = self.take(name.len());
        self.skip();
        let message = if self.b.get(self.i) == Some(&b'"') {
            let m = self.segment()?.name;
            self.skip();
            Some(m)
        } else {
            None
        };
        if self.b.get(self.i) != Some(&b':') {
            return None;
        }
        self.take(1);
        let (body, _) = self.expr(0)?;
        Some(RuleStmt {
            id: Ident { name, span },
            message,
            cond: None,
            body,
            span: self.span(start, self.i),
        })
    }

    /// An infix operator at the cursor (after whitespace), and its length.
    fn infix(&self) -> Option<(BoolOp, usize)> {
        let rest = &self.b[self.i..];
        if rest.starts_with(b"<->") {
            return Some((BoolOp::Iff, 3));
        }
        if rest.starts_with(b"->") {
            return Some((BoolOp::Implies, 2));
        }
        if rest.starts_with(b"&&") {
            return Some((BoolOp::And, 2));
        }
        if rest.starts_with(b"||") {
            return Some((BoolOp::Or, 2));
        }
        let op = match self.word()? {
            "and" => BoolOp::And,
            "or" => BoolOp::Or,
            "requires" => BoolOp::Requires,
            "excludes" => BoolOp::Excludes,
            _ => return None,
        };
        Some((op, self.word().map_or(0, str::len)))
    }

    /// An expression up to the first token that does not continue it; `parens` open around it.
    fn expr(&mut self, parens: usize) -> Option<(Expr, usize)> {
        let mut operands: Vec<Operand> = Vec::new();
        let mut ops: Vec<(Op, Span)> = Vec::new();
        loop {
            // Prefixes.
            loop {
                self.skip();
                if self.b.get(self.i) == Some(&b'!') {
                    if self.b.get(self.i + 1) == Some(&b'=') {
                        return None;
                    }
                    let s = self.take(1);
                    ops.push((Op::Not, s));
                } else if self.word() == Some("not") {
                    let s = self.take(3);
                    ops.push((Op::Not, s));
                } else {
                    break;
                }
            }
            operands.push(self.primary(parens)?);
            // What follows a primary: an infix operator, or the end of the expression.
            self.skip();
            let Some((op, len)) = self.infix() else {
                break;
            };
            let right_assoc = Op::Infix(op).precedence() == 1;
            while let Some(&(top, at)) = ops.last() {
                let binds = matches!(top, Op::Not)
                    || top.precedence() > Op::Infix(op).precedence()
                    || (top.precedence() == Op::Infix(op).precedence() && !right_assoc);
                if !binds {
                    break;
                }
                ops.pop();
                fold(&mut operands, top, at)?;
            }
            let s = self.take(len);
            ops.push((Op::Infix(op), s));
        }
        // Nothing that would make this a comparison, a sum or an `in` test.
        match self.b.get(self.i) {
            Some(b'=' | b'<' | b'>' | b'+' | b'-' | b'*' | b'/' | b'!' | b'[' | b'.' | b'"') => {
                return None
            }
            _ => {}
        }
        while let Some((op, at)) = ops.pop() {
            fold(&mut operands, op, at)?;
        }
        let last = operands.pop()?;
        if !operands.is_empty() {
            return None;
        }
        Some((last.e, last.depth))
    }

    fn primary(&mut self, parens: usize) -> Option<Operand> {
        match self.b.get(self.i)? {
            b'(' => {
                if parens >= DEPTH_LIMIT {
                    return None;
                }
                self.take(1);
                let (e, depth) = self.expr(parens + 1)?;
                self.skip();
                if self.b.get(self.i) != Some(&b')') {
                    return None;
                }
                self.take(1);
                Some(Operand {
                    e,
                    depth,
                    open: false,
                })
            }
            b'"' => self.path(),
            _ => {
                let w = self.word()?;
                let kind = match w {
                    "true" => ExprKind::Bool(true),
                    "false" => ExprKind::Bool(false),
                    w if is_reserved(w) => return None,
                    _ => return self.path(),
                };
                let start = self.take(w.len()).start;
                let span = self.trailing(start);
                Some(Operand {
                    e: Expr { kind, span },
                    depth: 1,
                    open: false,
                })
            }
        }
    }

    /// One path segment at the cursor: a name, or a quoted string.
    fn segment(&mut self) -> Option<Ident> {
        if self.b.get(self.i) == Some(&b'"') {
            let start = self.i;
            let mut j = start + 1;
            loop {
                match self.b.get(j)? {
                    b'"' => break,
                    b'\\' => j += 2,
                    b'\n' => return None,
                    _ => j += 1,
                }
            }
            let inner = self.text.get(start + 1..j)?;
            let name = unescape(inner);
            let span = self.take(j + 1 - start);
            return Some(Ident { name, span });
        }
        let name = self.word()?.to_string();
        let span = self.take(name.len());
        Some(Ident { name, span })
    }

    fn path(&mut self) -> Option<Operand> {
        let start = self.i;
        let mut segs = vec![Seg::Name(self.segment()?)];
        while self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            segs.push(Seg::Name(self.segment()?));
        }
        if self.b.get(self.i) == Some(&b'[') {
            return None;
        }
        let span = self.span(start, self.i);
        Some(Operand {
            e: Expr {
                kind: ExprKind::Path(Path { segs, span }),
                span: self.trailing(start),
            },
            depth: 1,
            open: false,
        })
    }
}

/// Applies one operator to the operands on top of the stack, as `exprs.rs` folds.
fn fold(operands: &mut Vec<Operand>, op: Op, at: Span) -> Option<()> {
    let b = operands.pop()?;
    let folded = match op {
        Op::Not => {
            let span = Span::new(at.file, at.start, b.e.span.end);
            Operand {
                e: Expr {
                    kind: ExprKind::Not(Box::new(b.e)),
                    span,
                },
                depth: b.depth + 1,
                open: false,
            }
        }
        Op::Infix(o) => {
            let a = operands.pop()?;
            let span = Span::new(at.file, a.e.span.start, b.e.span.end);
            let chain_of = |e: &Expr| match e.kind {
                ExprKind::Chain(k, _) => Some(k),
                _ => None,
            };
            match o {
                BoolOp::And | BoolOp::Or if a.open && chain_of(&a.e) == Some(o) => {
                    let mut e = a.e;
                    e.span = span;
                    if let ExprKind::Chain(_, items) = &mut e.kind {
                        items.push(b.e);
                    }
                    Operand {
                        e,
                        depth: a.depth.max(b.depth + 1),
                        open: true,
                    }
                }
                BoolOp::And | BoolOp::Or => Operand {
                    e: Expr {
                        kind: ExprKind::Chain(o, vec![a.e, b.e]),
                        span,
                    },
                    depth: a.depth.max(b.depth) + 1,
                    open: true,
                },
                _ => Operand {
                    e: Expr {
                        kind: ExprKind::Binary(o, Box::new(a.e), Box::new(b.e)),
                        span,
                    },
                    depth: a.depth.max(b.depth) + 1,
                    open: false,
                },
            }
        }
    };
    if folded.depth > DEPTH_LIMIT {
        return None;
    }
    operands.push(folded);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;

    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
        fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
            xs[self.below(xs.len())]
        }
    }

    fn gap(r: &mut Rng) -> &'static str {
        r.pick(&[" ", " ", "  ", "\n  ", " # note\n ", "\t", ""])
    }

    fn path(r: &mut Rng) -> String {
        let head = r.pick(&[
            "a",
            "b_1",
            "Foo",
            "\"x y\"",
            "\"a\\\"b\"",
            "truex",
            "\"and\"",
            "not_",
            "and",
            "1",
        ]);
        match r.below(4) {
            0 => format!("{head}.{}", r.pick(&["c", "rule", "\"d-e\"", "9"])),
            1 => format!("{head}[2]"),
            _ => head.to_string(),
        }
    }

    fn expr(r: &mut Rng, depth: usize) -> String {
        let leaf = depth > 3 || r.below(3) == 0;
        if leaf {
            return match r.below(12) {
                0 => "true".into(),
                1 => "false".into(),
                2 => format!("{} = {}", path(r), path(r)),
                3 => format!("{} in {{a}}", path(r)),
                _ => path(r),
            };
        }
        match r.below(5) {
            0 => format!("{}{}{}", r.pick(&["!", "not ", "! ", "not("]), gap(r), {
                let e = expr(r, depth + 1);
                e
            }),
            1 => format!("({}{}{})", gap(r), expr(r, depth + 1), gap(r)),
            _ => {
                let op = r.pick(&[
                    "and", "or", "&&", "||", "->", "<->", "requires", "excludes", "+",
                ]);
                format!(
                    "{}{}{op}{}{}",
                    expr(r, depth + 1),
                    gap(r),
                    gap(r),
                    expr(r, depth + 1)
                )
            }
        }
    }

    #[test]
    fn builds_what_pest_builds() {
        let file = FileId(7);
        let mut r = Rng(0x9e3779b97f4a7c15);
        let mut fast = 0;
        for _ in 0..8000 {
            let mut text = String::new();
            for k in 0..=r.below(3) {
                text.push_str(&format!(
                    "{}rule r{k}{}:{}{}{}",
                    gap(&mut r),
                    gap(&mut r),
                    gap(&mut r),
                    expr(&mut r, 0),
                    gap(&mut r)
                ));
            }
            let Some(ours) = parse(file, &text) else {
                continue;
            };
            fast += 1;
            let mut d = Diagnostics::default();
            let mut theirs = Vec::new();
            let ok =
                super::super::parse::parse_range(file, &text, 0, text.len(), &mut d, &mut theirs);
            assert!(
                ok.is_ok() && d.is_empty(),
                "pest refuses what the fast path read: {text:?}"
            );
            assert_eq!(ours, theirs, "different trees for {text:?}");
        }
        assert!(fast > 800, "the fast path read only {fast} texts");
    }

    #[test]
    fn mixed_texts_build_what_pest_builds() {
        let file = FileId(3);
        let mut r = Rng(0x2545f4914f6cdd1d);
        let mut mixed = 0;
        for _ in 0..3000 {
            let mut text = String::new();
            for k in 0..=r.below(4) {
                let stmt = match r.below(6) {
                    0 => format!("prefer p{k}: {}", expr(&mut r, 2)),
                    1 => "default a = b".to_string(),
                    2 => format!("rule r{k} \"m {k}\": x >= {k}"),
                    _ => format!(
                        "rule r{k}{}:{}{}",
                        gap(&mut r),
                        gap(&mut r),
                        expr(&mut r, 0)
                    ),
                };
                text.push_str(&stmt);
                text.push_str(r.pick(&["\n", "\n# c\n", " "]));
            }
            let mut d = Diagnostics::default();
            let mut whole = Vec::new();
            let ok =
                super::super::parse::parse_range(file, &text, 0, text.len(), &mut d, &mut whole);
            let Some((ours, od)) = parse_mixed(file, &text) else {
                continue;
            };
            mixed += 1;
            assert!(
                ok.is_ok(),
                "pest refuses what the mixed path read: {text:?}"
            );
            assert_eq!(ours, whole, "different trees for {text:?}");
            assert_eq!(od.items, d.items, "different diagnostics for {text:?}");
        }
        assert!(mixed > 500, "the mixed path read only {mixed} texts");
    }

    #[test]
    fn leaves_the_rest_to_pest() {
        let f = FileId(0);
        assert!(parse(f, "rule a: x = y").is_none());
        assert!(parse(f, "rule a \"msg\": x").is_some());
        assert!(parse(f, "rule and: x").is_none());
        assert!(parse(f, "rule a: x y").is_none());
        assert!(parse(f, "rule a: (x").is_none());
        assert!(parse(f, "allow (a) { (x) }").is_none());
        assert!(parse(f, "rule a: x or\n").is_none());
        assert!(parse(f, "rule a: !x or \"y z\" # c\nrule b: (p -> q) <-> r").is_some());
        assert_eq!(parse(f, "  # only a comment\n").map(|v| v.len()), Some(0));
    }
}
