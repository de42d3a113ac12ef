//! From the YAML types to the model's components and features, with every YAML-level check.

use super::raw::*;
use super::yaml_index::YamlIndex;
use crate::diagnostic::Diagnostics;
use crate::model::Target;
use crate::model::{
    AttrId, CompId, Component, ComponentKind, DefaultValue, FeatId, Feature, FeatureKind, Model,
    Price, Value,
};
use crate::source::{FileId, Span};
use rust_decimal::Decimal;

pub use crate::model::MAX_INSTANCES;
/// The most numbers an `int` feature may range over.
/// The largest amount (in currency units) a price can reach: 10¹⁸.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(0xA764_0000, 0x0DE0_B6B3, 0, false, 0);

pub(crate) struct Builder<'a> {
    pub file: FileId,
    pub index: &'a YamlIndex,
    pub diags: &'a mut Diagnostics,
    pub model: Model,
    /// Decimals the currency allows in prices.
    pub minor_units: u32,
    /// An imported catalog: ids may be any source name (see [`is_source_name`]).
    pub imported: bool,
}

/// Ids are `[A-Za-z_][A-Za-z0-9_]*` (the spec's lowercase form, plus upper case as real catalogs use it).
pub fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(x) if x.is_ascii_alphabetic() || x == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

/// Names an importer may keep as ids: non-empty, no `"`, `.`, `[`, `]` or control characters, and
/// no whitespace at either end (rules quote them: `"Foo-Bar"`; paths split at `.` and `[`).
pub fn is_source_name(s: &str) -> bool {
    !s.is_empty()
        && s.trim() == s
        && !s
            .chars()
            .any(|c| matches!(c, '"' | '.' | '[' | ']') || c.is_control())
}

fn is_catalog_id(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(x) if x.is_ascii_lowercase())
        && c.all(|x| x.is_ascii_lowercase() || x.is_ascii_digit() || x == '_' || x == '-')
}

/// ISO 4217 minor units for the currencies that do not use two decimals.
pub fn minor_units(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" | "ISK" | "CLP" | "VND" | "XAF" | "XOF" | "HUF" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" | "LYD" | "IQD" => 3,
        _ => 2,
    }
}

/// The model of a catalog's header alone: its root, currency, tax and quote terms, nothing
/// else. Every catalog starts from it (importers that build models directly too).
pub(crate) fn skeleton(file: FileId, raw: &RawCatalog) -> Model {
    let root = Component {
        key: String::new(),
        path: String::new(),
        parent: None,
        name: raw.name.clone(),
        description: raw.description.clone(),
        image: None,
        kind: ComponentKind::Bundle,
        optional: false,
        instances: None,
        open: false,
        price: Price::default(),
        attrs: Vec::new(),
        features: Vec::new(),
        children: Vec::new(),
        span: Span::new(file, 0, 0),
    };
    Model {
        id: raw.catalog.clone(),
        name: raw.name.clone(),
        description: raw.description.clone(),
        hash: String::new(),
        version: raw
            .version
            .as_ref()
            .map(|s| s.0.clone())
            .unwrap_or_default(),
        currency: raw.currency.clone().unwrap_or_else(|| "EUR".to_string()),
        term_months: raw.term_months,
        tax: raw.tax.as_ref().map(|t| crate::model::Tax {
            name: t.name.clone().unwrap_or_else(|| "Tax".to_string()),
            rate: t.rate.0,
            gross_prices: t.prices == Some(crate::front::raw::TaxBasis::Gross),
        }),
        quote_terms: crate::model::QuoteTerms {
            valid_days: raw.quote.as_ref().and_then(|q| q.valid_days).unwrap_or(30),
            max_discount: {
                let m = raw.quote.as_ref().and_then(|q| q.max_discount.as_ref());
                [
                    m.and_then(|m| m.once.as_ref())
                        .map_or(Decimal::ZERO, |a| a.0),
                    m.and_then(|m| m.monthly.as_ref())
                        .map_or(Decimal::ZERO, |a| a.0),
                ]
            },
        },
        components: vec![root],
        features: Vec::new(),
        attrs: Vec::new(),
        constraints: Vec::new(),
        preferences: Vec::new(),
        adjustments: Vec::new(),
        renamed_from: Vec::new(),
        modules: Vec::new(),
        lookup: Default::default(),
    }
}

