//! UVL constraints: the boolean level (`!`, `&`, `|`, `=>`, `<=>`, parentheses) and the
//! arithmetic level as far as it is linear: comparisons (`== != < <= > >=`) of sums of numbers,
//! attribute references (`B.Price`), `+ - *`, `/` (by an expression over at most 8 features:
//! expanded exactly over their selections), `sum(attr)` and `avg(attr)` compared with a
//! constant. Parsing is syntactic (`Syn`, `Num`); `check` resolves names and turns arithmetic
//! into exact integer-linear comparisons over the features, refusing at the construct whatever
//! has no faithful translation (never dropping it).
//!
//! Semantics (those of the UVL reference implementation, java-fm-metamodel, and of flamapy's
//! z3 metamodel): the attribute of a deselected feature reads 0, so `B.Price` is `Price * B`;
//! `sum(a)` adds `a` over the selected features carrying it; `avg(a)` is that sum divided by the
//! number of those features, and 0 when there are none; `/` is exact (rational) division. UVL
//! says nothing of a division by 0 (a deselected feature's attribute): the comparison reading it
//! is false there, as tailor reads its own quotients by 0.

use super::scan::{ends_name, Cursor};
use super::tree::Tree;
use crate::diagnostic::Diagnostics;
use crate::source::{FileId, Span};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;

/// A constraint ready for the catalog.
#[derive(Debug, Clone)]
pub enum Expr {
    Feature(usize),
    Bool(bool),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Implies(Box<Expr>, Box<Expr>),
    Iff(Box<Expr>, Box<Expr>),
    /// `Σ coef · Π features + constant  op  0`, integers.
    Lin(Lin),
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

    /// `a op b` ⇔ `b flip(op) a`.
    pub fn flip(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            o => o,
        }
    }

    fn holds(self, o: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            CmpOp::Eq => o == Equal,
            CmpOp::Ne => o != Equal,
            CmpOp::Lt => o == Less,
            CmpOp::Le => o != Greater,
            CmpOp::Gt => o == Greater,
            CmpOp::Ge => o != Less,
        }
    }
}

/// `Σ coef · Π features + constant  op  0`; a term's features are sorted and distinct (a
/// product of several selected features is read as their conjunction), except Integer
/// features' numbers (`Tree::value_var`), which may repeat (a square).
#[derive(Debug, Clone)]
pub struct Lin {
    pub terms: Vec<(Vec<usize>, i128)>,
    pub constant: i128,
    pub op: CmpOp,
}

/// Parentheses nest at most this deep (the parser recurses on them).
const MAX_NESTING: usize = 200;
/// A product of sums expands to at most this many terms.
const MAX_TERMS: usize = 1000;
/// A division by an expression over more features than this is refused (it is expanded over
/// every selection of them).
const MAX_DIVISOR_FEATURES: usize = 8;

/// Why a constraint was refused: already reported.
pub struct Refused;

/// One segment of a reference: its text, span and whether it was quoted.
#[derive(Debug, Clone)]
struct Part {
    name: String,
    span: Span,
    quoted: bool,
}

/// Boolean syntax.
#[derive(Debug)]
enum Syn {
    Ref(Vec<Part>),
    Not(Box<Syn>),
    And(Vec<Syn>),
    Or(Vec<Syn>),
    Implies(Box<Syn>, Box<Syn>),
    Iff(Box<Syn>, Box<Syn>),
    Cmp(CmpOp, Num, Num, Span),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// Arithmetic syntax.
#[derive(Debug)]
enum Num {
    Lit(Decimal, Span),
    Str(Span),
    Ref(Vec<Part>),
    Call {
        name: String,
        span: Span,
        args: Vec<Vec<Part>>,
    },
    Bin(ArOp, Box<Num>, Box<Num>, Span),
}

/// A syntax error: where (offset in the constraint) and what.
struct SynErr {
    at: usize,
    span: Span,
    msg: String,
}

struct Parser<'a> {
    c: Cursor<'a>,
    nesting: usize,
    /// The failed equation that read furthest: reported when the constraint fails to parse
    /// before that point (`B.x > 1 +` ends early, rather than `>` being unexpected).
    furthest: Option<SynErr>,
}

