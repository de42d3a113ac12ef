// Catalog ready in WASM under Node (V8, as in Chromium, without a page): `new Configurator` on
// each model given, median (min..max) of RUNS (default 7) in ms. A quick check beside
// `make bench-web`'s Chromium figure: `node bench/web/ready_node.mjs MODEL...`.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { initSync, Configurator } from "../../www/pkg/tailor.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
initSync({ module: fs.readFileSync(path.join(repo, "www/pkg/tailor_bg.wasm")) });
const runs = Number(process.env.RUNS ?? 7);
for (const file of process.argv.slice(2)) {
  const name = path.basename(file);
  const text = fs.readFileSync(file, "utf8");
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c = new Configurator({ main: name, files: { [name]: text } });
    times.push(performance.now() - t0);
    c.free();
  }
  times.sort((a, b) => a - b);
  const f = (x) => x.toFixed(1);
  console.log(`${name}: ${f(times[times.length >> 1])} (${f(times[0])}..${f(times[times.length - 1])}) ms`);
}
