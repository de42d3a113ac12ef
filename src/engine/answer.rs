//! What the engine answers, in the JSON shapes of cli.md (serialised only at the edges).

use serde::Serialize;
use serde_json::Value as Json;

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct CatalogRef {
    pub id: String,
    pub version: String,
    pub hash: String,
    /// A bundle's modules, each with its own version and hash (absent for other catalogs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modules: Vec<crate::model::Module>,
}

impl CatalogRef {
    pub fn of(m: &crate::model::Model) -> CatalogRef {
        CatalogRef {
            id: m.id.clone(),
            version: m.version.clone(),
            hash: m.hash.clone(),
            modules: m.modules.clone(),
        }
    }
}

/// `configure --json`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Configuration {
    pub catalog: CatalogRef,
    pub consistent: bool,
    pub variables: Vec<Variable>,
    pub price: PriceReport,
    pub conflict: Option<Conflict>,
    /// False when a budget ran out: some values are listed under `unknown` (extension of cli.md).
    pub complete: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Variable {
    pub path: String,
    pub kind: &'static str,
    pub value: Json,
    pub status: Status,
    pub valid: Json,
    pub blocked: Vec<Blocked>,
    /// Values whose validity the budget did not decide.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<Json>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    User,
    Default,
    Forced,
    Free,
    Absent,
}

/// A value that cannot be chosen; with reasons on request (minimal: drop any one and it unblocks).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Blocked {
    pub value: Json,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PriceReport {
    pub currency: String,
    pub once: PriceRange,
    pub monthly: PriceRange,
    /// With the catalog's `term_months`: once + monthly × term_months (extension of cli.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term_months: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<PriceRange>,
    /// The discounts and surcharges that apply to the configuration priced as "now" (the one a
    /// quote of this selection would make), with what each adds (negative: takes off)
    /// (extension of cli.md).
    pub adjustments: Vec<AppliedAdjustment>,
    /// With a catalog that states a tax: net, tax and gross of "now" (docs/quotes.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax: Option<super::priced::TaxReport>,
}

/// A discount or surcharge that applies now.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AppliedAdjustment {
    pub rule: String,
    pub kind: &'static str,
    pub message: Option<String>,
    pub once: String,
    pub monthly: String,
}

/// Amounts as decimal strings with the currency's decimals; min/max null when unknown.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PriceRange {
    pub now: String,
    pub min: Option<String>,
    pub max: Option<String>,
}

/// Why a selection is inconsistent and how to repair it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Conflict {
    pub choices: Vec<String>,
    pub rules: Vec<String>,
    pub repairs: Vec<Vec<String>>,
}

/// `count --json`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Count {
    pub count: Option<String>,
    pub exact: bool,
}
