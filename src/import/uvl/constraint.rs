//! UVL constraints at the boolean level (`!`, `&`, `|`, `=>`, `<=>`, parentheses) over feature
//! names. Arithmetic and type-level constraints are refused at the construct, never dropped.

use super::scan::{ends_name, Cursor};
use super::tree::Tree;
use crate::diagnostic::Diagnostics;
use crate::source::{FileId, Span};

#[derive(Debug, Clone)]
pub enum Expr {
    Feature(usize),
    Bool(bool),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Implies(Box<Expr>, Box<Expr>),
    Iff(Box<Expr>, Box<Expr>),
}

/// Parentheses nest at most this deep (the parser recurses on them).
const MAX_NESTING: usize = 200;

/// Why a constraint was refused: already reported.
pub struct Refused;

struct Parser<'a, 'd> {
    c: Cursor<'a>,
    tree: &'a Tree,
    diags: &'d mut Diagnostics,
    nesting: usize,
}

/// Parses one constraint (`text` is the cleaned file text, the constraint at `start..end`).
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
        tree,
        diags,
        nesting: 0,
    };
    let e = p.iff()?;
    if !p.c.at_end() {
        return Err(p.refuse());
    }
    Ok(e)
}

impl Parser<'_, '_> {
    fn eat(&mut self, op: &str) -> bool {
        self.c.skip_ws();
        // `=>` must not be read out of `<=>`, nor `|` out of `||`-less text: operators are whole.
        if self.c.rest().starts_with(op) {
            self.c.i += op.len();
            true
        } else {
            false
        }
    }

    fn iff(&mut self) -> Result<Expr, Refused> {
        let mut l = self.implies()?;
        let mut n = 0;
        while self.eat("<=>") {
            self.deeper(&mut n)?;
            let r = self.implies()?;
            l = Expr::Iff(Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn implies(&mut self) -> Result<Expr, Refused> {
        let mut l = self.or()?;
        let mut n = 0;
        while self.eat("=>") {
            self.deeper(&mut n)?;
            let r = self.or()?;
            l = Expr::Implies(Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    /// Chains of `=>`, `<=>` and `!` nest the tree one level per operator: bounded like parentheses.
    fn deeper(&mut self, n: &mut usize) -> Result<(), Refused> {
        *n += 1;
        if *n > MAX_NESTING {
            let s = self.c.span(self.c.i.saturating_sub(1), self.c.i);
            self.diags.error(
                s,
                format!("constraint nested more than {MAX_NESTING} levels deep"),
            );
            return Err(Refused);
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Expr, Refused> {
        let mut items = vec![self.and()?];
        while self.eat("|") {
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            Expr::Or(items)
        })
    }

    fn and(&mut self) -> Result<Expr, Refused> {
        let mut items = vec![self.not()?];
        while self.eat("&") {
            items.push(self.not()?);
        }
        Ok(if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            Expr::And(items)
        })
    }

    fn not(&mut self) -> Result<Expr, Refused> {
        let mut n = 0;
        while self.eat("!") {
            self.deeper(&mut n)?;
        }
        let mut e = self.atom()?;
        for _ in 0..n {
            e = Expr::Not(Box::new(e));
        }
        Ok(e)
    }

    fn atom(&mut self) -> Result<Expr, Refused> {
        self.c.skip_ws();
        if self.eat("(") {
            self.nesting += 1;
            if self.nesting > MAX_NESTING {
                let s = self.c.span(self.c.i - 1, self.c.i);
                self.diags.error(
                    s,
                    format!("constraint nested more than {MAX_NESTING} parentheses deep"),
                );
                return Err(Refused);
            }
            let e = self.iff()?;
            if !self.eat(")") {
                return Err(self.refuse());
            }
            self.nesting -= 1;
            return Ok(e);
        }
        let starts_name = self
            .c
            .rest()
            .chars()
            .next()
            .is_some_and(|ch| ch == '"' || !ends_name(ch));
        if !starts_name {
            return Err(self.refuse());
        }
        let save = self.c.i;
        let Some((name, span)) = self.c.name() else {
            return Err(self.refuse());
        };
        // A function call or a number belongs to the arithmetic and type levels.
        let quoted = self.c.text[save..].starts_with('"');
        if !quoted
            && (name.starts_with(|ch: char| ch.is_ascii_digit() || ch == '-')
                || self.c.rest().starts_with('('))
        {
            self.c.i = save;
            return Err(self.refuse());
        }
        if !quoted && (name == "true" || name == "false") && !self.tree.index.contains_key(&name) {
            return Ok(Expr::Bool(name == "true"));
        }
        match self.tree.index.get(&name) {
            Some(&f) => Ok(Expr::Feature(f)),
            None => {
                self.diags
                    .error(span, format!("unknown feature `{name}` in a constraint"));
                Err(Refused)
            }
        }
    }

    /// The token at the cursor cannot be read at the boolean level: say what it is.
    fn refuse(&mut self) -> Refused {
        self.c.skip_ws();
        let r = self.c.rest();
        let len = r
            .char_indices()
            .find(|&(k, ch)| k > 0 && (ch.is_whitespace() || ch == '('))
            .map_or(r.len(), |(k, _)| k)
            .max(r.chars().next().map_or(0, char::len_utf8));
        let tok = &r[..len];
        let span: Span = self.c.span(self.c.i, self.c.i + len);
        let what = if tok.is_empty() {
            "the constraint ends early".to_string()
        } else if tok.starts_with(['=', '<', '>', '+', '-', '*', '/', '.', '\''])
            || tok.starts_with(|ch: char| ch.is_ascii_digit())
            || r[len..].starts_with('(')
        {
            format!("`{tok}`: arithmetic, attribute and string constraints (UVL's arithmetic and type levels) are not supported by the importer; the constraint is refused, not dropped")
        } else {
            format!("unexpected `{tok}` in a constraint (expected a feature, `!`, `&`, `|`, `=>`, `<=>` or parentheses)")
        };
        self.diags.error(span, what);
        Refused
    }
}