impl<'a> Builder<'a> {
    pub fn new(
        file: FileId,
        index: &'a YamlIndex,
        diags: &'a mut Diagnostics,
        raw: &RawCatalog,
    ) -> Self {
        let currency = raw.currency.clone().unwrap_or_else(|| "EUR".to_string());
        let model = skeleton(file, raw);
        Builder {
            file,
            index,
            diags,
            model,
            minor_units: minor_units(&currency),
            imported: raw.imported_from.is_some(),
        }
    }

    /// A tax rate is a percentage below 100; a quote is valid at least a day; a discount limit
    /// is a percentage.
    fn tax_and_quote_terms(&mut self, raw: &RawCatalog) {
        if let Some(t) = &raw.tax {
            if t.rate.0.is_sign_negative() || t.rate.0 >= Decimal::ONE_HUNDRED {
                let s = self.value_span(&["tax", "rate"]);
                self.diags.error(
                    s,
                    format!(
                        "tax rate {} is not a percentage from 0 to below 100",
                        t.rate.0
                    ),
                );
            }
        }
        let Some(q) = &raw.quote else { return };
        if q.valid_days == Some(0) {
            let s = self.value_span(&["quote", "valid_days"]);
            self.diags.error(s, "valid_days must be at least 1");
        }
        if let Some(m) = &q.max_discount {
            for (key, a) in [("once", &m.once), ("monthly", &m.monthly)] {
                if let Some(a) = a {
                    if a.0.is_sign_negative() || a.0 > Decimal::ONE_HUNDRED {
                        let s = self.value_span(&["quote", "max_discount", key]);
                        self.diags.error(
                            s,
                            format!(
                                "max_discount {key} {} is not a percentage from 0 to 100",
                                a.0
                            ),
                        );
                    }
                }
            }
        }
    }

    fn key_span(&self, path: &[&str]) -> Span {
        self.index
            .key_span(path)
            .unwrap_or(Span::new(self.file, 0, 0))
    }

    fn value_span(&self, path: &[&str]) -> Span {
        self.index
            .value_span(path)
            .unwrap_or(Span::new(self.file, 0, 0))
    }

    pub fn catalog(&mut self, raw: &RawCatalog) {
        if !is_catalog_id(&raw.catalog) {
            let s = self.value_span(&["catalog"]);
            self.diags.error(
                s,
                format!("catalog id `{}` must match [a-z][a-z0-9_-]*", raw.catalog),
            );
        }
        if let Some(c) = &raw.currency {
            if c.len() != 3 || !c.chars().all(|x| x.is_ascii_uppercase()) {
                let s = self.value_span(&["currency"]);
                self.diags.error(
                    s,
                    format!(
                        "currency `{c}` is not an ISO 4217 code (three capital letters, e.g. EUR)"
                    ),
                );
            }
        }
        self.tax_and_quote_terms(raw);
        if raw.term_months == Some(0) {
            let s = self.value_span(&["term_months"]);
            self.diags.error(s, "term_months must be at least 1");
        }
        // The catalog's own features first: they belong to the root component.
        let mut path = Vec::new();
        for (fkey, f) in &raw.features {
            if raw.components.contains_key(fkey) {
                let s = self.key_span(&["features", fkey.as_str()]);
                self.diags
                    .error(s, format!("`{fkey}` is both a feature and a component"));
            }
            self.feature(CompId(0), "", fkey, f, &mut path);
        }
        let mut path = vec!["components".to_string()];
        for (key, c) in &raw.components {
            self.component(CompId(0), key, c, &mut path);
        }
    }

