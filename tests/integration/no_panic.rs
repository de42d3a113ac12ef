//! The front end never panics, whatever it is fed, and every diagnostic it gives can be rendered and
//! points inside its file.
//!
//! Inputs: (a) random strings, (b) random mutations of the valid catalogs and rule files under
//! `tests/cases/valid/`, and (c) random token soups as the rules of a valid catalog (to reach the
//! resolver and type checker, not only the parsers). Each goes through `load_str` (with no includes)
//! and through `parse_rules` on its own.

use crate::util::{files_with_ext, root};
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::sync::LazyLock;
use tailor::diagnostic::Diagnostic;
use tailor::front::rule_text::parse_rules;
use tailor::load::{load_str, NoIncludes};
use tailor::source::SourceMap;

const CASES: u32 = 512;

/// `PROPTEST_CASES=5000 cargo test --test integration no_panic` fuzzes longer.
fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CASES);
    Config {
        cases,
        max_shrink_iters: 4096,
        ..Config::default()
    }
}

/// The valid catalogs and rule files the mutations start from.
static SEEDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let dir = root().join("tests").join("cases").join("valid");
    let mut files = files_with_ext(&dir, ".yaml");
    files.extend(files_with_ext(&dir, ".rules"));
    let seeds: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("read a valid case"))
        .collect();
    assert!(
        !seeds.is_empty(),
        "no valid catalogs under {}",
        dir.display()
    );
    seeds
});

/// The richest valid catalog, whose `rules:` block (c) replaces.
static HOME: LazyLock<String> = LazyLock::new(|| {
    let text = std::fs::read_to_string(root().join("tests/cases/valid/home.yaml"))
        .expect("read home.yaml");
    let cut = text
        .find("\nrules: |")
        .expect("home.yaml has a rules block");
    text[..cut + 1].to_string()
});

/// Tokens that are likely to upset a YAML or rule parser.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "'",
    ":",
    ",",
    ".",
    "|",
    ">",
    "-",
    "*",
    "/",
    "%",
    "=",
    "!=",
    "<=",
    ">=",
    "<->",
    "->",
    "!",
    "&&",
    "||",
    "#",
    "\n",
    "\t",
    " ",
    "  ",
    "\r\n",
    "rule",
    "allow",
    "forbid",
    "prefer",
    "default",
    "discount",
    "surcharge",
    "include",
    "when",
    "require",
    "requires",
    "excludes",
    "and",
    "or",
    "not",
    "in",
    "true",
    "false",
    "count",
    "sum",
    "total",
    "price",
    "if",
    "then",
    "else",
    "weight",
    "once",
    "monthly",
    "one_of",
    "any_of",
    "bool",
    "int",
    "min",
    "max",
    "instances",
    "optional",
    "components",
    "features",
    "attrs",
    "price_each",
    "rules",
    "catalog",
    "0",
    "1",
    "-1",
    "99999999999999999999999999999",
    "1.5",
    "10%",
    "[0]",
    "[2]",
    "[4294967296]",
    "é",
    "ü",
    "🎬",
    "한",
    "\u{0}",
    "\u{feff}",
    "\u{200b}",
    "---",
    "...",
    "&a",
    "*a",
    "!!str",
    "? ",
];

