//! A serde_yaml error as a diagnostic, placed where the user has to look: the opener of what is never
//! closed, the misspelt key, not the end of the file or the enclosing map.

use super::yaml_index::YamlIndex;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceFile, Span};

/// The diagnostic for a failed deserialisation, or None when the index already reported it
/// (a duplicate key, which the index reports at the second occurrence).
pub fn yaml_error(
    file: FileId,
    src: &SourceFile,
    index: &YamlIndex,
    e: &serde_yaml::Error,
) -> Option<Diagnostic> {
    let full = e.to_string();
    let (text, marks) = strip_marks(&full);
    if text.contains("duplicate field `") && index.reported_duplicates {
        return None;
    }
    let problem = e
        .location()
        .map(|l| offset(src, l.line(), l.column()))
        .unwrap_or(0);
    // libyaml's messages are "problem at MARK, context at MARK": the context mark is where the
    // unfinished thing (a quoted scalar, a flow sequence) began.
    let context = (marks.len() > 1).then(|| marks[1]);
    let at_end = problem >= src.text.trim_end().len();
    let span = match (misspelt_key(index, &text), context, index.unclosed_flow) {
        (Some(key), _, _) => key,
        (None, Some((line, col)), _) if at_end => token(file, src, offset(src, line, col)),
        (None, None, Some(open)) if at_end => open,
        _ => token(file, src, problem),
    };
    Some(Diagnostic::error(span, format!("invalid catalog: {text}")))
}

/// The message without its ` at line L column C` / ` at position N` parts, and those marks in order
/// (a `position` mark counts as line 1, column 1: libyaml writes it only for the file's start).
pub(super) fn strip_marks(msg: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::new();
    let mut marks = Vec::new();
    let mut rest = msg;
    while let Some(i) = rest.find(" at ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 4..];
        if let Some((mark, tail)) = parse_mark(after) {
            marks.push(mark);
            rest = tail;
        } else {
            out.push_str(" at ");
            rest = after;
        }
    }
    out.push_str(rest);
    (out, marks)
}

/// `line L column C` or `position N` at the start of `s`, and what follows it.
fn parse_mark(s: &str) -> Option<((usize, usize), &str)> {
    fn number(s: &str) -> Option<(usize, &str)> {
        let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        Some((s[..digits].parse().ok()?, &s[digits..]))
    }
    if let Some(r) = s.strip_prefix("line ") {
        let (line, r) = number(r)?;
        let (col, r) = number(r.strip_prefix(" column ")?)?;
        Some(((line, col), r))
    } else {
        let (_, r) = number(s.strip_prefix("position ")?)?;
        Some(((1, 1), r))
    }
}

/// Byte offset of a 1-based line and character column; a position past the file's end (libyaml
/// reports end-of-file on a line of its own) is the end of the file.
fn offset(src: &SourceFile, line: usize, col: usize) -> usize {
    if line > src.line_count() {
        return src.text.len();
    }
    let start = src.line_start(line.saturating_sub(1));
    let text = &src.text[start..src.line_end(line).max(start)];
    start
        + text
            .char_indices()
            .nth(col.saturating_sub(1))
            .map(|(i, _)| i)
            .unwrap_or(text.len())
}

/// The token starting at `at`: up to the end of the line or a `:` / `,` (at least one character).
fn token(file: FileId, src: &SourceFile, at: usize) -> Span {
    let rest = &src.text[at.min(src.text.len())..];
    let len = rest
        .find(['\n', ':', ','])
        .unwrap_or(rest.len())
        .max(rest.chars().next().map_or(0, char::len_utf8));
    src.span(file, at, at + len)
}

/// `path: unknown field `x`, ...`: the key `x` itself, which serde places at its map.
fn misspelt_key(index: &YamlIndex, text: &str) -> Option<Span> {
    let (path, rest) = match text.split_once(": unknown field `") {
        Some((p, r)) => (p, r),
        None => ("", text.strip_prefix("unknown field `")?),
    };
    let field = rest.split('`').next()?;
    let mut keys = serde_path(path)?;
    keys.push(field.to_string());
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    index.get(&keys).and_then(|n| n.key)
}

/// serde_yaml's path (`components.tv.price`, `include[0]`, `.` for the root) as index keys; None
/// when it cannot be read back (unknown parts).
pub(super) fn serde_path(path: &str) -> Option<Vec<String>> {
    let mut keys = Vec::new();
    for part in path.split('.') {
        let (name, indices) = part.split_at(part.find('[').unwrap_or(part.len()));
        if name == "?" {
            return None;
        }
        if !name.is_empty() {
            keys.push(name.to_string());
        }
        for i in indices.split('[').filter(|s| !s.is_empty()) {
            keys.push(i.strip_suffix(']')?.to_string());
        }
    }
    Some(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_taken_out_of_messages() {
        let (t, m) = strip_marks("found unexpected end of stream at line 7 column 1, while scanning a quoted scalar at line 5 column 11");
        assert_eq!(
            t,
            "found unexpected end of stream, while scanning a quoted scalar"
        );
        assert_eq!(m, vec![(7, 1), (5, 11)]);
        let (t, m) = strip_marks("a: look at this at position 3");
        assert_eq!((t.as_str(), m), ("a: look at this", vec![(1, 1)]));
    }

    /// Each diagnostic of a load, as `line:col`, after checking its span is a valid piece of its file.
    fn places(text: &str) -> Vec<String> {
        let l = crate::front::load_yaml("t.yaml", text, &crate::front::NoIncludes);
        l.diagnostics
            .items
            .iter()
            .map(|d| {
                let f = &l.sources.file(d.span.file).text;
                assert!(
                    d.span.start <= d.span.end && d.span.end <= f.len(),
                    "{text:?}: {d:?}"
                );
                assert!(f.is_char_boundary(d.span.start) && f.is_char_boundary(d.span.end));
                l.sources.render(d);
                let loc = l.sources.locate(d);
                format!("{}:{}", loc.line, loc.col)
            })
            .collect()
    }

    #[test]
    fn tiny_broken_files_give_spans_inside_the_file() {
        for text in [
            "{",
            " ",
            "\n ",
            "\r,",
            "\u{feff}",
            "catalog: m\nc",
            "à",
            "catalog:",
            "",
        ] {
            assert!(!places(text).is_empty(), "{text:?} must be rejected");
        }
    }

    #[test]
    fn unfinished_things_are_reported_where_they_start() {
        // No final line break; the `{` is never closed.
        assert_eq!(places("catalog: x\ncomponents:\n  tv: {"), ["3:7"]);
        assert_eq!(places("catalog: x\nname: \"TV\ncomponents: {}\n"), ["2:7"]);
        assert_eq!(places("catalog: x\ninclude: [a,\n  b\n"), ["2:10"]);
        // A mistake before the end stays where the parser found it.
        assert_eq!(places("catalog: x\ninclude: [a, b }\n"), ["2:16"]);
    }

    #[test]
    fn serde_paths_become_index_keys() {
        assert_eq!(
            serde_path("components.tv.price").unwrap(),
            ["components", "tv", "price"]
        );
        assert_eq!(serde_path("include[0]").unwrap(), ["include", "0"]);
        assert_eq!(serde_path(".").unwrap(), Vec::<String>::new());
        assert_eq!(serde_path("a.?"), None);
    }
}
