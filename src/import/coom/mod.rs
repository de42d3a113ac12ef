//! Import of COOM product models (spec section 6): structures with cardinalities, enumerations
//! with attributes, numeric and Bool features, and behaviors (`condition`/`require`, `imply`,
//! `combinations`, `default`, `explanation`, count/sum). What tailor cannot say faithfully is
//! refused with a diagnostic at the construct; user-input files become selections.
//!
//! How COOM maps (decisions, after the COOM suite's semantics):
//! - The product's features are the catalog's top-level features and components. Each use of a
//!   structure is its own component (`1..1` mandatory, `0..1` optional, else `instances`);
//!   an enumeration, `Bool` or `num` with a cardinality other than 1 becomes a component
//!   holding one feature `value`. `num` ranges are whole numbers (declared decimals are ignored,
//!   with a warning, as the suite's solvers do); a `num` without a range takes the range of the
//!   formula an unconditional `imply` sets it to, else it is refused. Non-numeric attributes are
//!   kept for rules (as the set of options having a value), not written as `attrs`.
//! - COOM: a requirement whose parts are undefined (absent) holds; a condition must be
//!   satisfied (an absent part does not satisfy it). tailor: a comparison reading an absent
//!   part is false. So every requirement is guarded by the presence of the optional parts it
//!   reads (`when basket require ...`), and `!=` / `= False` in conditions carry their own guard.
//! - Behaviors of a structure hold for each place and instance of it; COOM pairs every instance
//!   read at one place of a statement with every instance read at another, tailor reads one at a
//!   time: such statements (and count/sum mixing both readings) are refused, except `P = P`
//!   (`bags.color = bags.color`: every instance alike, written with counts, `alike.rs`).
//! - `combinations` become `allow`/`forbid` tables when their columns are always defined, else
//!   the equivalent condition (a table with an absent column does not apply in COOM).
//! - `explanation` becomes the rule's message; rule ids are `l<line>` of the COOM statement.
//! - `n..*` becomes instances with no maximum (`instances: { min: n }`), unrolled to a
//!   horizon the customer's choices widen. A statement of a structure with instances reads
//!   them through one of its features, or through a child component read as "present"; one
//!   that would have to be written out per numbered instance of such a structure (it has no
//!   feature and no child) is refused.
//! - Refused: unbounded `num`,
//!   non-linear arithmetic, `/`, `^`, functions, `min`/`max`/`avg`, `string` features,
//!   conditional defaults, `alldiff`, `exists`, `prefer`, `define`, `readonly`, ... .
//!   `minimize`/`maximize` are not imported (a warning: tailor catalogs have no objective).

mod alike;
mod ast;
mod bounds;
mod check;
mod expr;
mod lexer;
mod parse;
mod resolve;
mod translate;
mod tree;
mod user_input;
mod yaml;

pub use user_input::user_input_choices;

use crate::diagnostic::Diagnostics;
use crate::source::FileId;

/// The YAML catalog equivalent to the COOM model `text`; None after errors (in `diags`).
pub fn to_yaml(file: FileId, text: &str, diags: &mut Diagnostics) -> Option<String> {
    let before = diags.error_count();
    let model = parse::parse_model(file, text, diags)?;
    check::declarations(&model, diags);
    let tree = tree::build(&model, diags)?;
    let st = translate::translate(&tree, &model, text, diags);
    if diags.error_count() > before {
        return None;
    }
    Some(yaml::catalog(
        &tree,
        &model,
        title(text).as_deref(),
        &st.rules,
    ))
}

/// The model's title: its first line when that is a `//` comment.
fn title(text: &str) -> Option<String> {
    let first = text.lines().next()?.trim();
    let t = first.strip_prefix("//")?.trim();
    (!t.is_empty()).then(|| t.chars().filter(|c| !c.is_control()).collect())
}
