//! Solver calls and time per configure on Renault medium's first order: where a click's time goes.

use tailor::budget::Budget;
use tailor::engine::{configure, Options, Session};

fn main() {
    let loaded = tailor::load::load_file("../shared/data/renault/medium.yaml").expect("data");
    let mut s = Session::new(loaded.model.expect("model")).expect("encodes");
    let history =
        std::fs::read_to_string("../shared/data/renault/sales_history_medium.txt").expect("data");
    let mut lines = history.lines();
    let cols: Vec<&str> = lines.next().unwrap_or("").split_whitespace().collect();
    let row = lines.next().unwrap_or("");
    let mut picks = Vec::new();
    for (c, v) in cols.iter().zip(row.split_whitespace()).take(12) {
        picks.push(format!(
            "car.{c}={}",
            if v == "-1" {
                "none".to_string()
            } else {
                format!("x{v}")
            }
        ));
        let choices = s.parse_choices(&picks).expect("choices");
        let before = s.calls;
        let t0 = std::time::Instant::now();
        let a = configure(&mut s, &choices, Options::default(), &Budget::unlimited());
        let blocked: usize = a.variables.iter().map(|v| v.blocked.len()).sum();
        println!(
            "click {}: {} calls, {:.1} ms, {} blocked",
            picks.len(),
            s.calls - before,
            t0.elapsed().as_secs_f64() * 1e3,
            blocked
        );
    }
}
