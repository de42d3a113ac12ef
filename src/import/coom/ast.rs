//! The COOM model as written: structures, enumerations, behaviors and formulas, with spans.

use crate::source::Span;
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Default)]
pub struct Model {
    /// The product is the structure named "" (the root).
    pub structures: Vec<Structure>,
    pub enumerations: Vec<Enumeration>,
    pub behaviors: Vec<Behavior>,
}

#[derive(Debug)]
pub struct Structure {
    pub name: Name,
    pub features: Vec<FeatureDecl>,
}

/// `min..max`; `max` None is `*` (unbounded).
#[derive(Debug, Clone, Copy)]
pub struct Card {
    pub min: u32,
    pub max: Option<u32>,
    pub span: Span,
}

#[derive(Debug)]
pub struct FeatureDecl {
    pub card: Option<Card>,
    pub ty: FieldType,
    pub name: Name,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum FieldType {
    /// `num .##/unit min-max`: decimals, and the range if written.
    Num {
        decimals: usize,
        range: Option<(Decimal, Decimal)>,
        span: Span,
    },
    Str(Span),
    /// A structure, an enumeration or `Bool`.
    Named(Name),
}

#[derive(Debug)]
pub struct Enumeration {
    pub name: Name,
    pub attributes: Vec<AttrDecl>,
    pub options: Vec<OptionDecl>,
}

#[derive(Debug)]
pub struct AttrDecl {
    pub name: Name,
    /// `attribute num ...`: numeric; otherwise its values are names or strings.
    pub numeric: bool,
}

#[derive(Debug)]
pub struct OptionDecl {
    pub name: Name,
    pub values: Vec<Const>,
}

#[derive(Debug, Clone)]
pub enum Const {
    Num(Decimal, Span),
    Name(Name),
}

#[derive(Debug)]
pub struct Behavior {
    /// The structure it speaks about; None for the product.
    pub context: Option<Name>,
    pub stmts: Vec<Stmt>,
}

/// One behavior statement with the explanation and conditions written before it.
#[derive(Debug)]
pub struct Stmt {
    pub explanation: Option<String>,
    pub conditions: Vec<Expr>,
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug)]
pub enum StmtKind {
    Require(Expr),
    Imply(Path, Expr),
    Default(Path, Expr),
    Combinations(Table),
    /// A nested block sharing the explanation and conditions.
    Block(Vec<Stmt>),
    /// `minimize` / `maximize`.
    Optimize {
        maximize: bool,
    },
    /// A construct tailor does not import (named for the diagnostic).
    Unsupported(&'static str),
}

#[derive(Debug)]
pub struct Table {
    pub columns: Vec<Expr>,
    pub rows: Vec<Row>,
}

#[derive(Debug)]
pub struct Row {
    pub forbid: bool,
    pub cells: Vec<Cell>,
    pub span: Span,
}

#[derive(Debug)]
pub enum Cell {
    Any,
    /// One or more alternatives, each optionally with a comparison (`< 5`).
    Alts(Vec<(Option<CmpOp>, Expr)>, Span),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn text(self) -> &'static str {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

#[derive(Debug, Clone)]
pub struct Path {
    pub items: Vec<PathItem>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct PathItem {
    pub name: Name,
    /// `[k]`; ranges and `last` are refused by the parser.
    pub index: Option<(u32, Span)>,
}

impl Path {
    pub fn display(&self) -> String {
        self.items
            .iter()
            .map(|i| match i.index {
                Some((k, _)) => format!("{}[{k}]", i.name.text),
                None => i.name.text.clone(),
            })
            .collect::<Vec<_>>()
            .join(".")
    }
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    /// `a < b < c` keeps every comparison of the chain.
    Cmp(Box<Expr>, Vec<(CmpOp, Expr)>),
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    Num(Decimal),
    Bool(bool),
    Path(Path),
    /// `count(p)`, `sum(p)`, `min`, `max`, `avg`.
    Aggregate(String, Path),
    /// `sqrt(x)`, `tan(x)`, ...: refused when translated.
    Function(String),
}
