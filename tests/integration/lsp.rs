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

    c.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}));
    loop {
        if c.next()["id"] == 2 {
            break;
        }
    }
    c.send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    let status = c.child.wait().expect("exits");
    assert!(status.success(), "{status:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
