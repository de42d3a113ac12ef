//! Diagnostics: a message with a severity and a byte span, collected (never thrown) by every front-end pass.

use crate::source::{FileId, SourceMap, Span};
use std::fmt::Write as _;

/// How bad a diagnostic is: errors reject the catalog, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One finding about the input, pointing at the bytes it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    /// Extra lines shown under the caret ("note: ..."), e.g. where a duplicate was first defined.
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span,
            notes: Vec::new(),
        }
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            message: message.into(),
            span,
            notes: Vec::new(),
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
}

/// The diagnostics of one front-end run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.push(Diagnostic::error(span, message));
    }

    pub fn warning(&mut self, span: Span, message: impl Into<String>) {
        self.push(Diagnostic::warning(span, message));
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// A diagnostic placed in its file: what the edges (CLI, WASM) show and serialise.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Located {
    pub severity: Severity,
    pub message: String,
    pub file: String,
    /// 1-based line and column (column counted in characters).
    pub line: usize,
    pub col: usize,
    /// Byte offsets into the file.
    pub start: usize,
    pub end: usize,
    pub notes: Vec<String>,
}

impl SourceMap {
    /// Places a diagnostic in the file a user edits (rules embedded in YAML map to the YAML file).
    pub fn locate(&self, d: &Diagnostic) -> Located {
        let (file, start, end) = self.host_span(d.span);
        let src = self.file(file);
        let (line, col) = src.line_col(start);
        Located {
            severity: d.severity,
            message: d.message.clone(),
            file: src.name.clone(),
            line,
            col,
            start,
            end,
            notes: d.notes.clone(),
        }
    }

    /// `file:line:col: error: message`, the source line, and a caret under the span.
    pub fn render(&self, d: &Diagnostic) -> String {
        let loc = self.locate(d);
        let (file, _, _) = self.host_span(d.span);
        let src = self.file(file);
        let sev = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!(
            "{}:{}:{}: {}: {}\n",
            loc.file, loc.line, loc.col, sev, loc.message
        );
        let text = src.line_text(loc.line);
        let gutter = loc.line.to_string();
        let pad = " ".repeat(gutter.len());
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{gutter} | {text}");
        let line_chars = text.chars().count();
        let width = {
            let same_line_end = loc.end.min(src.line_end(loc.line));
            let w = src
                .text
                .get(loc.start..same_line_end)
                .map(|s| s.chars().count())
                .unwrap_or(1);
            w.clamp(1, line_chars.saturating_sub(loc.col - 1).max(1))
        };
        let lead: String = text
            .chars()
            .take(loc.col - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ = writeln!(out, "{pad} | {lead}{}", "^".repeat(width));
        for n in &d.notes {
            let _ = writeln!(out, "{pad} = note: {n}");
        }
        out
    }

    pub fn render_all(&self, ds: &Diagnostics) -> String {
        ds.items
            .iter()
            .map(|d| self.render(d))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A span covering nothing, for diagnostics about a whole file.
pub fn file_start(file: FileId) -> Span {
    Span {
        file,
        start: 0,
        end: 0,
    }
}
