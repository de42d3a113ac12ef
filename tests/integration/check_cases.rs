//! The diagnostics corpus: every `tests/cases/errors/**/*.yaml` is a broken catalog whose header comments
//! state the diagnostics it must produce, and every `tests/cases/valid/*.yaml` must load without errors.
//!
//! A case starts with comment lines; those of the form
//!
//! ```text
//! # expect: error 12:5 unknown name `pakage`
//! # expect: error other.rules:3:7 syntax error
//! # expect: warning 4:1 something
//! ```
//!
//! say: a diagnostic of that severity at that line and column (1-based, column in characters) whose
//! message contains the given text. Without a file name the position is in the case's own YAML file;
//! otherwise the file name is relative to the case's folder. Every expectation must be met, and no
//! error may appear that is not expected (warnings are ignored unless expected). `.rules` files beside
//! the cases are helpers that cases include; only `*.yaml` files are cases.
//!
//! One test runs the whole corpus and reports every mismatch at once.

use crate::util::{files_with_ext, root};
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use tailor::diagnostic::Severity;

/// The corpus must not silently shrink or vanish.
const MIN_ERROR_CASES: usize = 35;

/// One `# expect:` line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Expect {
    severity: Severity,
    /// None: the case's own YAML file; else a path relative to the case's folder (`/`-separated).
    file: Option<String>,
    line: usize,
    col: usize,
    text: String,
}

/// One diagnostic as the runner compares it.
#[derive(Debug, Clone)]
struct Actual {
    severity: Severity,
    file: Option<String>,
    line: usize,
    col: usize,
    message: String,
    rendered: String,
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn place(file: &Option<String>, line: usize, col: usize) -> String {
    match file {
        Some(f) => format!("{f}:{line}:{col}"),
        None => format!("{line}:{col}"),
    }
}

impl std::fmt::Display for Expect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} {}",
            severity_word(self.severity),
            place(&self.file, self.line, self.col),
            self.text
        )
    }
}

impl std::fmt::Display for Actual {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} {}",
            severity_word(self.severity),
            place(&self.file, self.line, self.col),
            self.message
        )
    }
}

/// Reads the `# expect:` lines from the leading comment block of a case.
fn parse_expectations(text: &str) -> Result<Vec<Expect>, String> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r').trim();
        if !line.starts_with('#') {
            break; // the header ends at the first line that is not a comment
        }
        let Some(rest) = line
            .trim_start_matches('#')
            .trim_start()
            .strip_prefix("expect:")
        else {
            continue;
        };
        let bad = |why: &str| format!("header line {}: {why}: `{line}`", i + 1);
        let rest = rest.trim_start();
        let (sev, rest) = rest
            .split_once(char::is_whitespace)
            .ok_or_else(|| bad("expected `error|warning LOC TEXT`"))?;
        let severity = match sev {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => return Err(bad("severity must be `error` or `warning`")),
        };
        let rest = rest.trim_start();
        let (loc, text) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let mut parts = loc.rsplitn(3, ':');
        let col = parts.next().and_then(|c| c.parse::<usize>().ok());
        let ln = parts.next().and_then(|l| l.parse::<usize>().ok());
        let file = parts.next().map(|f| f.to_string());
        let (Some(line_no), Some(col)) = (ln, col) else {
            return Err(bad("location must be LINE:COL or FILE:LINE:COL"));
        };
        let text = text.trim().to_string();
        if text.is_empty() {
            return Err(bad("give (part of) the expected message"));
        }
        out.push(Expect {
            severity,
            file,
            line: line_no,
            col,
            text,
        });
    }
    Ok(out)
}

/// The name the runner compares for a diagnostic's file: None for the case itself, else relative to its folder.
fn relative_file(reported: &str, case: &Path, case_dir: &Path) -> Option<String> {
    if Path::new(reported) == case {
        return None;
    }
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let reported_path = PathBuf::from(reported);
    if canon(&reported_path) == canon(case) {
        return None;
    }
    let dir = canon(case_dir);
    let full = canon(&reported_path);
    let rel = full
        .strip_prefix(&dir)
        .map(|p| p.to_path_buf())
        .unwrap_or(full);
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// Loads a case and returns its diagnostics, or a description of what went wrong while loading.
fn run_case(case: &Path) -> Result<(Vec<Actual>, bool), String> {
    let dir = case.parent().expect("a case lives in a folder");
    let name = case.to_string_lossy().into_owned();
    let result = catch_unwind(AssertUnwindSafe(|| {
        let loaded =
            tailor::load::load_file(&name).map_err(|e| format!("load_file failed: {e}"))?;
        let mut out = Vec::new();
        for d in &loaded.diagnostics.items {
            let loc = loaded.sources.locate(d);
            out.push(Actual {
                severity: loc.severity,
                file: relative_file(&loc.file, case, dir),
                line: loc.line,
                col: loc.col,
                message: loc.message.clone(),
                rendered: loaded.sources.render(d),
            });
        }
        // A model is produced exactly when there are no errors.
        let model_consistent = loaded.model.is_some() != loaded.diagnostics.has_errors();
        Ok((out, model_consistent))
    }));
    match result {
        Ok(r) => r,
        Err(p) => {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "(no message)".to_string());
            Err(format!("the front end PANICKED: {msg}"))
        }
    }
}

fn matches(e: &Expect, a: &Actual) -> bool {
    e.severity == a.severity
        && e.file == a.file
        && e.line == a.line
        && e.col == a.col
        && a.message.contains(&e.text)
}

