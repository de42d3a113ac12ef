//! `tailor bench peers`: the same questions on the same models through tailor and through peer
//! tools (python-sat, clingo, Ganak, flamapy; scripts in bench/), answers compared, medians and
//! ratios printed as a Markdown table. A disagreement makes the exit status 1.

use super::peer_agree as agree;
use super::peer_model::{self as subject, Kind, Subject};
use super::peer_proc::{self as proc, Ask, PeerError, PeerOut};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use tailor::budget::Budget;
use tailor::engine::answer::Configuration;
use tailor::engine::{configure, count, explain, Options, Verdict};

#[derive(clap::Args)]
pub struct Args {
    /// Model files (.dimacs/.cnf, .uvl, YAML catalogs); default: every DIMACS model, Renault
    /// medium, and the small and medium UVL models of the shared data folder.
    #[arg(long, num_args = 1..)]
    models: Vec<String>,
    /// Timed runs per operation for tailor.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Timed runs per operation inside each peer.
    #[arg(long, default_value_t = 3)]
    peer_runs: usize,
    /// A peer still running after this many seconds is stopped (its cell reads `> N s`).
    #[arg(long, default_value_t = 300)]
    peer_secs: u64,
    /// Time budget of each tailor call, and of counting (tailor and Ganak), in seconds.
    #[arg(long, default_value_t = 120)]
    secs: u64,
    /// The shared data folder (dimacs/, uvl/, renault/, ground_truth/).
    #[arg(long, default_value = "../shared/data")]
    data: String,
    /// The Python that runs the peers (default: bench/.venv/bin/python, else python3).
    #[arg(long)]
    python: Option<String>,
    /// Seed of the random 5-choice selection.
    #[arg(long, default_value_t = 0x9E37_79B9_7F4A_7C15)]
    seed: u64,
    /// Keep peers' answers in this folder and reuse them on later runs (peers do not change;
    /// tailor is timed and compared anew).
    #[arg(long)]
    peer_cache: Option<PathBuf>,
    /// Skip counting (the slowest question).
    #[arg(long)]
    no_count: bool,
}

/// One timing: a median in milliseconds, or why there is none.
#[derive(Debug, Clone)]
enum Cell {
    Ms(f64),
    Over(u64),
    Failed(String),
    None,
}

struct Row {
    model: String,
    op: &'static str,
    tailor: Cell,
    /// python-sat, clingo, and the third peer (Ganak for counts, flamapy for UVL).
    peers: [Cell; 3],
    /// Who was compared with tailor and agreed.
    agreed: Vec<String>,
    /// Disagreements (`MISMATCH ...`) and notes.
    verdict: Vec<String>,
}

/// The run's settings, shared by every model.
struct Ctx<'a> {
    a: &'a Args,
    python: String,
    dir: PathBuf,
    mismatches: usize,
}

pub fn run(a: Args) -> Result<ExitCode, tailor::Error> {
    let models = if a.models.is_empty() {
        default_models(&a.data)
    } else {
        a.models.clone()
    };
    let mut cx = Ctx {
        python: a.python.clone().unwrap_or_else(proc::default_python),
        dir: std::env::temp_dir().join(format!("tailor-bench-peers-{}", std::process::id())),
        a: &a,
        mismatches: 0,
    };
    println!("| model | operation | tailor ms | python-sat ms | clingo ms | Ganak / flamapy ms | fastest peer / tailor | agreement |");
    println!("|---|---|---|---|---|---|---|---|");
    for m in &models {
        for row in model_rows(&mut cx, m) {
            print_row(&row);
        }
    }
    let _ = std::fs::remove_dir_all(&cx.dir);
    if cx.mismatches > 0 {
        eprintln!(
            "MISMATCH: tailor and a peer disagree in {} answers (see the agreement column)",
            cx.mismatches
        );
        return Ok(ExitCode::from(1));
    }
    println!("\nAll answers agree.");
    Ok(ExitCode::SUCCESS)
}

fn default_models(data: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (dir, ext) in [
        ("dimacs", "dimacs"),
        ("uvl/small", "uvl"),
        ("uvl/medium", "uvl"),
    ] {
        let Ok(rd) = std::fs::read_dir(format!("{data}/{dir}")) else {
            continue;
        };
        let mut files: Vec<String> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == ext))
            .map(|p| p.display().to_string())
            .collect();
        files.sort();
        out.extend(files);
        if dir == "dimacs" {
            out.push(format!("{data}/renault/medium.yaml"));
        }
    }
    out
}

