//! The typed model: every name resolved, every expression typed. What the solver and the graph read.

pub mod correspond;
mod expr;
mod horizon;
mod lookup;
pub mod remap;
mod rule;
mod stats;
mod table;

pub use expr::*;
pub use horizon::{MAX_INSTANCES, OPEN_HORIZON};
pub use lookup::NameLookup;
pub use rule::*;
pub use stats::Stats;
pub use table::*;

pub use crate::front::raw::{ComponentKind, Label};
use crate::source::Span;
use rust_decimal::Decimal;

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// A component; `CompId(0)` is the catalog root, always present.
    CompId
);
id_type!(
    /// A feature of some component.
    FeatId
);
id_type!(
    /// An attribute name (`watts`, `mbit`), shared across the catalog.
    AttrId
);

/// One-off and monthly amounts, exact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Price {
    pub once: Decimal,
    pub monthly: Decimal,
}

impl Price {
    pub fn is_zero(&self) -> bool {
        self.once.is_zero() && self.monthly.is_zero()
    }
}

/// The tax on a catalog's prices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tax {
    pub name: String,
    /// In percent (19 for 19 %).
    pub rate: Decimal,
    /// The prices include the tax (else it is added to them).
    pub gross_prices: bool,
}

/// How quotes of a catalog are made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteTerms {
    pub valid_days: u32,
    /// The largest manual discount (percent of the period's total) a sales user may grant
    /// without a manager: once, monthly.
    pub max_discount: [Decimal; 2],
}

impl Default for QuoteTerms {
    fn default() -> Self {
        QuoteTerms {
            valid_days: 30,
            max_discount: [Decimal::ZERO; 2],
        }
    }
}

/// A catalog composed into a bundle: the component it became and its own id, version and hash.
#[derive(
    Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Module {
    /// The component its root became (the key under `uses:`).
    pub component: String,
    pub id: String,
    pub version: String,
    pub hash: String,
    /// Its catalog file as the loader named it (for the editor; not in answers).
    #[serde(skip)]
    #[schemars(skip)]
    pub file: String,
    /// The rule files it includes, as the loader named them: the editor reads their rules
    /// under this module's component, as the loader did.
    #[serde(skip)]
    #[schemars(skip)]
    pub rule_files: Vec<String>,
}

/// A whole catalog after name resolution and type checking.
#[derive(Debug, Clone)]
pub struct Model {
    pub id: String,
    pub name: Option<Label>,
    pub description: Option<Label>,
    pub version: String,
    /// `sha256:…` of the catalog's source texts, so quotes stay tied to the catalog version.
    pub hash: String,
    pub currency: String,
    pub term_months: Option<u32>,
    /// The tax on the prices, when the catalog states one.
    pub tax: Option<Tax>,
    /// How quotes are made.
    pub quote_terms: QuoteTerms,
    /// `components[0]` is the root; the rest in catalog order, parents before children.
    pub components: Vec<Component>,
    /// In catalog order.
    pub features: Vec<Feature>,
    pub attrs: Vec<String>,
    pub constraints: Vec<Constraint>,
    pub preferences: Vec<Preference>,
    pub adjustments: Vec<Adjustment>,
    /// Renames declared with `was:` (a component, feature or value and its previous id).
    pub renamed_from: Vec<(Target, String)>,
    /// The catalogs composed into this one with `uses:` (a bundle), in catalog order.
    pub modules: Vec<Module>,
    /// Parts of components by name (see [`Model::part_named`]).
    pub lookup: NameLookup,
}

#[derive(Debug, Clone)]
pub struct Component {
    /// The key in its parent (`line`); empty for the root.
    pub key: String,
    /// From the root (`mobile.line`); empty for the root.
    pub path: String,
    pub parent: Option<CompId>,
    pub name: Option<Label>,
    pub description: Option<Label>,
    /// A URL, or a path relative to the catalog file.
    pub image: Option<String>,
    pub kind: ComponentKind,
    pub optional: bool,
    /// Several instances: (min, max). None for a single component.
    pub instances: Option<(u32, u32)>,
    /// Instances with no maximum (`instances: { min: 0 }`, COOM's `0..*`): the max above is a
    /// horizon, the instances unrolled so far, which the customer's choices widen
    /// (`Model::widened`); a count reaching it is reported without a maximum.
    pub open: bool,
    pub price: Price,
    pub attrs: Vec<(AttrId, Decimal)>,
    pub features: Vec<FeatId>,
    pub children: Vec<CompId>,
    pub span: Span,
}

impl Component {
    /// Can this component be absent while its parent is present?
    pub fn can_be_absent(&self) -> bool {
        self.optional || self.instances.is_some_and(|(min, _)| min == 0)
    }

