//! Expression pairs to syntax tree: operators folded by precedence without recursion, conditions
//! sorted from numbers (the grammar reads both alike), and the nesting depth kept within
//! [`MAX_DEPTH`] so that later passes may recurse.

use super::ast::*;
use super::nesting::{too_deep_message, MAX_DEPTH};
use super::pairs::{Builder, Rule};
use crate::source::Span;
use pest::iterators::Pair;

/// A node being built and how many levels it nests (a leaf is 1).
pub(super) struct Deep<T> {
    pub node: T,
    pub depth: usize,
}

fn deep<T>(node: T, depth: usize) -> Deep<T> {
    Deep { node, depth }
}

/// A boolean operator and how it binds: `not` tightest, then `and`, `or`, and the right-associative
/// `->`, `<->`, `requires`, `excludes`.
#[derive(Clone, Copy)]
pub(super) enum Op {
    Not,
    Infix(BoolOp),
}

impl Op {
    pub(super) fn precedence(self) -> u8 {
        match self {
            Op::Not => 4,
            Op::Infix(BoolOp::And) => 3,
            Op::Infix(BoolOp::Or) => 2,
            Op::Infix(_) => 1,
        }
    }
}

/// An operand on the folding stack; `open` marks an `and`/`or` chain built here, which a following
/// operator of the same kind extends (a parenthesised chain is not extended: the tree stays as written).
struct Operand {
    e: Deep<Expr>,
    open: bool,
}

