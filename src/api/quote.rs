//! What every face does around a quote: which language it is in, and its documents.

use super::describe::languages;
use crate::document::{quote_csv, quote_html};
use crate::engine::{Quote, QuoteFor};
use crate::model::Model;
use chrono::NaiveDate;

/// The formats of `tailor quote --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteFormat {
    Json,
    Html,
    Csv,
}

impl QuoteFormat {
    pub fn parse(s: &str) -> Option<QuoteFormat> {
        match s {
            "json" => Some(QuoteFormat::Json),
            "html" => Some(QuoteFormat::Html),
            "csv" => Some(QuoteFormat::Csv),
            _ => None,
        }
    }
}

/// Who a quote is for, in the language asked for (else the catalog's first).
pub fn quote_for(
    model: &Model,
    customer: Option<String>,
    lang: Option<String>,
    today: NaiveDate,
) -> QuoteFor {
    let lang = lang.or_else(|| languages(model).into_iter().next());
    QuoteFor {
        customer,
        lang,
        today,
        manual_discount: [rust_decimal::Decimal::ZERO; 2],
    }
}

/// The quote as text in `format`.
pub fn render_quote(q: &Quote, model: &Model, format: QuoteFormat) -> String {
    let title = model.name.as_ref().map_or(model.id.clone(), |l| {
        l.text(q.language.as_deref()).to_string()
    });
    render_titled(q, &title, format)
}

/// The quote as text in `format`, the offer called `title` (the catalog's display name).
pub fn render_titled(q: &Quote, title: &str, format: QuoteFormat) -> String {
    match format {
        QuoteFormat::Json => super::to_json(q),
        QuoteFormat::Csv => quote_csv(q),
        QuoteFormat::Html => quote_html(q, title),
    }
}
