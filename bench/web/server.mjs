// Static server for the browser benchmark page (bench/web/page): the WASM package from www/pkg at
// /pkg/ (imported exactly as www/src/worker.ts does), the shared data folder read-only at /data/.
// Cross-origin isolated (COOP/COEP), so performance.now() in the worker has 5 µs resolution
// instead of the 100 µs of a normal page.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

/** Starts the server on 127.0.0.1 (a free port); resolves to its origin. */
export function serve({ root, pkg, data, catalogs }) {
  const mounts = [
    ["/pkg/", pkg],
    ["/catalogs/", catalogs ?? path.join(root, "../../catalogs")],
    ["/data/", data],
    ["/", path.join(root, "page")],
  ];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let file = null;
    for (const [prefix, dir] of mounts) {
      if (url.pathname.startsWith(prefix)) {
        const rel = decodeURIComponent(url.pathname.slice(prefix.length)) || "index.html";
        const full = path.resolve(dir, rel);
        if (full.startsWith(path.resolve(dir))) file = full;
        break;
      }
    }
    const headers = {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
      "Cache-Control": "no-store",
    };
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, headers);
      res.end("not found");
      return;
    }
    headers["Content-Type"] = TYPES[path.extname(file)] ?? "application/octet-stream";
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({ origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() });
    });
  });
}
