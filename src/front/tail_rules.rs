//! The `rules: |` block that ends a catalog, read as text without the YAML scanner.
//!
//! A literal block scalar is the lines below its key with their common indentation removed, so
//! when it is the last entry of the file (as in catalogs converted from big tables, where it holds
//! megabytes of rows) reading it takes one pass over the lines, and the YAML readers only see the
//! part above it, whose byte offsets are unchanged. Anything this reader is not sure reads exactly
//! as YAML would (an indentation digit, tabs, control characters, a second `rules` key, lines that
//! would end the block) leaves the whole file to the YAML readers.

/// The trailing rules block of a catalog.
#[derive(Debug, PartialEq)]
pub struct TailRules {
    /// Where the `rules:` line starts: the YAML readers see `text[..yaml_end]`.
    pub yaml_end: usize,
    /// The scalar's value, as a YAML reader would give it.
    pub rules: String,
    /// The file's line holding the block's first line (0-based), and the indentation removed.
    pub first_line: usize,
    pub indent: usize,
}

/// The trailing `rules: |` block of `text`, when it can be read without YAML.
pub fn split(text: &str) -> Option<TailRules> {
    let key_at = last_rules_key(text)?;
    let head = &text[..key_at];
    // A second top-level `rules` key is a duplicate the YAML index must see.
    if head.lines().any(|l| {
        let l = l.trim_start_matches(['"', '\'']);
        l.starts_with("rules") && !l.starts_with(|c: char| c.is_whitespace())
    }) {
        return None;
    }
    // The catalog's mapping must start at column 0 with a plain key, so that `rules:` there is
    // one of its keys (an indented or flow mapping above would make the whole text invalid).
    let first = head
        .lines()
        .map(str::trim_end)
        .find(|l| !(l.is_empty() || l.starts_with('#') || *l == "---" || l.starts_with("--- #")));
    if !first.is_some_and(|l| l.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')) {
        return None;
    }
    // One document: no end marker, and no start marker after the mapping began.
    let mut begun = false;
    for l in head.lines() {
        begun |= first.is_some_and(|f| l.trim_end() == f);
        if l.starts_with("...") || (begun && l.starts_with("---")) {
            return None;
        }
    }
    let key_line_end = text[key_at..].find('\n').map(|i| key_at + i)?;
    let chomp = header_chomping(&text[key_at + "rules:".len()..key_line_end])?;
    let body = &text[key_line_end + 1..];
    if !printable(body.as_bytes()) {
        return None;
    }
    let lines: Vec<&str> = body.split('\n').collect();
    // `split` gives a last empty piece after a final line break: it is not a line.
    let ends_with_break = body.ends_with('\n');
    let lines = if ends_with_break {
        &lines[..lines.len() - 1]
    } else {
        &lines[..]
    };
    let first_content = lines
        .iter()
        .position(|l| !l.trim_start_matches(' ').is_empty())?;
    let indent = lines[first_content].len() - lines[first_content].trim_start_matches(' ').len();
    if indent == 0 {
        return None;
    }
    // A less indented line ends the block; only comments and blank lines may follow it (an
    // editor's `# note` appended at the end of the file).
    let spaces = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let end = lines
        .iter()
        .position(|l| spaces(l) < l.len() && spaces(l) < indent)
        .unwrap_or(lines.len());
    if !lines[end..]
        .iter()
        .all(|l| l.trim_start_matches(' ').is_empty() || l.trim_start_matches(' ').starts_with('#'))
    {
        return None;
    }
    let ends_with_break = ends_with_break || end < lines.len();
    let lines = &lines[..end];
    let mut last_content = 0;
    for (i, l) in lines.iter().enumerate() {
        let spaces = l.len() - l.trim_start_matches(' ').len();
        if spaces == l.len() {
            // An empty line; more spaces than the indentation before the first content line is
            // a YAML error, and after it they are content the clip rules treat differently.
            if spaces > indent {
                return None;
            }
        } else {
            if spaces < indent {
                return None;
            }
            last_content = i;
        }
    }
    let mut out = String::with_capacity(body.len());
    for (i, l) in lines.iter().enumerate() {
        if i > last_content && chomp != Chomp::Keep {
            break;
        }
        out.push_str(l.get(indent..).unwrap_or(""));
        if i < lines.len() - 1 || ends_with_break {
            out.push('\n');
        }
    }
    if chomp == Chomp::Strip && out.ends_with('\n') {
        out.pop();
    }
    Some(TailRules {
        yaml_end: key_at,
        rules: out,
        first_line: text[..key_line_end].matches('\n').count() + 1,
        indent,
    })
}