    fn component(&mut self, parent: CompId, key: &str, raw: &RawComponent, path: &mut Vec<String>) {
        path.push(key.to_string());
        let owned = path.clone();
        let p: Vec<&str> = owned.iter().map(|s| s.as_str()).collect();
        let span = self.key_span(&p);
        self.check_ident(key, span, "component");
        let parent_path = &self.model.comp(parent).path;
        let full = if parent_path.is_empty() {
            key.to_string()
        } else {
            format!("{parent_path}.{key}")
        };
        let mut instances = None;
        let mut open = false;
        if let Some(i) = &raw.instances {
            let mut ip = p.clone();
            ip.push("instances");
            let ispan = self.key_span(&ip);
            open = i.max.is_none();
            // No maximum: unrolled to a horizon past the minimum.
            let max = i.max.unwrap_or(Model::horizon_for(i.min));
            if max == 0 || i.min > max {
                self.diags.error(
                    ispan,
                    format!(
                        "instances of `{full}`: need 0 <= min <= max and max >= 1 (got {}..{max})",
                        i.min
                    ),
                );
            } else if max > MAX_INSTANCES || i.min > MAX_INSTANCES {
                self.diags.error(ispan, format!("instances of `{full}`: at most {MAX_INSTANCES} instances are supported (got {})", max.max(i.min)));
            } else {
                instances = Some((i.min, max));
            }
            if raw.optional {
                self.diags.error(ispan, format!("`{full}` has both `optional` and `instances`: write `instances: {{ min: 0, max: {max} }}` instead"));
            }
        }
        let price = self.price(raw.price.as_ref(), &p, "price");
        let id = CompId(self.model.components.len() as u32);
        let attrs = self.attrs(&raw.attrs, &p);
        self.model.components.push(Component {
            key: key.to_string(),
            path: full.clone(),
            parent: Some(parent),
            name: raw.name.clone(),
            description: raw.description.clone(),
            image: raw.image.clone(),
            kind: raw.kind.unwrap_or(ComponentKind::Product),
            optional: raw.optional,
            instances,
            open,
            price,
            attrs,
            features: Vec::new(),
            children: Vec::new(),
            span,
        });
        self.model.components[parent.index()].children.push(id);
        if let Some(was) = &raw.was {
            self.was(Target::Comp(id), was, &p);
        }
        for (fkey, f) in &raw.features {
            if raw.components.contains_key(fkey) {
                let mut fp = p.clone();
                fp.extend(["features", fkey.as_str()]);
                let s = self.key_span(&fp);
                self.diags.error(
                    s,
                    format!("`{full}.{fkey}` is both a feature and a component"),
                );
            }
            self.feature(id, &full, fkey, f, path);
        }
        for (ckey, c) in &raw.components {
            path.push("components".to_string());
            self.component(id, ckey, c, path);
            path.pop();
        }
        for (a, _) in &raw.attrs {
            if raw.features.contains_key(a) || raw.components.contains_key(a) {
                let mut ap = p.clone();
                ap.extend(["attrs", a.as_str()]);
                let s = self.key_span(&ap);
                self.diags.error(s, format!("attribute `{a}` of `{full}` clashes with a feature or component of the same name"));
            }
        }
        path.pop();
    }

