//! The engine in JavaScript (cli.md, "The same engine in JavaScript"): one-line exports over
//! [`crate::api`]. Conversion only: every answer is the CLI's JSON text, parsed by the browser
//! into plain objects, so the browser sees byte for byte what `tailor ... --json` prints.

use crate::api::{self, ApiError, CatalogFiles, Limits};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const ANSWERS: &'static str = include_str!("answers.d.ts");

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "string | CatalogFiles")]
    pub type Source;
    #[wasm_bindgen(typescript_type = "EngineOptions")]
    pub type EngineOptions;
    #[wasm_bindgen(typescript_type = "Choice[]")]
    pub type Choices;
    #[wasm_bindgen(typescript_type = "{ reasons?: boolean }")]
    pub type ConfigureOptions;
    #[wasm_bindgen(typescript_type = "{ minimize?: string; maximize?: string }")]
    pub type CompleteOptions;
    #[wasm_bindgen(typescript_type = "{ customer?: string; lang?: string; date?: string }")]
    pub type QuoteOptions;
    #[wasm_bindgen(typescript_type = "Quote")]
    pub type QuoteJs;
    #[wasm_bindgen(typescript_type = "Configuration")]
    pub type ConfigurationJs;
    #[wasm_bindgen(typescript_type = "Explanation")]
    pub type ExplanationJs;
    #[wasm_bindgen(typescript_type = "Completion")]
    pub type CompletionJs;
    #[wasm_bindgen(typescript_type = "Count")]
    pub type CountJs;
    #[wasm_bindgen(typescript_type = "CatalogDescription")]
    pub type DescriptionJs;
}

/// A compiled catalog. Methods throw a `TailorError` on bad input.
#[wasm_bindgen]
pub struct Configurator(api::Configurator);

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct JsLimits {
    budget_ms: Option<u64>,
    conflicts: Option<u64>,
}

#[derive(Deserialize, Default)]
struct JsConfigure {
    reasons: Option<bool>,
}

#[derive(Deserialize, Default)]
struct JsComplete {
    minimize: Option<String>,
    maximize: Option<String>,
}

#[derive(Deserialize, Default)]
struct JsQuote {
    customer: Option<String>,
    lang: Option<String>,
    /// YYYY-MM-DD; default: today in UTC, from the browser's clock.
    date: Option<String>,
}

#[wasm_bindgen]
impl Configurator {
    #[wasm_bindgen(constructor)]
    pub fn new(source: Source, options: Option<EngineOptions>) -> Result<Configurator, JsValue> {
        let o: JsLimits = from_js(options.map(Into::into))?;
        let limits = Limits {
            millis: o.budget_ms.unwrap_or(Limits::default().millis),
            conflicts: o.conflicts,
        };
        let source: JsValue = source.into();
        let c = match source.as_string() {
            Some(text) => api::Configurator::from_text("catalog.yaml", &text, limits),
            None => api::Configurator::from_files(&from_js::<CatalogFiles>(Some(source))?, limits),
        };
        c.map(Configurator).map_err(throw)
    }

    pub fn configure(
        &mut self,
        select: Choices,
        options: Option<ConfigureOptions>,
    ) -> Result<ConfigurationJs, JsValue> {
        let o: JsConfigure = from_js(options.map(Into::into))?;
        answer(
            self.0
                .configure(&choices(select)?, o.reasons.unwrap_or(false)),
        )
    }

    pub fn explain(
        &mut self,
        select: Choices,
        path: String,
        value: Option<String>,
    ) -> Result<ExplanationJs, JsValue> {
        let why = match value {
            Some(v) => format!("{path}={v}"),
            None => path,
        };
        answer(self.0.explain(&choices(select)?, &why))
    }

    pub fn complete(
        &mut self,
        select: Choices,
        options: Option<CompleteOptions>,
    ) -> Result<CompletionJs, JsValue> {
        let o: JsComplete = from_js(options.map(Into::into))?;
        let (min, max) = (o.minimize.as_deref(), o.maximize.as_deref());
        answer(self.0.complete(&choices(select)?, min, max))
    }

    pub fn quote(
        &mut self,
        select: Choices,
        options: Option<QuoteOptions>,
    ) -> Result<QuoteJs, JsValue> {
        let o: JsQuote = from_js(options.map(Into::into))?;
        let today = o.date.unwrap_or_else(today_utc);
        answer(self.0.quote(&choices(select)?, o.customer, o.lang, &today))
    }

    pub fn count(&mut self, select: Choices) -> Result<CountJs, JsValue> {
        answer(self.0.count(&choices(select)?))
    }

    pub fn describe(&self) -> Result<DescriptionJs, JsValue> {
        answer(Ok(self.0.describe()))
    }
}

/// Today in UTC as YYYY-MM-DD, from the browser's clock.
fn today_utc() -> String {
    let iso: String = js_sys::Date::new_0().to_iso_string().into();
    iso.chars().take(10).collect()
}

/// The CLI's JSON text, parsed into plain objects.
fn answer<T: serde::Serialize, J: JsCast>(r: Result<T, ApiError>) -> Result<J, JsValue> {
    let text = api::to_json(&r.map_err(throw)?);
    js_sys::JSON::parse(&text).map(JsCast::unchecked_into)
}

fn choices(select: Choices) -> Result<Vec<String>, JsValue> {
    from_js::<Vec<String>>(Some(select.into()))
}

fn from_js<T: for<'de> Deserialize<'de> + Default>(v: Option<JsValue>) -> Result<T, JsValue> {
    match v {
        Some(v) if !v.is_undefined() && !v.is_null() => serde_wasm_bindgen::from_value(v)
            .map_err(|e| throw(ApiError::plain(format!("bad argument: {e}")))),
        _ => Ok(T::default()),
    }
}

/// A JavaScript `Error` whose message is the rendered diagnostics, with `rendered` and the
/// structured `diagnostics` as properties.
fn throw(e: ApiError) -> JsValue {
    let message = if e.rendered.is_empty() {
        e.message.clone()
    } else {
        e.rendered.clone()
    };
    let err = js_sys::Error::new(&message);
    let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&err, &JsValue::from_str(k), v);
    let _ = set("rendered", &JsValue::from_str(&e.rendered));
    let diags = js_sys::JSON::parse(&api::to_json(&e.diagnostics)).unwrap_or(JsValue::NULL);
    let _ = set("diagnostics", &diags);
    err.into()
}
