// Main thread of the browser benchmark: drives the worker (worker.js) one request at a time, as
// the page does, and measures each round trip (postMessage to the reply's arrival, the answer
// included). The driver (run.mjs) calls window.bench.* through Playwright.
const worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
let nextId = 1;
const waiting = new Map();
worker.onmessage = (e) => {
  const w = waiting.get(e.data.id);
  waiting.delete(e.data.id);
  w(e.data);
};

function call(op, args = {}) {
  const id = nextId++;
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    waiting.set(id, (r) => {
      const rt = performance.now() - t0;
      if (r.ok) resolve({ ...r, rt });
      else reject(new Error(`${op}: ${r.error}`));
    });
    worker.postMessage({ id, op, ...args });
  });
}

const MASK = (1n << 64n) - 1n;
/** xorshift64 of src/cli/bench_clicks.rs (`next`), on BigInt: the same sequence. */
function xorshift(state) {
  let s = state.s;
  s ^= (s << 13n) & MASK;
  s ^= s >> 7n;
  s ^= (s << 17n) & MASK;
  state.s = s;
  return s >> 1n;
}
const pick = (state, n) => Number(xorshift(state) % BigInt(n));

window.bench = {
  init: () => call("init"),
  load: (name, url, runs, options) => call("load", { name, url, runs, options }),
  subject: (seed) => call("subject", { seed: String(seed) }),
  explain: (select, why, runs) => call("explain", { select, why, runs }),
  configure: (select) => call("configure", { select }),
  /** A catalog with its included files (under /catalogs/), as the page loads one. */
  loadFiles: (main, names) => call("loadFiles", { main, names }),

  /** Renault medium: the first `orders` sales orders, column by column, as `tailor bench clicks`. */
  async medium(historyUrl, orders, sampleEvery) {
    const lines = (await (await fetch(historyUrl)).text()).split("\n");
    const columns = (lines[0] ?? "").split(/\s+/).filter(Boolean);
    const inner = [];
    const rt = [];
    const samples = [];
    let fallbacks = 0;
    let incomplete = 0;
    for (const row of lines.slice(1, 1 + orders)) {
      const values = row.split(/\s+/).filter(Boolean);
      const picks = [];
      for (let i = 0; i < Math.min(columns.length, values.length); i++) {
        const v = values[i];
        picks.push(`car.${columns[i]}=${v === "-1" ? "none" : `x${v}`}`);
        const r = await call("configure", { select: picks });
        inner.push(r.ms);
        rt.push(r.rt);
        if (r.fallback) fallbacks++;
        if (!r.answer.complete) incomplete++;
        if ((inner.length - 1) % sampleEvery === 0) samples.push({ select: [...picks], answer: JSON.stringify(r.answer) });
      }
    }
    return { inner, rt, samples, fallbacks, incomplete };
  },

  /** Renault Megane: `sequences` random click sequences of 15 clicks, as `tailor bench clicks`. */
  async megane(sequences, sampleClicks) {
    const state = { s: 0x9e3779b97f4a7c15n };
    const inner = [];
    const rt = [];
    const samples = [];
    const seqs = [];
    let fallbacks = 0;
    let incomplete = 0;
    for (let q = 0; q < sequences; q++) {
      const picks = [];
      let answer = (await call("configure", { select: [] })).answer;
      for (let k = 0; k < 15; k++) {
        const open = answer.variables.filter((v) => Array.isArray(v.valid) && v.valid.length > 1);
        if (open.length === 0) break;
        const v = open[pick(state, open.length)];
        const val = v.valid[pick(state, v.valid.length)];
        picks.push(`${v.path}=${typeof val === "string" ? val : ""}`);
        const r = await call("configure", { select: picks });
        answer = r.answer;
        inner.push(r.ms);
        rt.push(r.rt);
        if (r.fallback) fallbacks++;
        if (!answer.complete) incomplete++;
        if (sampleClicks.includes(inner.length - 1)) samples.push({ select: [...picks], answer: JSON.stringify(answer) });
      }
      seqs.push([...picks]);
    }
    return { inner, rt, samples, seqs, fallbacks, incomplete };
  },
};
document.getElementById("status").textContent = "ready";