impl Builder<'_> {
    /// A condition. Operators are folded with two stacks (shunting-yard), so ten thousand `not`s or
    /// `and`s do not recurse; None when it nests too deeply or a number stands for a condition.
    pub(super) fn expr(&self, p: Pair<Rule>) -> Option<Deep<Expr>> {
        let mut operands: Vec<Operand> = Vec::new();
        let mut ops: Vec<(Op, Span)> = Vec::new();
        for q in p.into_inner() {
            let op = match q.as_rule() {
                Rule::op_not => Op::Not,
                Rule::op_and => Op::Infix(BoolOp::And),
                Rule::op_or => Op::Infix(BoolOp::Or),
                Rule::op_iff => Op::Infix(BoolOp::Iff),
                Rule::op_implies => Op::Infix(BoolOp::Implies),
                Rule::op_requires => Op::Infix(BoolOp::Requires),
                Rule::op_excludes => Op::Infix(BoolOp::Excludes),
                _ => {
                    let e = self.primary(q)?;
                    operands.push(Operand { e, open: false });
                    continue;
                }
            };
            if let Op::Infix(_) = op {
                // Fold what binds at least as tightly (only tighter for right-associative operators).
                let right_assoc = op.precedence() == 1;
                while let Some(&(top, at)) = ops.last() {
                    let binds = matches!(top, Op::Not)
                        || top.precedence() > op.precedence()
                        || (top.precedence() == op.precedence() && !right_assoc);
                    if !binds {
                        break;
                    }
                    ops.pop();
                    self.fold(&mut operands, top, at)?;
                }
            }
            ops.push((op, self.span(&q)));
        }
        while let Some((op, at)) = ops.pop() {
            self.fold(&mut operands, op, at)?;
        }
        operands.pop().map(|o| o.e)
    }

    /// Applies one operator to the operands on top of the stack.
    fn fold(&self, operands: &mut Vec<Operand>, op: Op, at: Span) -> Option<()> {
        let b = operands.pop().expect("grammar: an operator has operands");
        let folded = match op {
            Op::Not => {
                let span = Span::new(self.file, at.start, b.e.node.span.end);
                let e = Expr {
                    kind: ExprKind::Not(Box::new(b.e.node)),
                    span,
                };
                Operand {
                    e: deep(e, b.e.depth + 1),
                    open: false,
                }
            }
            Op::Infix(o) => {
                let a = operands
                    .pop()
                    .expect("grammar: an infix operator has two operands");
                let span = Span::new(self.file, a.e.node.span.start, b.e.node.span.end);
                match (o, a) {
                    (BoolOp::And | BoolOp::Or, a) if a.open && chain_of(&a.e.node) == Some(o) => {
                        let mut chain = a.e;
                        chain.depth = chain.depth.max(b.e.depth + 1);
                        chain.node.span = span;
                        if let ExprKind::Chain(_, items) = &mut chain.node.kind {
                            items.push(b.e.node);
                        }
                        Operand {
                            e: chain,
                            open: true,
                        }
                    }
                    (BoolOp::And | BoolOp::Or, a) => Operand {
                        e: deep(
                            Expr {
                                kind: ExprKind::Chain(o, vec![a.e.node, b.e.node]),
                                span,
                            },
                            a.e.depth.max(b.e.depth) + 1,
                        ),
                        open: true,
                    },
                    (_, a) => Operand {
                        e: deep(
                            Expr {
                                kind: ExprKind::Binary(o, Box::new(a.e.node), Box::new(b.e.node)),
                                span,
                            },
                            a.e.depth.max(b.e.depth) + 1,
                        ),
                        open: false,
                    },
                }
            }
        };
        self.within_depth(folded.e.depth, at)?;
        operands.push(folded);
        Some(())
    }

    /// None (and a diagnostic at `at`) when `depth` is more than the limit.
    fn within_depth(&self, depth: usize, at: Span) -> Option<()> {
        if depth > MAX_DEPTH {
            self.diags.borrow_mut().error(at, too_deep_message());
            return None;
        }
        Some(())
    }

    fn primary(&self, p: Pair<Rule>) -> Option<Deep<Expr>> {
        let span = self.span(&p);
        match p.as_rule() {
            Rule::in_test => {
                let mut it = p.into_inner();
                let path = self.path(it.next().expect("grammar: in has a path"));
                it.next();
                let kind = ExprKind::In(path, it.map(|v| self.lit(v)).collect());
                Some(deep(Expr { kind, span }, 1))
            }
            Rule::operand => {
                let mut it = p.into_inner();
                let l = it.next().expect("grammar: an operand has a sum");
                let Some(op) = it.next() else {
                    return self.condition(l);
                };
                let l = self.sum(l)?;
                let op = match op.as_str() {
                    "=" => CmpOp::Eq,
                    "!=" => CmpOp::Ne,
                    "<" => CmpOp::Lt,
                    "<=" => CmpOp::Le,
                    ">" => CmpOp::Gt,
                    ">=" => CmpOp::Ge,
                    other => unreachable!("grammar: cmp_op is atomic, got {other:?}"),
                };
                let r = self.sum(it.next().expect("grammar: comparison rhs"))?;
                let depth = l.depth.max(r.depth) + 1;
                let e = Expr {
                    kind: ExprKind::Cmp(l.node, op, r.node),
                    span,
                };
                self.within_depth(depth, span)?;
                Some(deep(e, depth))
            }
            r => unreachable!("grammar: unexpected primary {r:?}"),
        }
    }

    /// A sum standing alone where a condition belongs: a path, `true`/`false` or a parenthesised
    /// condition; anything else is a number, which is an error.
    fn condition(&self, sum: Pair<Rule>) -> Option<Deep<Expr>> {
        let span = self.span(&sum);
        if let Some(atom) = single_atom(sum.clone()) {
            let kind = match atom.as_rule() {
                Rule::path => ExprKind::Path(self.path(atom)),
                Rule::kw_true => ExprKind::Bool(true),
                Rule::kw_false => ExprKind::Bool(false),
                Rule::group => {
                    let inner = atom
                        .into_inner()
                        .next()
                        .expect("grammar: a group holds an expr");
                    return self.expr(inner);
                }
                _ => return self.not_a_condition(span),
            };
            return Some(deep(Expr { kind, span }, 1));
        }
        self.not_a_condition(span)
    }

    fn not_a_condition(&self, span: Span) -> Option<Deep<Expr>> {
        let text = self.text[span.start..span.end].trim();
        let shown = if text.chars().count() <= 40 {
            format!("`{text}`")
        } else {
            "this".to_string()
        };
        self.diags.borrow_mut().error(
            span,
            format!("{shown} is a number, not a condition: compare it (=, !=, <, <=, >, >=)"),
        );
        None
    }

    pub(super) fn sum(&self, p: Pair<Rule>) -> Option<Deep<Num>> {
        self.chain(p, Rule::term)
    }

    /// A sum (`term (+|- term)*`) or a term (`factor (*|/ factor)*`), flat.
    fn chain(&self, p: Pair<Rule>, item: Rule) -> Option<Deep<Num>> {
        let span = self.span(&p);
        let mut it = p.into_inner();
        let part = |q: Pair<Rule>| {
            if item == Rule::term {
                self.chain(q, Rule::factor)
            } else {
                self.factor(q)
            }
        };
        let first = part(it.next().expect("grammar: a sum or term has an operand"))?;
        let mut deepest = first.depth;
        let mut rest = Vec::new();
        while let Some(op) = it.next() {
            let r = part(it.next().expect("grammar: an operator has a right side"))?;
            let o = match op.as_str() {
                "+" => ArithOp::Add,
                "-" => ArithOp::Sub,
                "*" => ArithOp::Mul,
                "/" => ArithOp::Div,
                "%" => ArithOp::Rem,
                other => unreachable!("grammar: add_op and mul_op are atomic, got {other:?}"),
            };
            deepest = deepest.max(r.depth);
            rest.push((o, r.node));
        }
        if rest.is_empty() {
            return Some(first);
        }
        let depth = deepest + 1;
        self.within_depth(depth, span)?;
        let kind = NumKind::Chain(Box::new(first.node), rest);
        Some(deep(Num { kind, span }, depth))
    }

    fn factor(&self, p: Pair<Rule>) -> Option<Deep<Num>> {
        let span = self.span(&p);
        let mut it = p.into_inner();
        let first = it.next().expect("grammar: factor has an atom");
        if first.as_rule() != Rule::neg {
            return self.atom(first);
        }
        let inner = self.atom(it.next().expect("grammar: negation has an atom"))?;
        self.within_depth(inner.depth + 1, span)?;
        let kind = NumKind::Neg(Box::new(inner.node));
        Some(deep(Num { kind, span }, inner.depth + 1))
    }

    fn atom(&self, p: Pair<Rule>) -> Option<Deep<Num>> {
        let span = self.span(&p);
        let kind = match p.as_rule() {
            Rule::number => NumKind::Number(self.number(&p)),
            Rule::kw_true => NumKind::Bool(true),
            Rule::kw_false => NumKind::Bool(false),
            Rule::path => NumKind::Path(self.path(p)),
            Rule::group => return self.group_number(p),
            Rule::count_of => {
                NumKind::Count(self.path(p.into_inner().nth(1).expect("grammar: count(path)")))
            }
            Rule::sum_of => {
                NumKind::Sum(self.path(p.into_inner().nth(1).expect("grammar: sum(path)")))
            }
            Rule::total_of => {
                NumKind::Total(self.ident(p.into_inner().nth(1).expect("grammar: total(name)")))
            }
            Rule::price_of => NumKind::Price(super::pairs::period(
                p.into_inner().nth(1).map(|q| q.as_str()).unwrap_or("once"),
            )),
            Rule::ite => {
                let mut it = p.into_inner();
                it.next();
                let c = self.expr(it.next().expect("grammar: if condition"))?;
                it.next();
                let a = self.sum(it.next().expect("grammar: then branch"))?;
                it.next();
                let b = self.sum(it.next().expect("grammar: else branch"))?;
                let depth = c.depth.max(a.depth).max(b.depth) + 1;
                self.within_depth(depth, span)?;
                let kind = NumKind::If(Box::new(c.node), Box::new(a.node), Box::new(b.node));
                return Some(deep(Num { kind, span }, depth));
            }
            r => unreachable!("grammar: unexpected atom {r:?}"),
        };
        Some(deep(Num { kind, span }, 1))
    }

    /// `( ... )` in arithmetic: it must hold a number, not a condition.
    fn group_number(&self, group: Pair<Rule>) -> Option<Deep<Num>> {
        let span = self.span(&group);
        let expr = group
            .into_inner()
            .next()
            .expect("grammar: a group holds an expr");
        let mut it = expr.into_inner();
        if let (Some(operand), None) = (it.next(), it.next()) {
            if operand.as_rule() == Rule::operand {
                let mut parts = operand.into_inner();
                if let (Some(sum), None) = (parts.next(), parts.next()) {
                    return self.sum(sum);
                }
            }
        }
        self.diags.borrow_mut().error(
            span,
            "this is a condition, not a number: write `if ... then 1 else 0` to count it",
        );
        None
    }
}

