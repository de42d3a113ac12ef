//! `tailor lsp` driven with real protocol messages over stdio: initialize, a document opened
//! with mistakes, the diagnostics published at the right ranges, an edit that fixes them, and
//! shutdown.

use serde_json::{json, Value as Json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Json>,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tailor"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tailor lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let (tx, messages) = channel();
        // Frames: `Content-Length: N`, a blank line, N bytes of JSON.
        std::thread::spawn(move || loop {
            let mut len = None;
            loop {
                let mut line = String::new();
                if out.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    len = n.parse::<usize>().ok();
                }
            }
            let mut body = vec![0; len.expect("a Content-Length header")];
            if out.read_exact(&mut body).is_err() {
                return;
            }
            if tx
                .send(serde_json::from_slice(&body).expect("JSON"))
                .is_err()
            {
                return;
            }
        });
        Client {
            child,
            stdin,
            messages,
        }
    }

    fn send(&mut self, msg: Json) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("written");
        self.stdin.flush().expect("flushed");
    }

    /// `shutdown`, then `exit`: the server must end cleanly.
    fn shut_down(mut self) {
        self.send(json!({"jsonrpc": "2.0", "id": 999, "method": "shutdown", "params": null}));
        while self.next()["id"] != 999 {}
        self.send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
        let status = self.child.wait().expect("exits");
        assert!(status.success(), "{status:?}");
    }

    /// The next message the server sends (a hang fails the test rather than stalling it).
    fn next(&self) -> Json {
        self.messages
            .recv_timeout(Duration::from_secs(30))
            .expect("the server answers within 30 s")
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics_for(&self, uri: &str) -> Vec<Json> {
        loop {
            let m = self.next();
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return m["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
        }
    }
}

/// (line, character) of a diagnostic's start, 0-based as LSP counts, and its message.
fn starts(ds: &[Json]) -> Vec<(u64, u64, String)> {
    ds.iter()
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap_or(u64::MAX),
                d["range"]["start"]["character"]
                    .as_u64()
                    .unwrap_or(u64::MAX),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

const BROKEN: &str = "catalog: lsp
components:
  pc:
    default_cpu: i5
    features:
      cpu: { one_of: [i3, i5, i7] }
      ram: { int: { min: 4, max: 64 } }
rules: |
  rule fast: pc.cpu = i9 -> pc.ram >= 16
";

#[test]
fn diagnostics_follow_the_edits_over_stdio() {
    let mut c = Client::start();
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"capabilities": {}, "processId": null, "rootUri": null}}));
    let init = c.next();
    assert_eq!(init["id"], 1);
    assert_eq!(
        init["result"]["capabilities"]["textDocumentSync"], 1,
        "{init}"
    );
    c.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));

    let dir = std::env::temp_dir().join(format!("tailor-lsp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let uri = format!("file://{}/pc.yaml", dir.display());
    c.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": BROKEN}}}),
    );
    let found = starts(&c.diagnostics_for(&uri));
    // Both mistakes at once: the unknown key (line 4, col 5) and, in the rules, `i9` (line 9).
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (3, 4), "{found:?}");
    assert!(
        found[0].2.contains("unknown field `default_cpu`"),
        "{found:?}"
    );
    assert_eq!((found[1].0, found[1].1), (8, 22), "{found:?}");
    assert!(
        found[1].2.contains("`i9` is not a value of `pc.cpu`"),
        "{found:?}"
    );

    let fixed = BROKEN
        .replace("    default_cpu: i5\n", "")
        .replace("i9", "i7");
    c.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"text": fixed}]}}),
    );
    assert_eq!(
        starts(&c.diagnostics_for(&uri)),
        vec![],
        "the fix clears them"
    );

    c.shut_down();
    let _ = std::fs::remove_dir_all(&dir);
}

const NAV: &str = "catalog: nav
currency: EUR
components:
  pc:
    name: Computer
    features:
      cpu:
        one_of:
          i5: { name: Core i5 }
          i7: { name: Core i7, price: 120 }
        default: i7
      ram: { int: { min: 4, max: 64 } }
rules: |
  rule fast \"A fast CPU needs memory\": pc.cpu = i7 -> pc.ram >= 16
  allow (pc.cpu, pc.ram) { (i5, 8), (i7, 16), (i7, 32) }
";

