//! How a session's click time changes as it ages: the same configure asked 500 times of one
//! session of home-connect (a regression check for slow-downs that grow with a session's history).
fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or("catalogs/home-connect.yaml".into());
    let loaded = tailor::load::load_file(&path).map_err(|e| e.to_string())?;
    let mut k = tailor::api::Configurator::from_loaded(loaded, Default::default())
        .map_err(|e| e.rendered)?;
    let sel = vec!["tv.package=cinema".to_string()];
    let mut times = Vec::new();
    for _ in 0..500 {
        let t = std::time::Instant::now();
        k.configure(&sel, false).map_err(|e| e.to_string())?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let med = |s: &[f64]| {
        let mut v = s.to_vec();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "calls 2-101: median {:.2} ms; calls 401-500: median {:.2} ms",
        med(&times[1..101]),
        med(&times[400..])
    );
    Ok(())
}
