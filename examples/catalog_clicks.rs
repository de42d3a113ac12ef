//! Solver calls and time of `configure` on any catalog: `cargo run --release --example
//! catalog_clicks -- CATALOG [CHOICE ...]`. Compiles once, then asks with no choice and with
//! each prefix of the choices (twice each: cold, then warm). `STEPS=N` budgets solver conflicts
//! instead of time (as the WASM tests do); `SUMS_FROM_PARTS=N` sets when a rule's sum is kept for
//! the solver (`EncodeOptions::sums_from_parts`).

use tailor::budget::Budget;
use tailor::engine::{configure, Options, Session};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: catalog_clicks CATALOG [CHOICE ...]");
        return;
    };
    let t0 = std::time::Instant::now();
    let loaded = tailor::load::load_file(path).expect("readable");
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let mut opts = tailor::encode::EncodeOptions::default();
    if let Some(n) = env("SUMS_FROM_PARTS") {
        opts.sums_from_parts = n as usize;
    }
    // A budget per call: a time budget's deadline runs from when it is made.
    let steps = env("STEPS");
    let budget = || steps.map_or(Budget::millis(10_000), Budget::steps);
    let mut s = Session::with_options(loaded.model.expect("loads"), &opts).expect("encodes");
    println!(
        "compile: {:.1} ms, {} vars, {} clauses, {} kept sums",
        t0.elapsed().as_secs_f64() * 1e3,
        s.enc.cnf.num_vars,
        s.enc.cnf.num_clauses(),
        s.compiled_sums
    );
    for n in 0..=args.len() - 1 {
        let picks = &args[1..1 + n];
        for round in ["cold", "warm"] {
            let choices = s.parse_choices(picks).expect("choices");
            let before = s.calls;
            let t = std::time::Instant::now();
            let a = configure(&mut s, &choices, Options::default(), &budget());
            println!(
                "{n} choices {round}: {} calls, {:.1} ms, consistent {}, once {:?}..{:?}",
                s.calls - before,
                t.elapsed().as_secs_f64() * 1e3,
                a.consistent,
                a.price.once.min,
                a.price.once.max
            );
        }
    }
}
