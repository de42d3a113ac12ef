//! COOM tokens: names (plain, unicode or quoted), numbers, punctuation; comments skipped, and each
//! token remembers whether a line break came before it (COOM ends statements at line breaks).

use crate::diagnostic::Diagnostics;
use crate::source::{FileId, Span};

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A name; `quoted` when written in quotes (then it is never a keyword).
    Name { text: String, quoted: bool },
    /// A number as written (`12`, `8.82`).
    Num(String),
    /// `∞`.
    Infinity,
    /// Punctuation and operators, as written (`..`, `<=`, `-*-`, `&&`, ...).
    Punct(&'static str),
    /// `#`, `##`, ... (decimal places of a `num`).
    Hashes(usize),
}

#[derive(Debug, Clone)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
    /// A line break (or the start of the file) lies between this token and the previous one.
    pub line_start: bool,
}

impl Token {
    pub fn is(&self, p: &str) -> bool {
        matches!(&self.tok, Tok::Punct(q) if *q == p)
    }

    /// An unquoted name equal to `kw`.
    pub fn is_kw(&self, kw: &str) -> bool {
        matches!(&self.tok, Tok::Name { text, quoted: false } if text == kw)
    }
}

const PUNCT: &[&str] = &[
    "-*-", "..", "<=", ">=", "==", "!=", "&&", "||", "≤", "≥", "≠", "⊇", "{", "}", "(", ")", "[",
    "]", ",", ";", ".", "=", "<", ">", "+", "-", "*", "/", "^", "!",
];

fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '_'
        || c == '$'
        || (!c.is_ascii() && c.is_alphanumeric())
        || matches!(c, '\u{00A2}'..='\u{00A5}' | '\u{2070}'..='\u{218F}')
}

fn name_start(c: char) -> bool {
    name_char(c) && !c.is_ascii_digit()
}

/// Splits `text` into tokens; errors (stray characters, unclosed quotes) go to `diags`.
pub fn lex(file: FileId, text: &str, diags: &mut Diagnostics) -> Vec<Token> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    let mut line_start = true;
    while i < text.len() {
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        if c == '\n' || c == '\r' {
            line_start = true;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if text[i..].starts_with("//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if text[i..].starts_with("/*") {
            // Nested like the COOM grammar's comments; an unclosed one runs to the end.
            let mut depth = 0usize;
            while i < b.len() {
                if text[i..].starts_with("/*") {
                    depth += 1;
                    i += 2;
                } else if text[i..].starts_with("*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if b[i] == b'\n' {
                        line_start = true;
                    }
                    // Whole characters, so `i` stays on a character boundary.
                    i += text[i..].chars().next().map(char::len_utf8).unwrap_or(1);
                }
            }
            continue;
        }
        let start = i;
        let tok = if c == '"' || c == '\'' {
            match quoted(text, i, c) {
                Some((s, end)) => {
                    i = end;
                    Tok::Name {
                        text: s,
                        quoted: true,
                    }
                }
                None => {
                    let end = text[i..].find('\n').map(|k| i + k).unwrap_or(text.len());
                    diags.error(Span::within(file, text, i, end), "unclosed quoted name");
                    i = end;
                    continue;
                }
            }
        } else if c.is_ascii_digit() {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
                i += 1;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
            }
            Tok::Num(text[start..i].to_string())
        } else if name_start(c) {
            let mut j = i;
            for ch in text[i..].chars() {
                if !name_char(ch) {
                    break;
                }
                j += ch.len_utf8();
            }
            i = j;
            Tok::Name {
                text: text[start..i].to_string(),
                quoted: false,
            }
        } else if c == '#' {
            while i < b.len() && b[i] == b'#' {
                i += 1;
            }
            Tok::Hashes(i - start)
        } else if c == '∞' {
            i += c.len_utf8();
            Tok::Infinity
        } else if let Some(p) = PUNCT.iter().find(|p| text[i..].starts_with(**p)) {
            i += p.len();
            Tok::Punct(p)
        } else {
            i += c.len_utf8();
            diags.error(
                Span::within(file, text, start, i),
                format!("unexpected character `{c}`"),
            );
            continue;
        };
        out.push(Token {
            tok,
            span: Span::within(file, text, start, i),
            line_start,
        });
        line_start = false;
    }
    out
}

/// A quoted name from `start` (the opening quote): its text with escapes resolved, and the end.
fn quoted(text: &str, start: usize, q: char) -> Option<(String, usize)> {
    let mut s = String::new();
    let mut it = text[start + 1..].char_indices();
    while let Some((k, c)) = it.next() {
        match c {
            '\n' | '\r' => return None,
            '\\' => {
                let (_, e) = it.next()?;
                match e {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    'u' => {
                        let mut v = 0u32;
                        for _ in 0..4 {
                            let (_, h) = it.next()?;
                            v = v * 16 + h.to_digit(16)?;
                        }
                        s.push(char::from_u32(v)?);
                    }
                    other => s.push(other),
                }
            }
            c if c == q => return Some((s, start + 1 + k + c.len_utf8())),
            c => s.push(c),
        }
    }
    None
}
