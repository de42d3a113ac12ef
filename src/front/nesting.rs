//! How deeply rule text nests, measured before pest runs: the grammar recurses on `(` and `if`, and
//! so would the tree builder and the checker, so text nested too deeply is refused with a diagnostic
//! instead of exhausting the stack (or taking long: pest has no memo).

use super::ast::STATEMENT_KEYWORDS;

/// The most levels an expression may nest: parentheses and `if`s here, and the operator tree as
/// the parser builds it (`not not x` is two levels; `a and b and c` is one however long).
pub const MAX_DEPTH: usize = 64;

/// The message for an expression nested deeper than [`MAX_DEPTH`].
pub fn too_deep_message() -> String {
    format!("expression nested too deeply (more than {MAX_DEPTH} levels)")
}

/// Where an `if` is: its condition, its `then` branch or its `else` branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Cond,
    Then,
    Else,
}

/// The byte offset of the first `(` or `if` in `text[from..to]` that nests deeper than
/// [`MAX_DEPTH`] levels, if any. Strings, comments and `{...}` (table bodies, `in` sets) are skipped;
/// a statement keyword starting a line starts afresh.
///
/// An `if` nests until its `else` branch ends: the branches are sums, so a boolean or comparison
/// operator ends them (`if c then 1 else 2 > 0 and ...`), and `else if` chains nest.
pub fn too_deep(text: &str, from: usize, to: usize) -> Option<usize> {
    let b = &text.as_bytes()[..to];
    // One entry per open parenthesis (plus the outermost level): the `if`s open at that level.
    let mut levels: Vec<Vec<Part>> = vec![Vec::new()];
    let depth =
        |levels: &Vec<Vec<Part>>| levels.len() - 1 + levels.iter().map(Vec::len).sum::<usize>();
    let mut line_start = true;
    let mut after_dot = false;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        let start = i;
        i += 1;
        match c {
            b'\n' => {
                line_start = true;
                continue;
            }
            b' ' | b'\t' | b'\r' => continue,
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' => {
                while i < b.len() && !matches!(b[i], b'"' | b'\n') {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(b.len());
            }
            // Inside a table body `}` always closes it (comments aside), as in the grammar.
            b'{' => {
                i = super::table_scan::closing_brace(b, i).map_or(b.len(), |c| c + 1);
            }
            b'(' => {
                levels.push(Vec::new());
                if depth(&levels) > MAX_DEPTH {
                    return Some(start);
                }
            }
            b')' if levels.len() > 1 => {
                levels.pop();
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let word = &text[start..i];
                let ifs = levels.last_mut().expect("the outermost level stays");
                match word {
                    _ if after_dot => {}
                    _ if line_start && STATEMENT_KEYWORDS.contains(&word) => {
                        levels = vec![Vec::new()];
                    }
                    "if" => {
                        ifs.push(Part::Cond);
                        if depth(&levels) > MAX_DEPTH {
                            return Some(start);
                        }
                    }
                    "then" => enter(ifs, Part::Cond, Part::Then),
                    "else" => enter(ifs, Part::Then, Part::Else),
                    "and" | "or" | "not" | "requires" | "excludes" | "in" | "when" | "require"
                    | "weight" => end_branches(ifs),
                    _ => {}
                }
            }
            b'-' if b.get(i) == Some(&b'>') => end_branches(levels.last_mut().expect("outermost")),
            b'=' | b'<' | b'>' | b'!' | b'&' | b'|' | b':' | b',' => {
                end_branches(levels.last_mut().expect("the outermost level stays"))
            }
            _ => {}
        }
        line_start = false;
        after_dot = c == b'.';
    }
    None
}

/// `then` / `else`: the innermost `if` in part `from` moves on to `to`; `if`s nested in what just
/// ended are closed.
fn enter(ifs: &mut Vec<Part>, from: Part, to: Part) {
    while ifs.last().is_some_and(|&p| p != from) {
        ifs.pop();
    }
    if let Some(p) = ifs.last_mut() {
        *p = to;
    }
}

/// An operator that cannot be part of a sum ends the `then` / `else` branches open at this level.
fn end_branches(ifs: &mut Vec<Part>) {
    while ifs.last().is_some_and(|&p| p != Part::Cond) {
        ifs.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep(text: &str) -> Option<usize> {
        too_deep(text, 0, text.len())
    }

    #[test]
    fn parentheses_count() {
        let ok = format!(
            "rule r: {}a{}",
            "(".repeat(MAX_DEPTH),
            ")".repeat(MAX_DEPTH)
        );
        assert_eq!(deep(&ok), None);
        let bad = format!(
            "rule r: {}a{}",
            "(".repeat(MAX_DEPTH + 1),
            ")".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(deep(&bad), Some(8 + MAX_DEPTH));
        // Siblings do not add up; neither do tables, strings or comments.
        let siblings = "rule r: (a) and (b) ".repeat(100);
        assert_eq!(deep(&siblings), None);
        let hidden = format!(
            "allow (a) {{ {} }}\nrule r: \"{}\" # {}\n",
            "((".repeat(100),
            "(".repeat(100),
            "(".repeat(100)
        );
        assert_eq!(deep(&hidden), None);
    }

    #[test]
    fn ifs_nest_until_their_else_branch_ends() {
        let chain = format!("rule r: x = {}0", "if c then 1 else ".repeat(MAX_DEPTH + 1));
        assert!(deep(&chain).is_some(), "else-if chains nest");
        let separate = "(if c then 1 else 2) > 0 and ".repeat(200) + "true";
        assert_eq!(deep(&format!("rule r: {separate}")), None);
        let unparenthesised = "if c then 1 else 2 > 0 and ".repeat(200) + "true";
        assert_eq!(deep(&format!("rule r: {unparenthesised}")), None);
        let in_condition = format!("rule r: {}1 > 0", "if ".repeat(MAX_DEPTH + 1));
        assert!(deep(&in_condition).is_some());
    }

    #[test]
    fn a_statement_keyword_at_a_line_start_starts_afresh() {
        let text = format!("rule a: {}\nrule b: {}x", "(".repeat(40), "(".repeat(40));
        assert_eq!(deep(&text), None);
    }
}
