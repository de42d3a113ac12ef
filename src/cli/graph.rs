//! `tailor graph`: the constraint graph as dot, mermaid or json; or which rules touch a path; or the
//! independent groups.

use std::process::ExitCode;
use tailor::graph::{ConstraintGraph, RuleRef};

#[derive(clap::Args)]
pub struct Args {
    catalog: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Dot)]
    format: Format,
    /// Instead of the graph: the rules that read this feature or component (e.g. `internet.speed`).
    #[arg(long, value_name = "PATH")]
    touching: Option<String>,
    /// Instead of the graph: the groups of features that no rule connects to each other.
    #[arg(long)]
    groups: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Dot,
    Mermaid,
    Json,
}

pub fn run(a: Args) -> Result<ExitCode, tailor::Error> {
    let Some((_, model)) = super::load_or_report(&a.catalog)? else {
        return Ok(ExitCode::from(1));
    };
    let g = ConstraintGraph::build(&model);
    if let Some(path) = &a.touching {
        let rules: Vec<RuleRef> = if let Some(f) = model.feature_by_path(path) {
            g.rules_touching_feature(f)
        } else if let Some(c) = model.component_by_path(path) {
            g.rules_touching_component(c)
        } else {
            eprintln!(
                "error: `{path}` is not a feature or component of {}",
                model.id
            );
            return Ok(ExitCode::from(2));
        };
        if matches!(a.format, Format::Json) {
            let list: Vec<_> = rules
                .iter()
                .map(|r| serde_json::json!({ "id": r.id(&model), "kind": r.kind() }))
                .collect();
            println!("{}", serde_json::json!({ "path": path, "rules": list }));
        } else {
            for r in rules {
                println!("{} ({})", r.id(&model), r.kind());
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    if a.groups {
        let groups = g.independent_groups(&model);
        for (i, gr) in groups.iter().enumerate() {
            let feats: Vec<&str> = gr
                .features
                .iter()
                .map(|&f| model.feat(f).path.as_str())
                .collect();
            println!(
                "group {}: {} feature(s), {} rule(s): {}",
                i + 1,
                feats.len(),
                gr.rules.len(),
                feats.join(", ")
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    match a.format {
        Format::Dot => print!("{}", tailor::graph::to_dot(&model, &g)),
        Format::Mermaid => print!("{}", tailor::graph::to_mermaid(&model, &g)),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&tailor::graph::to_json(&model, &g)).unwrap_or_default()
        ),
    }
    Ok(ExitCode::SUCCESS)
}
