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

/// The byte offset of an LSP position (clamped to the line and the text).
pub fn offset(src: &SourceFile, pos: Position) -> usize {
    let line = (pos.line as usize).min(src.line_count().saturating_sub(1));
    let start = src.line_start(line);
    let end = src.line_end(line + 1).max(start);
    let mut units = 0usize;
    for (i, c) in src.text[start..end].char_indices() {
        if units >= pos.character as usize {
            return start + i;
        }
        units += c.len_utf16();
    }
    end
}

pub fn range(src: &SourceFile, start: usize, end: usize) -> Range {
    Range::new(position(src, start), position(src, end.max(start)))
}
