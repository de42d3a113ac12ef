//! DIMACS CNF reader: `p cnf <vars> <clauses>`, comment lines, clauses ended by `0` (they may span lines).

use super::Cnf;

/// Why a DIMACS text was refused. Line numbers are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DimacsError {
    #[error("no `p cnf <variables> <clauses>` header")]
    NoHeader,
    #[error("line {line}: clause data before the `p cnf` header")]
    DataBeforeHeader { line: usize },
    #[error("line {line}: malformed header `{text}` (expected `p cnf <variables> <clauses>`)")]
    BadHeader { line: usize, text: String },
    #[error("line {line}: a second header")]
    DuplicateHeader { line: usize },
    #[error("line {line}: `{token}` is not an integer literal")]
    BadToken { line: usize, token: String },
    #[error("line {line}: literal {literal} is beyond the {num_vars} variables of the header")]
    VariableOutOfRange {
        line: usize,
        literal: i64,
        num_vars: u32,
    },
    #[error("line {line}: more clauses than the {expected} of the header")]
    TooManyClauses { line: usize, expected: usize },
    #[error("line {line}: the last clause is not ended by 0")]
    UnterminatedClause { line: usize },
    #[error("{found} clauses where the header (line {line}) announces {expected}")]
    TooFewClauses {
        line: usize,
        expected: usize,
        found: usize,
    },
}

/// Read a DIMACS CNF text. Lines starting with `c` are comments; a line starting with `%` ends the
/// formula (as in the SATLIB files). The clause count must match the header.
pub fn parse_dimacs(text: &str) -> Result<Cnf, DimacsError> {
    let mut header: Option<(usize, u32, usize)> = None; // line, variables, clauses
    let mut clauses: Vec<Vec<i32>> = Vec::new();
    let mut current: Vec<i32> = Vec::new();
    let mut current_line = 0; // where the unfinished clause started
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('c') {
            continue;
        }
        if trimmed.starts_with('%') {
            break;
        }
        if trimmed.starts_with('p') {
            if header.is_some() {
                return Err(DimacsError::DuplicateHeader { line });
            }
            let (num_vars, num_clauses) =
                parse_header(trimmed).ok_or_else(|| DimacsError::BadHeader {
                    line,
                    text: trimmed.to_string(),
                })?;
            header = Some((line, num_vars, num_clauses));
            clauses.reserve(num_clauses.min(1 << 20));
            continue;
        }
        let Some((_, num_vars, num_clauses)) = header else {
            return Err(DimacsError::DataBeforeHeader { line });
        };
        for token in trimmed.split_ascii_whitespace() {
            let literal: i64 = token.parse().map_err(|_| DimacsError::BadToken {
                line,
                token: token.to_string(),
            })?;
            if literal == 0 {
                if clauses.len() == num_clauses {
                    return Err(DimacsError::TooManyClauses {
                        line,
                        expected: num_clauses,
                    });
                }
                clauses.push(std::mem::take(&mut current));
                continue;
            }
            if literal.unsigned_abs() > u64::from(num_vars) {
                return Err(DimacsError::VariableOutOfRange {
                    line,
                    literal,
                    num_vars,
                });
            }
            if current.is_empty() {
                current_line = line;
            }
            // |literal| <= num_vars <= i32::MAX (checked in the header), so this cannot truncate.
            current.push(literal as i32);
        }
    }
    let Some((header_line, num_vars, num_clauses)) = header else {
        return Err(DimacsError::NoHeader);
    };
    if !current.is_empty() {
        return Err(DimacsError::UnterminatedClause { line: current_line });
    }
    if clauses.len() != num_clauses {
        return Err(DimacsError::TooFewClauses {
            line: header_line,
            expected: num_clauses,
            found: clauses.len(),
        });
    }
    Ok(Cnf { num_vars, clauses })
}