/// Checks one error case; returns a report of its mismatches, if any.
fn check_error_case(case: &Path, shown: &str) -> Option<String> {
    let fail = |why: String| Some(format!("--- {shown}\n  {why}\n"));
    let text = match std::fs::read_to_string(case) {
        Ok(t) => t,
        Err(e) => return fail(format!("cannot read the case: {e}")),
    };
    let expects = match parse_expectations(&text) {
        Ok(e) if e.is_empty() => {
            return fail("the case has no `# expect:` header line".to_string())
        }
        Ok(e) => e,
        Err(e) => return fail(format!("bad header: {e}")),
    };
    let (actual, model_consistent) = match run_case(case) {
        Ok(r) => r,
        Err(e) => {
            let listed: Vec<String> = expects.iter().map(|x| format!("    {x}")).collect();
            return fail(format!("{e}\n  expected:\n{}", listed.join("\n")));
        }
    };
    let mut used = vec![false; actual.len()];
    let mut missing = Vec::new();
    for e in &expects {
        match (0..actual.len()).find(|&i| !used[i] && matches(e, &actual[i])) {
            Some(i) => used[i] = true,
            None => missing.push(e),
        }
    }
    let unexpected: Vec<&Actual> = actual
        .iter()
        .zip(&used)
        .filter(|(a, u)| !**u && a.severity == Severity::Error)
        .map(|(a, _)| a)
        .collect();
    if missing.is_empty() && unexpected.is_empty() && model_consistent {
        return None;
    }
    let mut r = String::new();
    let _ = writeln!(r, "--- {shown}");
    for e in &missing {
        let _ = writeln!(r, "  missing:    {e}");
    }
    for a in &unexpected {
        let _ = writeln!(r, "  unexpected: {a}");
    }
    if !model_consistent {
        let _ = writeln!(r, "  the model's presence does not match the error count (a model must exist exactly when there are no errors)");
    }
    let _ = writeln!(r, "  expected:");
    for e in &expects {
        let _ = writeln!(r, "    {e}");
    }
    let _ = writeln!(r, "  actual:");
    if actual.is_empty() {
        let _ = writeln!(r, "    (no diagnostics)");
    }
    for a in &actual {
        let _ = writeln!(r, "    {a}");
    }
    for a in &actual {
        for l in a.rendered.lines() {
            let _ = writeln!(r, "    | {l}");
        }
    }
    Some(r)
}

fn check_valid_case(case: &Path, shown: &str) -> Option<String> {
    match run_case(case) {
        Err(e) => Some(format!("--- {shown}\n  {e}\n")),
        Ok((actual, model_consistent)) => {
            let errors: Vec<&Actual> = actual
                .iter()
                .filter(|a| a.severity == Severity::Error)
                .collect();
            if errors.is_empty() && model_consistent {
                return None;
            }
            let mut r = format!("--- {shown}\n  a valid catalog must load without errors, but:\n");
            if !model_consistent {
                r.push_str("  no model was produced\n");
            }
            for a in errors {
                for l in a.rendered.lines() {
                    let _ = writeln!(r, "    | {l}");
                }
            }
            Some(r)
        }
    }
}

#[test]
fn diagnostics_corpus() {
    let base = root().join("tests").join("cases");
    let shown = |p: &Path| p.strip_prefix(root()).unwrap_or(p).display().to_string();

    let error_cases = files_with_ext(&base.join("errors"), ".yaml");
    let valid_cases = files_with_ext(&base.join("valid"), ".yaml");
    let mut failures = Vec::new();
    for case in &error_cases {
        if let Some(r) = check_error_case(case, &shown(case)) {
            failures.push(r);
        }
    }
    for case in &valid_cases {
        if let Some(r) = check_valid_case(case, &shown(case)) {
            failures.push(r);
        }
    }
    let mut summary = format!(
        "{} error cases and {} valid catalogs checked; {} mismatch(es)",
        error_cases.len(),
        valid_cases.len(),
        failures.len()
    );
    if error_cases.len() < MIN_ERROR_CASES {
        summary.push_str(&format!(
            "\nonly {} error cases found under {} (at least {MIN_ERROR_CASES} expected): has the corpus moved?",
            error_cases.len(),
            shown(&base.join("errors"))
        ));
    }
    if valid_cases.is_empty() {
        summary.push_str(&format!(
            "\nno valid catalogs found under {}",
            shown(&base.join("valid"))
        ));
    }
    eprintln!("{summary}");
    if !failures.is_empty() || error_cases.len() < MIN_ERROR_CASES || valid_cases.is_empty() {
        panic!("{}\n\n{summary}", failures.join("\n"));
    }
}

#[test]
fn expectation_headers_parse() {
    let e = parse_expectations("# a comment\n# expect: error 12:5 unknown name `pakage`\r\n# expect: warning sub/x.rules:3:7 msg here\ncatalog: x\n# expect: error 1:1 not a header\n")
        .unwrap();
    assert_eq!(
        e,
        vec![
            Expect {
                severity: Severity::Error,
                file: None,
                line: 12,
                col: 5,
                text: "unknown name `pakage`".into()
            },
            Expect {
                severity: Severity::Warning,
                file: Some("sub/x.rules".into()),
                line: 3,
                col: 7,
                text: "msg here".into()
            },
        ]
    );
    assert!(parse_expectations("# expect: error 12 msg\n").is_err());
    assert!(parse_expectations("# expect: fatal 1:2 msg\n").is_err());
    assert!(parse_expectations("# expect: error 1:2\n").is_err());
}