fn model_rows(cx: &mut Ctx, path: &str) -> Vec<Row> {
    let name = Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
        .to_string();
    let row = |op, tailor| Row {
        model: name.clone(),
        op,
        tailor,
        peers: [Cell::None, Cell::None, Cell::None],
        agreed: Vec::new(),
        verdict: Vec::new(),
    };
    let mut s = match subject::load(path, cx.a.runs) {
        Ok(s) => s,
        Err(e) => {
            return vec![row("load", Cell::Failed(e))];
        }
    };
    let budget = || Budget::millis(cx.a.secs * 1000);
    let mut rows = Vec::new();
    // Valid domains after no choice.
    let (t0, a0) = timed(cx.a.runs, || {
        configure(&mut s.session, &[], Options::default(), &budget())
    });
    let keys = subject::all_keys(&a0);
    let items = match subject::items(&mut s, &keys) {
        Ok(i) => i,
        Err(e) => return vec![row("load", Cell::Failed(e))],
    };
    let (cnf, items_file) = match subject::peer_files(&s, &items, &cx.dir) {
        Ok(f) => f,
        Err(e) => return vec![row("load", Cell::Failed(e))],
    };
    let lit_of = |k: &str| items.iter().find(|(key, _)| key == k).map(|(_, l)| *l);
    // A random consistent selection of 5 choices: each a valid value of a still open variable.
    let picks = selection(&mut s, &a0, cx.a.seed, &budget());
    let choices = s.session.parse_choices(&picks).unwrap_or_default();
    let sel_lits: Vec<i32> = picks.iter().filter_map(|p| lit_of(p)).collect();
    let before = choices[..choices.len().saturating_sub(1)].to_vec();
    let (t5, a5) = timed_part(cx.a.runs, || {
        let _ = configure(&mut s.session, &before, Options::default(), &budget());
        let t = Instant::now();
        let a = configure(&mut s.session, &choices, Options::default(), &budget());
        (a, t.elapsed())
    });
    let files = (cnf.as_path(), items_file.as_deref(), cx.a.peer_runs);
    // Load.
    let mut r = row("load", Cell::Ms(median(&s.load_ms)));
    let peers: &[(usize, &str)] = match s.kind {
        Kind::Uvl => &[(2, "peer_flamapy.py")],
        _ => &[(0, "peer_pysat.py"), (1, "peer_clingo.py")],
    };
    for &(i, script) in peers {
        let q = Ask {
            script,
            ..ask(files, "load", &[], None)
        };
        r.peers[i] = cell(
            proc::ask_cached(&cx.python, &q, cx.a.peer_secs, cx.a.peer_cache.as_deref()),
            |o| o.load_ms,
        );
    }
    rows.push(r);
    // Valid domains.
    for (op, t, ans, sel, empty) in [
        ("valid, no choice", &t0, &a0, &[][..], true),
        (
            "valid, 5 choices",
            &t5,
            &a5,
            &sel_lits[..],
            picks.is_empty(),
        ),
    ] {
        let mut r = row(op, Cell::Ms(median(t)));
        if !ans.complete {
            r.verdict.push("(tailor's budget ran out)".into());
        }
        let tailor_valid = subject::valid_keys(ans);
        for &(i, script) in peers {
            if s.kind == Kind::Uvl && !empty {
                continue; // flamapy answers core and dead features only
            }
            let q = Ask {
                script,
                ..ask(files, "valid", sel, None)
            };
            let out = proc::ask_cached(&cx.python, &q, cx.a.peer_secs, cx.a.peer_cache.as_deref());
            if let Ok(o) = &out {
                let check = if s.kind == Kind::Uvl {
                    let (core, dead, known) = core_dead(ans);
                    agree::core_dead(&core, &dead, &known, &o.answer)
                } else {
                    agree::valid(&tailor_valid, &items, &o.answer)
                };
                note(cx, &mut r, script, ans.complete, check);
            }
            r.peers[i] = cell(out, |o| median(&o.times_ms));
        }
        if empty {
            truth_core_dead(cx, &mut r, path, ans);
        }
        rows.push(r);
    }
    // Explanation of a value the selection blocked.
    let valid0 = subject::valid_keys(&a0);
    let valid5 = subject::valid_keys(&a5);
    let target = keys
        .iter()
        .filter(|k| !valid5.contains(*k))
        .filter(|k| {
            !picks
                .iter()
                .any(|p| p.split_once('=').map(|x| x.0) == k.split_once('=').map(|x| x.0))
        })
        .find(|k| valid0.contains(*k))
        .or_else(|| keys.iter().find(|k| !valid5.contains(*k)));
    if let Some(target) = target.filter(|_| s.kind != Kind::Uvl) {
        // To replay by hand: `cargo run --release --example explain_time -- MODEL TARGET PICKS…`.
        eprintln!("{}: explain {target} under {}", s.path, picks.join(" "));
        let (te, e) = timed(cx.a.runs, || {
            explain(&mut s.session, &choices, target, &budget()).ok()
        });
        let mut r = row("explain", Cell::Ms(median(&te)));
        let blocked = e.as_ref().is_some_and(|e| e.verdict == Verdict::Blocked);
        if let Some(e) = &e {
            r.verdict.push(format!(
                "reason sizes: tailor {} rules + {} choices",
                e.rules.len(),
                e.choices.len()
            ));
        }
        for &(i, script) in peers {
            let q = Ask {
                script,
                ..ask(files, "explain", &sel_lits, lit_of(target))
            };
            let out = proc::ask_cached(&cx.python, &q, cx.a.peer_secs, cx.a.peer_cache.as_deref());
            if let Ok(o) = &out {
                let peer_blocked = o.answer.is_array();
                let n = o.answer.as_array().map_or(0, Vec::len);
                r.verdict.push(format!("{} {n} choices", short(script)));
                let check = if peer_blocked == blocked {
                    Ok(())
                } else {
                    Err(format!(
                        "{target}: tailor blocked={blocked}, peer blocked={peer_blocked}"
                    ))
                };
                note(cx, &mut r, script, true, check);
            }
            r.peers[i] = cell(out, |o| median(&o.times_ms));
        }
        rows.push(r);
    }
    // Count.
    if !cx.a.no_count && s.kind != Kind::Uvl {
        let t = Instant::now();
        let c = count(&s.session, &[], &Budget::millis(cx.a.secs * 1000));
        let mut r = row("count", Cell::Ms(t.elapsed().as_secs_f64() * 1e3));
        if c.count.is_none() {
            r.tailor = Cell::Over(cx.a.secs);
        }
        let q = Ask {
            script: "peer_ganak.py",
            runs: 1,
            ..ask(files, "count", &[], None)
        };
        let out = proc::ask_cached(&cx.python, &q, cx.a.secs, cx.a.peer_cache.as_deref());
        if let (Ok(o), Some(n)) = (&out, &c.count) {
            note(
                cx,
                &mut r,
                "peer_ganak.py",
                true,
                agree::count(n, &o.answer),
            );
        }
        if let Some(n) = &c.count {
            if let Some(truth) =
                ground_truth(&cx.a.data, path).and_then(|g| g.get("count").cloned())
            {
                note(cx, &mut r, "ground truth", true, agree::count(n, &truth));
            }
        }
        r.peers[2] = cell(out, |o| median(&o.times_ms));
        rows.push(r);
    }
    rows
}

