// The engine worker: loads the WASM package once, holds one Configurator per loaded catalog and
// answers the page's requests in order. Every solver call happens here, never on the page's
// main thread, so a slow answer can never freeze scrolling, typing or focus.
/// <reference lib="webworker" />
import init, { Configurator } from "../pkg/tailor.js";
import { choiceKey, parseChoice } from "./choices.js";
import type { EngineError, Envelope, Reply, Request, Results } from "./protocol.js";

// Replaced at build time by the content-hashed file name of tailor_bg.wasm.
declare const __WASM_URL__: string;

const scope = self as unknown as DedicatedWorkerGlobalScope;
let wasmReady: Promise<unknown> | null = null;
let engine: Configurator | null = null;

function toError(err: unknown): EngineError {
  if (err && typeof err === "object") {
    const e = err as { message?: unknown; rendered?: unknown; diagnostics?: unknown };
    return {
      message: String(e.message ?? err),
      rendered: typeof e.rendered === "string" ? e.rendered : undefined,
      diagnostics: Array.isArray(e.diagnostics) ? (e.diagnostics as EngineError["diagnostics"]) : undefined,
    };
  }
  return { message: String(err) };
}

function need(): Configurator {
  if (!engine) throw new Error("no catalog loaded");
  return engine;
}

async function handle(req: Request): Promise<Results[Request["op"]]> {
  wasmReady ??= init({ module_or_path: new URL(__WASM_URL__, scope.location.href) });
  await wasmReady;
  switch (req.op) {
    case "load": {
      engine?.free();
      engine = null;
      engine = new Configurator(req.catalog, req.options ?? null);
      return engine.describe();
    }
    case "configure":
      return need().configure(req.select);
    case "explain":
      return need().explain(req.select, req.path, req.value);
    case "complete":
      return need().complete(req.select, req.minimize ? { minimize: req.minimize } : {});
    case "count":
      return need().count(req.select);
    case "alternatives": {
      // The engine answers what fits *all* the user's choices, so a variable the user set shows
      // every other value as blocked by that very choice. What the customer needs to see is
      // what the other choices leave open: ask again without the choice on that variable.
      // One configure per such variable, the most recent 24 (a click changes one at a time).
      const keys: string[] = [];
      for (const c of [...req.select].reverse()) {
        const p = parseChoice(c);
        if (p.op === "add" || p.op === "remove") continue;
        const k = choiceKey(c);
        if (!keys.includes(k)) keys.push(k);
        if (keys.length >= 24) break;
      }
      const out: Results["alternatives"] = {};
      for (const key of keys) {
        const rest = req.select.filter((c) => choiceKey(c) !== key);
        const v = need().configure(rest).variables.find((x) => x.path === key);
        if (v) out[key] = { valid: v.valid, blocked: v.blocked };
      }
      return out;
    }
    case "unknown": {
      // Only on the error path (a link whose choices no longer exist): try each choice alone.
      const bad: Results["unknown"] = [];
      for (const choice of req.select) {
        try {
          need().configure([choice]);
        } catch (err) {
          bad.push({ choice, message: toError(err).message });
        }
      }
      return bad;
    }
  }
}

scope.onmessage = async (e: MessageEvent<Envelope>) => {
  const { id, ...req } = e.data;
  let reply: Reply;
  try {
    reply = { id, ok: true, result: await handle(req as Request) };
  } catch (err) {
    reply = { id, ok: false, error: toError(err) };
  }
  scope.postMessage(reply);
};
