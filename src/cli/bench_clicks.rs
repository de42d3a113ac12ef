//! `tailor bench clicks`: configure latency per click on real catalogs, as a customer clicks.

use std::process::ExitCode;
use std::time::Instant;
use tailor::budget::Budget;
use tailor::engine::{configure, explain, Options, Session};

pub fn run(data: &str, orders: usize, sequences: usize) -> Result<ExitCode, tailor::Error> {
    let renault = format!("{data}/renault");
    let Some(mut medium) = super::configure::session(&format!("{renault}/medium.yaml"))? else {
        return Ok(ExitCode::from(1));
    };
    let history =
        std::fs::read_to_string(format!("{renault}/sales_history_medium.txt")).map_err(|e| {
            tailor::Error::Read {
                path: format!("{renault}/sales_history_medium.txt"),
                source: e,
            }
        })?;
    let mut lines = history.lines();
    let columns: Vec<&str> = lines.next().unwrap_or("").split_whitespace().collect();
    let mut times = Vec::new();
    let mut last = Vec::new();
    for row in lines.take(orders) {
        let mut picks = Vec::new();
        for (col, v) in columns.iter().zip(row.split_whitespace()) {
            let value = if v == "-1" {
                "none".to_string()
            } else {
                format!("x{v}")
            };
            picks.push(format!("car.{col}={value}"));
            times.push(click(&mut medium, &picks));
        }
        last = picks;
    }
    report("Renault medium, sales orders replayed", &times);
    // One explanation: why a value is blocked after a customer's first three clicks.
    if last.len() >= 3 {
        let choices = medium.parse_choices(&last[..3]).unwrap_or_default();
        let answer = configure(
            &mut medium,
            &choices,
            Options::default(),
            &Budget::unlimited(),
        );
        if let Some((path, value)) = answer
            .variables
            .iter()
            .find_map(|v| v.blocked.first().map(|b| (v.path.clone(), b.value.clone())))
        {
            let about = format!("{path}={}", value.as_str().unwrap_or_default());
            let t0 = Instant::now();
            let e = explain(&mut medium, &choices, &about, &Budget::unlimited());
            println!(
                "explain {about} after 3 clicks: {:.1} ms ({} rules, {} choices)",
                t0.elapsed().as_secs_f64() * 1e3,
                e.as_ref().map(|e| e.rules.len()).unwrap_or(0),
                e.as_ref().map(|e| e.choices.len()).unwrap_or(0)
            );
        }
    }
    let Some(mut megane) = super::configure::session(&format!("{renault}/megane.yaml"))? else {
        return Ok(ExitCode::from(1));
    };
    let mut times = Vec::new();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..sequences {
        let mut picks: Vec<String> = Vec::new();
        let mut answer = configure(&mut megane, &[], Options::default(), &Budget::unlimited());
        for _ in 0..15 {
            // A customer picks a still-open feature and one of its valid values.
            let open: Vec<_> = answer
                .variables
                .iter()
                .filter(|v| v.valid.as_array().is_some_and(|a| a.len() > 1))
                .collect();
            if open.is_empty() {
                break;
            }
            let v = open[next(&mut seed) % open.len()];
            let vals = v.valid.as_array().cloned().unwrap_or_default();
            let val = vals[next(&mut seed) % vals.len()]
                .as_str()
                .unwrap_or_default()
                .to_string();
            picks.push(format!("{}={val}", v.path));
            let choices = megane.parse_choices(&picks).unwrap_or_default();
            let t0 = Instant::now();
            answer = configure(
                &mut megane,
                &choices,
                Options::default(),
                &Budget::unlimited(),
            );
            times.push(t0.elapsed().as_secs_f64() * 1e3);
        }
    }
    report("Renault Megane, random click sequences", &times);
    Ok(ExitCode::SUCCESS)
}

fn click(s: &mut Session, picks: &[String]) -> f64 {
    let choices = s.parse_choices(picks).unwrap_or_default();
    let t0 = Instant::now();
    let _ = configure(s, &choices, Options::default(), &Budget::unlimited());
    t0.elapsed().as_secs_f64() * 1e3
}

/// xorshift64: a fixed pseudo-random sequence, so runs are comparable.
fn next(s: &mut u64) -> usize {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    (*s >> 1) as usize
}

fn report(what: &str, times: &[f64]) {
    let mut t = times.to_vec();
    t.sort_by(f64::total_cmp);
    if t.is_empty() {
        println!("{what}: no clicks");
        return;
    }
    let p = |q: f64| t[((t.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{what}: {} clicks, median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        t.len(),
        p(0.5),
        p(0.95),
        t[t.len() - 1]
    );
}