/// Are `bytes` (UTF-8) free of what YAML refuses or reads specially inside a block: control
/// characters but line feeds (tabs included: they may not indent), DEL, C1 controls and a BOM?
fn printable(bytes: &[u8]) -> bool {
    // Most texts are plain ASCII: that is checked 64 bytes at a time without branches (the
    // compiler vectorises the fold); only a chunk with anything else is looked at byte by byte.
    let plain = |b: u8| (0x20..0x7f).contains(&b) || b == b'\n';
    let mut at = 0;
    for chunk in bytes.chunks(64) {
        if !chunk.iter().fold(true, |ok, &b| ok & plain(b)) {
            return printable_from(bytes, at);
        }
        at += chunk.len();
    }
    true
}

/// [`printable`] byte by byte from `from` (a chunk boundary: never inside a character).
fn printable_from(bytes: &[u8], from: usize) -> bool {
    bytes.iter().enumerate().skip(from).all(|(i, &b)| match b {
        b'\n' => true,
        0..=0x1f | 0x7f => false,
        // U+0080..U+009F are 0xC2 0x80..0x9F; U+FEFF is 0xEF 0xBB 0xBF.
        0xc2 => !matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
        0xef => bytes.get(i + 1..i + 3) != Some(&[0xbb, 0xbf][..]),
        _ => true,
    })
}

