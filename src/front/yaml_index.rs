//! Where each YAML key and value sits in the file, so checks after serde can point into the YAML.

use crate::diagnostic::Diagnostics;
use crate::source::{FileId, SourceFile, Span};
use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// How a scalar was written; decides how an embedded rules text maps back to lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    Quoted,
    Literal,
    Folded,
    NotScalar,
}

#[derive(Debug, Clone, Copy)]
pub struct Node {
    /// The key's span (for entries of a mapping).
    pub key: Option<Span>,
    pub value: Span,
    pub style: ScalarStyle,
}

/// Key path (`["components", "tv", "features"]`) to its node.
#[derive(Debug, Default)]
pub struct YamlIndex {
    nodes: HashMap<Vec<String>, Node>,
    /// When the YAML is broken: the `{` or `[` of the innermost flow collection still open where the
    /// parser gave up (an unclosed bracket is reported there rather than at the end of the file).
    pub unclosed_flow: Option<Span>,
    /// Whether a duplicate key was reported (serde then stops at it too; one report is enough).
    pub reported_duplicates: bool,
}

impl YamlIndex {
    /// Indexes a YAML text; duplicate keys are reported (serde would keep only the last one).
    pub fn build(file: FileId, src: &SourceFile, diags: &mut Diagnostics) -> YamlIndex {
        Self::build_prefix(file, src, src.text.len(), diags)
    }

    /// The index of the YAML in the first `len` bytes of `src` (the rest is read otherwise).
    pub fn build_prefix(
        file: FileId,
        src: &SourceFile,
        len: usize,
        diags: &mut Diagnostics,
    ) -> YamlIndex {
        let mut b = IndexBuilder {
            file,
            src,
            stack: Vec::new(),
            flows: Vec::new(),
            index: YamlIndex::default(),
            diags,
        };
        let mut parser = Parser::new_from_str(&src.text[..len]);
        // Syntax errors are reported from serde_yaml's error; only the open brackets are kept here.
        if parser.load(&mut b, false).is_err() {
            b.index.unclosed_flow = b
                .flows
                .iter()
                .rev()
                .find_map(|&at| at)
                .map(|at| src.span(file, at, at + 1));
        }
        b.index
    }

    pub fn get(&self, path: &[&str]) -> Option<&Node> {
        let key: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        self.nodes.get(&key)
    }

    /// The best span for a path: the key if it has one, else the value; walks up to the nearest known parent.
    pub fn key_span(&self, path: &[&str]) -> Option<Span> {
        (0..=path.len()).rev().find_map(|n| {
            self.get(&path[..n])
                .map(|node| node.key.unwrap_or(node.value))
        })
    }

    pub fn value_span(&self, path: &[&str]) -> Option<Span> {
        (0..=path.len())
            .rev()
            .find_map(|n| self.get(&path[..n]).map(|node| node.value))
    }
}

enum Frame {
    Map {
        path: Vec<String>,
        key: Option<(String, Span)>,
        seen: HashMap<String, Span>,
    },
    Seq {
        path: Vec<String>,
        next: usize,
    },
}

struct IndexBuilder<'a> {
    file: FileId,
    src: &'a SourceFile,
    stack: Vec<Frame>,
    /// Beside `stack`: where each open collection's `{` / `[` is, for flow collections.
    flows: Vec<Option<usize>>,
    index: YamlIndex,
    diags: &'a mut Diagnostics,
}

impl IndexBuilder<'_> {
    fn offset(&self, m: Marker) -> usize {
        // yaml-rust2 markers: 1-based line, 0-based column counted in characters.
        let start = self.src.line_start(m.line().saturating_sub(1));
        let line = &self.src.text[start..];
        start
            + line
                .char_indices()
                .nth(m.col())
                .map(|(i, _)| i)
                .unwrap_or(line.len())
    }

    /// `at` when a flow collection opens there (`{` or `[`), not a block one.
    fn flow_start(&self, at: usize, bracket: u8) -> Option<usize> {
        (self.src.text.as_bytes().get(at) == Some(&bracket)).then_some(at)
    }

    /// Called for every node (scalar or collection start): files it under its path.
    fn node(&mut self, at: usize, len: usize, style: ScalarStyle) -> Option<Vec<String>> {
        let value = self.src.span(self.file, at, at + len.max(1));
        match self.stack.last_mut() {
            None => Some(Vec::new()).inspect(|p| {
                self.index.nodes.insert(
                    p.clone(),
                    Node {
                        key: None,
                        value,
                        style,
                    },
                );
            }),
            Some(Frame::Seq { path, next }) => {
                let mut p = path.clone();
                p.push(next.to_string());
                *next += 1;
                self.index.nodes.insert(
                    p.clone(),
                    Node {
                        key: None,
                        value,
                        style,
                    },
                );
                Some(p)
            }
            Some(Frame::Map { path, key, .. }) => match key.take() {
                Some((k, kspan)) => {
                    let mut p = path.clone();
                    p.push(k);
                    self.index.nodes.insert(
                        p.clone(),
                        Node {
                            key: Some(kspan),
                            value,
                            style,
                        },
                    );
                    Some(p)
                }
                None => None, // a key: handled by the caller
            },
        }
    }
}

impl MarkedEventReceiver for IndexBuilder<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let at = self.offset(mark);
        match ev {
            Event::Scalar(text, style, _, _) => {
                let is_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
                if is_key {
                    let line_rest = self.src.text[at..]
                        .find('\n')
                        .unwrap_or(self.src.text.len() - at);
                    let kspan = self
                        .src
                        .span(self.file, at, at + text.len().min(line_rest).max(1));
                    if let Some(Frame::Map { key, seen, .. }) = self.stack.last_mut() {
                        if let Some(first) = seen.get(&text) {
                            self.index.reported_duplicates = true;
                            let (line, _) = self.src.line_col(first.start);
                            self.diags.error(
                                kspan,
                                format!("duplicate key `{text}` (first defined on line {line})"),
                            );
                        } else {
                            seen.insert(text.clone(), kspan);
                        }
                        *key = Some((text, kspan));
                    }
                    return;
                }
                let style = match style {
                    TScalarStyle::Plain => ScalarStyle::Plain,
                    TScalarStyle::Literal => ScalarStyle::Literal,
                    TScalarStyle::Folded => ScalarStyle::Folded,
                    _ => ScalarStyle::Quoted,
                };
                let len = self.src.text[at..]
                    .find('\n')
                    .unwrap_or(self.src.text.len() - at)
                    .min(text.len().max(1));
                self.node(at, len, style);
            }
            Event::MappingStart(..) => {
                let path = self.node(at, 1, ScalarStyle::NotScalar).unwrap_or_default();
                self.stack.push(Frame::Map {
                    path,
                    key: None,
                    seen: HashMap::new(),
                });
                self.flows.push(self.flow_start(at, b'{'));
            }
            Event::SequenceStart(..) => {
                let path = self.node(at, 1, ScalarStyle::NotScalar).unwrap_or_default();
                self.stack.push(Frame::Seq { path, next: 0 });
                self.flows.push(self.flow_start(at, b'['));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.flows.pop();
            }
            Event::Alias(_) => {
                self.node(at, 1, ScalarStyle::NotScalar);
            }
            _ => {}
        }
    }
}
