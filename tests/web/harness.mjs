// What the end-to-end scripts share: the base URL argument, the CLI to compare with, headless
// Chromium as this machine runs it, `ok`/`not ok` checks with a final count, and the axe audit.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const repo = join(here, "..", "..");
const require = createRequire(join(repo, "www", "package.json"));
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const shots = join(here, "screenshots");
mkdirSync(shots, { recursive: true });

/** The address of the running `tailor serve` (first argument or TAILOR_URL); exits 2 without. */
export function baseUrl(usage) {
  const base = (process.argv[2] ?? process.env.TAILOR_URL ?? "").replace(/\/$/, "");
  if (!base) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  return base;
}

const tailor = process.env.TAILOR_BIN ?? join(repo, "target", "debug", "tailor");
/** The CLI's answer for the same question (the page's engine is the same code as WASM). */
export function cli(args) {
  return JSON.parse(execFileSync(tailor, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }));
}

/** Debian's Chromium, headless, without the background networking this machine refuses. */
export function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

let passed = 0;
let failed = 0;
export async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (err) {
    failed++;
    const msg = String(err?.message ?? err).split("\n")[0];
    console.log(`not ok - ${name}: ${msg}`);
  }
}
export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
/** Prints the summary line and exits non-zero on any failure. */
export function finish() {
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

/** axe-core on the page as it is: no serious or critical violations. */
export async function axeAudit(page, label) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0]?.target?.join(" ") }));
  });
  const bad = result.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert(bad.length === 0, `${label}: ${bad.map((v) => `${v.id} (${v.impact}, ${v.nodes}× e.g. ${v.target})`).join("; ")}`);
  return result;
}
