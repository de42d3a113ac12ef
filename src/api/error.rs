//! What a face reports on bad input: a message, every diagnostic placed at file:line:col, and
//! the same diagnostics rendered as the CLI prints them.

use crate::diagnostic::Located;
use crate::front::Loaded;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// One line: the first error, or the whole problem when it has no place in a file.
    pub message: String,
    /// Every diagnostic rendered with its source line and caret (empty when there are none).
    pub rendered: String,
    pub diagnostics: Vec<Located>,
}

impl ApiError {
    /// A problem with no place in a catalog file (an unknown choice, a bad option).
    pub fn plain(message: String) -> ApiError {
        ApiError {
            rendered: format!("error: {message}"),
            message,
            diagnostics: Vec::new(),
        }
    }

    /// A catalog that did not load: its diagnostics, errors and warnings.
    pub fn from_diagnostics(loaded: &Loaded) -> ApiError {
        let diagnostics: Vec<Located> = loaded
            .diagnostics
            .items
            .iter()
            .map(|d| loaded.sources.locate(d))
            .collect();
        let errors = loaded.diagnostics.error_count();
        let first = diagnostics
            .iter()
            .find(|d| d.severity == crate::diagnostic::Severity::Error)
            .map(|d| format!("{}:{}:{}: {}", d.file, d.line, d.col, d.message))
            .unwrap_or_else(|| "the catalog did not load".to_string());
        ApiError {
            message: if errors > 1 {
                format!("{first} (and {} more errors)", errors - 1)
            } else {
                first
            },
            rendered: loaded.sources.render_all(&loaded.diagnostics),
            diagnostics,
        }
    }
}
