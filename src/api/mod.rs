//! The questions every face asks, answered in the JSON shapes of cli.md: one compiled catalog
//! ([`Configurator`]) answers configure, explain, complete, count and describe. The CLI, the
//! WASM package and the HTTP server all call these functions, so their answers cannot differ.
//! No I/O here: catalogs arrive as text ([`CatalogFiles`]).

mod describe;
pub mod diff;
mod error;
mod files;
mod quote;
mod revalidate;

pub use describe::{describe, Description};
pub use diff::{diff, read_orders, CatalogDiff};
pub use error::ApiError;
pub use files::{relative_to, CatalogFiles, MapIncluder};
pub use quote::{quote_for, render_quote, render_titled, QuoteFormat};
pub use revalidate::{who_of, InvalidChoice, PriceChange, Revalidation};

use crate::budget::Budget;
use crate::engine::answer::{Configuration, Count};
use crate::engine::{Choice, Completion, Explanation, Objective, Options, Session};
use crate::load::{load_str, Loaded, NoIncludes};

/// How much work one question may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock milliseconds per question (ignored for solver calls when `conflicts` is set).
    pub millis: u64,
    /// SAT conflicts per solver call instead of a clock: answers independent of machine speed.
    pub conflicts: Option<u64>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            millis: 10_000,
            conflicts: None,
        }
    }
}

impl Limits {
    fn solver(&self) -> Budget {
        match self.conflicts {
            Some(n) => Budget::steps(n),
            None => Budget::millis(self.millis),
        }
    }

    /// Counting has no conflicts: under a step budget it counts its decisions instead.
    fn counting(&self) -> Budget {
        match self.conflicts {
            Some(n) => Budget::steps(n),
            None => Budget::millis(self.millis),
        }
    }
}

/// A compiled catalog, ready to answer questions (the `Configurator` of the JavaScript API).
pub struct Configurator {
    session: Session,
    pub limits: Limits,
}

impl Configurator {
    /// One YAML (or imported-format) text; includes are refused.
    pub fn from_text(name: &str, text: &str, limits: Limits) -> Result<Configurator, ApiError> {
        Self::from_loaded(load_str(name, text, &NoIncludes), limits)
    }

    /// A catalog with included rule files, all given as text.
    pub fn from_files(files: &CatalogFiles, limits: Limits) -> Result<Configurator, ApiError> {
        let Some(main) = files.files.get(&files.main) else {
            return Err(ApiError::plain(format!(
                "`main` names `{}`, which is not among the files",
                files.main
            )));
        };
        let includer = MapIncluder::new(&files.files);
        Self::from_loaded(load_str(&files.main, main, &includer), limits)
    }

    pub fn from_loaded(mut loaded: Loaded, limits: Limits) -> Result<Configurator, ApiError> {
        let Some(model) = loaded.model.take() else {
            return Err(ApiError::from_diagnostics(&loaded));
        };
        match Session::new(model) {
            Ok(session) => Ok(Configurator { session, limits }),
            // Placed at the rule, as `tailor check` places it.
            Err(e) => {
                loaded.diagnostics.error(e.span(), e.to_string());
                Err(ApiError::from_diagnostics(&loaded))
            }
        }
    }

    /// A catalog already loaded and checked.
    pub fn from_model(
        model: crate::model::Model,
        limits: Limits,
    ) -> Result<Configurator, ApiError> {
        let session = Session::new(model).map_err(|e| ApiError::plain(e.to_string()))?;
        Ok(Configurator { session, limits })
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    fn session_mut(&mut self) -> &mut Session {
        &mut self.session
    }

    fn choices(&mut self, select: &[String]) -> Result<Vec<Choice>, ApiError> {
        self.session
            .parse_choices(select)
            .map_err(|e| ApiError::plain(e.to_string()))
    }

    /// `configure --json [--reasons]`.
    pub fn configure(
        &mut self,
        select: &[String],
        reasons: bool,
    ) -> Result<Configuration, ApiError> {
        let choices = self.choices(select)?;
        let budget = self.limits.solver();
        Ok(crate::engine::configure(
            &mut self.session,
            &choices,
            Options { reasons },
            &budget,
        ))
    }

    /// `explain --why PATH[=VALUE] --json`.
    pub fn explain(&mut self, select: &[String], why: &str) -> Result<Explanation, ApiError> {
        let choices = self.choices(select)?;
        let budget = self.limits.solver();
        crate::engine::explain(&mut self.session, &choices, why, &budget)
            .map_err(|e| ApiError::plain(e.to_string()))
    }

    /// `complete [--minimize|--maximize WHAT] --json`.
    pub fn complete(
        &mut self,
        select: &[String],
        minimize: Option<&str>,
        maximize: Option<&str>,
    ) -> Result<Completion, ApiError> {
        let goal = match (minimize, maximize) {
            (Some(_), Some(_)) => {
                return Err(ApiError::plain(
                    "ask for `minimize` or `maximize`, not both".to_string(),
                ))
            }
            (Some(m), None) => Some((Objective::parse(m), true)),
            (None, Some(m)) => Some((Objective::parse(m), false)),
            (None, None) => None,
        };
        let choices = self.choices(select)?;
        let budget = self.limits.solver();
        crate::engine::complete(&mut self.session, &choices, goal, &budget)
            .map_err(|e| ApiError::plain(e.to_string()))
    }

    /// `quote --format json`, made on `today` (YYYY-MM-DD: the engine reads no clock).
    pub fn quote(
        &mut self,
        select: &[String],
        customer: Option<String>,
        lang: Option<String>,
        today: &str,
    ) -> Result<crate::engine::Quote, ApiError> {
        let today = crate::engine::parse_day(today).map_err(|e| ApiError::plain(e.to_string()))?;
        let who = quote_for(&self.session.model, customer, lang, today);
        self.quote_for(select, &who)
    }

    /// A quote for `who` (the server adds a sales discount this way).
    pub fn quote_for(
        &mut self,
        select: &[String],
        who: &crate::engine::QuoteFor,
    ) -> Result<crate::engine::Quote, ApiError> {
        let choices = self.choices(select)?;
        let budget = self.limits.solver();
        crate::engine::quote(&mut self.session, &choices, who, &budget)
            .map_err(|e| ApiError::plain(e.to_string()))
    }

    /// `count --json`.
    pub fn count(&mut self, select: &[String]) -> Result<Count, ApiError> {
        let choices = self.choices(select)?;
        Ok(crate::engine::count(
            &self.session,
            &choices,
            &self.limits.counting(),
        ))
    }

    /// The catalog's structure for drawing a page (an extension of cli.md).
    pub fn describe(&self) -> Description {
        describe(&self.session.model)
    }
}

/// Serialises an answer as the CLI prints it with `--json` (pretty, fields in declaration order).
pub fn to_json<T: serde::Serialize>(answer: &T) -> String {
    serde_json::to_string_pretty(answer).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