    fn feature(
        &mut self,
        comp: CompId,
        comp_path: &str,
        key: &str,
        raw: &RawFeature,
        path: &mut Vec<String>,
    ) {
        path.push("features".to_string());
        path.push(key.to_string());
        let owned = path.clone();
        let p: Vec<&str> = owned.iter().map(|s| s.as_str()).collect();
        let span = self.key_span(&p);
        self.check_ident(key, span, "feature");
        let full = if comp_path.is_empty() {
            key.to_string()
        } else {
            format!("{comp_path}.{key}")
        };
        let kinds: Vec<&str> = [
            raw.one_of.as_ref().map(|_| "one_of"),
            raw.any_of.as_ref().map(|_| "any_of"),
            raw.bool.as_ref().map(|_| "bool"),
            raw.int.as_ref().map(|_| "int"),
        ]
        .into_iter()
        .flatten()
        .collect();
        let kind = match kinds.as_slice() {
            [] => {
                self.diags.error(
                    span,
                    format!("feature `{full}` needs a kind: one_of, any_of, bool or int"),
                );
                None
            }
            [_] => self.feature_kind(&full, raw, &p),
            many => {
                self.diags.error(
                    span,
                    format!(
                        "feature `{full}` has several kinds ({}); give exactly one",
                        many.join(", ")
                    ),
                );
                None
            }
        };
        if let Some(kind) = kind {
            let default = raw
                .default
                .as_ref()
                .and_then(|d| self.default(&full, &kind, d, &p));
            let id = FeatId(self.model.features.len() as u32);
            self.model.features.push(Feature {
                key: key.to_string(),
                path: full,
                comp,
                name: raw.name.clone(),
                description: raw.description.clone(),
                image: raw.image.clone(),
                kind,
                default,
                span,
            });
            self.model.components[comp.index()].features.push(id);
            if let Some(was) = &raw.was {
                self.was(Target::Feat(id), was, &p);
            }
            let (kind_key, values) = match (&raw.one_of, &raw.any_of) {
                (Some(v), _) => ("one_of", Some(v)),
                (None, v) => ("any_of", v.as_ref()),
            };
            for (i, (vid, v)) in values.iter().flat_map(|vs| vs.0.iter()).enumerate() {
                if let Some(was) = &v.was {
                    let mut vp = p.clone();
                    vp.extend([kind_key, vid.as_str()]);
                    self.was(Target::Value(id, i as u32), was, &vp);
                }
            }
        }
        path.pop();
        path.pop();
    }

