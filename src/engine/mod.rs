//! The configuration engine: sessions over a compiled catalog that answer configure, explain,
//! complete and count (spec section 5).

mod analyze;
pub mod answer;
mod cheapest;
mod choice;
mod complete;
mod configure;
mod count;
mod count_kept;
mod count_tables;
mod domains;
mod explain;
mod objective;
mod parts;
mod price;
mod price_terms;
mod priced;
mod quote;
mod range_bounds;
mod reason;
mod repair;
mod root_ranges;
mod rule_index;
mod session;
mod spread;
mod surrogate;
mod symmetry;
mod tabulate;
mod view;
mod wide_domain;
mod witness;

pub use analyze::analyze;
pub use choice::{horizon_needs, parse_choice, Choice, ChoiceError, VarKey};
pub use complete::{complete, CompleteError, Completion};
pub use configure::{configure, Options};
pub use count::{count, count_with, CountMethod};
pub use count_kept::count_kept;
pub use explain::{explain, Explanation, Verdict};
pub use objective::{Objective, ObjectiveError};
pub use price::money;
pub use priced::{Amounts, Priced, QuoteAdjustment, QuoteLine, TaxReport, Totals};
pub use quote::{parse_day, quote, Quote, QuoteError, QuoteFor};
pub use range_bounds::{range_bounds, solve_ranges};
pub use reason::{minimal_reason, Item, Reason};
pub use session::{Period, Session};
pub use view::{variables, VarView};
