// The catalog studio (issue 12): a product team edits a catalog in the browser; the same front
// end and engine the CLI uses (in WASM, in a worker) lists every mistake at its line and column
// as they type, and "Try it" opens the configurator on the edited text at once. Nothing is
// saved: the text stays in the page (copy it back to the catalog file).
import { ConfiguratorPage, type CatalogEntry } from "./app.js";
import { h } from "./dom.js";
import { Engine, EngineFailure } from "./engine.js";
import { label } from "./i18n.js";
import type { Diagnostic } from "./protocol.js";
import type { CatalogFiles } from "./types.js";
import { readUrl } from "./url.js";

const root = document.getElementById("studio")!;
const announcer = document.getElementById("announcer")!;
const CHECK_AFTER_MS = 250;

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Where line `line`, column `col` (1-based, in characters) starts in `text`. */
function offsetOf(text: string, line: number, col: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return Math.min(at + Math.max(col - 1, 0), text.length);
}

async function studio() {
  const list = await getJson<CatalogEntry[]>("/api/catalogs");
  const id = readUrl().catalog ?? list[0]?.id;
  if (!id) {
    root.replaceChildren(h("p", {}, "The server has no catalogs to start from."));
    return;
  }
  const served = await getJson<CatalogFiles & { id: string; version: string; hash: string }>(`/api/catalogs/${encodeURIComponent(id)}`);
  const entry: CatalogEntry = list.find((c) => c.id === id) ?? { id, name: {}, version: served.version, hash: served.hash, main: served.main };
  const checker = new Engine(() => {});
  const edited = (): CatalogFiles => ({ main: served.main, files: { ...served.files, [served.main]: source.value } });

  const picker = h(
    "select",
    { id: "catalog" },
    list.map((c) => h("option", { value: c.id, selected: c.id === id }, label(c.name, [], c.id))),
  );
  picker.addEventListener("change", () => {
    location.search = `?catalog=${encodeURIComponent(picker.value)}`;
  });
  const source = h("textarea", { id: "source", spellcheck: "false", wrap: "off", rows: "24", "aria-describedby": "problems-summary" });
  source.value = served.files[served.main] ?? "";
  const summary = h("p", { id: "problems-summary", role: "status" }, "Checking…");
  const problems = h("ol", { class: "problems" });
  const tryButton = h("button", { type: "button", id: "try", disabled: true }, "Try it");
  const tryArea = h("section", { id: "try-area", "aria-label": "The configurator on the edited catalog" });

  let timer: number | undefined;
  let generation = 0;
  async function check() {
    const mine = ++generation;
    try {
      const desc = await checker.call({ op: "load", catalog: edited() });
      if (mine !== generation) return;
      const features = desc.components.reduce((n, c) => n + c.features.length, 0);
      summary.textContent = `No mistakes: ${desc.components.length} components, ${features} features.`;
      problems.replaceChildren();
      tryButton.disabled = false;
    } catch (err) {
      if (mine !== generation) return;
      const diags: Diagnostic[] = err instanceof EngineFailure ? (err.diagnostics ?? []) : [];
      const shown = diags.length ? diags : [{ severity: "error", message: String((err as Error).message ?? err), file: served.main, line: 1, col: 1, notes: [] } as Diagnostic];
      const errors = shown.filter((d) => d.severity === "error").length;
      summary.textContent = `${errors} mistake${errors === 1 ? "" : "s"}.`;
      problems.replaceChildren(
        ...shown.map((d) => {
          const where = `${d.file === served.main ? "" : d.file + " "}line ${d.line}, column ${d.col}`;
          const go = h("button", { type: "button", class: "problem" }, h("span", { class: `sev ${d.severity}` }, d.severity), ` ${where}: ${d.message}`);
          // Jump to the mistake in the editor (only for the file being edited).
          go.addEventListener("click", () => {
            if (d.file !== served.main && !d.file.endsWith("/" + served.main)) return;
            const at = offsetOf(source.value, d.line, d.col);
            source.focus();
            source.setSelectionRange(at, at);
          });
          return h("li", {}, go, ...d.notes.map((n) => h("p", { class: "note" }, n)));
        }),
      );
      tryButton.disabled = true;
    }
  }
  source.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, CHECK_AFTER_MS);
  });

  let tried: { engine: Engine; background: Engine } | null = null;
  tryButton.addEventListener("click", async () => {
    tried?.engine.terminate();
    tried?.background.terminate();
    const engine = new Engine(() => {});
    const background = new Engine(() => {}, true);
    tried = { engine, background };
    tryArea.replaceChildren(h("p", { class: "loading", role: "status" }, "Loading…"));
    const catalog = edited();
    void background.call({ op: "load", catalog, options: { budgetMs: 3000 } }).catch(() => {});
    const desc = await engine.call({ op: "load", catalog });
    tryArea.replaceChildren();
    const page = new ConfiguratorPage(tryArea, engine, background, entry, desc, announcer, false, { ...readUrl(), select: [] });
    await page.start([]);
    announcer.textContent = "The configurator shows the edited catalog.";
  });

  root.replaceChildren(
    h("h1", {}, "Catalog studio"),
    h("p", {}, "Edit a catalog: its mistakes are listed as you type, and “Try it” opens the configurator on the edited text. Nothing is saved here."),
    h("div", { class: "field" }, h("label", { for: "catalog" }, "Start from"), picker),
    h(
      "div",
      { class: "studio-grid" },
      h("div", { class: "field" }, h("label", { for: "source" }, `Catalog file ${served.main}`), source),
      h("section", { class: "card", "aria-labelledby": "problems-title" }, h("h2", { id: "problems-title" }, "Problems"), summary, problems, tryButton),
    ),
    tryArea,
  );
  await check();
}

studio().catch((err) => {
  root.replaceChildren(h("h1", {}, "The studio could not open"), h("p", { role: "alert" }, String((err as Error).message ?? err)));
});
