//! Byte offsets of the loader as LSP positions: 0-based lines, columns in UTF-16 code units
//! (the protocol's default encoding).

use crate::source::SourceFile;
use lsp_types::{Position, Range};

pub fn position(src: &SourceFile, offset: usize) -> Position {
    let offset = offset.min(src.text.len());
    let line = src.line_index(offset);
    let start = src.line_start(line);
    let col: usize = src.text[start..offset].chars().map(char::len_utf16).sum();
    Position::new(line as u32, col as u32)
}

pub fn range(src: &SourceFile, start: usize, end: usize) -> Range {
    Range::new(position(src, start), position(src, end.max(start)))
}
