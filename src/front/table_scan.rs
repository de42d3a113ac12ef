//! A hand-written scanner for table bodies, accepting exactly the grammar's `table_rows` (checked by a
//! property test); pest builds a token per cell, which made 200k-row tables slow to load.

use super::ast::{Cell, Lit, LitKind};
use crate::source::{FileId, Span};

/// Where a body stops being a table, and what would have been accepted there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanError {
    /// Byte offset relative to the body.
    pub at: usize,
    /// What the grammar allows there, for the message ("`,` or `)`").
    pub expected: &'static str,
}

/// The offset of the `}` closing a body whose text starts at `from` (just after its `{`), as the
/// grammar's `table_body` skims it: the first `}` outside a `#` comment. None when there is none.
pub fn closing_brace(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        i += memchr::memchr2(b'}', b'#', b.get(i..)?)?;
        if b[i] == b'}' {
            return Some(i);
        }
        i += memchr::memchr(b'\n', &b[i..])?;
    }
}

/// Scans `{ (a, b), (c, (d, e)), ... }`, passing each row's cells and span to `row`; `base` is
/// the body's offset in its file. The number of rows, or the first thing it cannot accept.
pub fn scan_rows(
    file: FileId,
    body: &str,
    base: usize,
    row: &mut dyn FnMut(&[Cell], Span),
) -> Result<usize, ScanError> {
    let mut s = Scanner {
        b: body.as_bytes(),
        i: 0,
        file,
        base,
    };
    s.ws();
    s.expect(b'{', "`{`")?;
    let mut cells = Vec::new();
    let mut rows = 0;
    s.ws();
    if s.peek() == Some(b'}') {
        s.i += 1;
        return s.end(rows);
    }
    loop {
        cells.clear();
        let span = s.row(&mut cells)?;
        row(&cells, span);
        rows += 1;
        s.ws();
        match s.peek() {
            Some(b',') => {
                s.i += 1;
                s.ws();
                if s.peek() == Some(b'}') {
                    s.i += 1;
                    return s.end(rows);
                }
            }
            Some(b'}') => {
                s.i += 1;
                return s.end(rows);
            }
            _ => return Err(s.error("`,` or `}`")),
        }
    }
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    file: FileId,
    base: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn span(&self, start: usize) -> Span {
        Span::new(self.file, self.base + start, self.base + self.i)
    }

    fn error(&self, expected: &'static str) -> ScanError {
        ScanError {
            at: self.i,
            expected,
        }
    }

    fn end(mut self, rows: usize) -> Result<usize, ScanError> {
        self.ws();
        if self.i == self.b.len() {
            Ok(rows)
        } else {
            Err(self.error("the end of the table"))
        }
    }

    /// Whitespace and `#` comments, as the grammar's implicit WHITESPACE and COMMENT.
    fn ws(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\r' | b'\n' => self.i += 1,
                b'#' => {
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.i += 1;
                    }
                }
                _ => break,
            }
        }
    }

    fn expect(&mut self, c: u8, expected: &'static str) -> Result<(), ScanError> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.error(expected))
        }
    }

    /// One row's cells into `cells`; its span.
    fn row(&mut self, cells: &mut Vec<Cell>) -> Result<Span, ScanError> {
        let start = self.i;
        self.expect(b'(', "a row `(v, ...)`")?;
        loop {
            self.ws();
            cells.push(self.cell()?);
            self.ws();
            match self.peek() {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                    if self.peek() == Some(b')') {
                        self.i += 1;
                        break;
                    }
                }
                Some(b')') => {
                    self.i += 1;
                    break;
                }
                _ => return Err(self.error("`,` or `)`")),
            }
        }
        Ok(self.span(start))
    }

    #[inline(always)]
    fn cell(&mut self) -> Result<Cell, ScanError> {
        let start = self.i;
        match self.peek() {
            Some(b'*') => {
                self.i += 1;
                Ok(Cell::Any(self.span(start)))
            }
            Some(b'(') => {
                self.i += 1;
                let mut alts = Vec::new();
                loop {
                    self.ws();
                    alts.push(self.value()?);
                    self.ws();
                    match self.peek() {
                        Some(b',') => {
                            self.i += 1;
                            self.ws();
                            if self.peek() == Some(b')') {
                                self.i += 1;
                                break;
                            }
                        }
                        Some(b')') => {
                            self.i += 1;
                            break;
                        }
                        _ => return Err(self.error("`,` or `)`")),
                    }
                }
                Ok(Cell::Alternatives(Box::new((alts, self.span(start)))))
            }
            _ => Ok(Cell::One(self.value()?)),
        }
    }

    // Inlined: returned through memory, a `Result<Lit, _>` was copied in overlapping pieces the
    // processor could not forward, which was three quarters of a Megane table scan.
    #[inline(always)]
    fn value(&mut self) -> Result<Lit, ScanError> {
        let start = self.i;
        let kind = match self.peek() {
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_') {
                    self.i += 1;
                }
                LitKind::Name
            }
            Some(c) if c.is_ascii_digit() || c == b'-' => {
                if c == b'-' {
                    self.i += 1;
                }
                self.digits()?;
                if self.peek() == Some(b'.')
                    && self.b.get(self.i + 1).is_some_and(|d| d.is_ascii_digit())
                {
                    self.i += 1;
                    self.digits()?;
                }
                LitKind::Number
            }
            Some(b'"') => {
                self.i += 1;
                loop {
                    match self.peek() {
                        Some(b'"') => break,
                        Some(b'\\') if self.i + 1 < self.b.len() => self.i += 2,
                        None | Some(b'\n') | Some(b'\\') => {
                            return Err(self.error("the closing `\"`"))
                        }
                        Some(_) => self.i += 1,
                    }
                }
                self.i += 1;
                LitKind::Str
            }
            _ => return Err(self.error("a value")),
        };
        Ok(Lit {
            span: self.span(start),
            kind,
        })
    }

    fn digits(&mut self) -> Result<(), ScanError> {
        let s = self.i;
        while matches!(self.peek(), Some(c) if c.is_ascii_digit()) {
            self.i += 1;
        }
        if self.i == s {
            Err(self.error("a digit"))
        } else {
            Ok(())
        }
    }
}
