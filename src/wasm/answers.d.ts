// The JSON answers of the engine (the shapes of `tailor ... --json`, ../shared/spec/cli.md),
// appended to the generated tailor.d.ts so pages type-check against what the engine returns.

/** A choice as the CLI takes it: `internet.speed=s500`, `tv`, `!tv`, `mobile.line[2].plan=m`. */
export type Choice = string;

/** Text per language code (`{ en: "Fibre internet", de: "Glasfaser-Internet" }`); a label
 * written without languages is under the catalog's first language. */
export type Localised = Record<string, string>;

export interface CatalogRef { id: string; version: string; hash: string }

/** Money as exact decimal strings with the currency's decimals (`"12.50"`). */
export interface Money { once: string; monthly: string }

export type Interval = { min: number | null; max: number | null; exact?: boolean };

export interface Blocked {
  value: string | boolean | number;
  /** Only with `{ reasons: true }`: the rules and choices of a minimal reason. */
  rules?: string[];
  choices?: Choice[];
}

export type VariableKind = "component" | "bool" | "one_of" | "any_of" | "int" | "instances";
export type Status = "user" | "default" | "forced" | "free" | "absent";

export interface Variable {
  path: string;
  kind: VariableKind;
  value: string | string[] | boolean | number | null;
  status: Status;
  /** bool/component: booleans; one_of/any_of: value ids; int/instances: intervals. */
  valid: (string | boolean)[] | Interval | Interval[];
  blocked: Blocked[];
  /** Values the budget did not decide. */
  unknown?: (string | boolean | number)[];
}

export interface PriceRange { now: string; min: string | null; max: string | null }

export interface AppliedAdjustment {
  rule: string;
  kind: "discount" | "surcharge";
  message: string | null;
  /** What it adds (a surcharge, positive) or takes off (a discount, negative) now. */
  once: string;
  monthly: string;
}

export interface PriceReport {
  currency: string;
  once: PriceRange;
  monthly: PriceRange;
  /** When the catalog has `term_months`: once + monthly × term_months. */
  term_months?: number;
  term?: PriceRange;
  /** The discounts and surcharges that apply now. */
  adjustments: AppliedAdjustment[];
  /** With a catalog that states a tax: net, tax and gross of "now". */
  tax?: TaxReport;
}

export interface TaxReport {
  name: string; rate: string; prices: "net" | "gross";
  net: { once: string; monthly: string }; tax: { once: string; monthly: string }; gross: { once: string; monthly: string };
}

export interface Conflict { choices: Choice[]; rules: string[]; repairs: Choice[][] }

export interface Configuration {
  catalog: CatalogRef;
  consistent: boolean;
  variables: Variable[];
  price: PriceReport;
  conflict: Conflict | null;
  /** False when a budget ran out: some values are under `unknown`. */
  complete: boolean;
}

export interface Explanation {
  about: string;
  verdict: "blocked" | "forced" | "available" | "unknown";
  rules: { id: string; message: string | null }[];
  choices: Choice[];
  text: string;
}

export interface Completion {
  catalog: CatalogRef;
  consistent: boolean;
  values: { path: string; value: string | string[] | boolean | number | null }[];
  price: { currency: string; once: string; monthly: string; term_months?: number; term_total?: string };
  preferences: { held: string[]; broken: string[] };
  /** The optimised objective's value, when one was asked for. */
  objective: string | null;
  complete: boolean;
}

export interface Count { count: string | null; exact: boolean }

/** `quote --format json` (docs/quotes.md). Amounts are what the customer pays. */
export interface Quote {
  catalog: CatalogRef;
  customer: string | null;
  date: string;
  valid_until: string;
  language?: string;
  selection: Choice[];
  configuration: { path: string; value: string | string[] | boolean | number | null }[];
  lines: { path: string; label: string; quantity: number; once: string; monthly: string; source: string }[];
  adjustments: { rule: string; kind: "discount" | "surcharge"; label: string; once: string; monthly: string }[];
  totals: { currency: string; once: string; monthly: string; term_months?: number; term_total?: string };
  tax?: {
    name: string; rate: string; prices: "net" | "gross";
    net: { once: string; monthly: string }; tax: { once: string; monthly: string }; gross: { once: string; monthly: string };
  };
  complete: boolean;
}

/** The catalog's structure, for drawing a page (an extension of cli.md). */
export interface CatalogDescription {
  catalog: CatalogRef;
  name: Localised;
  description: Localised | null;
  /** Languages the catalog's labels use, the first is the default. */
  languages: string[];
  currency: string;
  term_months: number | null;
  components: ComponentInfo[];
  rules: { id: string; message: string | null }[];
  adjustments: { id: string; kind: "discount" | "surcharge"; message: string | null; amount: string; percent: boolean; period: "once" | "monthly" | null }[];
}

export interface ComponentInfo {
  /** From the root; `""` is the root itself (listed first). */
  path: string;
  parent: string | null;
  name: Localised;
  description: Localised | null;
  kind: "product" | "service" | "bundle";
  optional: boolean;
  /** `max` null: no maximum, instances exist as the customer adds them (up to 1000). */
  instances: { min: number; max: number | null } | null;
  price: Money | null;
  /** A URL, or a path relative to the catalog file. */
  image: string | null;
  features: FeatureInfo[];
}

export interface FeatureInfo {
  path: string;
  name: Localised;
  description: Localised | null;
  kind: "one_of" | "any_of" | "bool" | "int";
  /** one_of / any_of. */
  values: ValueInfo[];
  /** any_of: how many values may be chosen. int: the declared range. */
  min: number | null;
  max: number | null;
  /** bool: its price when true; int: `price_each`. */
  price: Money | null;
  default: string | string[] | boolean | number | null;
  image: string | null;
}

export interface ValueInfo {
  id: string;
  name: Localised;
  description: Localised | null;
  price: Money | null;
  image: string | null;
}

/** A catalog of several files: the main YAML and every file it includes, by relative path. */
export interface CatalogFiles { main: string; files: Record<string, string> }

export interface EngineOptions {
  /** Milliseconds per question before answers turn `unknown` (default 10000). */
  budgetMs?: number;
  /** Instead of time, a number of solver conflicts per solver call: answers that cannot
   * depend on the machine's speed (tests compare native and WASM with it). */
  conflicts?: number;
}

/** What a constructor or method throws on bad input. */
export interface TailorError extends Error {
  /** Every diagnostic, rendered as `file:line:col: error: ...` with the source line. */
  rendered: string;
  diagnostics: { severity: "error" | "warning"; message: string; file: string; line: number; col: number; start: number; end: number; notes: string[] }[];
}
