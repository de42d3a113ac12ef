//! The rule language's syntax tree, exactly as written (names unresolved); every node keeps its span.
//! Expressions nest at most [`MAX_DEPTH`](super::nesting::MAX_DEPTH) levels (the parser refuses
//! deeper ones), so the passes over them may recurse.

use crate::source::Span;
use rust_decimal::Decimal;

/// A name as written, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// One step of a path: a name, or an instance index `[2]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Name(Ident),
    Index(u32, Span),
}

/// `internet.speed.s500`, `mobile.line[2].plan`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    pub segs: Vec<Seg>,
    pub span: Span,
}

impl Path {
    /// The path as a user would write it, for messages.
    pub fn display(&self) -> String {
        let mut s = String::new();
        for seg in &self.segs {
            match seg {
                Seg::Name(id) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(&id.name);
                }
                Seg::Index(i, _) => s.push_str(&format!("[{i}]")),
            }
        }
        s
    }

    /// The single bare name this path is, if it is one (`s500` on the right of `speed = s500`).
    pub fn as_bare_name(&self) -> Option<&Ident> {
        match self.segs.as_slice() {
            [Seg::Name(id)] => Some(id),
            _ => None,
        }
    }
}

/// A literal value in a table, an `in` set or a default; its text is read from the source by span
/// (tables can hold hundreds of thousands of them, so no string is allocated here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lit {
    pub span: Span,
    pub kind: LitKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LitKind {
    Name,
    Number,
    /// A quoted string; the span includes the quotes.
    Str,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    Include(Include),
    Rule(RuleStmt),
    Table(TableStmt),
    Prefer(PreferStmt),
    Default(DefaultStmt),
    Adjust(AdjustStmt),
}

impl Stmt {
    pub fn span(&self) -> Span {
        match self {
            Stmt::Include(s) => s.span,
            Stmt::Rule(s) => s.span,
            Stmt::Table(s) => s.span,
            Stmt::Prefer(s) => s.span,
            Stmt::Default(s) => s.span,
            Stmt::Adjust(s) => s.span,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Include {
    pub path: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RuleStmt {
    pub id: Ident,
    pub message: Option<String>,
    /// `when COND require THEN`: `cond` is Some.
    pub cond: Option<Expr>,
    pub body: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Allow,
    Forbid,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableStmt {
    pub kind: TableKind,
    pub id: Option<Ident>,
    pub message: Option<String>,
    pub columns: Vec<Path>,
    pub body: TableBody,
    pub span: Span,
}

/// A table's body `{ (..), .. }`, as far as the parser skims it (to its closing `}`). Its rows
/// are read once, by the checker (`table_scan::scan_rows`), straight into the model's table, so
/// a table of 10^6 cells is neither held as 10^6 syntax nodes nor scanned twice; the checker
/// also reports a syntax error in them.
#[derive(Debug, Clone, PartialEq)]
pub struct TableBody {
    pub span: Span,
}

/// A cell as the scanner passes it; lists of alternatives are rare and boxed.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Any(Span),
    One(Lit),
    Alternatives(Box<(Vec<Lit>, Span)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PreferStmt {
    pub id: Option<Ident>,
    pub message: Option<String>,
    pub expr: Expr,
    pub weight: Option<(Decimal, Span)>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DefaultStmt {
    pub path: Path,
    pub value: Lit,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Once,
    Monthly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjustKind {
    Discount,
    Surcharge,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AdjustStmt {
    pub kind: AdjustKind,
    pub id: Ident,
    pub message: Option<String>,
    pub amount: Decimal,
    pub percent: bool,
    pub amount_span: Span,
    /// None: the spec's default (monthly when the amount is a percentage of a monthly total is not
    /// guessable), resolved later.
    pub period: Option<Period>,
    pub when: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoolOp {
    And,
    Or,
    Implies,
    Iff,
    Requires,
    Excludes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Bool(bool),
    Path(Path),
    Not(Box<Expr>),
    /// `and` / `or` with two or more operands, flat: a long chain does not nest.
    Chain(BoolOp, Vec<Expr>),
    /// `->`, `<->`, `requires`, `excludes` (right-associative).
    Binary(BoolOp, Box<Expr>, Box<Expr>),
    Cmp(Num, CmpOp, Num),
    In(Path, Vec<Lit>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Num {
    pub kind: NumKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NumKind {
    Number(Decimal),
    Bool(bool),
    Path(Path),
    Count(Path),
    Sum(Path),
    Total(Ident),
    Price(Period),
    If(Box<Expr>, Box<Num>, Box<Num>),
    Neg(Box<Num>),
    /// `a + b - c` or `a * b / c`, left to right and flat: a long sum does not nest.
    Chain(Box<Num>, Vec<(ArithOp, Num)>),
}

/// The words that begin a statement (where recovery after a syntax error may resume).
pub const STATEMENT_KEYWORDS: [&str; 8] = [
    "include",
    "rule",
    "allow",
    "forbid",
    "prefer",
    "default",
    "discount",
    "surcharge",
];

/// The other words the grammar reserves where a path starts (grammar/rules.pest, `reserved`).
pub const EXPRESSION_KEYWORDS: [&str; 18] = [
    "when", "requires", "require", "excludes", "and", "or", "not", "in", "true", "false", "count",
    "sum", "total", "price", "if", "then", "else", "weight",
];

/// Whether the grammar reserves `word` where a path starts: a name spelt so must be quoted.
pub fn is_reserved(word: &str) -> bool {
    STATEMENT_KEYWORDS.contains(&word) || EXPRESSION_KEYWORDS.contains(&word)
}
