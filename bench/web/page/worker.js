// The benchmark's engine worker: imports the WASM package the same way www/src/worker.ts does
// (`init` then `new Configurator`), and times each engine call inside the worker.
import init, { Configurator } from "/pkg/tailor.js";

let ready = null;
let engine = null;

function ms(f) {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
}

// tailor's native benches (bench_clicks.rs, peers.rs) call `parse_choices(..).unwrap_or_default()`:
// a selection the engine cannot read is answered as the empty selection. The same here, counted.
function configure(select) {
  try {
    const [answer, t] = ms(() => engine.configure(select));
    return { answer, ms: t, fallback: false };
  } catch (e) {
    const [answer, t] = ms(() => engine.configure([]));
    return { answer, ms: t, fallback: true, error: String(e.message ?? e) };
  }
}

const valueText = (v) => (typeof v === "string" ? v : JSON.stringify(v));
const MASK = (1n << 64n) - 1n;
function xorshift(state) {
  let s = state.s;
  s ^= (s << 13n) & MASK;
  s ^= s >> 7n;
  s ^= (s << 17n) & MASK;
  state.s = s;
  return s >> 1n;
}
const pick = (state, n) => Number(xorshift(state) % BigInt(n));

/** `selection` and the explain target of src/bench/peers.rs, replayed on the WASM engine. */
function peerSubject(seed) {
  const a0 = engine.configure([]);
  const keys = [];
  for (const v of a0.variables) {
    if (!Array.isArray(v.valid)) continue;
    for (const x of v.valid) keys.push(`${v.path}=${valueText(x)}`);
    for (const b of v.blocked ?? []) keys.push(`${v.path}=${valueText(b.value)}`);
    for (const x of v.unknown ?? []) keys.push(`${v.path}=${valueText(x)}`);
  }
  const validKeys = (c) => {
    const out = new Set();
    for (const v of c.variables) for (const x of Array.isArray(v.valid) ? v.valid : []) out.add(`${v.path}=${valueText(x)}`);
    return out;
  };
  const state = { s: BigInt(seed) > 0n ? BigInt(seed) : 1n };
  const picks = [];
  const unspellable = new Set();
  let answer = a0;
  while (picks.length < 5) {
    const open = answer.variables.filter((v) => Array.isArray(v.valid) && v.valid.length > 1 && !unspellable.has(v.path));
    if (open.length === 0) break;
    const v = open[pick(state, open.length)];
    const val = valueText(v.valid[pick(state, v.valid.length)]);
    picks.push(`${v.path}=${val}`);
    try {
      answer = engine.configure(picks);
    } catch {
      picks.pop();
      unspellable.add(v.path);
    }
  }
  const valid0 = validKeys(a0);
  const valid5 = validKeys(answer);
  const picked = new Set(picks.map((p) => p.split("=")[0]));
  const target =
    keys.filter((k) => !valid5.has(k)).filter((k) => !picked.has(k.split("=")[0])).find((k) => valid0.has(k)) ??
    keys.find((k) => !valid5.has(k)) ??
    null;
  return { picks, target };
}

self.onmessage = async (e) => {
  const { id, op, ...a } = e.data;
  let reply;
  try {
    switch (op) {
      case "init": {
        const t0 = performance.now();
        ready ??= init({ module_or_path: "/pkg/tailor_bg.wasm" });
        await ready;
        reply = { ms: performance.now() - t0, isolated: self.crossOriginIsolated };
        break;
      }
      case "load": {
        const text = await (await fetch(a.url)).text();
        const times = [];
        for (let i = 0; i < (a.runs ?? 1); i++) {
          engine?.free();
          engine = null;
          const [c, t] = ms(() => new Configurator({ main: a.name, files: { [a.name]: text } }, a.options ?? null));
          engine = c;
          times.push(t);
        }
        reply = { times, bytes: text.length };
        break;
      }
      case "loadFiles": {
        const files = {};
        for (const n of a.names) files[n] = await (await fetch(`/catalogs/${n}`)).text();
        const [c, t] = ms(() => new Configurator({ main: a.main, files }));
        engine?.free();
        engine = c;
        reply = { times: [t] };
        break;
      }
      case "configure": {
        const r = configure(a.select);
        reply = a.summary ? { ms: r.ms, fallback: r.fallback, error: r.error, complete: r.answer.complete, variables: r.answer.variables } : r;
        break;
      }
      case "subject":
        reply = peerSubject(a.seed);
        break;
      case "explain": {
        const times = [];
        let answer = null;
        for (let i = 0; i < (a.runs ?? 1); i++) {
          const [x, t] = ms(() => engine.explain(a.select, a.why, undefined));
          answer = x;
          times.push(t);
        }
        reply = { times, answer };
        break;
      }
      default:
        throw new Error(`unknown op ${op}`);
    }
    self.postMessage({ id, ok: true, ...reply });
  } catch (err) {
    self.postMessage({ id, ok: false, error: String(err?.message ?? err) });
  }
};
