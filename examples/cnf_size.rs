//! Prints the size of a catalog's CNF encoding (variables, clauses): a quick look for developers.

fn main() {
    for path in std::env::args().skip(1) {
        let loaded = tailor::load::load_file(&path).expect("readable");
        let Some(model) = loaded.model else {
            eprintln!("{}", loaded.sources.render_all(&loaded.diagnostics));
            continue;
        };
        let t0 = std::time::Instant::now();
        match tailor::encode::Encoding::new(&model) {
            Ok(e) => println!(
                "{path}: {} vars, {} clauses ({} ms)",
                e.cnf.num_vars,
                e.cnf.num_clauses(),
                t0.elapsed().as_millis()
            ),
            Err(err) => println!("{path}: {err}"),
        }
    }
}
