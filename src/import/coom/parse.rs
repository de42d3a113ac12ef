//! COOM model text to its syntax tree (recursive descent after the COOM grammar `Model.g4`,
//! lenient about line breaks between statements). Nesting is limited, so no input exhausts the stack.

use super::ast::*;
use super::lexer::{lex, Tok, Token};
use crate::diagnostic::Diagnostics;
use crate::source::{FileId, Span};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Parentheses, `!`, nested blocks and operators (each operand of a chain counts one level, as
/// the tree nests them) beyond this are refused, so translating a formula never recurses deeper.
const MAX_DEPTH: usize = 256;

const STMT_KEYWORDS: &[&str] = &[
    "explanation",
    "condition",
    "require",
    "imply",
    "default",
    "combinations",
    "minimize",
    "maximize",
    "prefer",
    "readwrite",
    "readonly",
    "hide",
    "message",
    "exists",
    "alldiff",
    "define",
];
const TOP_KEYWORDS: &[&str] = &["product", "structure", "enumeration", "behavior"];
const AGGREGATES: &[&str] = &["count", "sum", "min", "max", "avg"];
const FUNCTIONS: &[&str] = &[
    "delta", "pow", "sqrt", "ceil", "floor", "round", "mod", "log", "ln", "sin", "asin", "sinh",
    "cos", "acos", "cosh", "tan", "atan", "tanh",
];

pub(super) struct Parser<'d> {
    toks: Vec<Token>,
    pos: usize,
    file: FileId,
    end: Span,
    depth: usize,
    pub diags: &'d mut Diagnostics,
}

/// Parses a COOM model; None after syntax errors (reported in `diags`).
pub fn parse_model(file: FileId, text: &str, diags: &mut Diagnostics) -> Option<Model> {
    let before = diags.error_count();
    let toks = lex(file, text, diags);
    let mut p = Parser::new(toks, file, text, diags);
    let mut m = Model::default();
    while let Some(t) = p.peek().cloned() {
        p.depth = 0;
        let ok = if t.is_kw("product") {
            p.next();
            p.structure_body(Name {
                text: String::new(),
                span: t.span,
            })
            .map(|s| m.structures.push(s))
        } else if t.is_kw("structure") {
            p.next();
            p.name("a structure name")
                .and_then(|n| p.structure_body(n))
                .map(|s| m.structures.push(s))
        } else if t.is_kw("enumeration") {
            p.next();
            p.enumeration().map(|e| m.enumerations.push(e))
        } else if t.is_kw("behavior") {
            p.next();
            p.behavior().map(|b| m.behaviors.push(b))
        } else {
            p.error(
                t.span,
                "expected `product`, `structure`, `enumeration` or `behavior`".to_string(),
            );
            None
        };
        if ok.is_none() {
            p.recover_top();
        }
    }
    (p.diags.error_count() == before).then_some(m)
}

impl<'d> Parser<'d> {
    pub(super) fn new(
        toks: Vec<Token>,
        file: FileId,
        text: &str,
        diags: &'d mut Diagnostics,
    ) -> Self {
        Parser {
            toks,
            pos: 0,
            file,
            end: Span::within(file, text, text.len(), text.len()),
            depth: 0,
            diags,
        }
    }

    pub(super) fn peek(&self) -> Option<&Token> {
        self.toks.get(self.pos)
    }

    fn peek_at(&self, k: usize) -> Option<&Token> {
        self.toks.get(self.pos + k)
    }