/// Paths and words from home.yaml, for token soups that resolve.
const WORDS: &[&str] = &[
    "internet",
    "internet.speed",
    "internet.speed.s100",
    "internet.speed.mbit",
    "internet.extras",
    "internet.extras.mesh",
    "internet.extras.watts",
    "tv",
    "tv.package",
    "tv.package.cinema",
    "tv.recorder",
    "tv.boxes",
    "mobile",
    "mobile.line",
    "mobile.line.plan",
    "mobile.line[1].plan",
    "mobile.line[9].plan",
    "mobile.line.roaming",
    "mobile.line.plan.gb",
    "install",
    "install.hours",
    "install[1]",
    "s100",
    "s500",
    "cinema",
    "basic",
    "m",
    "s",
    "watts",
    "mbit",
    "gb",
    "nope",
    "\"tv\"",
    "\"x y\"",
    "r1",
    "r2",
    "\"a message\"",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, token: &'static str },
    InsertBytes { at: usize, bytes: Vec<u8> },
    Duplicate { from: usize, len: usize, at: usize },
    Swap { a: usize, b: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let pos = any::<usize>();
    prop_oneof![
        (pos.clone(), 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (pos.clone(), proptest::sample::select(TOKENS))
            .prop_map(|(at, token)| Mutation::Insert { at, token }),
        (pos.clone(), proptest::collection::vec(any::<u8>(), 1..6))
            .prop_map(|(at, bytes)| Mutation::InsertBytes { at, bytes }),
        (pos.clone(), 1usize..80, pos.clone()).prop_map(|(from, len, at)| Mutation::Duplicate {
            from,
            len,
            at
        }),
        (pos.clone(), pos, 1usize..30).prop_map(|(a, b, len)| Mutation::Swap { a, b, len }),
    ]
}

/// Applies mutations to the bytes of a text; the result is read back as (lossy) UTF-8.
fn mutate(text: &str, muts: &[Mutation]) -> String {
    let mut b = text.as_bytes().to_vec();
    for m in muts {
        let n = b.len();
        let at = |x: usize| if n == 0 { 0 } else { x % (n + 1) };
        match m {
            Mutation::Delete { at: x, len } => {
                let s = at(*x);
                let e = (s + len).min(n);
                b.drain(s..e);
            }
            Mutation::Insert { at: x, token } => {
                let s = at(*x);
                b.splice(s..s, token.bytes());
            }
            Mutation::InsertBytes { at: x, bytes } => {
                let s = at(*x);
                b.splice(s..s, bytes.iter().copied());
            }
            Mutation::Duplicate { from, len, at: x } => {
                let s = at(*from);
                let piece: Vec<u8> = b[s..(s + len).min(n)].to_vec();
                let t = at(*x);
                b.splice(t..t, piece);
            }
            Mutation::Swap { a, b: bb, len } => {
                let (mut x, mut y) = (at(*a), at(*bb));
                if x > y {
                    std::mem::swap(&mut x, &mut y);
                }
                let l = (*len).min(y - x).min(n - y);
                if l > 0 {
                    let first: Vec<u8> = b[x..x + l].to_vec();
                    let second: Vec<u8> = b[y..y + l].to_vec();
                    b.splice(y..y + l, first);
                    b.splice(x..x + l, second);
                }
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// A diagnostic must point inside its file (on character boundaries) and render without panicking.
fn check_diagnostic(sources: &SourceMap, d: &Diagnostic) -> Result<(), TestCaseError> {
    let f = sources.file(d.span.file);
    let len = f.text.len();
    prop_assert!(
        d.span.start <= d.span.end && d.span.end <= len,
        "span {}..{} outside {} ({} bytes): {}",
        d.span.start,
        d.span.end,
        f.name,
        len,
        d.message
    );
    prop_assert!(
        f.text.is_char_boundary(d.span.start) && f.text.is_char_boundary(d.span.end),
        "span {}..{} splits a character in {}: {}",
        d.span.start,
        d.span.end,
        f.name,
        d.message
    );
    let loc = sources.locate(d);
    let (host, _, _) = sources.host_span(d.span);
    let host = sources.file(host);
    prop_assert!(
        loc.start <= loc.end && loc.end <= host.text.len(),
        "located span {}..{} outside {} ({} bytes): {}",
        loc.start,
        loc.end,
        host.name,
        host.text.len(),
        d.message
    );
    prop_assert!(
        loc.line >= 1 && loc.line <= host.line_count() && loc.col >= 1,
        "bad position {}:{}",
        loc.line,
        loc.col
    );
    let r = sources.render(d);
    prop_assert!(r.contains(&d.message), "rendering lost the message: {r}");
    Ok(())
}

/// Feeds a text to the whole front end and to the rule parser alone.
fn feed(text: &str) -> Result<(), TestCaseError> {
    let loaded = load_str("fuzz.yaml", text, &NoIncludes);
    for d in &loaded.diagnostics.items {
        check_diagnostic(&loaded.sources, d)?;
    }
    prop_assert_eq!(loaded.model.is_some(), !loaded.diagnostics.has_errors());

    let mut sm = SourceMap::default();
    let id = sm.add("fuzz.rules", text);
    let mut diags = tailor::diagnostic::Diagnostics::default();
    let _ = parse_rules(id, text, &mut diags);
    for d in &diags.items {
        prop_assert_eq!(d.span.file, id);
        check_diagnostic(&sm, d)?;
    }
    Ok(())
}

fn indent(rules: &str) -> String {
    rules
        .split('\n')
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

proptest! {
    #![proptest_config(config())]

    /// (a) Arbitrary strings, and strings over an alphabet of YAML and rule punctuation.
    #[test]
    fn random_strings_do_not_panic(
        text in prop_oneof![
            any::<String>(),
            "[a-z_0-9 :{}\\[\\](),.\"'#|>\\-*/=<!%&\n\t\r]{0,300}",
        ]
    ) {
        feed(&text)?;
        // The same text as the rules of a catalog, to reach the embedding and the checker.
        let wrapped = format!("catalog: fuzz\ncomponents:\n  tv: {{ optional: true }}\nrules: |\n{}\n", indent(&text));
        feed(&wrapped)?;
    }

    /// (b) Mutations of the valid catalogs and rule files.
    #[test]
    fn mutated_catalogs_do_not_panic(
        seed in any::<proptest::sample::Index>(),
        muts in proptest::collection::vec(mutation(), 1..8),
    ) {
        let base = &SEEDS[seed.index(SEEDS.len())];
        feed(&mutate(base, &muts))?;
    }

    /// (c) Token soups as the rules of home.yaml: they resolve against a real model.
    #[test]
    fn token_soup_rules_do_not_panic(
        toks in proptest::collection::vec(
            prop_oneof![
                3 => proptest::sample::select(WORDS),
                3 => proptest::sample::select(TOKENS),
            ],
            0..40,
        ),
        seps in proptest::collection::vec(proptest::sample::select(&[" ", " ", "", "\n"][..]), 40),
    ) {
        let mut rules = String::new();
        for (i, t) in toks.iter().enumerate() {
            rules.push_str(t);
            rules.push_str(seps[i % seps.len()]);
        }
        let text = format!("{}rules: |\n{}\n", &*HOME, indent(&rules));
        feed(&text)?;
        feed(&rules)?;
    }
}
