//! Where loading a catalog spends its time: `cargo run --release --example load_phases --
//! CATALOG`. Prints the median (and least) of 5 runs (`RUNS=n` for more) of load (text to checked model), encode (model to CNF) and
//! the rest of the session's set-up (solvers, witness pool), with the binary's allocator.

// As in the `tailor` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use tailor::encode::Encoding;
use tailor::engine::Session;

fn main() {
    let path = std::env::args().nth(1).expect("usage: load_phases CATALOG");
    let text = std::fs::read_to_string(&path).expect("readable");
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    let mut rows: Vec<[f64; 4]> = Vec::new();
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    for _ in 0..runs.max(1) {
        let t0 = std::time::Instant::now();
        let loaded = tailor::load::load_str(&path, &text, &tailor::front::NoIncludes);
        let model = loaded.model.expect("loads");
        let t_load = ms(t0.elapsed());
        let t1 = std::time::Instant::now();
        drop(Encoding::new(&model).expect("encodes"));
        let t_enc = ms(t1.elapsed());
        let t2 = std::time::Instant::now();
        drop(Session::new(model).expect("compiles"));
        let t_session = ms(t2.elapsed());
        rows.push([t_load, t_enc, t_session - t_enc, t_load + t_session]);
    }
    let phases = [
        "load",
        "encode",
        "session beyond encode",
        "ready (load + session)",
    ];
    for (i, name) in phases.iter().enumerate() {
        let mut v: Vec<f64> = rows.iter().map(|r| r[i]).collect();
        v.sort_by(f64::total_cmp);
        println!("{name}: {:.1} ms (min {:.1})", v[v.len() / 2], v[0]);
    }
}
