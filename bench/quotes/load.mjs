// Quote store under load (issue 11, BENCHMARKS.md "Quotes under load"): `tailor serve` on
// loopback with a fresh store, N quote requests (POST /api/quotes) from C concurrent clients;
// throughput, latency percentiles, errors, and then every acknowledged quote read back (none
// may be lost). Runs once on SQLite and once on PostgreSQL (when --postgres is given).
//
//   node bench/quotes/load.mjs --bin target/release/tailor [--requests 10000] [--clients 32]
//        [--postgres postgres://postgres@127.0.0.1:5432]
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const bin = arg("bin", "target/release/tailor");
const requests = Number(arg("requests", "10000"));
const clients = Number(arg("clients", "32"));
const pgServer = arg("postgres", "");
const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const TOKEN = "bench-manager-token";

function start(catalogs, db) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ["serve", "--catalogs", catalogs, "--addr", "127.0.0.1:0", "--rate-limit", "0", "--db", db, "--www", "/nonexistent"], {
      env: { ...process.env, TAILOR_SALES_TOKEN: TOKEN },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let log = "";
    child.stderr.on("data", (d) => {
      log += d;
      const m = log.match(/tailor serve: (http:\/\/\S+?)\/?\n/);
      if (m) resolve({ child, url: m[1] });
    });
    child.on("exit", (code) => reject(new Error(`server exited ${code}: ${log}`)));
  });
}

async function run(label, db) {
  const catalogs = mkdtempSync(join(tmpdir(), "tailor-load-"));
  writeFileSync(join(catalogs, "duo.yaml"), readFileSync(join(repo, "tests/cases/quotes/duo.yaml")));
  const { child, url } = await start(catalogs, db);
  const selections = [["phones"], ["support"], ["phones", "support"], ["phones", "support", "support.hours=3"]];
  const latencies = [];
  const ids = [];
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (next < requests) {
        const i = next++;
        const body = JSON.stringify({ catalog: "duo", select: selections[i % selections.length], customer: { name: `client ${c}`, n: i } });
        const t = performance.now();
        try {
          const r = await fetch(`${url}/api/quotes`, { method: "POST", headers: { "content-type": "application/json" }, body });
          const j = await r.json();
          latencies.push(performance.now() - t);
          if (r.status === 201) ids.push(j.id);
          else errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  // Every acknowledged quote read back.
  let lost = 0;
  for (let i = 0; i < ids.length; i += 64) {
    const batch = ids.slice(i, i + 64);
    const found = await Promise.all(batch.map((id) => fetch(`${url}/api/quotes/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((r) => r.status)));
    lost += found.filter((s) => s !== 200).length;
  }
  child.kill("SIGTERM");
  console.log(
    `| ${label} | ${requests} | ${clients} | ${secs.toFixed(1)} | ${(ids.length / secs).toFixed(0)} | ${pct(50).toFixed(1)} | ${pct(99).toFixed(1)} | ${latencies[latencies.length - 1].toFixed(1)} | ${errors} | ${lost} |`,
  );
}

console.log(`tailor quote store under load: ${requests} POST /api/quotes from ${clients} clients on loopback (${new Date().toISOString()})`);
console.log("| store | requests | clients | seconds | quotes/s | p50 ms | p99 ms | max ms | errors | lost |");
console.log("|---|---|---|---|---|---|---|---|---|---|");
await run("SQLite (WAL, full sync)", join(mkdtempSync(join(tmpdir(), "tailor-load-db-")), "quotes.db"));
if (pgServer) {
  const name = `tailor_load_${process.pid}`;
  execFileSync("psql", [`${pgServer}/test`, "-qc", `CREATE DATABASE ${name}`]);
  try {
    await run("PostgreSQL 15", `${pgServer}/${name}`);
  } finally {
    execFileSync("psql", [`${pgServer}/test`, "-qc", `DROP DATABASE ${name} WITH (FORCE)`]);
  }
}
