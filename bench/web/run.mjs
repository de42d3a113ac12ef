// `make bench-web`: the web face of tailor measured beside the native binary and python-sat, in
// one run. Prints Markdown tables (and writes every raw time to $TMPDIR/tailor-bench-web.json).
//
//   node bench/web/run.mjs [--data DIR] [--bin target/release/tailor] [--python bench/.venv/bin/python]
//
// 1. Renault medium: the first 200 sales orders replayed click by click exactly as
//    `tailor bench clicks` does (same choices, same order), through the WASM engine in a Web
//    Worker in headless Chromium; native: `tailor bench clicks --orders 200 --sequences 5`.
// 2. Renault Megane: the same 5 seeded random sequences of 15 clicks as `tailor bench clicks`.
// 3. Size of tailor_bg.wasm, raw and gzip -9.
// 4. Page load to the first answered control, home-connect through `tailor serve`.
// 5. Catalog ready (`new Configurator`) for Megane and Linux 2.6.33.3, WASM vs native vs python-sat.
// 6. Explain (the reason shown on hover), WASM vs native vs python-sat (`tailor bench peers`).
// 7. `tailor serve --rate-limit 0` throughput, configure on home-connect, 32 clients (wrk).
import { spawn, spawnSync, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { chromium } from "../../www/node_modules/playwright-core/index.mjs";
import { serve } from "./server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const DATA = path.resolve(REPO, arg("--data", process.env.DATA ?? "../shared/data"));
const BIN = path.resolve(REPO, arg("--bin", "target/release/tailor"));
const PY = path.resolve(REPO, arg("--python", "bench/.venv/bin/python"));
const ORDERS = Number(arg("--orders", "200"));
const SEQUENCES = Number(arg("--sequences", "5"));
const LOAD_RUNS = Number(arg("--load-runs", "5"));
const PAGE_LOADS = Number(arg("--page-loads", "7"));
const WRK_SECS = Number(arg("--wrk-secs", "15"));
const SEED = 0x9e3779b97f4a7c15n; // `tailor bench peers --seed` default
const HAVE_DATA = fs.existsSync(path.join(DATA, "renault")) && fs.existsSync(path.join(DATA, "dimacs"));
const MEDIUM = path.join(DATA, "renault/medium.yaml");
const MEGANE = path.join(DATA, "renault/megane.yaml");
const LINUX = path.join(DATA, "dimacs/linux-2.6.33.3_knueppel2017.dimacs");
const AUTO02 = path.join(DATA, "dimacs/automotive02_v1_knueppel2017.dimacs");
const EXPLAIN_MODELS = [AUTO02, LINUX, MEDIUM, MEGANE];
const results = { date: new Date().toISOString(), machine: machine(), data: DATA };

// ---------------------------------------------------------------- helpers
function machine() {
  const cpu = os.cpus()[0]?.model ?? "?";
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")} at start`;
}
function q(t, p) {
  const s = [...t].sort((a, b) => a - b);
  return s.length ? s[Math.round((s.length - 1) * p)] : NaN;
}
const med = (t) => q(t, 0.5);
const f = (x) => (!Number.isFinite(x) ? "—" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : "—");
function table(head, rows) {
  console.log(`| ${head.join(" | ")} |`);
  console.log(`|${head.map(() => "---").join("|")}|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  console.log("");
}
/** The machine's load average when a phase starts (another user's jobs skew every time). */
function phase(name) {
  console.error(`${name}…`);
  (results.phases ??= []).push({ phase: name, at: new Date().toISOString().slice(11, 19), load: os.loadavg().map((x) => x.toFixed(2)).join(" ") });
}
function section(title) {
  console.log(`\n### ${title}\n`);
}
function run(cmd, args, opts = {}) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 28, cwd: REPO, ...opts });
  if (r.status !== 0 && !opts.allowFail) {
    throw new Error(`${cmd} ${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  }
  return { ...r, secs: (Date.now() - t0) / 1000 };
}
function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}
async function waitHttp(url, secs = 30) {
  for (let i = 0; i < secs * 10; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}
/** The CLI's JSON answer, normalised the way the browser sees it (parsed, re-serialised). */
function nativeJson(args) {
  const r = run(BIN, args, { allowFail: true });
  try {
    return JSON.stringify(JSON.parse(r.stdout));
  } catch {
    return `(exit ${r.status}) ${r.stderr.trim().slice(0, 200)}`;
  }
}
const selectArgs = (sel) => sel.flatMap((s) => ["--select", s]);

// ---------------------------------------------------------------- 3. WASM size
function sizes() {
  const wasm = path.join(REPO, "www/pkg/tailor_bg.wasm");
  const js = path.join(REPO, "www/pkg/tailor.js");
  const gz = (p) => zlib.gzipSync(fs.readFileSync(p), { level: 9 }).length;
  results.size = {
    wasm_raw: fs.statSync(wasm).size,
    wasm_gzip9: gz(wasm),
    js_raw: fs.statSync(js).size,
    js_gzip9: gz(js),
  };
}

// ---------------------------------------------------------------- native clicks
function nativeClicks() {
  const r = run(BIN, ["bench", "clicks", "--data", DATA, "--orders", String(ORDERS), "--sequences", String(SEQUENCES)]);
  const grab = (re) => {
    const m = r.stdout.match(re);
    return m ? { clicks: Number(m[1]), median: Number(m[2]), p95: Number(m[3]), max: Number(m[4]) } : null;
  };
  results.native_clicks = {
    stdout: r.stdout,
    medium: grab(/Renault medium, sales orders replayed: (\d+) clicks, median ([\d.]+) ms, p95 ([\d.]+) ms, max ([\d.]+) ms/),
    megane: grab(/Renault Megane, random click sequences: (\d+) clicks, median ([\d.]+) ms, p95 ([\d.]+) ms, max ([\d.]+) ms/),
  };
}

// ---------------------------------------------------------------- browser: 1, 2, 5, 6
const LAUNCH = {
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

async function browserEngine(browser) {
  const srv = await serve({ root: HERE, pkg: path.join(REPO, "www/pkg"), data: DATA, catalogs: path.join(REPO, "catalogs") });
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("crash", () => errors.push("page crashed"));
  await page.goto(`${srv.origin}/index.html`);
  await page.waitForFunction(() => window.bench, null, { timeout: 30000 });
  const B = (fn, ...a) => page.evaluate(fn, a);
  const init = await B(() => window.bench.init());
  results.wasm_init = { ms: init.ms, crossOriginIsolated: init.isolated };
  const rel = (p) => `/data/${path.relative(DATA, p)}`;

  // 1. Renault medium.
  const lm = await B(([u]) => window.bench.load("medium.yaml", u, 1), rel(MEDIUM));
  const medium = await B(([u, n, every]) => window.bench.medium(u, n, every), rel(path.join(DATA, "renault/sales_history_medium.txt")), ORDERS, 400);
  results.wasm_medium = { load_ms: lm.times, ...medium };

  // 2. Megane (loaded LOAD_RUNS times: those are also 5.'s WASM times), then the clicks.
  const lg = await B(([u, n]) => window.bench.load("megane.yaml", u, n), rel(MEGANE), LOAD_RUNS);
  const megane = await B(([n]) => window.bench.megane(n, [0, 7, 14, 30, 60]), SEQUENCES);
  results.wasm_megane = megane;

  // 5. Linux, loaded LOAD_RUNS times.
  const ll = await B(([u, n]) => window.bench.load("linux-2.6.33.3_knueppel2017.dimacs", u, n), rel(LINUX), LOAD_RUNS);
  results.wasm_ready = { "megane.yaml": lg.times, "linux-2.6.33.3": ll.times };

  // 6. Explain: the selection and target of `tailor bench peers` (seeded), 5 timed runs.
  results.wasm_explain = {};
  for (const m of EXPLAIN_MODELS) {
    const name = path.basename(m);
    const l = await B(([n, u]) => window.bench.load(n, u, 1), name, rel(m));
    const s = await B(([seed]) => window.bench.subject(seed), SEED.toString());
    let e = null;
    if (s.target) e = await B(([sel, why]) => window.bench.explain(sel, why, 5), s.picks, s.target);
    results.wasm_explain[name] = { load_ms: l.times[0], picks: s.picks, target: s.target, times: e?.times ?? [], rt: e?.rt, answer: e?.answer };
  }
  // The throughput request of 7. (home-connect, tv.package=cinema) in WASM: 20 warm calls.
  const hc = await B(() => window.bench.loadFiles("home-connect.yaml", ["home-connect.yaml", "rules/home-connect-tv.rules"]));
  const hcTimes = [];
  for (let i = 0; i < 500; i++) hcTimes.push((await B(() => window.bench.configure(["tv.package=cinema"]))).ms);
  results.wasm_home_connect = { load_ms: hc.times[0], configure_ms: hcTimes.slice(1, 101), last_ms: hcTimes.slice(400) };
  results.browser_errors = errors;
  await ctx.close();
  srv.close();
}

// ---------------------------------------------------------------- native load+check, right after the WASM loads
function nativeLoad() {
  const r = run(BIN, ["bench", "load", MEGANE, LINUX, AUTO02, "--runs", String(LOAD_RUNS), "--no-peer"]);
  results.native_load = {};
  for (const line of r.stdout.split("\n")) {
    const m = line.match(/^\| (\S+) \| ([\d.]+) \(([\d.]+)\.\.([\d.]+)\)/);
    if (m) results.native_load[m[1]] = { median: Number(m[2]), min: Number(m[3]), max: Number(m[4]) };
  }
}

// ---------------------------------------------------------------- answers compared with native
function compareAnswers() {
  const out = [];
  for (const s of results.wasm_medium.samples) {
    const n = nativeJson(["configure", MEDIUM, ...selectArgs(s.select), "--json"]);
    out.push({ what: `medium, ${s.select.length} choices`, equal: n === s.answer });
  }
  for (const s of results.wasm_megane.samples) {
    const n = nativeJson(["configure", MEGANE, ...selectArgs(s.select), "--json"]);
    out.push({ what: `megane, ${s.select.length} choices`, equal: n === s.answer });
  }
  for (const [name, e] of Object.entries(results.wasm_explain)) {
    if (!e.target) continue;
    const m = EXPLAIN_MODELS.find((x) => path.basename(x) === name);
    const n = nativeJson(["explain", m, ...selectArgs(e.picks), "--why", e.target, "--json"]);
    out.push({ what: `explain ${name} ${e.target}`, equal: n === JSON.stringify(e.answer) });
  }
  results.agreement = out;
}

// ---------------------------------------------------------------- native + python-sat: 5, 6
function peers() {
  const r = run(BIN, ["bench", "peers", "--data", DATA, "--python", PY, "--models", ...EXPLAIN_MODELS, "--no-count", "--runs", String(LOAD_RUNS), "--peer-runs", "3", "--peer-secs", "20"], { allowFail: true });
  const rows = {};
  for (const line of r.stdout.split("\n")) {
    const c = line.split("|").map((x) => x.trim());
    if (c.length < 9 || c[1] === "model" || c[1].startsWith("---")) continue;
    rows[`${c[1]}|${c[2]}`] = { tailor: c[3], pysat: c[4], clingo: c[5], ratio: c[7], agreement: c[8] };
  }
  results.peers = { status: r.status, secs: r.secs, stdout: r.stdout, stderr: r.stderr.slice(-2000), rows };
  const p = run(PY, [path.join(HERE, "pysat_parse.py"), String(LOAD_RUNS), LINUX, AUTO02]);
  results.pysat_parse = Object.fromEntries(p.stdout.trim().split("\n").map((l) => JSON.parse(l)).map((o) => [path.basename(o.model), o]));
}

// ---------------------------------------------------------------- 4 and 7: through tailor serve
let serverErr = "";
/** A fresh `tailor serve --rate-limit 0` on a free loopback port (new sessions: see 7.). */
async function startServer() {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const proc = spawn(BIN, ["serve", "--catalogs", "catalogs", "--www", "www/dist", "--addr", `127.0.0.1:${port}`, "--rate-limit", "0"], { cwd: REPO, stdio: ["ignore", "ignore", "pipe"] });
  proc.stderr.on("data", (d) => (serverErr += d));
  await waitHttp(`${origin}/api/catalogs`);
  return { proc, origin };
}

async function served(browser) {
  let srv = await startServer();
  let server = srv.proc;
  const origin = srv.origin;
  try {
    // 4. Cold loads, each in a new browser context (empty HTTP cache, no service worker).
    const loads = [];
    for (let i = 0; i < PAGE_LOADS; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
      const page = await ctx.newPage();
      await page.addInitScript(() => {
        const check = () => {
          if (window.__ready) return;
          const app = document.getElementById("app");
          const control = document.querySelector(".feature input:not([disabled]), .feature select:not([disabled])");
          if (app && Number(app.dataset.renders ?? "0") >= 1 && control) {
            window.__ready = performance.now();
            window.__control = control.closest("[data-path]")?.dataset.path ?? "?";
            obs.disconnect();
          }
        };
        const obs = new MutationObserver(check);
        obs.observe(document, { subtree: true, childList: true, attributes: true });
      });
      await page.goto(`${origin}/?catalog=home-connect`, { waitUntil: "commit" });
      await page.waitForFunction(() => window.__ready, null, { timeout: 30000 });
      const m = await page.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0];
        const fcp = performance.getEntriesByName("first-contentful-paint")[0];
        return { ready: window.__ready, control: window.__control, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, fcp: fcp?.startTime ?? null };
      });
      loads.push(m);
      await ctx.close();
    }
    results.page_load = loads;

    // 7. Throughput.
    let url = `${origin}/api/catalogs/home-connect/configure`;
    const probe = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"select": ["tv.package=cinema"]}' });
    const probeBody = await probe.json();
    results.serve_probe = { status: probe.status, consistent: probeBody.consistent, variables: probeBody.variables?.length };
    const wrk = spawnSync("sh", ["-c", "command -v wrk"], { encoding: "utf8" }).stdout.trim();
    const cpu = () => {
      const st = fs.readFileSync(`/proc/${server.pid}/stat`, "utf8").split(") ")[1].split(" ");
      return (Number(st[11]) + Number(st[12])) * 10; // utime + stime, clock ticks of 10 ms (USER_HZ 100)
    };
    const wrkRun = async (conns, secs) => {
      // Each run on a fresh server: a session's configure slows down with every answer it gave.
      server.kill("SIGTERM");
      srv = await startServer();
      server = srv.proc;
      url = `${srv.origin}/api/catalogs/home-connect/configure`;
      const c0 = cpu();
      const r = run(wrk, [conns > 1 ? "-t2" : "-t1", `-c${conns}`, `-d${secs}s`, "--latency", "-s", path.join(HERE, "post.lua"), url]);
      const serverCpuMs = cpu() - c0;
      const num = (re) => {
        const m = r.stdout.match(re);
        if (!m) return NaN;
        const unit = m[2] ?? "ms";
        const k = { us: 1e-3, ms: 1, s: 1000, m: 60000 }[unit] ?? 1;
        return Number(m[1]) * k;
      };
      return {
        tool: `wrk 4.1 (-c${conns}, POST body from bench/web/post.lua)`,
        conns,
        secs,
        server_cpu_ms: serverCpuMs,
        rps: Number(r.stdout.match(/Requests\/sec:\s+([\d.]+)/)?.[1]),
        p50: num(/\s50%\s+([\d.]+)(us|ms|s|m)/),
        p75: num(/\s75%\s+([\d.]+)(us|ms|s|m)/),
        p90: num(/\s90%\s+([\d.]+)(us|ms|s|m)/),
        p99: num(/\s99%\s+([\d.]+)(us|ms|s|m)/),
        requests: Number(r.stdout.match(/(\d+) requests in/)?.[1]),
        non2xx: Number(r.stdout.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0),
        errors: r.stdout.match(/Socket errors:.*/)?.[0] ?? "none",
        stdout: r.stdout,
      };
    };
    if (wrk) {
      results.throughput = await wrkRun(32, WRK_SECS);
      results.throughput_1 = await wrkRun(1, 5);
    } else {
      results.throughput = await nodeLoad(url);
    }
  } finally {
    server.kill("SIGTERM");
  }
  if (serverErr.trim()) results.serve_stderr = serverErr.slice(-2000);
}

/** Fallback when wrk is not installed: 32 keep-alive clients in this Node process. */
async function nodeLoad(url) {
  const http = await import("node:http");
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const body = '{"select": ["tv.package=cinema"]}';
  const lat = [];
  let bad = 0;
  const end = performance.now() + WRK_SECS * 1000;
  const one = () =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = http.request(url, { method: "POST", agent, headers: { "Content-Type": "application/json", "Content-Length": body.length } }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode !== 200) bad++;
          lat.push(performance.now() - t0);
          resolve();
        });
      });
      req.on("error", () => {
        bad++;
        resolve();
      });
      req.end(body);
    });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (performance.now() < end) await one();
  }));
  const secs = (performance.now() - t0) / 1000;
  return { tool: "Node.js http client (wrk not installed), 32 keep-alive clients", secs, rps: lat.length / secs, p50: q(lat, 0.5), p99: q(lat, 0.99), requests: lat.length, non2xx: bad, errors: "—" };
}

// ---------------------------------------------------------------- report
function report() {
  const R = results;
  console.log(`## tailor bench-web, ${R.date}`);
  console.log(`\nMachine: ${R.machine}. Data: ${R.data}${HAVE_DATA ? "" : " (ABSENT: Renault and DIMACS rows skipped)"}.`);
  console.log(`WASM init (compile + instantiate tailor_bg.wasm in the worker): ${f(R.wasm_init?.ms)} ms; crossOriginIsolated = ${R.wasm_init?.crossOriginIsolated}.`);

  if (R.wasm_medium) {
    section("1-2. Per click: WASM in a Web Worker (Chromium) vs native, same clicks");
    const n = R.native_clicks;
    const row = (what, w, nat, target) => [
      what,
      `${w.inner.length} / ${nat?.clicks ?? "—"}`,
      `${f(med(w.inner))} / ${f(q(w.inner, 0.95))}`,
      `${f(med(w.rt))} / ${f(q(w.rt, 0.95))}`,
      `${f(nat?.median)} / ${f(nat?.p95)}`,
      `${ratio(med(w.inner), nat?.median)} / ${ratio(q(w.inner, 0.95), nat?.p95)}`,
      `${f(q(w.inner, 1))} / ${f(q(w.rt, 1))} / ${f(nat?.max)}`,
      `${target}: ${q(w.rt, 0.95) <= target ? "met" : "MISSED"} (round-trip p95 ${f(q(w.rt, 0.95))})`,
      `${w.fallbacks} / ${w.incomplete}`,
    ];
    table(
      ["catalog", "clicks WASM / native", "WASM in worker median / p95 ms", "round trip from page median / p95 ms", "native median / p95 ms", "WASM/native median / p95", "max ms worker / round trip / native", "target p95 ≤", "unreadable selections / incomplete answers (WASM)"],
      [row("Renault medium, 200 orders", R.wasm_medium, n.medium, 5), row(`Renault Megane, ${SEQUENCES}×15 seeded clicks`, R.wasm_megane, n.megane, 50)],
    );
  }

  section("3. WASM size");
  const s = R.size;
  table(["file", "raw bytes", "gzip -9 bytes", "target ≤ 1 MB gzipped"], [
    ["tailor_bg.wasm", s.wasm_raw, s.wasm_gzip9, s.wasm_gzip9 <= 1_000_000 ? "met" : `MISSED by ${s.wasm_gzip9 - 1_000_000} bytes`],
    ["tailor.js (glue)", s.js_raw, s.js_gzip9, ""],
  ]);

  if (R.page_load) {
    section(`4. Page load to first answered control, home-connect via tailor serve (${R.page_load.length} cold loads)`);
    const pl = R.page_load;
    const col = (k) => pl.map((x) => x[k]).filter((x) => x != null);
    table(["measure (ms since navigation start)", "median", "min", "max"], [
      ["first contentful paint", f(med(col("fcp"))), f(Math.min(...col("fcp"))), f(Math.max(...col("fcp")))],
      ["DOMContentLoaded end", f(med(col("dcl"))), f(Math.min(...col("dcl"))), f(Math.max(...col("dcl")))],
      [`first answered control (${pl[0].control}) — target ≤ 1000: ${med(col("ready")) <= 1000 ? "met" : "MISSED"}`, f(med(col("ready"))), f(Math.min(...col("ready"))), f(Math.max(...col("ready")))],
    ]);
    console.log(`Per load (ready ms): ${col("ready").map(f).join(", ")}\n`);
  }

  if (R.wasm_ready) {
    section("5. Catalog ready: load + check + compile (`new Configurator`)");
    const rows = R.peers.rows;
    const natLoad = (name) => rows[`${name}|load`]?.tailor;
    const pp = R.pysat_parse;
    const lw = R.wasm_ready["linux-2.6.33.3"];
    const mw = R.wasm_ready["megane.yaml"];
    const lp = pp["linux-2.6.33.3_knueppel2017.dimacs"];
    table(["model", "WASM in Chromium median (min..max) ms", "native median ms (bench peers load)", "WASM/native", "python-sat CNF(from_file) median ms", "python-sat parse + CaDiCaL build ms", "fastest peer / WASM", "fastest peer / native"], [
      ["Renault megane.yaml", `${f(med(mw))} (${f(Math.min(...mw))}..${f(Math.max(...mw))})`, natLoad("megane.yaml"), ratio(med(mw), Number(natLoad("megane.yaml"))), "no CNF peer (YAML catalog)", "—", "—", "—"],
      ["linux-2.6.33.3 (DIMACS)", `${f(med(lw))} (${f(Math.min(...lw))}..${f(Math.max(...lw))})`, natLoad("linux-2.6.33.3_knueppel2017.dimacs"), ratio(med(lw), Number(natLoad("linux-2.6.33.3_knueppel2017.dimacs"))), f(med(lp.parse_ms)), f(med(lp.parse_build_ms)), ratio(med(lp.parse_ms), med(lw)), ratio(med(lp.parse_ms), Number(natLoad("linux-2.6.33.3_knueppel2017.dimacs")))],
    ]);
    const ap = pp["automotive02_v1_knueppel2017.dimacs"];
    const aw = R.wasm_explain["automotive02_v1_knueppel2017.dimacs"];
    const nl = R.native_load ?? {};
    const nls = (k) => (nl[k] ? `${f(nl[k].median)} (${f(nl[k].min)}..${f(nl[k].max)})` : "—");
    console.log(`Native load + check only (no compile), \`tailor bench load --runs ${LOAD_RUNS} --no-peer\` run right after the WASM loads: megane ${nls("megane.yaml")} ms, linux ${nls("linux-2.6.33.3_knueppel2017.dimacs")} ms, automotive02 ${nls("automotive02_v1_knueppel2017.dimacs")} ms.\n`);
    console.log(`Also loaded once for 6.: Automotive02 WASM ${f(aw?.load_ms)} ms, native ${natLoad("automotive02_v1_knueppel2017.dimacs")} ms, python-sat CNF(from_file) ${f(med(ap.parse_ms))} ms; Renault medium WASM ${f(R.wasm_explain["medium.yaml"]?.load_ms)} ms, native ${natLoad("medium.yaml")} ms.\n`);

    section("6. Explain (reason on hover): WASM vs native vs python-sat, same selection and value");
    const erows = [];
    for (const [name, e] of Object.entries(R.wasm_explain)) {
      const p = rows[`${name}|explain`] ?? {};
      const w = med(e.times);
      const sizes = e.answer ? `${e.answer.rules?.length ?? 0} rules + ${e.answer.choices?.length ?? 0} choices` : "—";
      erows.push([name, `\`${e.target}\``, f(w), p.tailor ?? "—", ratio(w, Number(p.tailor)), p.pysat ?? "—", ratio(Number(p.pysat), w), p.ratio ?? "—", `WASM ${sizes}; native: ${p.agreement ?? "—"}`]);
    }
    table(["model", "blocked value asked", "WASM median ms", "native median ms", "WASM/native", "python-sat median ms", "python-sat / WASM", "python-sat / native", "reasons (sizes) and agreement"], erows);
    console.log(`\`tailor bench peers\` exit status ${R.peers.status} (${R.peers.secs.toFixed(0)} s; clingo cells fail when clingo is not installed).\n`);
  }

  if (R.throughput) {
    section("7. tailor serve --rate-limit 0: POST /api/catalogs/home-connect/configure, 32 and 1 clients");
    const t = R.throughput;
    const row = (t) => [t.tool, f(t.secs), t.requests, f(t.rps), f(t.p50), f(t.p99), t.non2xx, t.errors, t.server_cpu_ms != null ? f(t.server_cpu_ms / t.requests) : "—"];
    table(["tool", "duration s", "requests", "requests/s", "p50 ms", "p99 ms", "non-2xx", "socket errors", "server CPU ms per request"], [t, R.throughput_1].filter(Boolean).map(row));
    const hc = R.wasm_home_connect;
    if (hc) console.log(`The same configure in WASM in the worker, one session asked 500 times: calls 2-101 median ${f(med(hc.configure_ms))} ms (p95 ${f(q(hc.configure_ms, 0.95))}), calls 401-500 median ${f(med(hc.last_ms))} ms (p95 ${f(q(hc.last_ms, 0.95))}); \`new Configurator\` of home-connect ${f(hc.load_ms)} ms. Each wrk run starts on a fresh server.\n`);
  }

  if (R.agreement) {
    section("Answers: WASM (browser replay) vs native CLI JSON");
    const bad = R.agreement.filter((a) => !a.equal);
    console.log(`${R.agreement.length - bad.length} of ${R.agreement.length} sampled answers byte-identical (configure --json / explain --json).`);
    for (const b of bad) console.log(`MISMATCH: ${b.what}`);
    if (R.browser_errors?.length) console.log(`Browser errors: ${R.browser_errors.join("; ")}`);
  }
  console.log(`\nLoad average (1, 5, 15 min) as each phase started: ${(R.phases ?? []).map((p) => `${p.phase} ${p.at} UTC: ${p.load}`).join("; ")}.`);
  const out = path.join(os.tmpdir(), "tailor-bench-web.json");
  fs.writeFileSync(out, JSON.stringify(results, null, 1));
  console.log(`\nRaw times: ${out}`);
}

// ---------------------------------------------------------------- main
sizes();
if (!HAVE_DATA) console.error(`shared data folder ${DATA} is absent: items 1, 2, 5, 6 skipped`);
if (HAVE_DATA) {
  phase("native clicks (tailor bench clicks)");
  nativeClicks();
}
const browser = await chromium.launch(LAUNCH);
try {
  if (HAVE_DATA) {
    phase("WASM in Chromium (clicks, loads, explain)");
    await browserEngine(browser);
    phase("native load+check beside it (tailor bench load)");
    nativeLoad();
    phase("answers compared with the native CLI");
    compareAnswers();
    phase("native + python-sat (tailor bench peers)");
    peers();
  }
  phase("tailor serve: page loads, throughput");
  await served(browser);
} finally {
  await browser.close();
}
report();
const mismatches = (results.agreement ?? []).filter((a) => !a.equal).length;
process.exit(mismatches > 0 ? 1 : 0);
