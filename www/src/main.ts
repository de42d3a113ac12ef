// The page's entry: registers the service worker, starts the engine worker, then shows the
// catalog list or, with `?catalog=ID`, that catalog's configurator (see README.md for the URL).
import { ConfiguratorPage, type CatalogEntry } from "./app.js";
import { append, h } from "./dom.js";
import { Engine } from "./engine.js";
import { label, t } from "./i18n.js";
import type { CatalogFiles } from "./types.js";
import { readUrl } from "./url.js";

const root = document.getElementById("app")!;
const BACKGROUND_BUDGET_MS = 3000;
const announcer = document.getElementById("announcer")!;
const busy = document.getElementById("busy")!;

if ("serviceWorker" in navigator && location.protocol !== "file:") {
  navigator.serviceWorker.register("/sw.js").catch((err) => console.warn("service worker:", err));
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `${url}: HTTP ${res.status}`);
  }
  return (await res.json()) as T;
}

function fail(title: string, err: unknown) {
  const msg = err instanceof Error ? err.message : String(err);
  const rendered = (err as { rendered?: string } | null)?.rendered;
  root.replaceChildren();
  append(root, [
    h("h1", {}, title),
    h("p", { role: "alert" }, msg),
    rendered ? h("pre", { class: "diagnostics" }, rendered) : null,
    h("p", {}, h("a", { href: location.pathname }, t("All catalogs"))),
  ]);
}

async function catalogList() {
  document.title = "tailor — " + t("Catalogs");
  const list = await getJson<CatalogEntry[]>("/api/catalogs");
  root.replaceChildren(
    h("h1", {}, t("Choose a product to configure")),
    h(
      "ul",
      { class: "catalog-list" },
      list.map((c) =>
        h(
          "li",
          {},
          h("a", { href: `?catalog=${encodeURIComponent(c.id)}` }, h("span", { class: "catalog-name" }, label(c.name, [], c.id)), h("span", { class: "catalog-version" }, c.version)),
        ),
      ),
    ),
  );
}

/** Quotes can be requested only where the server offers them. */
async function quotesOffered(): Promise<boolean> {
  try {
    const doc = await getJson<{ paths?: Record<string, Record<string, unknown>> }>("/api/openapi.json");
    return !!doc.paths?.["/api/quotes"]?.["post"];
  } catch {
    return false;
  }
}

async function configurator(id: string) {
  const engine = new Engine((on) => {
    busy.hidden = !on;
    root.setAttribute("aria-busy", String(on));
  });
  const background = new Engine(() => {}, true);
  root.replaceChildren(h("p", { class: "loading", role: "status" }, "Loading…"));
  const [files, list, quotes] = await Promise.all([
    getJson<CatalogFiles & { id: string; version: string; hash: string }>(`/api/catalogs/${encodeURIComponent(id)}`),
    getJson<CatalogEntry[]>("/api/catalogs").catch(() => [] as CatalogEntry[]),
    quotesOffered(),
  ]);
  const entry: CatalogEntry = list.find((c) => c.id === id) ?? { id, name: {}, version: files.version, hash: files.hash, main: files.main };
  const catalog = { main: files.main, files: files.files };
  // Both workers compile the catalog at once (two cores); the page waits only for the first.
  // Background questions get a shorter budget: a count that would take longer says "many".
  void background.call({ op: "load", catalog, options: { budgetMs: BACKGROUND_BUDGET_MS } }).catch(() => {});
  const desc = await engine.call({ op: "load", catalog });
  root.replaceChildren();
  const page = new ConfiguratorPage(root, engine, background, { ...entry, main: entry.main || files.main }, desc, announcer, quotes, readUrl());
  await page.start(readUrl().select);
}

const state = readUrl();
(state.catalog ? configurator(state.catalog) : catalogList()).catch((err) =>
  fail(state.catalog ? `Catalog “${state.catalog}” could not be opened` : "Catalogs could not be listed", err),
);
