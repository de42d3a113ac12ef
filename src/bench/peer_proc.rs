//! Running one peer script of `tailor bench peers` (bench/peer_*.py) with a deadline, and reading
//! the one JSON line it prints: its answer and the times it measured inside Python.

use serde_json::Value as Json;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a peer printed.
#[derive(Debug, Clone)]
pub struct PeerOut {
    pub load_ms: f64,
    pub times_ms: Vec<f64>,
    pub answer: Json,
}

/// Why a peer gave no answer.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PeerError {
    #[error("no answer within {0} s")]
    Timeout(u64),
    #[error("{0}")]
    Failed(String),
}

/// One question to a peer: `python SCRIPT MODEL OP [--select ..] [--items ..] [--target ..]`.
pub struct Ask<'a> {
    pub script: &'a str,
    pub model: &'a Path,
    pub op: &'a str,
    pub select: &'a [i32],
    pub items: Option<&'a Path>,
    pub target: Option<i32>,
    pub runs: usize,
}

/// The Python that runs the peers: `bench/.venv/bin/python` when it exists, else `python3`.
pub fn default_python() -> String {
    let venv = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/.venv/bin/python");
    if Path::new(venv).exists() {
        venv.to_string()
    } else {
        "python3".to_string()
    }
}

fn script_path(script: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("bench")
        .join(script)
}

/// [`ask`], answered from `cache` (a folder) when the same question was asked before: peers do
/// not change between runs of tailor, so a rerun can time tailor alone and still compare.
pub fn ask_cached(
    python: &str,
    q: &Ask,
    secs: u64,
    cache: Option<&Path>,
) -> Result<PeerOut, PeerError> {
    let Some(dir) = cache else {
        return ask(python, q, secs);
    };
    let key = format!(
        "{}|{}|{:?}|{:?}|{:?}|{}",
        q.script,
        q.op,
        q.select,
        q.items.map(|i| std::fs::read(i).unwrap_or_default()),
        q.target,
        q.runs
    );
    // The model by its contents: catalogs' CNF files are written anew on every run.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::hash::Hash::hash(&key, &mut h);
    std::hash::Hash::hash(&std::fs::read(q.model).unwrap_or_default(), &mut h);
    let file = dir.join(format!("{:016x}.json", std::hash::Hasher::finish(&h)));
    if let Ok(s) = std::fs::read_to_string(&file) {
        if let Some(out) = parse(&s) {
            return Ok(out);
        }
        if let Some(t) = s
            .strip_prefix("timeout ")
            .and_then(|t| t.trim().parse().ok())
        {
            return Err(PeerError::Timeout(t));
        }
    }
    let _ = std::fs::create_dir_all(dir);
    match ask_line(python, q, secs) {
        Ok((out, line)) => {
            let _ = std::fs::write(&file, line);
            Ok(out)
        }
        Err(PeerError::Timeout(t)) => {
            let _ = std::fs::write(&file, format!("timeout {t}"));
            Err(PeerError::Timeout(t))
        }
        Err(e) => Err(e),
    }
}

/// Runs the peer, killing it (the child this call started, by its handle) past `secs`.
pub fn ask(python: &str, q: &Ask, secs: u64) -> Result<PeerOut, PeerError> {
    ask_line(python, q, secs).map(|(out, _)| out)
}

fn ask_line(python: &str, q: &Ask, secs: u64) -> Result<(PeerOut, String), PeerError> {
    let mut cmd = Command::new(python);
    cmd.arg(script_path(q.script))
        .arg(q.model)
        .arg(q.op)
        .arg("--runs")
        .arg(q.runs.max(1).to_string());
    if !q.select.is_empty() {
        let s: Vec<String> = q.select.iter().map(|l| l.to_string()).collect();
        cmd.arg(format!("--select={}", s.join(",")));
    }
    if let Some(items) = q.items {
        cmd.arg("--items").arg(items);
    }
    if let Some(t) = q.target {
        cmd.arg(format!("--target={t}"));
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| PeerError::Failed(format!("cannot start {python}: {e}")))?;
    // Read output on threads so a chatty peer cannot block on a full pipe.
    let mut out = child.stdout.take().map(reader);
    let mut err = child.stderr.take().map(reader);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break st,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PeerError::Timeout(secs));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(PeerError::Failed(e.to_string())),
        }
    };
    let stdout = out.take().and_then(|h| h.join().ok()).unwrap_or_default();
    let stderr = err.take().and_then(|h| h.join().ok()).unwrap_or_default();
    if !status.success() {
        let last = stderr.lines().last().unwrap_or("").trim().to_string();
        return Err(PeerError::Failed(format!(
            "{} exited {status}: {last}",
            q.script
        )));
    }
    let line = json_line(&stdout).unwrap_or_default().to_string();
    let out =
        parse(&line).ok_or_else(|| PeerError::Failed(format!("{}: no JSON answer", q.script)))?;
    Ok((out, line))
}

fn json_line(stdout: &str) -> Option<&str> {
    stdout
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'))
}

fn reader<R: Read + Send + 'static>(mut r: R) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut s = String::new();
        let _ = r.read_to_string(&mut s);
        s
    })
}

/// The last line of stdout that is a JSON object (native libraries may print before it).
pub fn parse(stdout: &str) -> Option<PeerOut> {
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'))?;
    let v: Json = serde_json::from_str(line).ok()?;
    let times_ms = v
        .get("times_ms")?
        .as_array()?
        .iter()
        .filter_map(Json::as_f64)
        .collect();
    Some(PeerOut {
        load_ms: v.get("load_ms").and_then(Json::as_f64).unwrap_or(f64::NAN),
        times_ms,
        answer: v.get("answer").cloned().unwrap_or(Json::Null),
    })
}
