//! Time of `complete` on any catalog, with `SUMS_FROM_PARTS=N` choosing when a rule's sum is kept
//! for the solver and `GOAL=max:once` (or `min:ATTR`, ...) an objective: `cargo run --release
//! --example complete_time -- CATALOG`.

use tailor::budget::Budget;
use tailor::engine::{complete, Objective, Session};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: complete_time CATALOG");
        return;
    };
    let mut opts = tailor::encode::EncodeOptions::default();
    if let Some(n) = std::env::var("SUMS_FROM_PARTS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        opts.sums_from_parts = n;
    }
    let loaded = tailor::load::load_file(&path).expect("readable");
    let t = std::time::Instant::now();
    let mut s = Session::with_options(loaded.model.expect("loads"), &opts).expect("encodes");
    let goal = std::env::var("GOAL").ok().and_then(|g| {
        let (side, what) = g.split_once(':')?;
        Some((Objective::parse(what), side == "min"))
    });
    let r = complete(&mut s, &[], goal, &Budget::millis(60_000));
    println!(
        "complete: {} calls, {:.1} ms, found {}, objective {:?}, complete {:?}",
        s.calls,
        t.elapsed().as_secs_f64() * 1e3,
        r.is_ok(),
        r.as_ref().ok().and_then(|c| c.objective.clone()),
        r.as_ref().ok().map(|c| c.complete),
    );
}