/// Parses and checks one constraint (`text` is the cleaned file text, the constraint at
/// `start..end`).
pub fn parse(
    file: FileId,
    text: &str,
    start: usize,
    end: usize,
    tree: &Tree,
    diags: &mut Diagnostics,
) -> Result<Expr, Refused> {
    let mut p = Parser {
        c: Cursor::new(file, start, &text[start..end]),
        nesting: 0,
        furthest: None,
    };
    let syn = p.iff().and_then(|e| {
        if p.c.at_end() {
            Ok(e)
        } else {
            Err(p.unexpected())
        }
    });
    let syn = match syn {
        Ok(s) => s,
        Err(mut e) => {
            if let Some(f) = p.furthest.take().filter(|f| f.at > e.at) {
                e = f;
            }
            diags.error(e.span, e.msg);
            return Err(Refused);
        }
    };
    let mut ck = Checker {
        tree,
        diags,
        failed: false,
    };
    let e = ck.boolean(&syn);
    if ck.failed {
        Err(Refused)
    } else {
        Ok(e)
    }
}

type PResult<T> = Result<T, SynErr>;

impl Parser<'_> {
    fn eat(&mut self, op: &str) -> bool {
        self.c.skip_ws();
        if self.c.rest().starts_with(op) {
            self.c.i += op.len();
            true
        } else {
            false
        }
    }

    fn err(&self, from: usize, to: usize, msg: String) -> SynErr {
        SynErr {
            at: from,
            span: self.c.span(from, to),
            msg,
        }
    }

    fn iff(&mut self) -> PResult<Syn> {
        let mut l = self.implies()?;
        let mut n = 0;
        while self.eat("<=>") {
            self.deeper(&mut n)?;
            let r = self.implies()?;
            l = Syn::Iff(Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn implies(&mut self) -> PResult<Syn> {
        let mut l = self.or()?;
        let mut n = 0;
        while self.eat("=>") {
            self.deeper(&mut n)?;
            let r = self.or()?;
            l = Syn::Implies(Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    /// Chains of `=>`, `<=>` and `!` nest the tree one level per operator: bounded like parentheses.
    fn deeper(&mut self, n: &mut usize) -> PResult<()> {
        *n += 1;
        if *n > MAX_NESTING {
            let at = self.c.i.saturating_sub(1);
            return Err(self.err(
                at,
                self.c.i,
                format!("constraint nested more than {MAX_NESTING} levels deep"),
            ));
        }
        Ok(())
    }

    fn or(&mut self) -> PResult<Syn> {
        let mut items = vec![self.and()?];
        while self.eat("|") {
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            Syn::Or(items)
        })
    }

    fn and(&mut self) -> PResult<Syn> {
        let mut items = vec![self.not()?];
        while self.eat("&") {
            items.push(self.not()?);
        }
        Ok(if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            Syn::And(items)
        })
    }

    fn not(&mut self) -> PResult<Syn> {
        let mut n = 0;
        while self.eat("!") {
            self.deeper(&mut n)?;
        }
        let mut e = self.atom()?;
        for _ in 0..n {
            e = Syn::Not(Box::new(e));
        }
        Ok(e)
    }

    /// An equation (`expr op expr`) or a boolean atom (reference or parenthesised constraint):
    /// the equation is tried first; when neither reads, the error that got further is kept.
    fn atom(&mut self) -> PResult<Syn> {
        self.c.skip_ws();
        let (save, nesting) = (self.c.i, self.nesting);
        let eq_err = match self.equation() {
            Ok(e) => return Ok(e),
            Err(e) => e,
        };
        self.c.i = save;
        self.nesting = nesting;
        match self.bool_atom() {
            Ok(e) => {
                if self.furthest.as_ref().is_none_or(|f| eq_err.at > f.at) {
                    self.furthest = Some(eq_err);
                }
                Ok(e)
            }
            Err(e) if e.at > eq_err.at => Err(e),
            Err(_) => Err(eq_err),
        }
    }

    fn equation(&mut self) -> PResult<Syn> {
        let l = self.sum()?;
        self.c.skip_ws();
        let at = self.c.i;
        let Some(op) = self.cmp_op() else {
            return Err(self.err(
                at,
                at + self.token_len(),
                "expected a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`) after an arithmetic expression".to_string(),
            ));
        };
        let op_span = self.c.span(at, self.c.i);
        let r = self.sum()?;
        Ok(Syn::Cmp(op, l, r, op_span))
    }

    fn cmp_op(&mut self) -> Option<CmpOp> {
        self.c.skip_ws();
        let r = self.c.rest();
        if r.starts_with("<=>") || r.starts_with("=>") {
            return None;
        }
        let (op, len) = if r.starts_with("==") {
            (CmpOp::Eq, 2)
        } else if r.starts_with("!=") {
            (CmpOp::Ne, 2)
        } else if r.starts_with("<=") {
            (CmpOp::Le, 2)
        } else if r.starts_with(">=") {
            (CmpOp::Ge, 2)
        } else if r.starts_with('<') {
            (CmpOp::Lt, 1)
        } else if r.starts_with('>') {
            (CmpOp::Gt, 1)
        } else {
            return None;
        };
        self.c.i += len;
        Some(op)
    }

    fn sum(&mut self) -> PResult<Num> {
        let mut l = self.product()?;
        loop {
            self.c.skip_ws();
            let at = self.c.i;
            let op = if self.eat("+") {
                ArOp::Add
            } else if self.eat("-") {
                ArOp::Sub
            } else {
                return Ok(l);
            };
            let span = self.c.span(at, at + 1);
            let r = self.product()?;
            l = Num::Bin(op, Box::new(l), Box::new(r), span);
        }
    }

    fn product(&mut self) -> PResult<Num> {
        let mut l = self.primary()?;
        loop {
            self.c.skip_ws();
            let at = self.c.i;
            let op = if self.eat("*") {
                ArOp::Mul
            } else if self.eat("/") {
                ArOp::Div
            } else {
                return Ok(l);
            };
            let span = self.c.span(at, at + 1);
            let r = self.primary()?;
            l = Num::Bin(op, Box::new(l), Box::new(r), span);
        }
    }

    fn open(&mut self) -> PResult<()> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return Err(self.err(
                self.c.i - 1,
                self.c.i,
                format!("constraint nested more than {MAX_NESTING} parentheses deep"),
            ));
        }
        Ok(())
    }

    fn close(&mut self) -> PResult<()> {
        if !self.eat(")") {
            return Err(self.unexpected());
        }
        self.nesting -= 1;
        Ok(())
    }

    fn primary(&mut self) -> PResult<Num> {
        self.c.skip_ws();
        let at = self.c.i;
        let r = self.c.rest();
        if self.eat("(") {
            self.open()?;
            let e = self.sum()?;
            self.close()?;
            return Ok(e);
        }
        // A number: digits with an optional fraction (a leading `-` is read as a sign).
        let digits = r.strip_prefix('-').unwrap_or(r);
        if digits.starts_with(|ch: char| ch.is_ascii_digit()) {
            let mut len = r.len() - digits.len();
            len += digits
                .find(|ch: char| !ch.is_ascii_digit())
                .unwrap_or(digits.len());
            let after = &r[len..];
            if let Some(frac) = after.strip_prefix('.') {
                let f = frac
                    .find(|ch: char| !ch.is_ascii_digit())
                    .unwrap_or(frac.len());
                if f > 0 {
                    len += 1 + f;
                }
            }
            self.c.i += len;
            let span = self.c.span(at, self.c.i);
            return match Decimal::from_str(&r[..len]) {
                Ok(d) => Ok(Num::Lit(d, span)),
                Err(_) => {
                    Err(self.err(at, at + len, format!("number `{}` out of range", &r[..len])))
                }
            };
        }
        if let Some(q) = r.strip_prefix('\'') {
            let Some(end) = q.find('\'') else {
                return Err(self.err(at, at + r.len(), "unclosed string `'`".to_string()));
            };
            self.c.i += end + 2;
            return Ok(Num::Str(self.c.span(at, self.c.i)));
        }
        let parts = self.reference()?;
        self.c.skip_ws();
        if parts.len() == 1 && !parts[0].quoted && self.eat("(") {
            self.open()?;
            let mut args = vec![self.reference()?];
            while self.eat(",") {
                args.push(self.reference()?);
            }
            self.close()?;
            let p = &parts[0];
            return Ok(Num::Call {
                name: p.name.clone(),
                span: self.c.span(at, self.c.i),
                args,
            });
        }
        Ok(Num::Ref(parts))
    }

    /// `name(.name)*`, names plain or `"quoted"`.
    fn reference(&mut self) -> PResult<Vec<Part>> {
        let mut parts = Vec::new();
        loop {
            self.c.skip_ws();
            let r = self.c.rest();
            let starts_name = r
                .chars()
                .next()
                .is_some_and(|ch| ch == '"' || !ends_name(ch));
            // Names of features never start with a digit here: numbers are read before.
            if !starts_name {
                return Err(self.unexpected());
            }
            let quoted = r.starts_with('"');
            let Some((name, span)) = self.c.name() else {
                return Err(self.unexpected());
            };
            parts.push(Part { name, span, quoted });
            if !self.c.rest().starts_with('.') {
                return Ok(parts);
            }
            self.c.i += 1;
        }
    }

    fn bool_atom(&mut self) -> PResult<Syn> {
        self.c.skip_ws();
        if self.eat("(") {
            self.open()?;
            let e = self.iff()?;
            self.close()?;
            return Ok(e);
        }
        Ok(Syn::Ref(self.reference()?))
    }

    fn token_len(&self) -> usize {
        let r = self.c.rest();
        r.char_indices()
            .find(|&(k, ch)| k > 0 && (ch.is_whitespace() || ch == '('))
            .map_or(r.len(), |(k, _)| k)
            .max(r.chars().next().map_or(0, char::len_utf8))
    }

    /// The token at the cursor cannot be read here.
    fn unexpected(&mut self) -> SynErr {
        self.c.skip_ws();
        let len = self.token_len();
        let tok = &self.c.rest()[..len];
        let msg = if tok.is_empty() {
            "the constraint ends early".to_string()
        } else {
            format!("unexpected `{tok}` in a constraint (expected a feature, `!`, `&`, `|`, `=>`, `<=>`, parentheses, or an arithmetic comparison)")
        };
        self.err(self.c.i, self.c.i + len, msg)
    }
}

/// An exact rational, `n / d` with `d > 0` and no common factor; None on overflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Q {
    n: i128,
    d: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Q {
    const ZERO: Q = Q { n: 0, d: 1 };
    const ONE: Q = Q { n: 1, d: 1 };

    fn new(n: i128, d: i128) -> Option<Q> {
        if d == 0 {
            return None;
        }
        let g = gcd(n, d).max(1);
        let s = if d < 0 { -1 } else { 1 };
        Some(Q {
            n: n.checked_div(g)?.checked_mul(s)?,
            d: d.checked_div(g)?.checked_mul(s)?,
        })
    }

    fn from_decimal(x: Decimal) -> Option<Q> {
        Q::new(x.mantissa(), 10i128.checked_pow(x.scale())?)
    }

    fn add(self, o: Q) -> Option<Q> {
        let g = gcd(self.d, o.d);
        let d = (self.d / g).checked_mul(o.d)?;
        let n = self
            .n
            .checked_mul(o.d / g)?
            .checked_add(o.n.checked_mul(self.d / g)?)?;
        Q::new(n, d)
    }

    fn neg(self) -> Q {
        Q {
            n: -self.n,
            d: self.d,
        }
    }

    fn mul(self, o: Q) -> Option<Q> {
        let g1 = gcd(self.n, o.d).max(1);
        let g2 = gcd(o.n, self.d).max(1);
        Q::new(
            (self.n / g1).checked_mul(o.n / g2)?,
            (self.d / g2).checked_mul(o.d / g1)?,
        )
    }

    fn inv(self) -> Option<Q> {
        Q::new(self.d, self.n)
    }

    fn is_zero(self) -> bool {
        self.n == 0
    }
}

/// A set of features whose attribute is averaged: (attribute, root of the subtree or None).
type AvgKey = (String, Option<usize>);

/// A number as a polynomial over the features (0/1), plus at most one average term, and the
/// selections of features (feature, selected) under which it divides by 0 and has no value.
#[derive(Debug, Clone)]
struct Val {
    poly: BTreeMap<Vec<usize>, Q>,
    avg: Option<(AvgKey, Q)>,
    undefined: Vec<Vec<(usize, bool)>>,
}

impl Val {
    fn constant(q: Q) -> Val {
        let mut poly = BTreeMap::new();
        if !q.is_zero() {
            poly.insert(Vec::new(), q);
        }
        Val::of(poly)
    }

    fn of(poly: BTreeMap<Vec<usize>, Q>) -> Val {
        Val {
            poly,
            avg: None,
            undefined: Vec::new(),
        }
    }

    /// Its value when it is a constant.
    fn as_constant(&self) -> Option<Q> {
        if self.avg.is_some()
            || !self.undefined.is_empty()
            || self.poly.keys().any(|k| !k.is_empty())
        {
            return None;
        }
        Some(self.poly.get(&Vec::new()).copied().unwrap_or(Q::ZERO))
    }
}

struct Checker<'a, 'd> {
    tree: &'a Tree,
    diags: &'d mut Diagnostics,
    failed: bool,
}

/// A refusal inside arithmetic: already reported.
struct Bad;

impl Checker<'_, '_> {
    fn refuse(&mut self, span: Span, msg: impl Into<String>) -> Bad {
        self.diags.error(span, msg.into());
        self.failed = true;
        Bad
    }

    fn boolean(&mut self, s: &Syn) -> Expr {
        match s {
            Syn::Ref(parts) => self.condition(parts),
            Syn::Not(x) => Expr::Not(Box::new(self.boolean(x))),
            Syn::And(xs) => Expr::And(xs.iter().map(|x| self.boolean(x)).collect()),
            Syn::Or(xs) => Expr::Or(xs.iter().map(|x| self.boolean(x)).collect()),
            Syn::Implies(a, b) => {
                Expr::Implies(Box::new(self.boolean(a)), Box::new(self.boolean(b)))
            }
            Syn::Iff(a, b) => Expr::Iff(Box::new(self.boolean(a)), Box::new(self.boolean(b))),
            Syn::Cmp(op, l, r, span) => self
                .comparison(*op, l, r, *span)
                .unwrap_or(Expr::Bool(false)),
        }
    }

    fn condition(&mut self, parts: &[Part]) -> Expr {
        let p = &parts[0];
        if parts.len() > 1 {
            let span = join(parts);
            self.refuse(
                span,
                format!(
                    "`{}` is an attribute, not a condition: compare it (`{0} > 0`)",
                    dotted(parts)
                ),
            );
            return Expr::Bool(false);
        }
        match self.tree.index.get(&p.name) {
            Some(&f) => {
                let feat = &self.tree.features[f];
                // An Integer feature in a condition is its selection.
                if let Some(ty) = feat.typed.as_ref().filter(|_| !feat.is_integer()) {
                    self.refuse(p.span, format!("`{}` is a {ty} feature: constraints over typed features (UVL's type level) are not supported", p.name));
                }
                Expr::Feature(f)
            }
            None if !p.quoted && (p.name == "true" || p.name == "false") => {
                Expr::Bool(p.name == "true")
            }
            None => {
                self.refuse(
                    p.span,
                    format!("unknown feature `{}` in a constraint", p.name),
                );
                Expr::Bool(false)
            }
        }
    }

    fn overflow(&mut self, span: Span) -> Bad {
        self.refuse(
            span,
            "numbers in this constraint exceed the exact range tailor computes with",
        )
    }

    /// `l op r`; false under the selections where a side divides by 0.
    fn comparison(&mut self, op: CmpOp, l: &Num, r: &Num, span: Span) -> Result<Expr, Bad> {
        let a = self.num(l);
        let b = self.num(r);
        let (a, b) = (a?, b?);
        let mut d = self.sub(a, b, span)?;
        let undefined = std::mem::take(&mut d.undefined);
        let holds = self.compared(d, op, span)?;
        if undefined.is_empty() {
            return Ok(holds);
        }
        let at = |(f, on): (usize, bool)| match on {
            true => Expr::Feature(f),
            false => Expr::Not(Box::new(Expr::Feature(f))),
        };
        let zero = undefined
            .into_iter()
            .map(|sel| Expr::And(sel.into_iter().map(at).collect()))
            .collect();
        Ok(Expr::And(vec![holds, Expr::Not(Box::new(Expr::Or(zero)))]))
    }

    fn compared(&mut self, d: Val, op: CmpOp, span: Span) -> Result<Expr, Bad> {
        let Some(((attr, root), k)) = d.avg.clone() else {
            return self.linear(&d.poly, op, span);
        };
        // k·avg + p op 0 with p constant  ⇔  avg op' -p/k.
        let Some(p) = Val::of(d.poly.clone()).as_constant() else {
            return Err(self.refuse(span, format!("`avg({attr})` compared with a non-constant expression: not linear (avg(a) can be compared with a number only), refused")));
        };
        let op = if k.n < 0 { op.flip() } else { op };
        let c = p
            .neg()
            .mul(k.inv().ok_or_else(|| self.overflow(span))?)
            .ok_or_else(|| self.overflow(span))?;
        // avg op c  ⇔  (n = 0 and 0 op c) or (n >= 1 and sum - c·n op 0).
        let scope = self.carriers(&attr, root);
        let mut poly = BTreeMap::new();
        let mut count = BTreeMap::new();
        for (f, v) in scope {
            let w = v.add(c.neg()).ok_or_else(|| self.overflow(span))?;
            if !w.is_zero() {
                poly.insert(vec![f], w);
            }
            count.insert(vec![f], Q::ONE);
        }
        let main = self.linear(&poly, op, span)?;
        let zero_holds = op.holds(0.cmp(&c.n));
        if zero_holds {
            let none = self.linear(&count, CmpOp::Eq, span)?;
            Ok(Expr::Or(vec![none, main]))
        } else {
            let mut some = count;
            some.insert(Vec::new(), Q::ONE.neg());
            let some = self.linear(&some, CmpOp::Ge, span)?;
            Ok(Expr::And(vec![some, main]))
        }
    }

    /// `poly op 0` with integer coefficients (scaled by the denominators' lcm, divided by the gcd).
    fn linear(
        &mut self,
        poly: &BTreeMap<Vec<usize>, Q>,
        op: CmpOp,
        span: Span,
    ) -> Result<Expr, Bad> {
        let mut lcm: i128 = 1;
        for q in poly.values() {
            let g = gcd(lcm, q.d);
            lcm = (lcm / g)
                .checked_mul(q.d)
                .ok_or_else(|| self.overflow(span))?;
        }
        let mut terms = Vec::new();
        let mut constant = 0;
        let mut g = 0;
        for (k, q) in poly {
            let v =
                q.n.checked_mul(lcm / q.d)
                    .ok_or_else(|| self.overflow(span))?;
            if v == 0 {
                continue;
            }
            g = gcd(g, v);
            if k.is_empty() {
                constant = v;
            } else {
                terms.push((k.clone(), v));
            }
        }
        if terms.is_empty() {
            return Ok(Expr::Bool(op.holds(constant.cmp(&0))));
        }
        let g = g.max(1);
        for t in &mut terms {
            t.1 /= g;
        }
        Ok(Expr::Lin(Lin {
            terms,
            constant: constant / g,
            op,
        }))
    }

    /// Features in scope carrying numeric attribute `attr`, with its value.
    fn carriers(&self, attr: &str, root: Option<usize>) -> Vec<(usize, Q)> {
        let mut scope = Vec::new();
        match root {
            None => scope.extend(0..self.tree.features.len()),
            Some(r) => {
                let mut stack = vec![r];
                while let Some(f) = stack.pop() {
                    scope.push(f);
                    for g in &self.tree.features[f].groups {
                        stack.extend(&g.children);
                    }
                }
                scope.sort_unstable();
            }
        }
        scope
            .into_iter()
            .filter_map(|f| {
                let v = self.tree.features[f]
                    .all_attrs
                    .iter()
                    .find(|(k, _)| k == attr)?
                    .1?;
                Some((f, Q::from_decimal(v)?))
            })
            .collect()
    }

    fn sub(&mut self, a: Val, b: Val, span: Span) -> Result<Val, Bad> {
        let mut nb = b;
        for q in nb.poly.values_mut() {
            *q = q.neg();
        }
        if let Some((_, q)) = &mut nb.avg {
            *q = q.neg();
        }
        self.add(a, nb, span)
    }

    fn add(&mut self, a: Val, b: Val, span: Span) -> Result<Val, Bad> {
        let mut poly = a.poly;
        for (k, q) in b.poly {
            let e = poly.entry(k).or_insert(Q::ZERO);
            *e = e.add(q).ok_or_else(|| self.overflow(span))?;
        }
        poly.retain(|_, q| !q.is_zero());
        if poly.len() > MAX_TERMS {
            return Err(self.refuse(
                span,
                format!("this arithmetic expands to more than {MAX_TERMS} terms, refused"),
            ));
        }
        let mut undefined = a.undefined;
        undefined.extend(b.undefined);
        undefined.sort();
        undefined.dedup();
        let avg = match (a.avg, b.avg) {
            (None, x) | (x, None) => x,
            (Some((ka, qa)), Some((kb, qb))) if ka == kb => {
                let q = qa.add(qb).ok_or_else(|| self.overflow(span))?;
                (!q.is_zero()).then_some((ka, q))
            }
            (Some(_), Some(_)) => {
                return Err(self.refuse(
                    span,
                    "two different averages in one comparison: not linear, refused",
                ));
            }
        };
        Ok(Val {
            poly,
            avg,
            undefined,
        })
    }

    fn scale(&mut self, v: Val, k: Q, span: Span) -> Result<Val, Bad> {
        if k.is_zero() {
            let mut z = Val::constant(Q::ZERO);
            z.undefined = v.undefined;
            return Ok(z);
        }
        let mut poly = BTreeMap::new();
        for (m, q) in v.poly {
            poly.insert(m, q.mul(k).ok_or_else(|| self.overflow(span))?);
        }
        let avg = match v.avg {
            Some((key, q)) => Some((key, q.mul(k).ok_or_else(|| self.overflow(span))?)),
            None => None,
        };
        Ok(Val {
            poly,
            avg,
            undefined: v.undefined,
        })
    }

    fn num(&mut self, n: &Num) -> Result<Val, Bad> {
        match n {
            Num::Lit(d, span) => {
                let q = Q::from_decimal(*d).ok_or_else(|| self.overflow(*span))?;
                Ok(Val::constant(q))
            }
            Num::Str(span) => Err(self.refuse(*span, "string literals (string constraints, UVL's type level) are not supported by the UVL importer; the constraint is refused, not dropped")),
            Num::Ref(parts) => self.reference(parts),
            Num::Call { name, span, args } => self.call(name, *span, args),
            Num::Bin(op, a, b, span) => {
                let x = self.num(a);
                let y = self.num(b);
                let (x, y) = (x?, y?);
                match op {
                    ArOp::Add => self.add(x, y, *span),
                    ArOp::Sub => self.sub(x, y, *span),
                    ArOp::Mul => self.mul(x, y, *span),
                    ArOp::Div => {
                        let Some(k) = y.as_constant() else {
                            return self.divide(x, y, *span);
                        };
                        let Some(inv) = k.inv() else {
                            return Err(self.refuse(*span, "division by zero"));
                        };
                        self.scale(x, inv, *span)
                    }
                }
            }
        }
    }

    fn mul(&mut self, x: Val, y: Val, span: Span) -> Result<Val, Bad> {
        if let Some(k) = x.as_constant() {
            return self.scale(y, k, span);
        }
        if let Some(k) = y.as_constant() {
            return self.scale(x, k, span);
        }
        if x.avg.is_some() || y.avg.is_some() {
            return Err(self.refuse(
                span,
                "an average multiplied by a non-constant expression: not linear, refused",
            ));
        }
        if x.poly.len().saturating_mul(y.poly.len()) > MAX_TERMS {
            return Err(self.refuse(
                span,
                format!("this product expands to more than {MAX_TERMS} terms, refused"),
            ));
        }
        let mut poly: BTreeMap<Vec<usize>, Q> = BTreeMap::new();
        for (ma, qa) in &x.poly {
            for (mb, qb) in &y.poly {
                let m = self.monomial(ma, mb);
                let q = qa.mul(*qb).ok_or_else(|| self.overflow(span))?;
                let e = poly.entry(m).or_insert(Q::ZERO);
                *e = e.add(q).ok_or_else(|| self.overflow(span))?;
            }
        }
        poly.retain(|_, q| !q.is_zero());
        let mut v = Val::of(poly);
        v.undefined = x.undefined;
        v.undefined.extend(y.undefined);
        Ok(v)
    }

    /// The product of two monomials. A selection squared is itself (0 or 1), a number squared
    /// is not; an Integer feature's number is 0 when it is deselected, so the number times
    /// its own selection is the number alone.
    fn monomial(&self, a: &[usize], b: &[usize]) -> Vec<usize> {
        let mut m: Vec<usize> = a.iter().chain(b).copied().collect();
        m.sort_unstable();
        m.dedup_by(|x, y| x == y && self.tree.value_of(*x).is_none());
        let numbers: Vec<usize> = m.iter().filter_map(|&v| self.tree.value_of(v)).collect();
        m.retain(|v| !numbers.contains(v));
        m
    }

    /// `x / y` for a divisor over a few features: exact in each selection of them (`y` is a
    /// number there), summed as `Σ [selection] · x / y(selection)`, a polynomial again. Where
    /// `y` is 0 the quotient has no value: the comparison reading it is false there, as tailor
    /// reads a quotient by 0.
    fn divide(&mut self, x: Val, y: Val, span: Span) -> Result<Val, Bad> {
        if x.avg.is_some() || y.avg.is_some() {
            return Err(self.refuse(
                span,
                "an average in a division by a non-constant expression: not linear, refused",
            ));
        }
        let mut read: Vec<usize> = y.poly.keys().flatten().copied().collect();
        read.sort_unstable();
        read.dedup();
        if let Some(f) = read.iter().find_map(|&v| self.tree.value_of(v)) {
            return Err(self.refuse(span, format!("division by `{}`, an Integer feature's number: UVL's division is exact (rational), which tailor's integer division is not; refused", self.tree.features[f].name)));
        }
        if read.len() > MAX_DIVISOR_FEATURES {
            return Err(self.refuse(span, format!("the divisor reads {} features; a division is expanded over every selection of them, at most {MAX_DIVISOR_FEATURES}, refused", read.len())));
        }
        let mut out = Val::constant(Q::ZERO);
        let mut undefined = x.undefined.clone();
        undefined.extend(y.undefined.iter().cloned());
        for bits in 0u32..1 << read.len() {
            let on = |f: usize| {
                read.iter()
                    .position(|&g| g == f)
                    .is_some_and(|i| bits >> i & 1 == 1)
            };
            let mut value = Q::ZERO;
            for (m, q) in &y.poly {
                if m.iter().all(|&f| on(f)) {
                    value = value.add(*q).ok_or_else(|| self.overflow(span))?;
                }
            }
            let selection: Vec<(usize, bool)> = read.iter().map(|&f| (f, on(f))).collect();
            let Some(inverse) = value.inv() else {
                undefined.push(selection);
                continue;
            };
            let mut term = self.scale(x.clone(), inverse, span)?;
            for (f, is_on) in selection {
                let mut poly = BTreeMap::new();
                poly.insert(vec![f], if is_on { Q::ONE } else { Q::ONE.neg() });
                if !is_on {
                    poly.insert(Vec::new(), Q::ONE);
                }
                term = self.mul(term, Val::of(poly), span)?;
            }
            out = self.add(out, term, span)?;
        }
        undefined.sort();
        undefined.dedup();
        out.undefined = undefined;
        Ok(out)
    }

    fn feature(&mut self, p: &Part) -> Result<usize, Bad> {
        match self.tree.index.get(&p.name) {
            Some(&f) => Ok(f),
            None => Err(self.refuse(
                p.span,
                format!("unknown feature `{}` in a constraint", p.name),
            )),
        }
    }

    fn reference(&mut self, parts: &[Part]) -> Result<Val, Bad> {
        let span = join(parts);
        if parts.len() > 2 {
            return Err(self.refuse(span, format!("`{}`: references to nested attributes (or into imported models) are not supported", dotted(parts))));
        }
        let f = self.feature(&parts[0])?;
        let feat = &self.tree.features[f];
        if parts.len() == 1 {
            if feat.is_integer() {
                let mut poly = BTreeMap::new();
                poly.insert(vec![self.tree.value_var(f)], Q::ONE);
                return Ok(Val::of(poly));
            }
            let msg = match &feat.typed {
                Some(ty) => format!("`{}` is a {ty} feature: constraints over typed features (UVL's type level) are not supported", feat.name),
                None => format!("`{}` is a Boolean feature, not a number: arithmetic reads attributes (`{0}.attr`), numbers and aggregates", feat.name),
            };
            return Err(self.refuse(span, msg));
        }
        let attr = &parts[1].name;
        match feat.all_attrs.iter().find(|(k, _)| k == attr) {
            Some((_, Some(v))) => {
                let q = Q::from_decimal(*v).ok_or_else(|| self.overflow(span))?;
                let mut poly = BTreeMap::new();
                if !q.is_zero() {
                    poly.insert(vec![f], q);
                }
                Ok(Val::of(poly))
            }
            Some((_, None)) => Err(self.refuse(span, format!("attribute `{attr}` of `{}` is not a number: string, boolean and nested attributes in constraints (UVL's type level) are not supported", feat.name))),
            None => Err(self.refuse(span, format!("feature `{}` has no attribute `{attr}`", feat.name))),
        }
    }

    fn call(&mut self, name: &str, span: Span, args: &[Vec<Part>]) -> Result<Val, Bad> {
        match name {
            "sum" | "avg" => {}
            "len" => return Err(self.refuse(span, "`len(...)`: string constraints (UVL's type level) are not supported by the UVL importer; the constraint is refused, not dropped")),
            "floor" | "ceil" => return Err(self.refuse(span, format!("`{name}(...)` rounds Real features (UVL's type level), which are not supported; the constraint is refused"))),
            _ => return Err(self.refuse(span, format!("unknown function `{name}` (UVL has sum, avg, len, floor, ceil)"))),
        }
        let (root, attr) = match args {
            [a] => (None, a),
            [r, a] => {
                if r.len() != 1 {
                    return Err(self.refuse(span, format!("`{name}(feature, attribute)` needs a feature first")));
                }
                (Some(self.feature(&r[0])?), a)
            }
            _ => return Err(self.refuse(span, format!("`{name}` takes an attribute, optionally after a feature: `{name}(attr)` or `{name}(Feature, attr)`"))),
        };
        if attr.len() != 1 {
            return Err(self.refuse(
                span,
                format!("`{name}` takes an attribute name, not `{}`", dotted(attr)),
            ));
        }
        let attr = attr[0].name.clone();
        let carriers = self.carriers(&attr, root);
        if carriers.is_empty() {
            return Err(self.refuse(
                span,
                format!(
                    "no feature{} carries a numeric attribute `{attr}`",
                    match root {
                        Some(r) => format!(" under `{}`", self.tree.features[r].name),
                        None => String::new(),
                    }
                ),
            ));
        }
        if name == "avg" {
            return Ok(Val {
                poly: BTreeMap::new(),
                avg: Some(((attr, root), Q::ONE)),
                undefined: Vec::new(),
            });
        }
        let mut poly = BTreeMap::new();
        for (f, q) in carriers {
            if !q.is_zero() {
                poly.insert(vec![f], q);
            }
        }
        Ok(Val::of(poly))
    }
}

/// The span of a whole reference.
fn join(parts: &[Part]) -> Span {
    let (a, b) = (parts[0].span, parts[parts.len() - 1].span);
    Span::new(a.file, a.start, b.end)
}

fn dotted(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(".")
}
