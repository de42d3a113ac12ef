// The engine's answer types, re-exported from the generated package's declarations
// (src/wasm/answers.d.ts is appended to pkg/tailor.d.ts), so every module type-checks against
// exactly what the WASM build returns.
export type {
  AppliedAdjustment,
  Blocked,
  CatalogDescription,
  CatalogFiles,
  Choice,
  Completion,
  ComponentInfo,
  Configuration,
  Count,
  EngineOptions,
  Explanation,
  FeatureInfo,
  Interval,
  Localised,
  Money,
  PriceRange,
  PriceReport,
  Status,
  ValueInfo,
  Variable,
} from "../pkg/tailor.js";
