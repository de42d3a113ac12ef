// Answers questions with the WASM build in Node, for tests/integration/wasm_equals_native.rs:
// reads a JSON file of cases ({ source, options, asks: [{op, select, ...}] }), writes a JSON file
// with one answer per ask (the answer object, or { error } with the thrown message).
import { readFileSync, writeFileSync } from "node:fs";
import { initSync, Configurator } from "../../www/pkg/tailor.js";

const [input, output] = process.argv.slice(2);
initSync({ module: readFileSync(new URL("../../www/pkg/tailor_bg.wasm", import.meta.url)) });

const run = (k, a) => {
  switch (a.op) {
    case "configure": return k.configure(a.select, { reasons: a.reasons });
    case "explain": return k.explain(a.select, a.path, a.value ?? undefined);
    case "count": return k.count(a.select);
    case "complete": return k.complete(a.select, { minimize: a.minimize ?? undefined });
    case "quote": return k.quote(a.select, { customer: a.customer, date: a.date });
    case "describe": return k.describe();
    default: throw new Error(`unknown op ${a.op}`);
  }
};

const answers = [];
for (const c of JSON.parse(readFileSync(input, "utf8"))) {
  const t0 = performance.now();
  let k;
  try {
    k = new Configurator(c.source, c.options);
  } catch (e) {
    answers.push(c.asks.map(() => ({ error: e.message, diagnostics: e.diagnostics })));
    continue;
  }
  answers.push(c.asks.map((a) => {
    try { return run(k, a); } catch (e) { return { error: e.message }; }
  }));
  k.free();
  console.error(`${c.source.main}: wasm answers in ${Math.round(performance.now() - t0)} ms`);
}
writeFileSync(output, JSON.stringify(answers));
