//! Source files and byte spans; rule text embedded in a YAML block maps back to the YAML file's lines.

/// Index of a file in the [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span { file, start, end }
    }

    /// A span of `text` that is sure to be valid: inside the text, `start <= end`, and on character
    /// boundaries (rounded outwards). Spans computed from another parser's positions go through here.
    pub fn within(file: FileId, text: &str, start: usize, end: usize) -> Self {
        let start = floor_boundary(text, start.min(text.len()));
        let end = ceil_boundary(text, end.clamp(start, text.len()));
        Span { file, start, end }
    }
}

/// The nearest character boundary at or before `i` (`i <= text.len()`).
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The nearest character boundary at or after `i` (`i <= text.len()`).
fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Where an embedded text (rules in a YAML block scalar) sits in its host file.
#[derive(Debug, Clone)]
pub struct Embedding {
    pub host: FileId,
    /// For each line of the embedded text: the host byte offset its first byte came from.
    pub line_origins: Vec<usize>,
}

/// One text the front end read: a catalog, an included rule file, or an embedded rule block.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
    pub embedding: Option<Embedding>,
}

impl SourceFile {
    fn new(name: String, text: String, embedding: Option<Embedding>) -> Self {
        let line_starts = line_starts(&text);
        SourceFile {
            name,
            text,
            line_starts,
            embedding,
        }
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        (line + 1, self.text[start..offset].chars().count() + 1)
    }

    /// 0-based line index containing `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where the 0-based line starts.
    pub fn line_start(&self, line_index: usize) -> usize {
        self.line_starts
            .get(line_index)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Byte offset just before the newline of a 1-based line; lines past the last one are the last
    /// one (other parsers, e.g. YAML's, report positions on a line after the end of the file).
    pub fn line_end(&self, line: usize) -> usize {
        let line = line.clamp(1, self.line_starts.len());
        let start = self.line_starts[line - 1];
        let mut end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        end
    }

    /// The text of a 1-based line (clamped like [`Self::line_end`]), without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let line = line.clamp(1, self.line_starts.len());
        let start = self.line_starts[line - 1];
        &self.text[start..self.line_end(line).max(start)]
    }

    /// [`Span::within`] this file.
    pub fn span(&self, file: FileId, start: usize, end: usize) -> Span {
        Span::within(file, &self.text, start, end)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    v
}

/// Every text read during one load, so spans can be rendered later.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// `sha256:` over every file read (not the embedded copies), in reading order: the catalog
    /// version quotes are tied to.
    pub fn content_hash(&self) -> String {
        self.content_hash_from(FileId(0))
    }

    /// [`content_hash`](Self::content_hash) of the files read from `first` on: a module of a
    /// bundle (its files are read one after another) hashes as it does on its own.
    pub fn content_hash_from(&self, first: FileId) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        let files = self.files().skip(first.0 as usize);
        for (_, f) in files.filter(|(_, f)| f.embedding.is_none()) {
            h.update(f.text.as_bytes());
            h.update([0u8]);
        }
        let digest = h.finalize();
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    }

    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.push(SourceFile::new(name.into(), text.into(), None))
    }

    pub fn add_embedded(
        &mut self,
        name: impl Into<String>,
        text: impl Into<String>,
        embedding: Embedding,
    ) -> FileId {
        self.push(SourceFile::new(name.into(), text.into(), Some(embedding)))
    }

    fn push(&mut self, f: SourceFile) -> FileId {
        self.files.push(f);
        FileId((self.files.len() - 1) as u32)
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// Maps a span in an embedded text to the host file (identity for ordinary files). The result
    /// lies inside the host file, on character boundaries.
    pub fn host_span(&self, span: Span) -> (FileId, usize, usize) {
        let f = self.file(span.file);
        let s = match &f.embedding {
            None => f.span(span.file, span.start, span.end),
            Some(e) => {
                let map = |off: usize| {
                    let off = off.min(f.text.len());
                    let line = f.line_index(off);
                    let base = e.line_origins.get(line).copied().unwrap_or(0);
                    base + (off - f.line_start(line))
                };
                let start = map(span.start);
                let end = map(span.end).max(start);
                self.file(e.host).span(e.host, start, end)
            }
        };
        (s.file, s.start, s.end)
    }

    /// `file:line` of a span, in the file the user edits (used for generated rule ids).
    pub fn file_line(&self, span: Span) -> String {
        let (file, start, _) = self.host_span(span);
        let f = self.file(file);
        let (line, _) = f.line_col(start);
        let base = f.name.rsplit(['/', '\\']).next().unwrap_or(&f.name);
        format!("{base}:{line}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_past_the_end_are_clamped() {
        let f = SourceFile::new("t".into(), "ab\ncd".into(), None);
        assert_eq!(f.line_end(2), 5);
        assert_eq!(
            f.line_end(3),
            5,
            "a line after the last one is the last one"
        );
        assert_eq!(f.line_text(9), "cd");
        assert_eq!(f.line_col(99), (2, 3));
    }

    #[test]
    fn spans_within_a_text_are_valid() {
        let text = "aà";
        let s = Span::within(FileId(0), text, 2, 2);
        assert_eq!(
            (s.start, s.end),
            (1, 3),
            "rounded outwards to whole characters"
        );
        let s = Span::within(FileId(0), text, 0, 2);
        assert_eq!((s.start, s.end), (0, 3));
        let s = Span::within(FileId(0), text, 3, 1);
        assert_eq!(
            (s.start, s.end),
            (3, 3),
            "an end before the start is the start"
        );
        let s = Span::within(FileId(0), text, 8, 9);
        assert_eq!((s.start, s.end), (3, 3), "past the end is the end");
    }
}
