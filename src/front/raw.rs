//! The YAML catalog as written (spec section 2): serde types that also generate the JSON Schema.

use indexmap::IndexMap;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::str::FromStr;

/// A tailor catalog: one configurable offer (components, features, prices and rules).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "tailor catalog")]
pub struct RawCatalog {
    /// The catalog id: `[a-z][a-z0-9_-]*`.
    pub catalog: String,
    /// Display name, plain or localised.
    #[serde(default)]
    pub name: Option<Label>,
    #[serde(default)]
    pub description: Option<Label>,
    /// Free text; the engine also reports a content hash.
    #[serde(default)]
    pub version: Option<Scalar>,
    /// ISO 4217 code, e.g. EUR.
    #[serde(default)]
    pub currency: Option<String>,
    /// Contract term used for "total over term".
    #[serde(default)]
    pub term_months: Option<u32>,
    /// The tax on the catalog's prices (an extension of spec section 2, see docs/quotes.md):
    /// every total and quote then shows net, tax and gross.
    #[serde(default)]
    pub tax: Option<RawTax>,
    /// How quotes of this catalog are made (an extension, see docs/quotes.md).
    #[serde(default)]
    pub quote: Option<RawQuoteTerms>,
    /// Set by importers: the language the catalog was converted from. Ids of components,
    /// features and values may then be any name of the source (rules quote them: `"Foo-Bar"`).
    #[serde(default)]
    pub imported_from: Option<ImportedFrom>,
    /// Rule files, relative to this catalog.
    #[serde(default)]
    pub include: Vec<String>,
    /// Other catalogs composed as components of this one (a bundle, see docs/catalog.md): each
    /// key names the component the module's root becomes; its rules, prices and version come
    /// along, and this catalog's rules reach into it (`tv.package = cinema`).
    #[serde(default)]
    pub uses: IndexMap<String, RawUse>,
    /// Features of the catalog itself (the root), addressed by their bare name.
    #[serde(default)]
    pub features: IndexMap<String, RawFeature>,
    #[serde(default)]
    pub components: IndexMap<String, RawComponent>,
    /// Rules in tailor's rule language (rule, allow, forbid, prefer, default, discount, surcharge).
    #[serde(default)]
    pub rules: Option<String>,
}

/// The tax on a catalog's prices.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTax {
    /// What the tax is called on a quote (default "Tax"), e.g. VAT or "MwSt.".
    #[serde(default)]
    pub name: Option<String>,
    /// The rate in percent, an exact decimal (19, 7.7).
    pub rate: Amount,
    /// Whether the catalog's prices are before tax (`net`, the default: tax is added) or include
    /// it (`gross`: the tax is the part of each total that is tax).
    #[serde(default)]
    pub prices: Option<TaxBasis>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TaxBasis {
    Net,
    Gross,
}

/// How quotes of a catalog are made.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawQuoteTerms {
    /// Days a quote stays valid from the day it is made (default 30).
    #[serde(default)]
    pub valid_days: Option<u32>,
    /// The largest discount, in percent of a period's total, that a sales user may grant on a
    /// quote without a manager's approval (default 0: every manual discount needs one).
    #[serde(default)]
    pub max_discount: Option<RawPeriodPercents>,
}

/// Percentages per period.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPeriodPercents {
    #[serde(default)]
    pub once: Option<Amount>,
    #[serde(default)]
    pub monthly: Option<Amount>,
}

/// The languages importers convert from (spec section 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportedFrom {
    Dimacs,
    Uvl,
    Coom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ComponentKind {
    Product,
    Service,
    Bundle,
}

/// A product, service or bundle: features, sub-components, price, attributes.
/// A module of a bundle: a catalog file, relative to this one, or that file with its content
/// hash pinned and the component made optional.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RawUse {
    File(String),
    Pinned(RawPinnedUse),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPinnedUse {
    /// The module's catalog file, relative to this one.
    pub file: String,
    /// The module's content hash as `tailor check` reports it (`sha256:…`): loading fails when
    /// the module changed since.
    #[serde(default)]
    pub hash: Option<String>,
    /// Whether the customer may leave the module out.
    #[serde(default)]
    pub optional: bool,
}