    fn feature_kind(&mut self, full: &str, raw: &RawFeature, p: &[&str]) -> Option<FeatureKind> {
        let at = |k: &'static str| -> Vec<&str> {
            let mut v = p.to_vec();
            v.push(k);
            v
        };
        if (raw.min.is_some() || raw.max.is_some()) && raw.any_of.is_none() {
            let s = self.key_span(&at(if raw.min.is_some() { "min" } else { "max" }));
            self.diags.error(
                s,
                format!("`min`/`max` apply to any_of features; `{full}` is not one"),
            );
        }
        if raw.price_each.is_some() && raw.int.is_none() {
            let s = self.key_span(&at("price_each"));
            self.diags.error(
                s,
                format!("`price_each` applies to int features; `{full}` is not one"),
            );
        }
        if let Some(v) = &raw.one_of {
            let values = self.values(full, v, &at("one_of"));
            if values.is_empty() {
                self.diags.error(
                    self.key_span(&at("one_of")),
                    format!("one_of `{full}` needs at least one value"),
                );
                return None;
            }
            return Some(FeatureKind::OneOf(values));
        }
        if let Some(v) = &raw.any_of {
            let values = self.values(full, v, &at("any_of"));
            let n = values.len() as u32;
            let min = raw.min.unwrap_or(0);
            let max = raw.max.unwrap_or(n);
            if min > max || max > n {
                let s = self.key_span(&at(if raw.max.is_some() { "max" } else { "min" }));
                self.diags.error(s, format!("any_of `{full}`: need min <= max <= {n} (the number of values), got min {min}, max {max}"));
                return None;
            }
            return Some(FeatureKind::AnyOf { values, min, max });
        }
        if let Some(b) = &raw.bool {
            let bp = at("bool");
            let price = self.price(b.price.as_ref(), &bp, "price");
            let attrs = self.attrs(&b.attrs, &bp);
            return Some(FeatureKind::Bool { price, attrs });
        }
        if let Some(raw_int) = &raw.int {
            // A side left out is open: the 64-bit limit stands in for it.
            let open = crate::model::Open {
                below: raw_int.min.is_none(),
                above: raw_int.max.is_none(),
            };
            let (min, max) = (
                raw_int.min.unwrap_or(i64::MIN),
                raw_int.max.unwrap_or(i64::MAX),
            );
            if min > max {
                self.diags.error(
                    self.key_span(&at("int")),
                    format!("int `{full}`: min {min} is above max {max}"),
                );
                return None;
            }
            let price_each = self.price(raw.price_each.as_ref(), p, "price_each");
            // Money stays exact: the dearest number's price must fit what amounts can hold.
            let top = Decimal::from(min.unsigned_abs().max(max.unsigned_abs()));
            let dearest = price_each.once.abs().max(price_each.monthly.abs());
            if dearest.checked_mul(top).is_none_or(|d| d > MAX_AMOUNT) {
                self.diags.error(
                    self.key_span(&at("price_each")),
                    format!(
                        "int `{full}`: price_each times {top} exceeds {MAX_AMOUNT}, the largest amount a price may reach"
                    ),
                );
                return None;
            }
            return Some(FeatureKind::Int {
                min,
                max,
                price_each,
                open,
            });
        }
        None
    }

    /// Records a `was:` rename (its id must be one a catalog could use).
    fn was(&mut self, target: Target, was: &str, p: &[&str]) {
        let mut wp = p.to_vec();
        wp.push("was");
        let span = self.value_span(&wp);
        self.check_ident(was, span, "previous");
        self.model.renamed_from.push((target, was.to_string()));
    }

    fn values(&mut self, full: &str, raw: &RawValues, p: &[&str]) -> Vec<Value> {
        let mut out: Vec<Value> = Vec::new();
        for (i, (id, v)) in raw.0.iter().enumerate() {
            let pos = i.to_string();
            let mut vp = p.to_vec();
            // List form is indexed by position, map form by key.
            vp.push(
                if self.index.get(&[p, &[pos.as_str()]].concat()).is_some() {
                    pos.as_str()
                } else {
                    id.as_str()
                },
            );
            let span = self.key_span(&vp);
            self.check_ident(id, span, "value");
            if out.iter().any(|o| &o.id == id) {
                self.diags
                    .error(span, format!("value `{id}` appears twice in `{full}`"));
                continue;
            }
            let price = self.price(v.price.as_ref(), &vp, "price");
            let attrs = self.attrs(&v.attrs, &vp);
            out.push(Value {
                id: id.clone(),
                name: v.name.clone(),
                description: v.description.clone(),
                image: v.image.clone(),
                price,
                attrs,
                span,
            });
        }
        // A value id and an attribute name may not clash within one feature (spec section 3).
        for v in &out {
            for (a, _) in &v.attrs {
                let an = &self.model.attrs[a.index()];
                if let Some(clash) = out.iter().find(|o| &o.id == an) {
                    self.diags.error(
                        clash.span,
                        format!("value id `{an}` of `{full}` clashes with an attribute of the same name (on value `{}`)", v.id),
                    );
                }
            }
        }
        out
    }

    fn default(
        &mut self,
        full: &str,
        kind: &FeatureKind,
        d: &RawDefault,
        p: &[&str],
    ) -> Option<DefaultValue> {
        let mut dp = p.to_vec();
        dp.push("default");
        let span = self.value_span(&dp);
        let r = default_value(full, kind, d);
        match r {
            Ok(v) => Some(v),
            Err(msg) => {
                self.diags.error(span, msg);
                None
            }
        }
    }

    fn price(&mut self, raw: Option<&RawPrice>, p: &[&str], key: &str) -> Price {
        let Some(raw) = raw else {
            return Price::default();
        };
        let mut pp = p.to_vec();
        pp.push(key);
        Price {
            once: self.amount(raw.once, &pp, "once"),
            monthly: self.amount(raw.monthly, &pp, "monthly"),
        }
    }

    /// One amount of a price, checked; its span is the amount itself (inside `{ monthly: 5 }`), or
    /// the whole price when it is written as a plain number.
    fn amount(&mut self, d: Option<Decimal>, price: &[&str], period: &str) -> Decimal {
        let d = d.unwrap_or_default();
        let mut path = price.to_vec();
        path.push(period);
        let span = self.value_span(&path);
        if d.normalize().scale() > self.minor_units {
            self.diags.error(
                span,
                format!(
                    "amount {d} has more decimals than {} allows ({})",
                    self.model.currency, self.minor_units
                ),
            );
        }
        if d.is_sign_negative() && !d.is_zero() {
            self.diags.error(
                span,
                format!("amount {d} is negative; use a discount rule for reductions"),
            );
        }
        d
    }

    fn attrs(
        &mut self,
        raw: &indexmap::IndexMap<String, Amount>,
        p: &[&str],
    ) -> Vec<(AttrId, Decimal)> {
        raw.iter()
            .map(|(name, v)| {
                if !is_ident(name) {
                    let mut ap = p.to_vec();
                    ap.extend(["attrs", name.as_str()]);
                    let s = self.key_span(&ap);
                    self.diags
                        .error(s, format!("attribute name `{name}` is not an identifier"));
                }
                (self.attr_id(name), v.0)
            })
            .collect()
    }

    pub fn attr_id(&mut self, name: &str) -> AttrId {
        match self.model.attrs.iter().position(|a| a == name) {
            Some(i) => AttrId(i as u32),
            None => {
                self.model.attrs.push(name.to_string());
                AttrId(self.model.attrs.len() as u32 - 1)
            }
        }
    }

    fn check_ident(&mut self, id: &str, span: Span, what: &str) {
        if self.imported {
            if !is_source_name(id) {
                self.diags.error(
                    span,
                    format!("{what} id `{id}` cannot be used: an imported name must be non-empty, without `\"`, `.`, `[`, `]`, control characters or spaces at either end"),
                );
            }
        } else if !is_ident(id) {
            self.diags.error(
                span,
                format!("{what} id `{id}` is not an identifier: use letters, digits and `_`, starting with a letter or `_`"),
            );
        }
    }
}

