//! `tailor configure`: the state after a selection (spec section 5), as text or `--json`.

use std::process::ExitCode;
use tailor::budget::Budget;
use tailor::engine::{configure, Options, Session};

/// A command never runs unbounded by default: a minute, then the partial answer.
const DEFAULT_BUDGET_MS: u64 = 60_000;

/// Where choices come from: `--select` (repeatable) and `--selection FILE` (a YAML list).
#[derive(clap::Args, Clone)]
pub struct Selection {
    /// A choice, e.g. `internet.speed=s500` (repeatable).
    #[arg(long = "select", value_name = "CHOICE")]
    pub select: Vec<String>,
    /// A YAML file with a list of choices, or a COOM user-input file (`.coom`).
    #[arg(long, value_name = "FILE")]
    pub selection: Option<String>,
    /// Time budget for the solver in milliseconds; past it, answers are marked unknown (or, for
    /// `complete`, the completion found so far is given with `complete: false`). 0: no limit.
    #[arg(long, value_name = "MS", default_value_t = DEFAULT_BUDGET_MS)]
    pub budget_ms: u64,
}

impl Selection {
    pub fn choices(&self, model: &tailor::model::Model) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        if let Some(f) = &self.selection {
            let text = std::fs::read_to_string(f).map_err(|e| format!("cannot read {f}: {e}"))?;
            if f.to_ascii_lowercase().ends_with(".coom") {
                out.extend(coom_user_input(model, f, &text)?);
            } else {
                let list: Vec<String> = serde_yaml::from_str(&text)
                    .map_err(|e| format!("{f}: a selection file is a YAML list of choices: {e}"))?;
                out.extend(list);
            }
        }
        out.extend(self.select.iter().cloned());
        Ok(out)
    }

    pub fn budget(&self) -> Budget {
        match self.budget_ms {
            0 => Budget::unlimited(),
            ms => Budget::millis(ms),
        }
    }
}

/// A COOM user-input file (`set`, `add`) as choices on the catalog imported from its model.
fn coom_user_input(
    model: &tailor::model::Model,
    f: &str,
    text: &str,
) -> Result<Vec<String>, String> {
    let mut sources = tailor::source::SourceMap::default();
    let file = sources.add(f.to_string(), text.to_string());
    let mut diags = tailor::diagnostic::Diagnostics::default();
    match tailor::import::coom::user_input_choices(model, file, text, &mut diags) {
        Some(c) if !diags.has_errors() => Ok(c),
        _ => Err(sources.render_all(&diags)),
    }
}

#[derive(clap::Args)]
pub struct Args {
    catalog: String,
    #[command(flatten)]
    selection: Selection,
    /// Give every blocked value its minimal reason (rules and choices).
    #[arg(long)]
    reasons: bool,
    #[arg(long)]
    json: bool,
}

/// Loads a catalog and compiles a session, reporting problems; None after reporting.
pub fn session(catalog: &str) -> Result<Option<Session>, tailor::Error> {
    let Some((mut loaded, model)) = super::load_or_report(catalog)? else {
        return Ok(None);
    };
    match Session::new(model) {
        Ok(s) => Ok(Some(s)),
        Err(e) => {
            // At the rule's line and column, as `tailor check` reports it.
            loaded.diagnostics.error(e.span(), e.to_string());
            eprintln!("{}", loaded.sources.render_all(&loaded.diagnostics));
            Ok(None)
        }
    }
}

/// Parses the selection against the session, reporting bad choices.
pub fn choices(s: &mut Session, sel: &Selection) -> Option<Vec<tailor::engine::Choice>> {
    let texts = match sel.choices(&s.model) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return None;
        }
    };
    match s.parse_choices(&texts) {
        Ok(c) => Some(c),
        Err(e) => {
            eprintln!("error: {e}");
            None
        }
    }
}

pub fn run(a: Args) -> Result<ExitCode, tailor::Error> {
    let Some(mut s) = session(&a.catalog)? else {
        return Ok(ExitCode::from(1));
    };
    let Some(choices) = choices(&mut s, &a.selection) else {
        return Ok(ExitCode::from(1));
    };
    let answer = configure(
        &mut s,
        &choices,
        Options { reasons: a.reasons },
        &a.selection.budget(),
    );
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&answer).unwrap_or_default()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(c) = &answer.conflict {
        println!(
            "inconsistent: choices {:?} conflict through rules {:?}",
            c.choices, c.rules
        );
        for r in &c.repairs {
            println!("  repair: drop {r:?}");
        }
        println!("state after the first repair:");
    }
    for v in &answer.variables {
        let blocked: Vec<String> = v.blocked.iter().map(|b| b.value.to_string()).collect();
        println!(
            "{:<40} {:<8} {:<12} valid {}{}",
            v.path,
            format!("{:?}", v.status).to_lowercase(),
            v.value.to_string(),
            v.valid,
            if blocked.is_empty() {
                String::new()
            } else {
                format!("  blocked [{}]", blocked.join(", "))
            }
        );
    }
    let p = &answer.price;
    let show = |r: &tailor::engine::answer::PriceRange| {
        format!(
            "{} (min {}, max {})",
            r.now,
            r.min.as_deref().unwrap_or("?"),
            r.max.as_deref().unwrap_or("?")
        )
    };
    println!(
        "price once {} {}, monthly {}",
        p.currency,
        show(&p.once),
        show(&p.monthly)
    );
    if !answer.complete {
        println!("(the budget ran out: some answers are unknown)");
    }
    Ok(ExitCode::SUCCESS)
}
