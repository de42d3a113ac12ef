//! `explain`: why a value is not available (or is forced), in the words of the rules' messages.

use super::choice::{parse_choice, Choice, ChoiceError};
use super::reason::{minimal_reason, Item, Reason};
use super::session::Session;
use crate::budget::Budget;
use serde::Serialize;

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// No valid configuration has it.
    Blocked,
    /// Every valid configuration has it.
    Forced,
    /// It can be chosen, and it can be left.
    Available,
    /// The budget ran out.
    Unknown,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RuleRef {
    pub id: String,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Explanation {
    /// What was asked about, as written (`internet.speed=s100`).
    pub about: String,
    pub verdict: Verdict,
    /// A minimal reason: drop any one of these rules or choices and the verdict changes.
    pub rules: Vec<RuleRef>,
    pub choices: Vec<String>,
    /// The reason in a customer's words.
    pub text: String,
}

pub fn explain(
    s: &mut Session,
    choices: &[Choice],
    about: &str,
    budget: &Budget,
) -> Result<Explanation, ChoiceError> {
    let target = parse_choice(&s.model, &mut s.enc, about)?;
    let (verdict, reason) = match minimal_reason(s, choices, &target.lits, budget) {
        Reason::Minimal(items) => (Verdict::Blocked, items),
        Reason::Unknown => (Verdict::Unknown, Vec::new()),
        Reason::Possible => {
            let negated: Vec<_> = target.lits.iter().map(|&l| !l).collect();
            // "Forced" is asked of single-literal targets only (a conjunction's negation is a disjunction).
            if negated.len() != 1 {
                (Verdict::Available, Vec::new())
            } else {
                match minimal_reason(s, choices, &negated, budget) {
                    Reason::Minimal(items) => (Verdict::Forced, items),
                    Reason::Possible => (Verdict::Available, Vec::new()),
                    Reason::Unknown => (Verdict::Unknown, Vec::new()),
                }
            }
        }
    };
    let mut rules = Vec::new();
    let mut chosen = Vec::new();
    for it in &reason {
        match *it {
            Item::Rule(r) => {
                let c = &s.model.constraints[r];
                rules.push(RuleRef {
                    id: c.id.clone(),
                    message: c.message.clone(),
                });
            }
            Item::Choice(i) => chosen.push(choices[i].text.clone()),
        }
    }
    let text = words(about, verdict, &rules, &chosen);
    Ok(Explanation {
        about: about.to_string(),
        verdict,
        rules,
        choices: chosen,
        text,
    })
}

fn words(about: &str, verdict: Verdict, rules: &[RuleRef], choices: &[String]) -> String {
    let head = match verdict {
        Verdict::Blocked => format!("{about} is not available"),
        Verdict::Forced => format!("{about} is required"),
        Verdict::Available => {
            return format!("{about} is available: nothing rules it out or requires it.")
        }
        Verdict::Unknown => {
            return format!("Could not decide about {about} within the time budget.")
        }
    };
    let because: Vec<String> = rules
        .iter()
        .map(|r| match &r.message {
            Some(m) => format!("{m} (rule {})", r.id),
            None => format!("rule {}", r.id),
        })
        .collect();
    let mut text = head;
    if !because.is_empty() {
        text.push_str(" because: ");
        text.push_str(&because.join("; "));
    }
    match choices {
        [] if rules.is_empty() => text.push_str(" in this catalog."),
        [] => text.push('.'),
        [one] => text.push_str(&format!(", given your choice {one}.")),
        many => text.push_str(&format!(", given your choices {}.", many.join(", "))),
    }
    if verdict == Verdict::Blocked && !choices.is_empty() {
        text.push_str(&format!(" To get it, drop one of: {}.", choices.join(", ")));
    }
    text
}