/// Records one comparison on the row; a disagreement on a complete answer counts as a mismatch.
fn note(cx: &mut Ctx, r: &mut Row, who: &str, complete: bool, check: Result<(), String>) {
    if check.is_ok() {
        r.agreed.push(short(who).to_string());
    }
    if let Err(e) = check {
        if complete {
            cx.mismatches += 1;
            r.verdict.push(format!("MISMATCH {}: {e}", short(who)));
        } else {
            r.verdict
                .push(format!("({}: {e}; tailor incomplete)", short(who)));
        }
    }
}

fn short(script: &str) -> &str {
    match script {
        "peer_pysat.py" => "python-sat",
        "peer_flamapy.py" => "flamapy",
        s => s.trim_start_matches("peer_").trim_end_matches(".py"),
    }
}

/// Core, dead and every bool-like name of an answer (last path segment, as feature models name).
fn core_dead(c: &Configuration) -> (HashSet<String>, HashSet<String>, HashSet<String>) {
    let (mut core, mut dead, mut known) = (HashSet::new(), HashSet::new(), HashSet::new());
    for v in c
        .variables
        .iter()
        .filter(|v| v.kind == "bool" || v.kind == "component")
    {
        let name = v
            .path
            .rsplit('.')
            .next()
            .unwrap_or(&v.path)
            .trim_matches('"')
            .to_string();
        match v.valid.as_array().map(|a| a.as_slice()) {
            Some([serde_json::Value::Bool(true)]) => core.insert(name.clone()),
            Some([serde_json::Value::Bool(false)]) => dead.insert(name.clone()),
            _ => false,
        };
        known.insert(name);
    }
    (core, dead, known)
}

/// The ground truth of a shared model (`boolean_models.json`), by its path under the data folder.
fn ground_truth(data: &str, path: &str) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(format!("{data}/ground_truth/boolean_models.json")).ok()?;
    let all: serde_json::Value = serde_json::from_str(&text).ok()?;
    let rel = path.rsplit_once("data/").map_or(path, |(_, r)| r);
    all.get(rel).cloned()
}

fn truth_core_dead(cx: &mut Ctx, r: &mut Row, path: &str, ans: &Configuration) {
    if let Some(g) = ground_truth(&cx.a.data, path) {
        if g.get("core").is_some() && ans.complete {
            let (core, dead, known) = core_dead(ans);
            note(
                cx,
                r,
                "ground truth",
                true,
                agree::core_dead(&core, &dead, &known, &g),
            );
        }
    }
}