/// (line, character) of the start of each location or edit range.
fn at_starts(items: &[Json]) -> Vec<(u64, u64)> {
    let mut v: Vec<(u64, u64)> = items
        .iter()
        .map(|l| {
            let s = &l["range"]["start"];
            (
                s["line"].as_u64().unwrap_or(u64::MAX),
                s["character"].as_u64().unwrap_or(u64::MAX),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn hover_definition_references_and_rename_over_stdio() {
    let mut c = Client::start();
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"capabilities": {}, "processId": null, "rootUri": null}}));
    let init = c.next();
    for cap in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "renameProvider",
    ] {
        assert_eq!(init["result"]["capabilities"][cap], true, "{cap}: {init}");
    }
    c.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let uri = "file:///tmp/tailor-lsp-nav/pc.yaml";
    c.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": NAV}}}),
    );
    assert_eq!(starts(&c.diagnostics_for(uri)), vec![], "NAV loads cleanly");
    let mut next_id = 10;
    let mut ask = |c: &mut Client, method: &str, extra: Json, line: u32, ch: u32| -> Json {
        next_id += 1;
        let mut params =
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": ch}});
        if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
            p.extend(e.clone());
        }
        c.send(json!({"jsonrpc": "2.0", "id": next_id, "method": method, "params": params}));
        loop {
            let m = c.next();
            if m["id"] == next_id {
                return m;
            }
        }
    };

    // Line 13 is the rule: `  rule fast "...": pc.cpu = i7 -> ...`; `cpu` starts at col 42.
    let rule_line = NAV.lines().nth(13).expect("rule line");
    let cpu_col = rule_line.find("pc.cpu").expect("pc.cpu") as u32 + 3;
    let i7_col = rule_line.find("i7").expect("i7") as u32;
    let hover = ask(&mut c, "textDocument/hover", json!({}), 13, cpu_col + 1);
    let text = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(text.contains("**feature** `pc.cpu`"), "{hover}");
    assert!(text.contains("one_of, 2 values"), "{hover}");
    assert!(text.contains("`fast`: A fast CPU needs memory"), "{hover}");
    let hover = ask(&mut c, "textDocument/hover", json!({}), 13, i7_col);
    let text = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(text.contains("**value** `pc.cpu=i7` — Core i7"), "{hover}");
    assert!(text.contains("price: 120 EUR once"), "{hover}");

    // On the rule's own words: its id, message and what it reads (from the constraint graph).
    let hover = ask(&mut c, "textDocument/hover", json!({}), 13, 8);
    let text = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        text.starts_with("**constraint** - `fast`: A fast CPU needs memory"),
        "{hover}"
    );
    assert!(
        text.contains("reads ") && text.contains("`pc.ram`"),
        "{hover}"
    );

    // Definition: from `cpu` in the rule to its key in the YAML (line 6, col 6).
    let def = ask(&mut c, "textDocument/definition", json!({}), 13, cpu_col);
    assert_eq!(def["result"]["uri"], uri, "{def}");
    assert_eq!(at_starts(&[def["result"].clone()]), vec![(6, 6)], "{def}");

    // References of value i7: the rule, two table cells, the YAML default; and its declaration.
    let refs = ask(
        &mut c,
        "textDocument/references",
        json!({"context": {"includeDeclaration": true}}),
        13,
        i7_col,
    );
    let table_line = NAV.lines().nth(14).expect("table line");
    let cells: Vec<(u64, u64)> = table_line
        .match_indices("i7")
        .map(|(i, _)| (14, i as u64))
        .collect();
    let mut expected = vec![(9, 10), (10, 17), (13, i7_col as u64)];
    expected.extend(cells);
    expected.sort();
    assert_eq!(
        at_starts(refs["result"].as_array().expect("locations")),
        expected,
        "{refs}"
    );

    // Rename i7 to i9: every one of those places changes, nothing else.
    let edit = ask(
        &mut c,
        "textDocument/rename",
        json!({"newName": "i9"}),
        9,
        11,
    );
    let edits = edit["result"]["changes"][uri]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(at_starts(&edits), expected, "{edit}");
    assert!(edits.iter().all(|e| e["newText"] == "i9"), "{edit}");
    // A name already taken is refused with a reason.
    let taken = ask(
        &mut c,
        "textDocument/rename",
        json!({"newName": "i5"}),
        9,
        11,
    );
    assert!(
        taken["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("already taken")),
        "{taken}"
    );

    // Completion while typing a rule that does not parse yet: the last catalog that loaded
    // names the features of `pc`.
    let typing = format!("{NAV}  rule more: pc.");
    c.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": typing}]}}),
    );
    assert!(
        !c.diagnostics_for(uri).is_empty(),
        "the half rule is an error"
    );
    let done = ask(
        &mut c,
        "textDocument/completion",
        json!({}),
        NAV.lines().count() as u32,
        16,
    );
    let mut labels: Vec<&str> = done["result"]
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["label"].as_str()).collect())
        .unwrap_or_default();
    labels.sort();
    assert_eq!(labels, ["cpu", "ram"], "{done}");

    c.shut_down();
}

