//! Arrows between modules point one way: a lower layer never names a higher one. Checked on the
//! source text, so a new `use` that reaches up fails here rather than in review.

use crate::util::root;

/// Every `.rs` file under `src/<dir>`, with its text.
fn sources(dir: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("src").join(dir)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("source folder") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).expect("readable");
                out.push((p.display().to_string(), text));
            }
        }
    }
    out
}

/// Files of `src/<lower>` that name `crate::<upper>` (or `super::<upper>` from the top).
fn reaching_up(lower: &str, upper: &str) -> Vec<String> {
    let needle = format!("crate::{upper}");
    sources(lower)
        .into_iter()
        .filter(|(_, text)| text.contains(&needle))
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn regression_front_end_called_the_importers() {
    // Issue 12: file-type dispatch moved to src/load.rs, above both.
    assert_eq!(reaching_up("front", "import"), Vec::<String>::new());
    assert_eq!(reaching_up("front", "load"), Vec::<String>::new());
}

/// (The model still borrows a few small types from the front end's syntax tree, `CmpOp` and
/// `Period`, and `resolve`; those arrows are known and not checked here yet.)
#[test]
fn the_engine_knows_no_face_and_no_importer() {
    for lower in ["engine", "encode", "solve", "model", "count", "graph"] {
        for upper in ["import", "load", "api", "cli", "serve", "wasm", "document"] {
            assert_eq!(
                reaching_up(lower, upper),
                Vec::<String>::new(),
                "src/{lower} names crate::{upper}"
            );
        }
    }
}

/// The files of `src/<dir>` (by stem) and the arrows among them: a -> b when a's code names
/// `super::b`.
fn arrows(dir: &str) -> (Vec<(String, String)>, Vec<String>, Vec<(usize, usize)>) {
    let files = sources(dir);
    let stem = |p: &str| {
        std::path::Path::new(p)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let stems: Vec<String> = files.iter().map(|(p, _)| stem(p)).collect();
    let edges: Vec<(usize, usize)> = files
        .iter()
        .enumerate()
        .flat_map(|(a, (_, text))| {
            // Code only: a doc comment may link anywhere.
            let code: String = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            stems.iter().enumerate().filter_map(move |(b, s)| {
                let named = [format!("super::{s}::"), format!("super::{s};")]
                    .iter()
                    .any(|n| code.contains(n.as_str()));
                (a != b && named).then_some((a, b))
            })
        })
        .collect();
    (files, stems, edges)
}

/// A cycle among the arrows, as names, if there is one.
fn cycle(stems: &[String], edges: &[(usize, usize)]) -> Option<String> {
    // Depth-first search for a back edge.
    fn visit(n: usize, edges: &[(usize, usize)], state: &mut [u8], path: &mut Vec<usize>) -> bool {
        state[n] = 1;
        path.push(n);
        for &(_, m) in edges.iter().filter(|(a, _)| *a == n) {
            if state[m] == 1 || (state[m] == 0 && visit(m, edges, state, path)) {
                path.push(m);
                return true;
            }
        }
        path.pop();
        state[n] = 2;
        false
    }
    let mut state = vec![0u8; stems.len()];
    for n in 0..stems.len() {
        let mut path = Vec::new();
        if state[n] == 0 && visit(n, edges, &mut state, &mut path) {
            let names: Vec<&str> = path.iter().map(|&i| stems[i].as_str()).collect();
            return Some(names.join(" -> "));
        }
    }
    None
}

#[test]
fn no_folder_has_a_module_cycle() {
    // Found when this test covered every folder: encode's layout.rs and wide_int.rs named each
    // other (the wide int's bits now come from the layout), and so did serve's routes.rs and
    // quotes.rs (the catalog and body lookups are now lookup.rs, below both).
    for dir in [
        "api", "bench", "cli", "count", "document", "encode", "engine", "front", "graph", "import",
        "lsp", "model", "serve", "solve", "wasm",
    ] {
        let (_, stems, edges) = arrows(dir);
        if let Some(c) = cycle(&stems, &edges) {
            panic!("src/{dir} has a cycle: {c}");
        }
    }
}

#[test]
fn regression_the_parser_files_named_each_other_in_a_circle() {
    // Issue 12: exprs.rs used parse.rs's builder while parse.rs built expressions with
    // exprs.rs; the builder's shared part is now pairs.rs, below both.
    let (files, stems, edges) = arrows("front");
    if let Some(c) = cycle(&stems, &edges) {
        panic!("src/front has a cycle: {c}");
    }
    assert!(
        edges.len() > 10,
        "the scan finds the front end's arrows: {edges:?}"
    );
    // Statements (parse.rs) call the expression builder (exprs.rs) through methods, which the
    // scan above cannot see: so exprs.rs must not name parse.rs at all.
    let exprs = &files[stems.iter().position(|s| s == "exprs").expect("exprs.rs")].1;
    assert!(!exprs.contains("super::parse"), "exprs.rs reaches parse.rs");
}
