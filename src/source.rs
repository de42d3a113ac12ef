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
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        (line + 1, col)
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

    /// Byte offset just before the newline of a 1-based line.
    pub fn line_end(&self, line: usize) -> usize {
        let next = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let mut end = next;
        let bytes = self.text.as_bytes();
        while end > self.line_starts[line - 1] && matches!(bytes.get(end - 1), Some(b'\n' | b'\r'))
        {
            end -= 1;
        }
        end
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self
            .line_starts
            .get(line - 1)
            .copied()
            .unwrap_or(self.text.len());
        &self.text[start..self.line_end(line).max(start)]
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(
        text.bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i + 1),
    );
    v
}

/// Every text read during one load, so spans can be rendered later.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
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

    /// Maps a span in an embedded text to the host file (identity for ordinary files).
    pub fn host_span(&self, span: Span) -> (FileId, usize, usize) {
        let f = self.file(span.file);
        match &f.embedding {
            None => (span.file, span.start, span.end),
            Some(e) => {
                let map = |off: usize| {
                    let line = f.line_index(off.min(f.text.len()));
                    let base = e.line_origins.get(line).copied().unwrap_or(0);
                    base + (off - f.line_start(line))
                };
                let start = map(span.start);
                let end = map(span.end).max(start);
                (e.host, start, end)
            }
        }
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