/// Checks a default against its feature; the error message says what would be accepted.
pub fn default_value(
    full: &str,
    kind: &FeatureKind,
    d: &RawDefault,
) -> Result<DefaultValue, String> {
    let value_of = |id: &str| -> Result<u32, String> {
        kind.values()
            .iter()
            .position(|v| v.id == id)
            .map(|i| i as u32)
            .ok_or_else(|| {
                let ids: Vec<&str> = kind.values().iter().map(|v| v.id.as_str()).collect();
                format!(
                    "default `{id}` is not a value of `{full}` (values: {})",
                    ids.join(", ")
                )
            })
    };
    match (kind, d) {
        (FeatureKind::OneOf(_), RawDefault::One(id)) => value_of(id).map(DefaultValue::Value),
        (FeatureKind::AnyOf { .. }, RawDefault::One(id)) => {
            value_of(id).map(|v| DefaultValue::Values(vec![v]))
        }
        (FeatureKind::AnyOf { .. }, RawDefault::Many(ids)) => ids
            .iter()
            .map(|i| value_of(i))
            .collect::<Result<Vec<_>, _>>()
            .map(DefaultValue::Values),
        (FeatureKind::Bool { .. }, RawDefault::One(s)) => match s.as_str() {
            "true" => Ok(DefaultValue::Bool(true)),
            "false" => Ok(DefaultValue::Bool(false)),
            _ => Err(format!(
                "default of bool `{full}` must be true or false, not `{s}`"
            )),
        },
        (FeatureKind::Int { min, max, .. }, RawDefault::One(s)) => match s.parse::<i64>() {
            Ok(n) if n >= *min && n <= *max => Ok(DefaultValue::Int(n)),
            Ok(n) => Err(format!(
                "default {n} of `{full}` is outside its range {min}..{max}"
            )),
            Err(_) => Err(format!(
                "default of int `{full}` must be a whole number, not `{s}`"
            )),
        },
        (k, RawDefault::Many(_)) => Err(format!(
            "`{full}` is {}: its default is a single value, not a list",
            k.name()
        )),
    }
}