    pub(super) fn next(&mut self) -> Option<Token> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }

    fn here(&self) -> Span {
        self.peek().map(|t| t.span).unwrap_or(self.end)
    }

    fn last_end(&self) -> usize {
        self.toks
            .get(self.pos.wrapping_sub(1))
            .map(|t| t.span.end)
            .unwrap_or(0)
    }

    pub(super) fn span_from(&self, start: Span) -> Span {
        Span::new(self.file, start.start, self.last_end().max(start.start))
    }

    pub(super) fn error(&mut self, span: Span, msg: String) {
        self.diags.error(span, msg);
    }

    /// Reports what was expected at the current token; always None.
    pub(super) fn expected<T>(&mut self, what: &str) -> Option<T> {
        let span = self.here();
        let found = match self.peek().map(|t| &t.tok) {
            None => "the end of the file".to_string(),
            Some(Tok::Name { text, .. }) => format!("`{text}`"),
            Some(Tok::Num(n)) => format!("`{n}`"),
            Some(Tok::Punct(p)) => format!("`{p}`"),
            Some(Tok::Hashes(n)) => format!("`{}`", "#".repeat(*n)),
            Some(Tok::Infinity) => "`∞`".to_string(),
        };
        self.error(span, format!("expected {what}, found {found}"));
        None
    }

    pub(super) fn eat(&mut self, p: &str) -> bool {
        if self.peek().is_some_and(|t| t.is(p)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(super) fn expect(&mut self, p: &str) -> Option<Span> {
        if self.peek().is_some_and(|t| t.is(p)) {
            self.next().map(|t| t.span)
        } else {
            self.expected(&format!("`{p}`"))
        }
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        if self.peek().is_some_and(|t| t.is_kw(kw)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(super) fn name(&mut self, what: &str) -> Option<Name> {
        match self.peek().map(|t| t.tok.clone()) {
            Some(Tok::Name { text, .. }) => {
                let span = self.here();
                self.pos += 1;
                Some(Name { text, span })
            }
            _ => self.expected(what),
        }
    }

    fn is_name(&self) -> bool {
        matches!(self.peek().map(|t| &t.tok), Some(Tok::Name { .. }))
    }

    pub(super) fn uint(&mut self, what: &str) -> Option<(u32, Span)> {
        match self.peek().map(|t| t.tok.clone()) {
            Some(Tok::Num(n)) => {
                let span = self.here();
                self.pos += 1;
                match n.parse::<u32>() {
                    Ok(v) => Some((v, span)),
                    Err(_) => {
                        self.error(span, format!("`{n}` is not a whole number {what}"));
                        None
                    }
                }
            }
            _ => self.expected(what),
        }
    }

    /// Skips to the next top-level keyword at the start of a line.
    fn recover_top(&mut self) {
        self.pos += 1;
        while let Some(t) = self.peek() {
            if t.line_start && TOP_KEYWORDS.iter().any(|k| t.is_kw(k)) {
                break;
            }
            self.pos += 1;
        }
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let span = self.here();
            self.error(
                span,
                format!("formula too long or nested too deeply (more than {MAX_DEPTH} levels)"),
            );
            return None;
        }
        Some(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    // ---- structures and enumerations ------------------------------------------------------

    fn structure_body(&mut self, name: Name) -> Option<Structure> {
        self.expect("{")?;
        let mut features = Vec::new();
        loop {
            while self.eat(";") {}
            if self.eat("}") {
                break;
            }
            if self.at_end() {
                return self.expected("`}`");
            }
            features.push(self.feature()?);
        }
        Some(Structure { name, features })
    }

    fn feature(&mut self) -> Option<FeatureDecl> {
        let start = self.here();
        let card = if matches!(self.peek().map(|t| &t.tok), Some(Tok::Num(_))) {
            let (min, s) = self.uint("as a cardinality")?;
            let max = if self.eat("..") {
                if self.eat("*") {
                    None
                } else if matches!(self.peek().map(|t| &t.tok), Some(Tok::Num(_))) {
                    Some(self.uint("as a cardinality")?.0)
                } else {
                    return self.expected(
                        "a number or `*` after `..` (is this a template with a placeholder?)",
                    );
                }
            } else {
                Some(min)
            };
            Some(Card {
                min,
                max,
                span: self.span_from(s),
            })
        } else {
            None
        };
        if self.is_name() && self.peek_at(1).is_some_and(|t| t.is("..")) {
            let span = self.here();
            self.error(
                span,
                "a cardinality bound must be a number (is this a template with a placeholder?)"
                    .into(),
            );
            return None;
        }
        for kw in ["static", "reference"] {
            if self.peek().is_some_and(|t| t.is_kw(kw)) {
                let span = self.here();
                self.error(
                    span,
                    format!("`{kw}` features are not supported by the import"),
                );
                return None;
            }
        }
        let ty = self.field_type()?;
        let name = self.name("a feature name")?;
        if self.eat("/") {
            self.uint("as a priority")?;
        }
        Some(FeatureDecl {
            card,
            ty,
            name,
            span: self.span_from(start),
        })
    }

    /// `num ...`, `string ...` or a type name.
    fn field_type(&mut self) -> Option<FieldType> {
        let start = self.here();
        if self.eat_kw("num") {
            let mut decimals = 0;
            if self.peek().is_some_and(|t| t.is(".") || t.is("^")) {
                if let Some(Tok::Hashes(n)) = self.peek_at(1).map(|t| t.tok.clone()) {
                    self.pos += 2;
                    decimals = n;
                }
            }
            if self.eat("/") {
                // The unit: a name, a number, hashes...; it has no effect.
                match self.next().map(|t| t.tok) {
                    Some(Tok::Name { .. } | Tok::Num(_) | Tok::Hashes(_)) => {}
                    _ => {
                        self.pos -= 1;
                        return self.expected("a unit after `/`");
                    }
                }
            }
            let range = if self.starts_number() {
                let lo = self.signed_number()?;
                self.expect("-")?;
                let hi = self.signed_number()?;
                Some((lo, hi))
            } else {
                None
            };
            let span = self.span_from(start);
            let range = match range {
                Some((Some(lo), Some(hi))) => Some((lo, hi)),
                Some(_) => None,
                None => None,
            };
            return Some(FieldType::Num {
                decimals,
                range,
                span,
            });
        }
        if self.eat_kw("string") {
            if self.peek().is_some_and(|t| t.is("/")) {
                self.pos += 1;
                self.name("`n`")?;
            }
            if matches!(self.peek().map(|t| &t.tok), Some(Tok::Num(_))) {
                self.pos += 1;
            }
            return Some(FieldType::Str(self.span_from(start)));
        }
        Some(FieldType::Named(self.name(
            "a type (a structure, an enumeration, `num` or `Bool`)",
        )?))
    }

    fn starts_number(&self) -> bool {
        match self.peek().map(|t| &t.tok) {
            Some(Tok::Num(_) | Tok::Infinity) => true,
            Some(Tok::Punct("-")) => matches!(
                self.peek_at(1).map(|t| &t.tok),
                Some(Tok::Num(_) | Tok::Infinity)
            ),
            _ => false,
        }
    }

    /// `-`? number; Some(None) for infinity (an open bound).
    fn signed_number(&mut self) -> Option<Option<Decimal>> {
        let neg = self.eat("-");
        match self.next().map(|t| (t.tok, t.span)) {
            Some((Tok::Num(n), span)) => match Decimal::from_str(&n) {
                Ok(d) => Some(Some(if neg { -d } else { d })),
                Err(_) => {
                    self.error(span, format!("number `{n}` is out of range"));
                    None
                }
            },
            Some((Tok::Infinity, _)) => Some(None),
            _ => {
                self.pos -= 1;
                self.expected("a number")
            }
        }
    }

    fn enumeration(&mut self) -> Option<Enumeration> {
        let name = self.name("an enumeration name")?;
        self.expect("{")?;
        let mut e = Enumeration {
            name,
            attributes: Vec::new(),
            options: Vec::new(),
        };
        loop {
            while self.eat(";") {}
            if self.eat("}") {
                break;
            }
            if self.at_end() {
                return self.expected("`}`");
            }
            if self.peek().is_some_and(|t| t.is_kw("attribute")) {
                self.next();
                let numeric = self.peek().is_some_and(|t| t.is_kw("num"));
                let ty = self.field_type()?;
                // `attribute efficiency` (untyped): the "type" read above is the name.
                let name = match ty {
                    FieldType::Named(n)
                        if !(self.is_name() && !self.peek().is_some_and(|t| t.line_start)) =>
                    {
                        n
                    }
                    _ => self.name("an attribute name")?,
                };
                e.attributes.push(AttrDecl { name, numeric });
                continue;
            }
            let name = self.name("an option name or `attribute`")?;
            let mut values = Vec::new();
            if self.eat("=") {
                self.expect("(")?;
                while !self.eat(")") {
                    self.eat(",");
                    if self.eat(")") {
                        break;
                    }
                    values.push(self.constant()?);
                }
            }
            e.options.push(OptionDecl { name, values });
        }
        Some(e)
    }

    fn constant(&mut self) -> Option<Const> {
        let start = self.here();
        if self.starts_number() {
            return match self.signed_number()? {
                Some(d) => Some(Const::Num(d, self.span_from(start))),
                None => {
                    self.error(start, "an attribute value cannot be infinite".into());
                    None
                }
            };
        }
        Some(Const::Name(self.name("an attribute value")?))
    }

    // ---- behavior ---------------------------------------------------------------------------

    fn behavior(&mut self) -> Option<Behavior> {
        let context = if self.is_name() {
            Some(self.name("a structure name")?)
        } else {
            None
        };
        let stmts = self.block()?;
        Some(Behavior { context, stmts })
    }

    fn block(&mut self) -> Option<Vec<Stmt>> {
        self.expect("{")?;
        self.enter()?;
        let mut stmts = Vec::new();
        loop {
            while self.eat(";") {}
            if self.eat("}") {
                break;
            }
            if self.at_end() {
                return self.expected("`}`");
            }
            stmts.push(self.statement()?);
        }
        self.leave();
        Some(stmts)
    }

    fn statement(&mut self) -> Option<Stmt> {
        let start = self.here();
        let mut explanation = None;
        if self.eat_kw("explanation") {
            explanation = Some(self.name("an explanation text")?.text);
            while self.eat(";") {}
        }
        let mut conditions = Vec::new();
        while self.eat_kw("condition") {
            conditions.push(self.expr()?);
            while self.eat(";") {}
        }
        let kw_span = self.here();
        let kind = if self.peek().is_some_and(|t| t.is("{")) {
            StmtKind::Block(self.block()?)
        } else if self.eat_kw("require") {
            StmtKind::Require(self.expr()?)
        } else if self.eat_kw("imply") {
            let p = self.path()?;
            self.expect("=")?;
            StmtKind::Imply(p, self.expr()?)
        } else if self.eat_kw("default") {
            if self.eat("/") {
                self.uint("as a priority")?;
            }
            let p = self.path()?;
            self.expect("=")?;
            StmtKind::Default(p, self.expr()?)
        } else if self.eat_kw("combinations") {
            StmtKind::Combinations(self.table()?)
        } else if self
            .peek()
            .is_some_and(|t| t.is_kw("minimize") || t.is_kw("maximize"))
        {
            let maximize = self.peek().is_some_and(|t| t.is_kw("maximize"));
            self.next();
            if self.eat("/") {
                self.uint("as a priority")?;
            }
            self.expr()?;
            StmtKind::Optimize { maximize }
        } else if let Some(kw) = STMT_KEYWORDS[8..]
            .iter()
            .find(|k| self.peek().is_some_and(|t| t.is_kw(k)))
        {
            self.skip_statement();
            StmtKind::Unsupported(kw)
        } else {
            let _ = kw_span;
            return self.expected("a behavior statement (`require`, `condition`, `combinations`, `imply`, `default`, ...)");
        };
        Some(Stmt {
            explanation,
            conditions,
            kind,
            span: self.span_from(start),
        })
    }

    /// Skips an unsupported statement: to the next statement keyword or `}` starting a line.
    fn skip_statement(&mut self) {
        self.pos += 1;
        let mut depth = 0i64;
        while let Some(t) = self.peek() {
            if depth <= 0 && t.line_start && (t.is("}") || STMT_KEYWORDS.iter().any(|k| t.is_kw(k)))
            {
                break;
            }
            if depth <= 0 && t.is("}") {
                break;
            }
            if t.is("{") || t.is("(") {
                depth += 1;
            } else if t.is("}") || t.is(")") {
                depth -= 1;
            }
            self.pos += 1;
        }
    }

    fn table(&mut self) -> Option<Table> {
        self.expect("(")?;
        let mut columns = Vec::new();
        loop {
            self.eat(",");
            if self.eat(")") {
                break;
            }
            columns.push(self.sum()?);
        }
        let mut rows = Vec::new();
        while self
            .peek()
            .is_some_and(|t| t.is_kw("allow") || t.is_kw("forbid"))
        {
            let start = self.here();
            let forbid = self.peek().is_some_and(|t| t.is_kw("forbid"));
            self.next();
            self.expect("(")?;
            let mut cells = Vec::new();
            loop {
                self.eat(",");
                if self.eat(")") {
                    break;
                }
                cells.push(self.cell()?);
            }
            rows.push(Row {
                forbid,
                cells,
                span: self.span_from(start),
            });
        }
        Some(Table { columns, rows })
    }

    fn cell(&mut self) -> Option<Cell> {
        let start = self.here();
        if self.eat("-*-") {
            return Some(Cell::Any);
        }
        let mut alts = Vec::new();
        if self.eat("(") {
            loop {
                self.eat(",");
                if self.eat(")") {
                    break;
                }
                alts.push(self.cell_atom()?);
            }
        } else {
            alts.push(self.cell_atom()?);
        }
        Some(Cell::Alts(alts, self.span_from(start)))
    }

    fn cell_atom(&mut self) -> Option<(Option<CmpOp>, Expr)> {
        let op = self.cmp_op();
        if op.is_some() {
            self.pos += 1;
        }
        Some((op, self.sum()?))
    }

    // ---- formulas ---------------------------------------------------------------------------

    pub(super) fn expr(&mut self) -> Option<Expr> {
        self.enter()?;
        let mut a = self.and()?;
        let mut levels = 1;
        while self.eat("||") {
            self.enter()?;
            levels += 1;
            let b = self.and()?;
            a = bin(a, b, |x, y| ExprKind::Or(x, y));
        }
        self.depth -= levels;
        Some(a)
    }

    fn and(&mut self) -> Option<Expr> {
        let mut a = self.not()?;
        let mut levels = 0;
        while self.eat("&&") {
            self.enter()?;
            levels += 1;
            let b = self.not()?;
            a = bin(a, b, |x, y| ExprKind::And(x, y));
        }
        self.depth -= levels;
        Some(a)
    }

    fn not(&mut self) -> Option<Expr> {
        let start = self.here();
        if self.eat("!") {
            self.enter()?;
            let a = self.not()?;
            self.leave();
            return Some(Expr {
                span: self.span_from(start),
                kind: ExprKind::Not(Box::new(a)),
            });
        }
        let first = self.sum()?;
        let mut rest = Vec::new();
        while let Some(op) = self.cmp_op() {
            self.pos += 1;
            if rest.len() >= MAX_DEPTH {
                let span = self.here();
                self.error(span, "comparison chain too long".into());
                return None;
            }
            rest.push((op, self.sum()?));
        }
        if rest.is_empty() {
            return Some(first);
        }
        Some(Expr {
            span: self.span_from(start),
            kind: ExprKind::Cmp(Box::new(first), rest),
        })
    }

    fn cmp_op(&self) -> Option<CmpOp> {
        let t = self.peek()?;
        Some(match &t.tok {
            Tok::Punct("=" | "==") => CmpOp::Eq,
            Tok::Punct("!=" | "≠") => CmpOp::Ne,
            Tok::Punct("<") => CmpOp::Lt,
            Tok::Punct("<=" | "≤") => CmpOp::Le,
            Tok::Punct(">") => CmpOp::Gt,
            Tok::Punct(">=" | "≥") => CmpOp::Ge,
            _ => return None,
        })
    }

    fn sum(&mut self) -> Option<Expr> {
        let mut a = self.product()?;
        let mut levels = 0;
        loop {
            let op = if self.eat("+") {
                ArithOp::Add
            } else if self.eat("-") {
                ArithOp::Sub
            } else {
                break;
            };
            self.enter()?;
            levels += 1;
            let b = self.product()?;
            a = bin(a, b, |x, y| ExprKind::Arith(op, x, y));
        }
        self.depth -= levels;
        Some(a)
    }

    fn product(&mut self) -> Option<Expr> {
        let mut a = self.power()?;
        let mut levels = 0;
        loop {
            let op = if self.eat("*") {
                ArithOp::Mul
            } else if self.eat("/") {
                ArithOp::Div
            } else {
                break;
            };
            self.enter()?;
            levels += 1;
            let b = self.power()?;
            a = bin(a, b, |x, y| ExprKind::Arith(op, x, y));
        }
        self.depth -= levels;
        Some(a)
    }

    fn power(&mut self) -> Option<Expr> {
        let mut a = self.unary()?;
        let mut levels = 0;
        while self.eat("^") {
            self.enter()?;
            levels += 1;
            let b = self.unary()?;
            a = bin(a, b, |x, y| ExprKind::Arith(ArithOp::Pow, x, y));
        }
        self.depth -= levels;
        Some(a)
    }

    fn unary(&mut self) -> Option<Expr> {
        let start = self.here();
        if self.eat("-") {
            self.enter()?;
            let a = self.unary()?;
            self.leave();
            return Some(Expr {
                span: self.span_from(start),
                kind: ExprKind::Neg(Box::new(a)),
            });
        }
        if self.eat("+") {
            self.enter()?;
            let a = self.unary();
            self.leave();
            return a;
        }
        self.atom()
    }

    fn atom(&mut self) -> Option<Expr> {
        let start = self.here();
        let Some(t) = self.peek().cloned() else {
            return self.expected("a formula");
        };
        let kind = match &t.tok {
            Tok::Punct("(") => {
                self.next();
                let mut e = self.expr()?;
                self.expect(")")?;
                e.span = self.span_from(start);
                return Some(e);
            }
            Tok::Num(n) => {
                self.next();
                match Decimal::from_str(n) {
                    Ok(d) => ExprKind::Num(d),
                    Err(_) => {
                        self.error(t.span, format!("number `{n}` is out of range"));
                        return None;
                    }
                }
            }
            Tok::Infinity => {
                self.error(t.span, "`∞` cannot be used in a formula".into());
                return None;
            }
            Tok::Name {
                text,
                quoted: false,
            } if text == "true" || text == "false" => {
                self.next();
                ExprKind::Bool(text == "true")
            }
            Tok::Name {
                text,
                quoted: false,
            } if self.peek_at(1).is_some_and(|n| n.is("("))
                && (AGGREGATES.contains(&text.as_str()) || FUNCTIONS.contains(&text.as_str())) =>
            {
                let f = text.clone();
                self.pos += 2;
                if FUNCTIONS.contains(&f.as_str()) {
                    self.expr()?;
                    self.expect(")")?;
                    ExprKind::Function(f)
                } else {
                    let p = self.path()?;
                    if !self.eat(")") {
                        return self.expected(&format!(
                            "`)`: the import supports `{f}(path)` with one path, without `for`/`if`"
                        ));
                    }
                    ExprKind::Aggregate(f, p)
                }
            }
            Tok::Name { .. } => ExprKind::Path(self.path()?),
            _ => return self.expected("a formula (a number, a path, `count(...)`, ...)"),
        };
        Some(Expr {
            kind,
            span: self.span_from(start),
        })
    }

    pub(super) fn path(&mut self) -> Option<Path> {
        let start = self.here();
        let mut items = Vec::new();
        loop {
            let name = self.name("a name")?;
            let index = if self.peek().is_some_and(|t| t.is("[")) {
                let s = self.here();
                self.next();
                if self.peek().is_some_and(|t| t.is_kw("last")) {
                    let span = self.here();
                    self.error(
                        span,
                        "`last` in an index is not supported by the import".into(),
                    );
                    return None;
                }
                let (k, _) = self.uint("as an index")?;
                if self.peek().is_some_and(|t| t.is("..")) {
                    let span = self.here();
                    self.error(span, "index ranges are not supported by the import".into());
                    return None;
                }
                self.expect("]")?;
                Some((k, self.span_from(s)))
            } else {
                None
            };
            items.push(PathItem { name, index });
            if !(self.peek().is_some_and(|t| t.is("."))
                && matches!(self.peek_at(1).map(|t| &t.tok), Some(Tok::Name { .. })))
            {
                break;
            }
            self.next();
        }
        Some(Path {
            items,
            span: self.span_from(start),
        })
    }
}

fn bin(a: Expr, b: Expr, f: impl FnOnce(Box<Expr>, Box<Expr>) -> ExprKind) -> Expr {
    let span = Span::new(a.span.file, a.span.start, b.span.end.max(a.span.start));
    Expr {
        kind: f(Box::new(a), Box::new(b)),
        span,
    }
}