    pub fn is_multi(&self) -> bool {
        self.instances.is_some()
    }
}

#[derive(Debug, Clone)]
pub struct Feature {
    pub key: String,
    pub path: String,
    pub comp: CompId,
    pub name: Option<Label>,
    pub description: Option<Label>,
    /// A URL, or a path relative to the catalog file.
    pub image: Option<String>,
    pub kind: FeatureKind,
    pub default: Option<DefaultValue>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum FeatureKind {
    OneOf(Vec<Value>),
    AnyOf {
        values: Vec<Value>,
        min: u32,
        max: u32,
    },
    Bool {
        price: Price,
        attrs: Vec<(AttrId, Decimal)>,
    },
    Int {
        /// The range the solver works in: a side the catalog leaves open is the 64-bit limit.
        min: i64,
        max: i64,
        price_each: Price,
        /// Sides the catalog leaves open: a valid set reaching the 64-bit limit there is
        /// reported without that bound, and a count over it is infinite.
        open: Open,
    },
}

/// Which sides of an int's range the catalog leaves open (section 3 of the catalog format).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Open {
    pub below: bool,
    pub above: bool,
}

impl Open {
    /// `n` is where the range is open: the 64-bit limit standing in for no bound.
    pub fn is_open_end(&self, n: i64) -> bool {
        (self.below && n == i64::MIN) || (self.above && n == i64::MAX)
    }

    /// `n` as text, empty where it stands for an open side (`1..`, `..100`).
    pub fn show(&self, n: i64) -> String {
        if self.is_open_end(n) {
            String::new()
        } else {
            n.to_string()
        }
    }
}

impl FeatureKind {
    pub fn name(&self) -> &'static str {
        match self {
            FeatureKind::OneOf(_) => "one_of",
            FeatureKind::AnyOf { .. } => "any_of",
            FeatureKind::Bool { .. } => "bool",
            FeatureKind::Int { .. } => "int",
        }
    }

    /// The values of a one_of / any_of feature (empty for bool and int).
    pub fn values(&self) -> &[Value] {
        match self {
            FeatureKind::OneOf(v) | FeatureKind::AnyOf { values: v, .. } => v,
            _ => &[],
        }
    }
}

impl Feature {
    pub fn value_index(&self, id: &str) -> Option<u32> {
        self.kind
            .values()
            .iter()
            .position(|v| v.id == id)
            .map(|i| i as u32)
    }
}

#[derive(Debug, Clone)]
pub struct Value {
    pub id: String,
    pub name: Option<Label>,
    pub description: Option<Label>,
    /// A URL, or a path relative to the catalog file.
    pub image: Option<String>,
    pub price: Price,
    pub attrs: Vec<(AttrId, Decimal)>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultValue {
    Value(u32),
    Values(Vec<u32>),
    Bool(bool),
    Int(i64),
}

impl Model {
    /// Is there a component, feature or value (`feature.value`) at dotted path `p`?
    pub fn has_path(&self, p: &str) -> bool {
        if self.feature_by_path(p).is_some() || self.components.iter().any(|c| c.path == p) {
            return true;
        }
        p.rsplit_once('.').is_some_and(|(f, v)| {
            self.feature_by_path(f)
                .is_some_and(|f| self.feat(f).value_index(v).is_some())
        })
    }

    pub fn comp(&self, c: CompId) -> &Component {
        &self.components[c.index()]
    }

    pub fn feat(&self, f: FeatId) -> &Feature {
        &self.features[f.index()]
    }

    pub fn attr_name(&self, a: AttrId) -> &str {
        &self.attrs[a.index()]
    }

    /// The components from the root down to `c` (root excluded).
    pub fn ancestry(&self, c: CompId) -> Vec<CompId> {
        let mut v = Vec::new();
        let mut cur = Some(c);
        while let Some(x) = cur {
            if x.0 != 0 {
                v.push(x);
            }
            cur = self.comp(x).parent;
        }
        v.reverse();
        v
    }

    /// Multi-instance components above (and including) `c`, outermost first.
    pub fn instance_scopes(&self, c: CompId) -> Vec<CompId> {
        self.ancestry(c)
            .into_iter()
            .filter(|&x| self.comp(x).is_multi())
            .collect()
    }

    pub fn feature_by_path(&self, path: &str) -> Option<FeatId> {
        self.features
            .iter()
            .position(|f| f.path == path)
            .map(|i| FeatId(i as u32))
    }

    pub fn component_by_path(&self, path: &str) -> Option<CompId> {
        self.components
            .iter()
            .position(|c| c.path == path)
            .map(|i| CompId(i as u32))
    }
}
