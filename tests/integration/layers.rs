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
