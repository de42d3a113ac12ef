//! Issue 3: a session reuses earlier witnesses. A repeated click costs at most one solver call
//! (the single refutation of every blocked value), and reuse never changes an answer.

use crate::util::root;
use tailor::budget::Budget;
use tailor::engine::{configure, Options, Session};

fn session(catalog: &str) -> Session {
    let path = root().join("catalogs").join(catalog);
    let loaded = tailor::load::load_file(path.to_str().expect("utf-8 path")).expect("readable");
    Session::new(loaded.model.expect("catalog loads")).expect("catalog encodes")
}

/// The answer's variables (prices have a time budget of their own) and the solver calls spent
/// on valid domains.
fn answer(s: &mut Session, select: &[&str]) -> (serde_json::Value, u64) {
    let picks: Vec<String> = select.iter().map(|x| x.to_string()).collect();
    let choices = s.parse_choices(&picks).expect("choices parse");
    let before = s.domain_calls;
    let a = configure(s, &choices, Options::default(), &Budget::unlimited());
    let vars = serde_json::to_value(&a.variables).expect("serialises");
    (vars, s.domain_calls - before)
}

#[test]
fn issue3_repeated_click_reuses_witnesses() {
    for (catalog, select) in [
        ("home-connect.yaml", vec!["tv.package=cinema"]),
        ("pc-builder.yaml", vec![]),
        ("city-bike.yaml", vec![]),
    ] {
        let mut s = session(catalog);
        let (first, _) = answer(&mut s, &select);
        let (again, calls) = answer(&mut s, &select);
        assert_eq!(first, again, "{catalog}: a repeated click answers the same");
        assert!(
            calls <= 1,
            "{catalog}: repeated click made {calls} solver calls"
        );
    }
}

#[test]
fn issue3_witnesses_from_other_selections_change_no_answer() {
    let clicks = [
        vec!["tv.package=cinema"],
        vec!["tv.package=basic", "internet.speed=s100"],
        vec!["!tv"],
        vec!["tv.package=cinema", "internet.speed=s1000"],
    ];
    let mut warm = session("home-connect.yaml");
    for select in &clicks {
        let (with_history, _) = answer(&mut warm, select);
        let (fresh, _) = answer(&mut session("home-connect.yaml"), select);
        assert_eq!(with_history, fresh, "{select:?}");
    }
}
