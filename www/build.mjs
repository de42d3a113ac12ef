// Builds www/dist/: the WASM under its content hash, the engine worker, the page bundle and
// stylesheet (content-hashed names), index.html pointing at them, sw.js (unhashed, at the
// root scope, with the asset list and a version derived from the hashes) and manifest.json.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const here = new URL(".", import.meta.url).pathname;
const dist = join(here, "dist");
const wasmSrc = join(here, "pkg", "tailor_bg.wasm");
if (!existsSync(wasmSrc)) {
  console.error("www/pkg/tailor_bg.wasm is missing: run `make web` first (it runs wasm-bindgen into www/pkg).");
  process.exit(1);
}
const short = (buf) => createHash("sha256").update(buf).digest("hex").slice(0, 12).toUpperCase();
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const common = { bundle: true, minify: true, target: "es2022", logLevel: "warning", metafile: true, legalComments: "none" };
const outputs = (result) => Object.keys(result.metafile.outputs).map((p) => basename(p));

const wasm = readFileSync(wasmSrc);
const wasmName = `tailor_bg-${short(wasm)}.wasm`;
copyFileSync(wasmSrc, join(dist, wasmName));

const worker = await build({
  ...common,
  entryPoints: { worker: join(here, "src/worker.ts") },
  format: "esm",
  outdir: dist,
  entryNames: "[name]-[hash]",
  define: { __WASM_URL__: JSON.stringify("./" + wasmName) },
});
const workerName = outputs(worker).find((n) => n.endsWith(".js"));

const app = await build({
  ...common,
  entryPoints: { app: join(here, "src/main.ts"), sales: join(here, "src/sales.ts"), studio: join(here, "src/studio.ts"), styles: join(here, "src/styles.css") },
  format: "esm",
  outdir: dist,
  entryNames: "[name]-[hash]",
  define: { __WORKER_URL__: JSON.stringify("./" + workerName) },
});
const names = outputs(app);
const js = names.find((n) => n.startsWith("app-") && n.endsWith(".js"));
const css = names.find((n) => n.startsWith("styles-") && n.endsWith(".css"));

const sales = names.find((n) => n.startsWith("sales-") && n.endsWith(".js"));
const html = readFileSync(join(here, "index.html"), "utf8").replaceAll("{{js}}", js).replaceAll("{{css}}", css);
writeFileSync(join(dist, "index.html"), html);
// The sales view: online only (not in the service worker's cache).
const salesHtml = readFileSync(join(here, "sales.html"), "utf8").replaceAll("{{sales}}", sales).replaceAll("{{css}}", css);
writeFileSync(join(dist, "sales.html"), salesHtml);
// The catalog studio: online too (it edits what the server serves).
const studio = names.find((n) => n.startsWith("studio-") && n.endsWith(".js"));
const studioHtml = readFileSync(join(here, "studio.html"), "utf8").replaceAll("{{studio}}", studio).replaceAll("{{css}}", css);
writeFileSync(join(dist, "studio.html"), studioHtml);

const assets = [js, css, workerName, wasmName];
// The version changes whenever any asset (or the shell) changes, so a new deploy gets a new cache.
const version = short(assets.join("\n") + html);
await build({
  ...common,
  entryPoints: [join(here, "src/sw.ts")],
  format: "iife",
  outfile: join(dist, "sw.js"),
  define: { __ASSETS__: JSON.stringify(assets), __VERSION__: JSON.stringify(version) },
});

const manifest = { version, index: "index.html", js, css, worker: workerName, wasm: wasmName, sw: "sw.js" };
writeFileSync(join(dist, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`www/dist: ${assets.join(", ")}, sw.js (cache version ${version})`);
