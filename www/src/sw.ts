// The service worker: the page works offline after the first visit. The shell, the bundles
// and the WASM have content-hashed names, so they are served cache-first from a cache whose
// name carries a version derived from those hashes (old versions are deleted on activate).
// Catalogs and API answers change under the same URL, so they go network-first, with the
// last copy as the fallback when offline.
/// <reference lib="webworker" />

// Filled in by build.mjs.
declare const __ASSETS__: string[];
declare const __VERSION__: string;

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `tailor-shell-${__VERSION__}`;
const DATA = "tailor-data";
const SHELL_URLS = ["./", ...__ASSETS__].map((a) => new URL(a, sw.registration.scope).href);

sw.addEventListener("install", (e) => {
  e.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.addAll(SHELL_URLS))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener("activate", (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("tailor-shell-") && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

async function networkFirst(req: Request): Promise<Response> {
  const cache = await caches.open(DATA);
  try {
    const res = await fetch(req);
    if (res.ok) await cache.put(req, res.clone());
    return res;
  } catch (err) {
    const hit = await cache.match(req);
    if (hit) return hit;
    throw err;
  }
}

async function cacheFirst(req: Request): Promise<Response> {
  const cache = await caches.open(SHELL);
  // The page's address carries the configuration in its query: every such address is the shell.
  const hit = req.mode === "navigate" ? await cache.match(SHELL_URLS[0]!) : await cache.match(req);
  if (hit) return hit;
  return fetch(req);
}

sw.addEventListener("fetch", (e) => {
  const req = e.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== location.origin) return;
  const scope = new URL(sw.registration.scope);
  const rel = url.pathname.slice(scope.pathname.length);
  // The sales view and its bundle are online only: never the customer page's shell.
  if (rel.startsWith("sales")) return;
  if (rel.startsWith("api/") || rel.startsWith("catalogs/")) {
    e.respondWith(networkFirst(req));
  } else if (req.mode === "navigate" || SHELL_URLS.includes(url.origin + url.pathname)) {
    e.respondWith(cacheFirst(req));
  }
});