/// `p cnf <variables> <clauses>`; variables must fit a positive `i32` literal.
fn parse_header(line: &str) -> Option<(u32, usize)> {
    let mut words = line.split_ascii_whitespace();
    if words.next()? != "p" || words.next()? != "cnf" {
        return None;
    }
    let num_vars: u32 = words.next()?.parse().ok()?;
    let num_clauses: usize = words.next()?.parse().ok()?;
    if words.next().is_some() || num_vars > i32::MAX as u32 {
        return None;
    }
    Some((num_vars, num_clauses))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_a_formula() {
        let text = "c a comment\np cnf 3 2\n1 -2 0\n2 3\n -1 0\n";
        let cnf = parse_dimacs(text).unwrap();
        assert_eq!(cnf.num_vars, 3);
        assert_eq!(cnf.clauses, vec![vec![1, -2], vec![2, 3, -1]]);
    }

    #[test]
    fn several_clauses_on_a_line_and_empty_clause() {
        let cnf = parse_dimacs("p cnf 2 3\n1 0 -2 0 0\n").unwrap();
        assert_eq!(cnf.clauses, vec![vec![1], vec![-2], vec![]]);
    }

    #[test]
    fn satlib_end_marker() {
        let cnf = parse_dimacs("p cnf 1 1\n1 0\n%\n0\n").unwrap();
        assert_eq!(cnf.clauses, vec![vec![1]]);
    }

    #[test]
    fn errors_carry_line_numbers() {
        use DimacsError::*;
        let cases: Vec<(&str, DimacsError)> = vec![
            ("", NoHeader),
            ("c only\n", NoHeader),
            ("1 0\np cnf 1 1\n", DataBeforeHeader { line: 1 }),
            (
                "p cnf x 1\n",
                BadHeader {
                    line: 1,
                    text: "p cnf x 1".into(),
                },
            ),
            (
                "p cnf 1\n",
                BadHeader {
                    line: 1,
                    text: "p cnf 1".into(),
                },
            ),
            (
                "p cnf 3000000000 1\n",
                BadHeader {
                    line: 1,
                    text: "p cnf 3000000000 1".into(),
                },
            ),
            (
                "p cnf 1 1 1\n",
                BadHeader {
                    line: 1,
                    text: "p cnf 1 1 1".into(),
                },
            ),
            ("p cnf 1 1\np cnf 1 1\n", DuplicateHeader { line: 2 }),
            (
                "p cnf 2 1\n\n1 a 0\n",
                BadToken {
                    line: 3,
                    token: "a".into(),
                },
            ),
            (
                "p cnf 2 1\n1 -3 0\n",
                VariableOutOfRange {
                    line: 2,
                    literal: -3,
                    num_vars: 2,
                },
            ),
            (
                "p cnf 2 1\n1 99999999999999999999 0\n",
                BadToken {
                    line: 2,
                    token: "99999999999999999999".into(),
                },
            ),
            (
                "p cnf 2 1\n1 0\n2 0\n",
                TooManyClauses {
                    line: 3,
                    expected: 1,
                },
            ),
            ("p cnf 2 2\n1 0\n2\n1", UnterminatedClause { line: 3 }),
            (
                "p cnf 2 2\n1 0\n",
                TooFewClauses {
                    line: 1,
                    expected: 2,
                    found: 1,
                },
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_dimacs(text), Err(expected), "{text:?}");
        }
    }

    #[test]
    fn messages_name_the_line() {
        let e = parse_dimacs("p cnf 2 1\n1 x 0\n").unwrap_err();
        assert_eq!(e.to_string(), "line 2: `x` is not an integer literal");
    }

    proptest! {
        #[test]
        fn never_panics(text in "(p cnf [0-9]{1,3} [0-9]{1,2}\n)?([-0-9 c%p\n]|[0-9]{1,12}){0,60}") {
            let _ = parse_dimacs(&text);
        }

        #[test]
        fn never_panics_on_any_text(text in "\\PC{0,80}") {
            let _ = parse_dimacs(&text);
        }
    }
}