#[test]
fn references_reach_included_rule_files() {
    // home-connect includes rules/home-connect-tv.rules: the value `cinema` is declared in the
    // YAML and named in the rule file (and in the YAML's own rules block).
    let mut c = Client::start();
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"capabilities": {}, "processId": null, "rootUri": null}}));
    c.next();
    c.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let path = crate::util::root().join("catalogs/home-connect.yaml");
    let text = std::fs::read_to_string(&path).expect("catalog");
    let uri = format!("file://{}", path.display());
    c.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}}),
    );
    let _ = c.diagnostics_for(&uri);
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("cinema: {").map(|c| (i, c)))
        .expect("cinema's declaration");
    c.send(
        json!({"jsonrpc": "2.0", "id": 7, "method": "textDocument/references", "params": {
        "textDocument": {"uri": uri}, "position": {"line": line, "character": col + 1},
        "context": {"includeDeclaration": false}}}),
    );
    let refs = loop {
        let m = c.next();
        if m["id"] == 7 {
            break m;
        }
    };
    let rules_path = crate::util::root().join("catalogs/rules/home-connect-tv.rules");
    let rules = std::fs::read_to_string(&rules_path).expect("rule file");
    let canonical = std::fs::canonicalize(&rules_path).expect("canonical");
    let rules_uri = format!("file://{}", canonical.display());
    let in_rules: Vec<u64> = refs["result"]
        .as_array()
        .expect("locations")
        .iter()
        .filter(|l| l["uri"] == rules_uri)
        .filter_map(|l| l["range"]["start"]["line"].as_u64())
        .collect();
    // Independently: the lines of the rule file that compare with `cinema`.
    let expected: Vec<u64> = rules
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with('#') && l.contains("= cinema"))
        .map(|(i, _)| i as u64)
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(in_rules, expected, "{refs}");
    c.shut_down();
}

#[test]
fn definition_in_a_bundle_reaches_the_modules_file() {
    // family-bundle's rule names `tv.package.uhd`, declared in the partner's own catalog.
    let mut c = Client::start();
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"capabilities": {}, "processId": null, "rootUri": null}}));
    c.next();
    c.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let path = crate::util::root().join("catalogs/family-bundle.yaml");
    let text = std::fs::read_to_string(&path).expect("catalog");
    let uri = format!("file://{}", path.display());
    c.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}}),
    );
    assert_eq!(c.diagnostics_for(&uri), Vec::<Json>::new());
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            l.find("tv.package.uhd ->")
                .map(|c| (i, c + "tv.package.".len()))
        })
        .expect("the rule");
    c.send(
        json!({"jsonrpc": "2.0", "id": 7, "method": "textDocument/definition", "params": {
        "textDocument": {"uri": uri}, "position": {"line": line, "character": col + 1}}}),
    );
    let def = loop {
        let m = c.next();
        if m["id"] == 7 {
            break m;
        }
    };
    let module = crate::util::root().join("catalogs/partners/streamline-tv.yaml");
    let module_text = std::fs::read_to_string(&module).expect("module");
    let module_uri = format!(
        "file://{}",
        std::fs::canonicalize(&module).expect("canonical").display()
    );
    let uhd_line = module_text
        .lines()
        .position(|l| l.trim_start().starts_with("uhd:"))
        .expect("uhd's declaration") as u64;
    let loc = if def["result"].is_array() {
        def["result"][0].clone()
    } else {
        def["result"].clone()
    };
    assert_eq!(loc["uri"], module_uri, "{def}");
    assert_eq!(loc["range"]["start"]["line"], uhd_line, "{def}");
    c.shut_down();
}
