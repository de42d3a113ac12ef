// Choices as the engine reads them (src/engine/choice.rs, spec section 4): `tv`, `!tv`,
// `internet.speed=s500`, `internet.speed!=s100`, `internet.extras+=mesh_wifi`,
// `internet.extras-=mesh_wifi`, `tv.cloud_recording=true`, `mobile.line=3`,
// `mobile.line[2].plan=m`. The page keeps at most one choice per variable (per value for
// any_of), the latest, so a selection never contradicts itself by accident.
import type { Choice } from "./types.js";

export type ChoiceOp = "include" | "exclude" | "set" | "unset" | "add" | "remove";
export interface ParsedChoice {
  op: ChoiceOp;
  path: string;
  value: string | null;
}

/** The first operator outside quotes, as choice.rs's find_op. */
export function parseChoice(text: string): ParsedChoice {
  const t = text.trim();
  if (t.startsWith("!") && !t.startsWith("!=")) return { op: "exclude", path: t.slice(1).trim(), value: null };
  let quoted = false;
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c === "\\" && quoted) {
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (quoted) continue;
    if ((c === "!" || c === "+" || c === "-") && t[i + 1] === "=") {
      const op: ChoiceOp = c === "!" ? "unset" : c === "+" ? "add" : "remove";
      return { op, path: t.slice(0, i).trim(), value: unquote(t.slice(i + 2).trim()) };
    }
    if (c === "=") return { op: "set", path: t.slice(0, i).trim(), value: unquote(t.slice(i + 1).trim()) };
  }
  return { op: "include", path: t, value: null };
}

function unquote(s: string): string {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) return s.slice(1, -1).replace(/\\(.)/g, "$1");
  return s;
}

/** A value as written in a choice: bare when plain, quoted otherwise (imported models' names). */
export function quoteValue(v: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(v) ? v : '"' + v.replace(/(["\\])/g, "\\$1") + '"';
}

/** What a choice is about: one variable, or one value of an any_of. */
export function choiceKey(text: string): string {
  const c = parseChoice(text);
  if (c.op === "add" || c.op === "remove") return c.path + "\u0000" + c.value;
  return c.path;
}

/** The selection with `choice` as the latest word on its variable. */
export function withChoice(select: Choice[], choice: Choice): Choice[] {
  const key = choiceKey(choice);
  return [...select.filter((c) => choiceKey(c) !== key), choice];
}

/** The selection without any choice on this variable (back to what rules and defaults say). */
export function withoutKey(select: Choice[], key: string): Choice[] {
  return select.filter((c) => choiceKey(c) !== key);
}

/** `mobile.line[2].plan` → `mobile.line.plan`: the catalog path describe() names. */
export function templatePath(path: string): string {
  return path.replace(/\[\d+\]/g, "");
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Drops the choices about instances above `count` of the component at `compPath`
 * (`mobile.line`), which would otherwise keep those instances alive. */
export function dropInstancesAbove(select: Choice[], compPath: string, count: number): Choice[] {
  const re = new RegExp("^" + escapeRe(compPath) + "\\[(\\d+)\\]");
  return select.filter((c) => {
    const m = re.exec(parseChoice(c).path);
    return !m || Number(m[1]) <= count;
  });
}

/** Removes instance `k` of `compPath` (1-based) out of `count`: its choices go, the choices of
 * later instances move down one place, and the count becomes count-1. */
export function removeInstance(select: Choice[], compPath: string, k: number, count: number): Choice[] {
  const re = new RegExp("^(" + escapeRe(compPath) + ")\\[(\\d+)\\]");
  const out: Choice[] = [];
  for (const c of select) {
    if (choiceKey(c) === compPath) continue;
    const neg = c.trim().startsWith("!") ? "!" : "";
    const body = c.trim().slice(neg.length);
    const m = re.exec(body);
    if (!m) {
      out.push(c);
      continue;
    }
    const i = Number(m[2]);
    if (i === k) continue;
    out.push(i > k ? neg + body.replace(re, (_all, p: string) => `${p}[${i - 1}]`) : c);
  }
  return [...out, `${compPath}=${count - 1}`];
}