impl RawUse {
    pub fn file(&self) -> &str {
        match self {
            RawUse::File(f) => f,
            RawUse::Pinned(p) => &p.file,
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawComponent {
    /// The id this had in the catalog's previous version (a rename, for `tailor diff` and
    /// the orders it checks; never guessed).
    #[serde(default)]
    pub was: Option<String>,
    #[serde(default)]
    pub name: Option<Label>,
    #[serde(default)]
    pub description: Option<Label>,
    /// A picture: a URL, or a path relative to this catalog file (shown on the web page).
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub kind: Option<ComponentKind>,
    /// Default false: present whenever its parent is.
    #[serde(default)]
    pub optional: bool,
    /// Several instances, each configured on its own.
    #[serde(default)]
    pub instances: Option<RawInstances>,
    /// Paid while the component is present (per instance).
    #[serde(default)]
    pub price: Option<RawPrice>,
    #[serde(default)]
    pub attrs: IndexMap<String, Amount>,
    #[serde(default)]
    pub features: IndexMap<String, RawFeature>,
    #[serde(default)]
    pub components: IndexMap<String, RawComponent>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawInstances {
    #[serde(default)]
    pub min: u32,
    /// None: no maximum; instances exist as the customer adds them (section 3).
    #[serde(default)]
    pub max: Option<u32>,
}

/// A feature: exactly one of `one_of`, `any_of`, `bool`, `int`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFeature {
    /// The id this had in the catalog's previous version (a rename, for `tailor diff` and
    /// the orders it checks; never guessed).
    #[serde(default)]
    pub was: Option<String>,
    #[serde(default)]
    pub name: Option<Label>,
    #[serde(default)]
    pub description: Option<Label>,
    /// A picture: a URL, or a path relative to this catalog file (shown on the web page).
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub one_of: Option<RawValues>,
    #[serde(default)]
    pub any_of: Option<RawValues>,
    #[serde(default)]
    pub bool: Option<RawBool>,
    #[serde(default)]
    pub int: Option<RawInt>,
    /// any_of: fewest values to select (default 0).
    #[serde(default)]
    pub min: Option<u32>,
    /// any_of: most values to select (default: all).
    #[serde(default)]
    pub max: Option<u32>,
    /// int: price per unit.
    #[serde(default)]
    pub price_each: Option<RawPrice>,
    /// A value id, `true`/`false`, a number, or a list of ids for any_of.
    #[serde(default)]
    pub default: Option<RawDefault>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBool {
    /// Paid when the toggle is on.
    #[serde(default)]
    pub price: Option<RawPrice>,
    #[serde(default)]
    pub attrs: IndexMap<String, Amount>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawInt {
    /// Left out: no least number (down to the least 64-bit integer).
    #[serde(default)]
    pub min: Option<i64>,
    /// Left out: no greatest number (up to the greatest 64-bit integer).
    #[serde(default)]
    pub max: Option<i64>,
}

/// One value of a one_of / any_of feature.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawValue {
    /// The id this had in the catalog's previous version (a rename, for `tailor diff` and
    /// the orders it checks; never guessed).
    #[serde(default)]
    pub was: Option<String>,
    #[serde(default)]
    pub name: Option<Label>,
    #[serde(default)]
    pub description: Option<Label>,
    /// A picture: a URL, or a path relative to this catalog file (shown on the web page).
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub price: Option<RawPrice>,
    #[serde(default)]
    pub attrs: IndexMap<String, Amount>,
}

/// Values as a list of ids (`[basic, sports]`) or a map of id to details.
#[derive(Debug)]
pub struct RawValues(pub Vec<(String, RawValue)>);

/// A display label: one string, or one per language (`{ en: ..., ko: ... }`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    Plain(String),
    Localised(IndexMap<String, String>),
}

impl Label {
    /// The text in language `lang`, else in the first language given.
    pub fn text(&self, lang: Option<&str>) -> &str {
        match self {
            Label::Plain(s) => s,
            Label::Localised(m) => lang
                .and_then(|l| m.get(l))
                .or_else(|| m.values().next())
                .map_or("", |s| s.as_str()),
        }
    }
}

/// A price: `12.50` (one-off) or `{ once: 99, monthly: 5 }`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawPrice {
    pub once: Option<Decimal>,
    pub monthly: Option<Decimal>,
}

/// An exact decimal written in YAML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount(pub Decimal);

/// A scalar kept as the text the user wrote (`version: 2026.11` stays "2026.11").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar(pub String);

/// A default: one value, or a list of values (any_of).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawDefault {
    One(String),
    Many(Vec<String>),
}

// ---- deserialisation by hand: the untagged forms must not route decimals through f64 ----

/// Digits an f64 reproduces exactly; more are refused rather than rounded.
const EXACT_F64_DIGITS: usize = 15;

fn decimal_from_f64<E: de::Error>(v: f64) -> Result<Decimal, E> {
    let text = format!("{v}");
    let digits = text.chars().filter(|c| c.is_ascii_digit()).count();
    if !v.is_finite() || digits > EXACT_F64_DIGITS {
        return Err(E::custom(format!(
            "amount {text} cannot be read exactly; quote it as a string"
        )));
    }
    Decimal::from_str(&text).map_err(|_| E::custom(format!("amount {text} is out of range")))
}

fn decimal_from_str<E: de::Error>(v: &str) -> Result<Decimal, E> {
    let t = v.trim().replace('_', "");
    Decimal::from_str(&t)
        .or_else(|_| Decimal::from_scientific(&t))
        .map_err(|_| E::custom(format!("`{v}` is not a decimal number")))
}

struct AmountVisitor;

impl<'de> Visitor<'de> for AmountVisitor {
    type Value = Decimal;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a decimal number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        decimal_from_str(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        decimal_from_f64(v)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // serde_yaml hands `deserialize_str` the scalar's text: exact, no float on the way.
        d.deserialize_str(AmountVisitor).map(Amount)
    }
}

impl<'de> Deserialize<'de> for RawPrice {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawPrice;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a price: an amount, or { once: ..., monthly: ... }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawPrice, E> {
                Ok(RawPrice {
                    once: Some(decimal_from_str(v)?),
                    monthly: None,
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawPrice, E> {
                Ok(RawPrice {
                    once: Some(Decimal::from(v)),
                    monthly: None,
                })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawPrice, E> {
                Ok(RawPrice {
                    once: Some(Decimal::from(v)),
                    monthly: None,
                })
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawPrice, E> {
                Ok(RawPrice {
                    once: Some(decimal_from_f64(v)?),
                    monthly: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<RawPrice, A::Error> {
                let mut p = RawPrice::default();
                while let Some(k) = m.next_key::<String>()? {
                    let slot = match k.as_str() {
                        "once" => &mut p.once,
                        "monthly" => &mut p.monthly,
                        other => {
                            return Err(de::Error::unknown_field(other, &["once", "monthly"]));
                        }
                    };
                    if slot.is_some() {
                        return Err(de::Error::duplicate_field(if k == "once" {
                            "once"
                        } else {
                            "monthly"
                        }));
                    }
                    *slot = Some(m.next_value::<Amount>()?.0);
                }
                Ok(p)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawValues {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawValues;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of value ids, or a map of value id to { name, price, attrs }")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<RawValues, A::Error> {
                let mut v = Vec::new();
                while let Some(Scalar(id)) = s.next_element::<Scalar>()? {
                    v.push((id, RawValue::default()));
                }
                Ok(RawValues(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<RawValues, A::Error> {
                let mut v = Vec::new();
                while let Some(Scalar(id)) = m.next_key::<Scalar>()? {
                    let val = m.next_value::<Option<RawValue>>()?.unwrap_or_default();
                    v.push((id, val));
                }
                Ok(RawValues(v))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Label;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a label: a string, or a map of language code to string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Label, E> {
                Ok(Label::Plain(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Label, A::Error> {
                let mut out = IndexMap::new();
                while let Some((k, v)) = m.next_entry::<String, String>()? {
                    out.insert(k, v);
                }
                Ok(Label::Localised(out))
            }
        }
        d.deserialize_any(V)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a single value (name, number or true/false)")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The scalar's own text, so `2026.10` does not become "2026.1".
        d.deserialize_str(ScalarVisitor)
    }
}

impl<'de> Deserialize<'de> for RawDefault {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawDefault;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value, or a list of values")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDefault, E> {
                Ok(RawDefault::One(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawDefault, E> {
                Ok(RawDefault::One(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawDefault, E> {
                Ok(RawDefault::One(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawDefault, E> {
                Ok(RawDefault::One(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<RawDefault, A::Error> {
                let mut v = Vec::new();
                while let Some(Scalar(x)) = s.next_element::<Scalar>()? {
                    v.push(x);
                }
                Ok(RawDefault::Many(v))
            }
        }
        d.deserialize_any(V)
    }
}

// ---- JSON Schema for the hand-written forms ----

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(untagged)]
enum ValuesSchema {
    Ids(Vec<String>),
    Detailed(IndexMap<String, Option<RawValue>>),
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(untagged)]
enum LabelSchema {
    Plain(String),
    Localised(IndexMap<String, String>),
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct PriceParts {
    once: Option<AmountSchema>,
    monthly: Option<AmountSchema>,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(untagged)]
enum PriceSchema {
    Once(AmountSchema),
    Parts(PriceParts),
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(untagged)]
enum AmountSchema {
    Number(f64),
    Text(String),
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(untagged)]
enum ScalarSchema {
    Text(String),
    Number(f64),
    Flag(bool),
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(untagged)]
enum DefaultSchema {
    One(ScalarSchema),
    Many(Vec<String>),
}

macro_rules! schema_as {
    ($ty:ty, $shape:ty, $name:literal) => {
        impl JsonSchema for $ty {
            fn schema_name() -> String {
                $name.to_string()
            }
            fn json_schema(g: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
                <$shape>::json_schema(g)
            }
        }
    };
}

schema_as!(RawValues, ValuesSchema, "Values");
schema_as!(Label, LabelSchema, "Label");
schema_as!(RawPrice, PriceSchema, "Price");
schema_as!(Amount, AmountSchema, "Amount");
schema_as!(Scalar, ScalarSchema, "Scalar");
schema_as!(RawDefault, DefaultSchema, "Default");

/// The JSON Schema of catalog files, generated from the types above so it cannot drift.
pub fn catalog_schema() -> String {
    let schema = schemars::schema_for!(RawCatalog);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}
