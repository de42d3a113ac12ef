//! Instances with no maximum (catalog format section 3, COOM's `0..*`): unrolled to a horizon
//! that choices widen, reported without a maximum where no rule bounds them, counted infinite.

use serde_json::{json, Value as Json};
use tailor::budget::Budget;
use tailor::engine::{configure, count, Options, Session};

const SHELF: &str = r#"catalog: shelf
components:
  shelf:
    components:
      board:
        instances: { min: 1 }
        features:
          painted: { bool: {} }
      hook:
        instances: { min: 0 }
rules: |
  rule few_hooks: count(shelf.hook) <= 3
"#;

fn session() -> Session {
    crate::util::session_of("shelf.yaml", SHELF)
}

fn valid(s: &mut Session, select: &[&str], path: &str) -> Json {
    let sel: Vec<String> = select.iter().map(|x| x.to_string()).collect();
    let choices = s.parse_choices(&sel).expect("choices parse");
    let a = configure(s, &choices, Options::default(), &Budget::millis(20_000));
    assert!(a.consistent, "{select:?}");
    a.variables
        .into_iter()
        .find(|v| v.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .valid
}

#[test]
fn open_instances_have_no_maximum_unless_a_rule_gives_one() {
    let mut s = session();
    assert_eq!(
        valid(&mut s, &[], "shelf.board"),
        json!({"min": 1, "max": null})
    );
    assert_eq!(
        valid(&mut s, &[], "shelf.hook"),
        json!({"min": 0, "max": 3})
    );
    let budget = Budget::millis(20_000);
    assert_eq!(count(&s, &[], &budget).count.as_deref(), Some("infinite"));
    // Two boards, painted or not (4), and 0 to 3 hooks (4): 16 configurations.
    let two = s
        .parse_choices(&["shelf.board=2".to_string()])
        .expect("choice");
    assert_eq!(count(&s, &two, &budget).count.as_deref(), Some("16"));
}

/// A choice past the horizon unrolls more instances; the count stays open above.
#[test]
fn choices_past_the_horizon_widen_it() {
    let mut s = session();
    let at = valid(
        &mut s,
        &["shelf.board=40", "shelf.board[40].painted=true"],
        "shelf.board[40].painted",
    );
    assert_eq!(at, json!([true]));
    assert_eq!(
        valid(&mut s, &[], "shelf.board"),
        json!({"min": 1, "max": null})
    );
    let err = s
        .parse_choices(&["shelf.board=1001".to_string()])
        .expect_err("past the resource limit");
    assert!(err.reason.contains("at most 1000"), "{}", err.reason);
}
