//! The catalog's structure as a page draws it: components, features, values, their labels in
//! every language, prices, pictures, defaults, and the rules' and adjustments' messages.

use crate::front::ast::Period;
use crate::front::minor_units;
use crate::model::{
    AdjustmentKind, ComponentKind, DefaultValue, FeatureKind, Label, Model, Price, Value,
};
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::{json, Value as Json};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Description {
    pub catalog: crate::engine::answer::CatalogRef,
    pub name: IndexMap<String, String>,
    pub description: Option<IndexMap<String, String>>,
    /// Every language a label is written in; the first is the default.
    pub languages: Vec<String>,
    pub currency: String,
    pub term_months: Option<u32>,
    pub components: Vec<ComponentInfo>,
    pub rules: Vec<Json>,
    pub adjustments: Vec<Json>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ComponentInfo {
    pub path: String,
    pub parent: Option<String>,
    pub name: IndexMap<String, String>,
    pub description: Option<IndexMap<String, String>>,
    pub kind: ComponentKind,
    pub optional: bool,
    pub instances: Option<Json>,
    pub price: Option<Json>,
    pub image: Option<String>,
    pub features: Vec<FeatureInfo>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FeatureInfo {
    pub path: String,
    pub name: IndexMap<String, String>,
    pub description: Option<IndexMap<String, String>>,
    pub kind: &'static str,
    pub values: Vec<ValueInfo>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub price: Option<Json>,
    pub default: Json,
    pub image: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ValueInfo {
    pub id: String,
    pub name: IndexMap<String, String>,
    pub description: Option<IndexMap<String, String>>,
    pub price: Option<Json>,
    pub image: Option<String>,
}

pub fn describe(m: &Model) -> Description {
    let languages = languages(m);
    let lang = &languages[0];
    let text = |l: &Option<Label>, fallback: &str| -> IndexMap<String, String> {
        match l {
            Some(l) => localised(l, lang),
            None => IndexMap::from([(lang.clone(), fallback.to_string())]),
        }
    };
    let opt = |l: &Option<Label>| l.as_ref().map(|l| localised(l, lang));
    let decimals = minor_units(&m.currency);
    let price = |p: &Price| -> Option<Json> {
        (!p.is_zero()).then(|| {
            json!({ "once": crate::engine::money(p.once, decimals),
                    "monthly": crate::engine::money(p.monthly, decimals) })
        })
    };
    let value = |v: &Value| ValueInfo {
        id: v.id.clone(),
        name: text(&v.name, &v.id),
        description: opt(&v.description),
        price: price(&v.price),
        image: v.image.clone(),
    };
    let components = m
        .components
        .iter()
        .map(|c| ComponentInfo {
            path: c.path.clone(),
            parent: c.parent.map(|p| m.comp(p).path.clone()),
            name: text(&c.name, if c.key.is_empty() { &m.id } else { &c.key }),
            description: opt(&c.description),
            kind: c.kind,
            optional: c.optional,
            // Instances with no maximum: the horizon is the engine's, not the catalog's.
            instances: c
                .instances
                .map(|(min, max)| json!({ "min": min, "max": (!c.open).then_some(max) })),
            price: price(&c.price),
            image: c.image.clone(),
            features: c
                .features
                .iter()
                .map(|&f| {
                    let f = m.feat(f);
                    let (min, max, fprice) = match &f.kind {
                        FeatureKind::AnyOf { min, max, .. } => {
                            (Some(*min as i64), Some(*max as i64), None)
                        }
                        // An open side has no bound to show.
                        FeatureKind::Int {
                            min,
                            max,
                            price_each,
                            open,
                        } => (
                            (!open.below).then_some(*min),
                            (!open.above).then_some(*max),
                            price(price_each),
                        ),
                        FeatureKind::Bool { price: p, .. } => (None, None, price(p)),
                        FeatureKind::OneOf(_) => (None, None, None),
                    };
                    let values = f.kind.values();
                    FeatureInfo {
                        path: f.path.clone(),
                        name: text(&f.name, &f.key),
                        description: opt(&f.description),
                        kind: f.kind.name(),
                        values: values.iter().map(value).collect(),
                        min,
                        max,
                        price: fprice,
                        default: match &f.default {
                            None => Json::Null,
                            Some(DefaultValue::Value(i)) => json!(values[*i as usize].id),
                            Some(DefaultValue::Values(is)) => {
                                json!(is
                                    .iter()
                                    .map(|i| &values[*i as usize].id)
                                    .collect::<Vec<_>>())
                            }
                            Some(DefaultValue::Bool(b)) => json!(b),
                            Some(DefaultValue::Int(n)) => json!(n),
                        },
                        image: f.image.clone(),
                    }
                })
                .collect(),
        })
        .collect();
    Description {
        catalog: crate::engine::answer::CatalogRef::of(&m),
        name: text(&m.name, &m.id),
        description: opt(&m.description),
        currency: m.currency.clone(),
        term_months: m.term_months,
        components,
        rules: m
            .constraints
            .iter()
            .map(|r| json!({ "id": r.id, "message": r.message }))
            .collect(),
        adjustments: m
            .adjustments
            .iter()
            .map(|a| {
                json!({
                    "id": a.id,
                    "kind": match a.kind { AdjustmentKind::Discount => "discount", AdjustmentKind::Surcharge => "surcharge" },
                    "message": a.message,
                    "amount": a.amount.normalize().to_string(),
                    "percent": a.percent,
                    "period": a.period.map(|p| match p { Period::Once => "once", Period::Monthly => "monthly" }),
                })
            })
            .collect(),
        languages,
    }
}

/// The languages of every localised label, in order of first appearance; `en` when none is.
pub fn languages(m: &Model) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |l: &Option<Label>| {
        if let Some(Label::Localised(map)) = l {
            for k in map.keys() {
                if !out.contains(k) {
                    out.push(k.clone());
                }
            }
        }
    };
    add(&m.name);
    for c in &m.components {
        add(&c.name);
    }
    for f in &m.features {
        add(&f.name);
        for v in f.kind.values() {
            add(&v.name);
        }
    }
    if out.is_empty() {
        out.push("en".to_string());
    }
    out
}

/// A label as text per language; a plain one belongs to the default language.
fn localised(l: &Label, default: &str) -> IndexMap<String, String> {
    match l {
        Label::Plain(s) => IndexMap::from([(default.to_string(), s.clone())]),
        Label::Localised(m) => m.clone(),
    }
}