/// The operator of an `and`/`or` chain.
fn chain_of(e: &Expr) -> Option<BoolOp> {
    match &e.kind {
        ExprKind::Chain(op, _) => Some(*op),
        _ => None,
    }
}

/// The atom of a sum that is one term of one factor without a sign, if it is one.
fn single_atom(sum: Pair<Rule>) -> Option<Pair<Rule>> {
    let mut terms = sum.into_inner();
    let (term, None) = (terms.next()?, terms.next()) else {
        return None;
    };
    let mut factors = term.into_inner();
    let (factor, None) = (factors.next()?, factors.next()) else {
        return None;
    };
    let mut parts = factor.into_inner();
    match (parts.next()?, parts.next()) {
        (atom, None) if atom.as_rule() != Rule::neg => Some(atom),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::front::ast::{ArithOp, CmpOp, ExprKind, NumKind, Stmt};
    use crate::front::{load_yaml as load_str, rule_text::parse_rules, NoIncludes};
    use crate::source::FileId;

    /// The operators of `rule r: <text>`, which must be one comparison of a sum.
    fn operators(text: &str) -> (CmpOp, Vec<ArithOp>) {
        let mut d = crate::diagnostic::Diagnostics::default();
        let stmts = parse_rules(FileId(0), &format!("rule r: {text}"), &mut d);
        assert!(d.is_empty(), "{:?}", d.items);
        let Some(Stmt::Rule(r)) = stmts.into_iter().next() else {
            panic!("not a rule")
        };
        let ExprKind::Cmp(l, op, _) = r.body.kind else {
            panic!("not a comparison")
        };
        let ops = match l.kind {
            NumKind::Chain(_, rest) => rest.into_iter().map(|(o, _)| o).collect(),
            _ => Vec::new(),
        };
        (op, ops)
    }

    #[test]
    fn operators_are_read_exactly() {
        // Whitespace after an operator with a lookahead once became part of its text (`< ` read as >=).
        for (text, op) in [
            ("a < 3", CmpOp::Lt),
            ("a<3", CmpOp::Lt),
            ("a <= 3", CmpOp::Le),
            ("a > 3", CmpOp::Gt),
            ("a >= 3", CmpOp::Ge),
            ("a = 3", CmpOp::Eq),
            ("a != 3", CmpOp::Ne),
        ] {
            assert_eq!(operators(text).0, op, "{text}");
        }
        assert_eq!(
            operators("a - 1 + b * 2 >= 0").1,
            vec![ArithOp::Sub, ArithOp::Add]
        );
    }

    /// Loads a catalog with one rule on a thread with a small stack (1 MiB, half a test thread's):
    /// the messages of its diagnostics.
    fn check(rule: String) -> Vec<String> {
        std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                let text = format!(
                    "catalog: deep\ncomponents:\n  tv: {{ optional: true }}\n  box:\n    features:\n      n: {{ int: {{ min: 0, max: 9 }} }}\nrules: |\n  {rule}\n"
                );
                let loaded = load_str("deep.yaml", &text, &NoIncludes);
                assert_eq!(loaded.model.is_some(), !loaded.diagnostics.has_errors());
                loaded.diagnostics.items.iter().map(|d| d.message.clone()).collect()
            })
            .expect("spawn")
            .join()
            .expect("the front end must not panic or overflow its stack")
    }

    fn too_deep(rule: String) {
        let msgs = check(rule);
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(
            msgs[0].contains("nested too deeply (more than 64 levels)"),
            "{msgs:?}"
        );
    }

    const N: usize = 10_000;

    #[test]
    fn long_flat_chains_do_not_nest() {
        assert_eq!(
            check(format!("rule r: tv{}", " and tv".repeat(N))),
            Vec::<String>::new()
        );
        assert_eq!(
            check(format!("rule r: tv{}", " or tv".repeat(N))),
            Vec::<String>::new()
        );
        assert_eq!(
            check(format!("rule r: 0{} <= 9", " + box.n - 1".repeat(N))),
            Vec::<String>::new()
        );
    }

    #[test]
    fn deep_nesting_is_a_diagnostic() {
        too_deep(format!("rule r: {}tv", "not ".repeat(N)));
        too_deep(format!("rule r: {}tv", "!".repeat(N)));
        too_deep(format!("rule r: tv{}", " -> tv".repeat(N)));
        too_deep(format!("rule r: {}tv{}", "(".repeat(N), ")".repeat(N)));
        too_deep(format!("rule r: {}tv{}", "not (".repeat(N), ")".repeat(N)));
        too_deep(format!(
            "rule r: box.n = {}0",
            "if tv then 1 else ".repeat(N)
        ));
        too_deep(format!("rule r: {}1{} > 0", "-(".repeat(N), ")".repeat(N)));
    }

    #[test]
    fn nesting_up_to_the_limit_is_read_once() {
        // Each level is a condition in parentheses inside an `if` inside a sum: when both readings
        // of `(` were tried, every level doubled the work (2^20 here).
        let rule = format!(
            "rule r: {}box.n > 0{}",
            "(if (".repeat(20),
            ") then 1 else 2) > 0".repeat(20)
        );
        assert_eq!(check(rule), Vec::<String>::new());
        let rule = format!("rule r: {}tv{}", "(".repeat(64), ")".repeat(64));
        assert_eq!(check(rule), Vec::<String>::new());
    }

    #[test]
    fn numbers_and_conditions_are_told_apart() {
        let m = check("rule r: box.n + 1".to_string());
        assert!(
            m[0].contains("`box.n + 1` is a number, not a condition"),
            "{m:?}"
        );
        let m = check("rule r: (tv or tv) + 1 > 0".to_string());
        assert!(m[0].contains("is a condition, not a number"), "{m:?}");
        assert_eq!(
            check("rule r: (box.n + 1) * 2 > (3) and (tv)".to_string()),
            Vec::<String>::new()
        );
    }

    #[test]
    fn constant_overflow_is_a_diagnostic() {
        let m = check(format!("rule r: 1{} > 0", " * 1000".repeat(20)));
        assert!(m[0].contains("number too large"), "{m:?}");
    }
}
