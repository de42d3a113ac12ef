// Messages between the page and the engine worker: every request carries an id, every reply
// names the id it answers, so the page can match answers to questions and drop stale ones.
import type {
  CatalogDescription,
  CatalogFiles,
  Choice,
  Completion,
  Configuration,
  Count,
  EngineOptions,
  Explanation,
  Variable,
} from "./types.js";

export type Request =
  | { op: "load"; catalog: CatalogFiles; options?: EngineOptions }
  | { op: "configure"; select: Choice[] }
  | { op: "explain"; select: Choice[]; path: string; value: string | null }
  | { op: "complete"; select: Choice[]; minimize?: string }
  | { op: "count"; select: Choice[] }
  /** For each variable the user set: what else it could take, given the user's other choices. */
  | { op: "alternatives"; select: Choice[] }
  /** Which of these choices the engine refuses on their own (unknown names, bad values). */
  | { op: "unknown"; select: Choice[] };

export interface Results {
  load: CatalogDescription;
  configure: Configuration;
  explain: Explanation;
  complete: Completion;
  count: Count;
  unknown: { choice: Choice; message: string }[];
  alternatives: Record<string, Pick<Variable, "valid" | "blocked">>;
}

export type Op = Request["op"];
export type RequestOf<K extends Op> = Extract<Request, { op: K }>;

export type Envelope = Request & { id: number };

export interface Diagnostic {
  severity: "error" | "warning";
  message: string;
  file: string;
  line: number;
  col: number;
  notes: string[];
}

export interface EngineError {
  message: string;
  /** The diagnostics rendered as `file:line:col: error: ...`, when the engine gave them. */
  rendered?: string;
  /** The same diagnostics, structured (the catalog studio lists them). */
  diagnostics?: Diagnostic[];
}

export type Reply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: EngineError };
