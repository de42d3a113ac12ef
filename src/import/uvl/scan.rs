//! Reading UVL text: comments blanked out (offsets kept), lines with their indentation, and the
//! small tokens of feature lines (names, `[n..m]`, `{attributes}`).

use crate::source::{FileId, Span};

/// `text` with `//` and `/* */` comments replaced by spaces (newlines kept), so every byte offset
/// still points into the original. Quotes (`"name"`, `'string'`) are respected.
pub fn blank_comments(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) => {
                if c == q || c == b'\n' {
                    quote = None;
                }
                i += 1;
            }
            None if c == b'"' || c == b'\'' => {
                quote = Some(c);
                i += 1;
            }
            None if b[i..].starts_with(b"//") => {
                while i < b.len() && b[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
            }
            None if b[i..].starts_with(b"/*") => {
                while i < b.len() && !b[i..].starts_with(b"*/") {
                    if b[i] != b'\n' {
                        out[i] = b' ';
                    }
                    i += 1;
                }
                let end = (i + 2).min(b.len());
                out[i..end].fill(b' ');
                i = end;
            }
            None => i += 1,
        }
    }
    // Only ASCII bytes were replaced, and whole characters at that: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// One non-blank line: where its content starts, its indentation width, and the content.
pub struct Line<'a> {
    pub start: usize,
    pub indent: usize,
    pub text: &'a str,
}

/// The non-blank lines of `text` (tabs indent to the next multiple of 8, as in Python).
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let content = line.trim_start_matches([' ', '\t']);
        let lead = &line[..line.len() - content.len()];
        let indent = lead
            .bytes()
            .fold(0, |w, c| if c == b'\t' { (w / 8 + 1) * 8 } else { w + 1 });
        let content = content.trim_end();
        if !content.is_empty() {
            out.push(Line {
                start: at + lead.len(),
                indent,
                text: content,
            });
        }
        at += raw.len();
    }
    out
}

/// Characters that end an unquoted name.
pub fn ends_name(c: char) -> bool {
    c.is_whitespace() || "\"'(){}[],!&|=<>+*/;.".contains(c)
}

/// A cursor over one line's content.
pub struct Cursor<'a> {
    pub text: &'a str,
    pub i: usize,
    /// Offset of `text` in the file.
    pub base: usize,
    pub file: FileId,
}

impl<'a> Cursor<'a> {
    pub fn new(file: FileId, base: usize, text: &'a str) -> Self {
        Cursor {
            text,
            i: 0,
            base,
            file,
        }
    }

    pub fn span(&self, from: usize, to: usize) -> Span {
        Span::new(self.file, self.base + from, self.base + to)
    }

    pub fn rest(&self) -> &'a str {
        &self.text[self.i..]
    }

    pub fn skip_ws(&mut self) {
        let r = self.rest();
        self.i += r.len() - r.trim_start().len();
    }

    pub fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.i >= self.text.len()
    }

    /// A name: `"quoted"` or a run of characters up to whitespace or punctuation; its span.
    pub fn name(&mut self) -> Option<(String, Span)> {
        self.skip_ws();
        let start = self.i;
        let r = self.rest();
        if let Some(q) = r.strip_prefix('"') {
            let end = q.find('"')?;
            self.i += end + 2;
            return Some((q[..end].to_string(), self.span(start, self.i)));
        }
        // `-` is part of unquoted names (`pkg-resources`); subtraction is refused anyway.
        let end = r.find(ends_name).unwrap_or(r.len());
        if end == 0 {
            return None;
        }
        self.i += end;
        Some((r[..end].to_string(), self.span(start, self.i)))
    }

    /// The text of a bracketed block starting at the cursor (`[...]` or `{...}`, nesting and
    /// quotes respected), without the brackets; None when it is not closed on this line.
    pub fn block(&mut self, open: char, close: char) -> Option<(&'a str, Span)> {
        self.skip_ws();
        let start = self.i;
        let r = self.rest();
        if !r.starts_with(open) {
            return None;
        }
        let mut depth = 0;
        let mut quote: Option<char> = None;
        for (k, c) in r.char_indices() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c == open => depth += 1,
                None if c == close => {
                    depth -= 1;
                    if depth == 0 {
                        self.i += k + 1;
                        return Some((&r[1..k], self.span(start, self.i)));
                    }
                }
                None => {}
            }
        }
        None
    }
}

/// `n..m`, `n`, `*`, `n..*` inside `[...]`: (min, max) with None for `*`.
pub fn cardinality(inner: &str) -> Option<(u32, Option<u32>)> {
    let bound = |s: &str| -> Option<Option<u32>> {
        match s.trim() {
            "*" => Some(None),
            t => t.parse::<u32>().ok().map(Some),
        }
    };
    match inner.split_once("..") {
        Some((a, b)) => Some((bound(a)??, bound(b)?)),
        None => match bound(inner)? {
            None => Some((0, None)),
            Some(n) => Some((n, Some(n))),
        },
    }
}