/// Where the last line starting with `rules:` at column 0 starts.
fn last_rules_key(text: &str) -> Option<usize> {
    if text.starts_with("rules:") {
        // The whole file is the block: nothing to gain, and the YAML readers say what is wrong.
        return None;
    }
    memchr::memmem::rfind(text.as_bytes(), b"\nrules:").map(|i| i + 1)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Chomp {
    Clip,
    Strip,
    Keep,
}

/// The chomping of a `|` header (what follows `rules:` on its line); None for anything else,
/// including an indentation digit and a folded (`>`) block.
fn header_chomping(rest: &str) -> Option<Chomp> {
    let rest = rest.strip_prefix(' ')?.trim_start_matches(' ');
    let rest = rest.strip_prefix('|')?;
    let (chomp, rest) = match rest.as_bytes().first() {
        Some(b'-') => (Chomp::Strip, &rest[1..]),
        Some(b'+') => (Chomp::Keep, &rest[1..]),
        _ => (Chomp::Clip, rest),
    };
    let rest = rest.strip_suffix('\r').unwrap_or(rest);
    if rest.is_empty() {
        return Some(chomp);
    }
    // A comment needs a space before its `#`.
    let trimmed = rest.trim_start_matches(' ');
    (trimmed.len() < rest.len() && (trimmed.is_empty() || trimmed.starts_with('#')))
        .then_some(chomp)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde_yaml reads of a catalog's `rules`.
    #[derive(serde::Deserialize)]
    struct R {
        rules: Option<String>,
    }

    /// The value serde_yaml reads for `rules`, beside this reader's.
    fn both(text: &str) -> (Option<String>, Option<String>) {
        let yaml = serde_yaml::from_str::<R>(text).ok().and_then(|r| r.rules);
        (yaml, split(text).map(|t| t.rules))
    }

    #[test]
    fn reads_blocks_as_yaml_does() {
        let cases = [
            "a: 1\nrules: |\n  x\n  y\n",
            "a: 1\nrules: |\n  x\n  y",
            "a: 1\nrules: |\n  x\n\n  y\n\n\n",
            "a: 1\nrules: |-\n  x\n  y\n\n",
            "a: 1\nrules: |+\n  x\n  y\n\n\n",
            "a: 1\nrules: | # the rules\n    x\n      deeper\n    y\n",
            "a: 1\nrules: |\n\n  x\n  y\n",
            "a: 1\nrules: |\n  x  \n \n  y # not a comment\n",
            "a: 1\nrules: |\n  é ü ✓\n",
            "a: 1\nrules:   |\n  x\n",
            "a: 1\nrules: |\n  x\n# trailing comment\n",
            "a: 1\nrules: |\n  x\n\n# c\n #d\n\n",
            "a: 1\nrules: |+\n  x\n\n# c",
            "a: 1\nrules: |-\n  x\n# c\n",
        ];
        for text in cases {
            let (yaml, fast) = both(text);
            assert!(fast.is_some(), "read without YAML: {text:?}");
            assert_eq!(fast, yaml, "{text:?}");
        }
    }

    #[test]
    fn leaves_to_yaml_what_it_is_not_sure_of() {
        for text in [
            "a: 1\nrules: |2\n   x\n",
            "a: 1\nrules: >\n  x\n",
            "a: 1\nrules: |\n  x\nb: 2\n",
            "a: 1\nrules: |\n  x\n# c\n  y\n",
            "a: 1\nrules: |\n\tx\n",
            "a: 1\nrules: |\n  x\n   \n",
            "rules: |\n  x\n",
            "rules: x\nb: 1\nrules: |\n  y\n",
            "  a: 1\nrules: |\n  x\n",
            "{a: 1}\nrules: |\n  x\n",
            "a: 1\n...\nrules: |\n  x\n",
            "a: 1\n---\nrules: |\n  x\n",
            "a: 1\nrules: \"x\"\n",
            "a: 1\nrules: |x\n  y\n",
            "a: 1\nrules: |\n  x\u{1}\n",
            "a: 1\nrules: |\n  x\u{85}\n",
            "a: 1\nrules: |\n  x\u{feff}\n",
            "a: 1\nrules: |\n",
        ] {
            assert_eq!(split(text), None, "{text:?}");
        }
    }

    use proptest::prelude::*;

    /// A catalog's head, a `rules` header in one of its forms, the block's lines and what may
    /// follow: blank and indented lines, comments, tabs, document markers, stray keys.
    fn text() -> impl Strategy<Value = String> {
        let head = prop::collection::vec(
            prop::sample::select(vec![
                "a: 1",
                "b: [x, y]",
                "# note",
                "",
                "---",
                "...",
                "  c: 2",
                "word",
                "rules: x",
                "c:",
                "  - 1",
            ]),
            0..4,
        );
        let header = prop::sample::select(vec![
            "rules: |",
            "rules: |-",
            "rules: |+",
            "rules: |2",
            "rules: >",
            "rules: | # c",
            "rules:",
            "rules:   |",
            "rules: |x",
        ]);
        let body = prop::collection::vec(
            prop::sample::select(vec![
                "  rule r: x",
                "    deeper",
                "  ",
                "",
                "   ",
                "  # note",
                "\tx",
                " y",
                "  é",
                "# note",
                "word",
                "a: 2",
                "  \"q\"",
                "...",
                "  x\u{85}",
            ]),
            0..8,
        );
        (head, header, body, any::<bool>()).prop_map(|(h, r, b, end_break)| {
            let mut lines: Vec<&str> = h;
            lines.insert(0, "a: 1");
            lines.push(r);
            lines.extend(b);
            let mut t = lines.join("\n");
            if end_break {
                t.push('\n');
            }
            t
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        /// Whatever the text, the reader never panics; and where the loader would take the text
        /// path (the part above the block reads), the whole text reads to the same rules.
        #[test]
        fn agrees_with_serde_yaml(text in text()) {
            if let Some(t) = split(&text) {
                if serde_yaml::from_str::<R>(&text[..t.yaml_end]).is_ok_and(|r| r.rules.is_none()) {
                    let yaml = serde_yaml::from_str::<R>(&text).ok().and_then(|r| r.rules);
                    prop_assert_eq!(Some(t.rules), yaml, "{:?}", text);
                }
            }
        }
    }

    #[test]
    fn places_the_block() {
        let t = split("a: 1\n\nrules: |\n    x\n").unwrap();
        assert_eq!((t.yaml_end, t.first_line, t.indent), (6, 3, 4));
    }
}
