//! Time of `explain` on any catalog: `cargo run --release --example explain_time -- CATALOG
//! TARGET [CHOICE ...]`. Loads and compiles once, then explains TARGET under the choices 30
//! times (RUNS=n: n times), after configuring with none and with them as the page would, and prints the median and the reason.

use tailor::budget::Budget;
use tailor::engine::{configure, explain, Options, Session};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, target, picks @ ..] = &args[..] else {
        eprintln!("usage: explain_time CATALOG TARGET [CHOICE ...]");
        return;
    };
    let t0 = std::time::Instant::now();
    let loaded = tailor::load::load_file(path).expect("readable");
    let t_load = t0.elapsed();
    let mut s = Session::new(loaded.model.expect("loads")).expect("encodes");
    println!(
        "load {:.1} ms, compile {:.1} ms",
        t_load.as_secs_f64() * 1e3,
        (t0.elapsed() - t_load).as_secs_f64() * 1e3
    );
    let choices = s.parse_choices(picks).expect("choices");
    // As the page does: the reason is asked of a value the last answer showed blocked.
    configure(&mut s, &[], Options::default(), &Budget::millis(10_000));
    configure(
        &mut s,
        &choices,
        Options::default(),
        &Budget::millis(10_000),
    );
    let mut times = Vec::new();
    let mut last = None;
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(30);
    for _ in 0..runs {
        let calls = s.calls;
        let t = std::time::Instant::now();
        let e = explain(&mut s, &choices, target, &Budget::millis(10_000)).expect("target");
        times.push((t.elapsed().as_secs_f64() * 1e3, s.calls - calls));
        last = Some(e);
    }
    times.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!(
        "explain median {:.2} ms ({} calls)",
        times[runs / 2].0,
        times[runs / 2].1
    );
    println!("{}", last.expect("ran").text);
}
