//! The guide `docs/catalog.md` is checked as readers use it: every `yaml` example loads without
//! a word, every `yaml mistake` example fails with the message shown after it, and the examples
//! together use every key the format accepts and every keyword of the rule language.

use crate::util::root;
use tailor::front::ast::{EXPRESSION_KEYWORDS, STATEMENT_KEYWORDS};
use tailor::front::yaml_keys::keys_at;

struct Example {
    line: usize,
    text: String,
    /// For a file other examples use (```` ```yaml file=partners/tv-co.yaml ````): its name.
    file: Option<String>,
    /// For a mistake: the words its error must contain.
    error: Option<String>,
}

fn examples() -> Vec<Example> {
    let guide = std::fs::read_to_string(root().join("docs/catalog.md")).expect("the guide");
    let lines: Vec<&str> = guide.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let info = lines[i].strip_prefix("```yaml");
        let Some(info) = info else {
            i += 1;
            continue;
        };
        let start = i + 1;
        let end = start
            + lines[start..]
                .iter()
                .position(|l| *l == "```")
                .expect("closed");
        let text = lines[start..end].join("\n") + "\n";
        let file = info.trim().strip_prefix("file=").map(str::to_string);
        let error = (info.trim() == "mistake").then(|| {
            lines[end + 1]
                .strip_prefix("<!-- error: ")
                .and_then(|l| l.strip_suffix(" -->"))
                .unwrap_or_else(|| panic!("line {}: a mistake says its error after it", end + 2))
                .to_string()
        });
        out.push(Example {
            line: start,
            text,
            file,
            error,
        });
        i = end + 1;
    }
    out
}

#[test]
fn every_example_in_the_guide_loads_or_fails_as_it_says() {
    let all = examples();
    assert!(all.len() >= 15, "{} examples", all.len());
    // Files the examples use (modules of a bundle), named as the guide's folder sees them.
    let files: indexmap::IndexMap<String, String> = all
        .iter()
        .filter_map(|e| Some((format!("docs/{}", e.file.as_ref()?), e.text.clone())))
        .collect();
    let includer = tailor::api::MapIncluder::new(&files);
    for ex in &all {
        let name = match &ex.file {
            Some(f) => format!("docs/{f}"),
            None => format!("docs/catalog.md:{}", ex.line),
        };
        let loaded = tailor::load::load_str(&name, &ex.text, &includer);
        let rendered = loaded.sources.render_all(&loaded.diagnostics);
        match &ex.error {
            None => assert!(
                loaded.diagnostics.is_empty() && loaded.model.is_some(),
                "{name} should load without a word:\n{rendered}"
            ),
            Some(words) => {
                assert!(loaded.model.is_none(), "{name} should fail");
                assert!(
                    loaded
                        .diagnostics
                        .items
                        .iter()
                        .any(|d| d.message.contains(words.as_str())),
                    "{name} should say `{words}`:\n{rendered}"
                );
            }
        }
    }
}

#[test]
fn the_guide_shows_every_key_and_keyword() {
    let all = examples();
    let text: String = all.iter().map(|e| e.text.as_str()).collect();
    let words: std::collections::BTreeSet<&str> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    for k in STATEMENT_KEYWORDS.iter().chain(&EXPRESSION_KEYWORDS) {
        assert!(words.contains(k), "no example uses the keyword `{k}`");
    }
    // Keys at every level of the format, from its JSON Schema.
    let levels: [&[&str]; 6] = [
        &[],
        &["components", "c"],
        &["components", "c", "features", "f"],
        &["components", "c", "features", "f", "one_of", "v"],
        &["components", "c", "instances"],
        &["uses", "m"],
    ];
    // Set by importers, not written by people.
    let exempt = ["imported_from"];
    for path in levels {
        let keys = keys_at(path);
        assert!(!keys.is_empty(), "the schema has keys at {path:?}");
        for k in keys {
            if exempt.contains(&k.as_str()) {
                continue;
            }
            assert!(
                text.contains(&format!("{k}:")),
                "no example writes `{k}:` (at {path:?})"
            );
        }
    }
}