/// Five clicks: each picks a random open variable and one of its valid values (variables whose
/// names a choice cannot spell are passed over).
fn selection(s: &mut Subject, a0: &Configuration, seed: u64, budget: &Budget) -> Vec<String> {
    let mut seed = seed.max(1);
    let mut picks: Vec<String> = Vec::new();
    let mut unspellable = HashSet::new();
    let mut answer = a0.clone();
    while picks.len() < 5 {
        let open: Vec<_> = answer
            .variables
            .iter()
            .filter(|v| v.valid.as_array().is_some_and(|a| a.len() > 1))
            .filter(|v| !unspellable.contains(&v.path))
            .collect();
        if open.is_empty() {
            break;
        }
        let v = open[next(&mut seed) % open.len()];
        let vals = v.valid.as_array().cloned().unwrap_or_default();
        let val = subject::value_text(&vals[next(&mut seed) % vals.len()]);
        picks.push(format!("{}={val}", v.path));
        let Ok(choices) = s.session.parse_choices(&picks) else {
            picks.pop();
            unspellable.insert(v.path.clone());
            continue;
        };
        answer = configure(&mut s.session, &choices, Options::default(), budget);
    }
    picks
}

/// xorshift64: a fixed pseudo-random sequence, so runs are comparable.
fn next(s: &mut u64) -> usize {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    (*s >> 1) as usize
}

/// Runs `f` `runs` times: the times (ms) and the last answer.
fn timed<T>(runs: usize, mut f: impl FnMut() -> T) -> (Vec<f64>, T) {
    timed_part(runs, || {
        let t0 = Instant::now();
        let v = f();
        (v, t0.elapsed())
    })
}

/// As [`timed`], for an `f` that says how long the part that counts took.
fn timed_part<T>(runs: usize, mut f: impl FnMut() -> (T, Duration)) -> (Vec<f64>, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs.max(1) {
        let (v, d) = f();
        times.push(d.as_secs_f64() * 1e3);
        last = Some(v);
    }
    (times, last.expect("at least one run"))
}

fn median(t: &[f64]) -> f64 {
    let mut t = t.to_vec();
    t.sort_by(f64::total_cmp);
    t.get(t.len() / 2).copied().unwrap_or(f64::NAN)
}

fn cell(out: Result<PeerOut, PeerError>, ms: impl Fn(&PeerOut) -> f64) -> Cell {
    match out {
        Ok(o) if ms(&o).is_finite() => Cell::Ms(ms(&o)),
        Ok(_) => Cell::None,
        Err(PeerError::Timeout(s)) => Cell::Over(s),
        Err(PeerError::Failed(e)) => Cell::Failed(e),
    }
}

fn show(c: &Cell) -> String {
    match c {
        Cell::Ms(ms) if *ms >= 100.0 => format!("{ms:.0}"),
        Cell::Ms(ms) => format!("{ms:.2}"),
        Cell::Over(s) => format!("> {} s", s),
        Cell::Failed(e) => {
            let e: String = e.replace('|', "/").chars().take(70).collect();
            format!("failed: {e}")
        }
        Cell::None => "—".to_string(),
    }
}

/// The fastest peer's median over tailor's (`≥` when that peer was stopped).
fn ratio(r: &Row) -> String {
    let Cell::Ms(t) = r.tailor else {
        return "—".to_string();
    };
    let best = r
        .peers
        .iter()
        .filter_map(|c| match c {
            Cell::Ms(ms) => Some((*ms, "")),
            Cell::Over(s) => Some((*s as f64 * 1e3, "≥ ")),
            _ => None,
        })
        .min_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((p, pre)) if t > 0.0 => format!("{pre}{:.2}x", p / t),
        _ => "—".to_string(),
    }
}

fn print_row(r: &Row) {
    let mut parts = Vec::new();
    if !r.agreed.is_empty() {
        parts.push(format!("agree: {}", r.agreed.join(", ")));
    }
    parts.extend(r.verdict.iter().cloned());
    let agreement = if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join("; ")
    };
    println!(
        "| {} | {} | {} | {} | {} | {} | {} | {} |",
        r.model,
        r.op,
        show(&r.tailor),
        show(&r.peers[0]),
        show(&r.peers[1]),
        show(&r.peers[2]),
        ratio(r),
        agreement
    );
}

/// A question to a peer about the model's CNF (`script` is set by the caller).
fn ask<'a>(
    (model, items, runs): (&'a Path, Option<&'a Path>, usize),
    op: &'a str,
    select: &'a [i32],
    target: Option<i32>,
) -> Ask<'a> {
    Ask {
        script: "",
        model,
        op,
        select,
        items,
        target,
        runs,
    }
}
