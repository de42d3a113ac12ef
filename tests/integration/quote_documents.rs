//! Golden quotes: every `tests/cases/quotes/NAME.yaml` is a catalog whose `# quote:` line gives
//! the arguments of `tailor quote` (and `# customer:` the customer); its JSON, HTML and CSV must equal `NAME.quote.json`,
//! `NAME.quote.html` and `NAME.quote.csv` byte for byte. `TAILOR_BLESS=1` writes them instead
//! (then read the diff). Also checked on every case: lines and adjustments add up to the totals,
//! net plus tax is gross, and `configure`'s price now is the quote's total before tax.

use crate::util::{files_with_ext, root};
use rust_decimal::Decimal;
use serde_json::Value as Json;
use std::process::Command;

/// The arguments of the `# quote:` line (split at spaces), and of `# customer:` (the rest of
/// its line).
fn args_of(case: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(case).unwrap();
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("# quote: "))
        .unwrap_or_else(|| panic!("{} has no `# quote:` line", case.display()));
    let mut out: Vec<String> = line.split_whitespace().map(String::from).collect();
    if let Some(c) = text.lines().find_map(|l| l.strip_prefix("# customer: ")) {
        out.extend(["--customer".to_string(), c.to_string()]);
    }
    out
}

fn tailor(args: &[String]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_tailor"))
        .args(args)
        .output()
        .expect("tailor runs");
    assert!(
        out.status.success(),
        "tailor {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn dec(j: &Json) -> Decimal {
    j.as_str()
        .expect("money is a string")
        .parse()
        .expect("money")
}

#[test]
fn quotes_match_their_golden_documents() {
    let dir = root().join("tests/cases/quotes");
    let cases: Vec<_> = files_with_ext(&dir, ".yaml");
    assert!(cases.len() >= 3, "expected at least 3 quote cases");
    let bless = std::env::var_os("TAILOR_BLESS").is_some();
    let mut wrong = Vec::new();
    for case in &cases {
        let stem = case.file_stem().unwrap().to_string_lossy().to_string();
        let mut base = vec!["quote".to_string(), case.display().to_string()];
        base.extend(args_of(case));
        for format in ["json", "html", "csv"] {
            let mut args = base.clone();
            args.extend(["--format".to_string(), format.to_string()]);
            let got = tailor(&args);
            let golden = dir.join(format!("{stem}.quote.{format}"));
            if bless {
                std::fs::write(&golden, &got).unwrap();
            } else if std::fs::read_to_string(&golden).ok().as_deref() != Some(got.as_str()) {
                wrong.push(format!(
                    "{} differs (TAILOR_BLESS=1 rewrites it)",
                    golden.display()
                ));
            }
        }
        // The sums, from the JSON.
        let mut args = base.clone();
        args.extend(["--format".to_string(), "json".to_string()]);
        let q: Json = serde_json::from_str(&tailor(&args)).unwrap();
        for period in ["once", "monthly"] {
            let parts: Decimal = q["lines"]
                .as_array()
                .unwrap()
                .iter()
                .chain(q["adjustments"].as_array().unwrap())
                .map(|x| dec(&x[period]))
                .sum();
            assert_eq!(
                parts,
                dec(&q["totals"][period]),
                "{stem}: {period} lines + adjustments"
            );
            if let Some(t) = q.get("tax") {
                assert_eq!(
                    dec(&t["net"][period]) + dec(&t["tax"][period]),
                    dec(&t["gross"][period]),
                    "{stem}: {period} net + tax"
                );
                assert_eq!(dec(&t["gross"][period]), dec(&q["totals"][period]));
            }
        }
        // configure's "now" is the same configuration's price, as the catalog writes prices.
        let selects: Vec<String> = q["selection"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| ["--select".to_string(), c.as_str().unwrap().to_string()])
            .collect();
        let mut args = vec![
            "configure".to_string(),
            case.display().to_string(),
            "--json".to_string(),
        ];
        args.extend(selects);
        let c: Json = serde_json::from_str(&tailor(&args)).unwrap();
        let before_tax = |period: &str| match q.get("tax") {
            Some(t) if t["prices"] == "net" => dec(&t["net"][period]),
            _ => dec(&q["totals"][period]),
        };
        for period in ["once", "monthly"] {
            assert_eq!(
                dec(&c["price"][period]["now"]),
                before_tax(period),
                "{stem}: {period} now"
            );
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `tailor quote --revalidate`: an earlier quote against an edited catalog.
#[test]
fn revalidate_reports_unknown_conflicting_and_repriced_choices() {
    let dir = std::env::temp_dir().join(format!("tailor-revalidate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let case = root().join("tests/cases/quotes/duo.yaml");
    let text = std::fs::read_to_string(&case).unwrap();
    let old = dir.join("old.json");
    let q = tailor(&[
        "quote".into(),
        case.display().to_string(),
        "--select".into(),
        "phones".into(),
        "--select".into(),
        "support".into(),
        "--date".into(),
        "2026-12-06".into(),
    ]);
    std::fs::write(&old, q).unwrap();
    let check = |name: &str, edited: String| -> (i32, Json) {
        let path = dir.join(format!("{name}.yaml"));
        std::fs::write(&path, edited).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_tailor"))
            .args([
                "quote",
                path.to_str().unwrap(),
                "--revalidate",
                old.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            serde_json::from_slice(&out.stdout).unwrap_or(Json::Null),
        )
    };
    let (code, same) = check("same", text.clone());
    assert_eq!(
        (code, &same["valid"], &same["repriced"]),
        (0, &Json::Bool(true), &Json::Bool(false))
    );
    let (code, dearer) = check(
        "dearer",
        text.replace("price: { monthly: 24 }", "price: { monthly: 26 }"),
    );
    assert_eq!(code, 1);
    assert_eq!(dearer["repriced"], true);
    let monthly = dearer["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["what"] == "totals.monthly")
        .unwrap();
    assert_eq!(
        (monthly["old"].as_str(), monthly["new"].as_str()),
        (Some("57.83"), Some("59.98"))
    );
    let (code, renamed) = check(
        "renamed",
        text.replace("  phones:", "  landline:")
            .replace("when phones and", "when landline and"),
    );
    assert_eq!((code, &renamed["valid"]), (1, &Json::Bool(false)));
    assert_eq!(renamed["invalid"][0]["choice"], "phones");
    assert!(renamed["invalid"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("unknown name `phones`"));
    let (code, apart) = check(
        "apart",
        text.replace(
            "rules: |\n",
            "rules: |\n  rule apart \"Sold apart now\": not (phones and support)\n",
        ),
    );
    assert_eq!((code, &apart["valid"]), (1, &Json::Bool(false)));
    assert_eq!(apart["conflict"]["rules"], serde_json::json!(["apart"]));
    assert!(apart["invalid"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("Sold apart now"));
    let _ = std::fs::remove_dir_all(&dir);
}
