// The configurator page of one catalog: holds the selection and its history, asks the worker
// for every answer, and keeps the groups, the price panel, the overview and the address in
// step with the latest answer. Conflicting clicks ask before dropping anything.
import { choiceKey, withChoice, withoutKey } from "./choices.js";
import type { Ctx } from "./ctx.js";
import { openDialog } from "./dialog.js";
import { h } from "./dom.js";
import { Superseded, type Engine } from "./engine.js";
import { Groups, Registry } from "./groups.js";
import { label, language, setLanguage, t } from "./i18n.js";
import { CatalogIndex, choiceLabel, listText } from "./labels.js";
import { History } from "./history.js";
import { PricePanel } from "./panel.js";
import { renderOverview } from "./overview.js";
import type { CatalogDescription, Choice, Completion, Configuration, Count, Localised, Variable } from "./types.js";
import { writeUrl, type PageState } from "./url.js";

export interface CatalogEntry {
  id: string;
  name: Localised;
  version: string;
  hash: string;
  main: string;
}

export class ConfiguratorPage implements Ctx {
  currency: string;
  private idx: CatalogIndex;
  private history: History;
  private config: Configuration | null = null;
  private vars = new Map<string, Variable>();
  /** For variables the user set: what the other choices leave open (see worker.ts). */
  private alts: Record<string, Pick<Variable, "valid" | "blocked">> = {};
  private altSeq = 0;
  private lastCount: Count | null = null;
  private seq = 0;
  private countSeq = 0;
  private explained = new Map<string, string>();
  private reg = new Registry();
  private groups!: Groups;
  private panel!: PricePanel;
  private view: PageState["view"];
  private imageBase: URL;
  private lastPrices = "";
  private els = {
    main: h("div", { class: "configurator" }),
    banners: h("div", { class: "banners" }),
    overview: h("section", { class: "overview", "aria-labelledby": "overview-heading", hidden: true }),
    undo: h("button", { type: "button", "aria-keyshortcuts": "Control+Z" }, t("Undo")),
    redo: h("button", { type: "button", "aria-keyshortcuts": "Control+Shift+Z Control+Y" }, t("Redo")),
  };

  constructor(
    private root: HTMLElement,
    private engine: Engine,
    /** Counts and alternatives: slow on big catalogs, so never in the way of a click. */
    private background: Engine,
    private entry: CatalogEntry,
    public desc: CatalogDescription,
    private announcer: HTMLElement,
    private quotes: boolean,
    state: PageState,
  ) {
    this.currency = desc.currency;
    this.idx = new CatalogIndex(desc);
    this.history = new History([]);
    this.view = state.view;
    this.imageBase = new URL("/catalogs/" + entry.main, location.origin);
    const langs = desc.languages.length ? desc.languages : ["en"];
    setLanguage(state.lang && langs.includes(state.lang) ? state.lang : langs[0]!);
    document.addEventListener("keydown", (e) => this.shortcut(e));
    this.build();
  }

  // ---- Ctx, for the views -------------------------------------------------------------

  lang() {
    return language();
  }
  label(loc: Localised | null | undefined, id: string) {
    return label(loc, this.desc.languages, id.split(".").pop() ?? id);
  }
  labelOrNull(loc: Localised | null | undefined) {
    return loc ? label(loc, this.desc.languages, "") || null : null;
  }
  image(src: string | null | undefined): string | null {
    if (!src) return null;
    if (/^https?:\/\//i.test(src)) return src;
    return new URL(src, this.imageBase).href;
  }
  selection() {
    return this.history.current;
  }
  variable(path: string): Variable | undefined {
    const v = this.vars.get(path);
    // any_of choices are per value (`+=`/`-=`): what the engine blocks there is blocked by
    // other choices, never by the choice on the same value.
    if (v?.status !== "user" || v.kind === "any_of") return v;
    // Until the alternatives arrive, nothing is marked unavailable on a variable the user set.
    return { ...v, ...(this.alts[path] ?? { blocked: [] }) };
  }
  choose(choice: Choice, quiet = false) {
    void this.commit(withChoice(this.selection(), choice), choice, quiet);
  }
  clear(key: string) {
    void this.commit(withoutKey(this.selection(), key));
  }
  async explain(path: string, value: string | null): Promise<string> {
    // The user's own choice on this variable is not a reason: it is what a click replaces.
    const select = this.selection().filter((c) => choiceKey(c) !== path);
    const key = select.join("\n") + "\n?" + path + "=" + value;
    const known = this.explained.get(key);
    if (known) return known;
    try {
      const e = await this.engine.call({ op: "explain", select, path, value });
      const messages = e.rules.map((r) => r.message).filter((m): m is string => !!m);
      const because = e.choices.length ? ` (${t("because of your choice")}: ${listText(e.choices.map((c) => choiceLabel(this, this.idx, c)))})` : "";
      const text = messages.length ? messages.join(" ") + because : e.text;
      this.explained.set(key, text);
      return text;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  // ---- building the page ---------------------------------------------------------------

  private build() {
    const langs = this.desc.languages;
    const title = this.label(this.desc.name, this.desc.catalog.id);
    document.title = `${title} — tailor`;
    document.documentElement.lang = this.lang();
    this.reg = new Registry();
    this.panel = new PricePanel(this);
    this.groups = new Groups(this, this.reg, () => this.showView("overview"));
    const search = h("input", { type: "search", id: "search", placeholder: t("Search features"), autocomplete: "off" });
    let timer: number | undefined;
    search.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => this.groups.search(search.value), 120);
    });
    this.els.undo.textContent = t("Undo");
    this.els.redo.textContent = t("Redo");
    this.els.undo.onclick = () => void this.undo();
    this.els.redo.onclick = () => void this.redo();
    const objective = h(
      "select",
      { id: "objective", "aria-label": t("Complete for me") },
      h("option", { value: "" }, t("With defaults")),
      h("option", { value: "once" }, t("Cheapest once")),
      h("option", { value: "monthly" }, t("Cheapest monthly")),
    );
    const langSelect =
      langs.length > 1
        ? h(
            "label",
            { class: "lang" },
            t("Language") + " ",
            h(
              "select",
              {
                id: "lang",
                onchange: (e: Event) => {
                  // Every label changes: build the page again, with the same sections open.
                  const open = this.groups.sections.filter((g) => g.expanded).map((g) => g.comp.path);
                  setLanguage((e.target as HTMLSelectElement).value);
                  this.root.replaceChildren();
                  this.build();
                  this.groups.sections.forEach((g) => g.toggle(open.includes(g.comp.path)));
                  this.render();
                  if (this.lastCount) this.panel.updateCount(this.lastCount);
                  document.getElementById("lang")?.focus();
                },
              },
              langs.map((l) => h("option", { value: l, selected: l === this.lang() }, l.toUpperCase())),
            ),
          )
        : null;
    const toolbar = h(
      "div",
      { class: "toolbar", role: "group", "aria-label": t("Configuration tools") },
      h("span", { class: "search" }, h("label", { for: "search", class: "sr-only" }, t("Search features")), search),
      this.els.undo,
      this.els.redo,
      h("button", { type: "button", onclick: () => void this.reset() }, t("Reset")),
      h("button", { type: "button", id: "overview-toggle", onclick: () => this.showView(this.view === "overview" ? "configure" : "overview") }, t("Overview")),
      h("span", { class: "complete" }, objective, h("button", { type: "button", id: "complete", onclick: () => void this.complete(objective.value) }, t("Complete for me"))),
    );
    const description = this.labelOrNull(this.desc.description);
    const head = h(
      "div",
      { class: "page-head" },
      h("div", {}, h("h1", {}, title), description ? h("p", { class: "lead" }, description) : null),
      h("div", { class: "head-side" }, langSelect, h("a", { href: location.pathname }, t("All catalogs"))),
    );
    this.els.main = h("div", { class: "layout" }, this.groups.el, this.panel.el);
    this.root.append(head, toolbar, this.els.banners, this.els.main, this.els.overview, this.panel.mini);
    this.reg.live = true;
    if (this.quotes) {
      this.panel.extra.append(h("button", { type: "button", class: "primary", onclick: () => void this.requestQuote() }, t("Request a quote")));
    }
  }

  /** Everything from the latest answer onto the page. */
  private render() {
    const cfg = this.config;
    if (!cfg) return;
    this.vars = new Map(cfg.variables.map((v) => [v.path, v]));
    this.reg.update(this);
    this.panel.update(cfg.price);
    this.els.undo.setAttribute("aria-disabled", String(!this.history.canUndo()));
    this.els.redo.setAttribute("aria-disabled", String(!this.history.canRedo()));
    if (!cfg.consistent && cfg.conflict) {
      this.showBanner(
        [
          `${t("Your choices conflict")}: ${this.conflictReason(cfg)} `,
          h("button", { type: "button", onclick: () => void this.offerRepair(this.selection(), cfg, null) }, t("Resolve…")),
        ],
        "conflict",
      );
    } else {
      this.hideBanner("conflict");
    }
    this.showView(this.view, false);
    // For tests and tools: how many answers the page has shown (it only grows).
    this.root.dataset.renders = String(Number(this.root.dataset.renders ?? "0") + 1);
    writeUrl({ catalog: this.entry.id, select: this.selection(), lang: this.lang() === this.desc.languages[0] ? null : this.lang(), view: this.view });
  }

  /** One message per kind (dropped choices, a conflict, an error), each dismissable. */
  private showBanner(content: (Node | string)[], kind: string) {
    this.hideBanner(kind);
    const el = h("div", { class: "banner", role: "alert", "data-kind": kind });
    el.append(...content, h("button", { type: "button", class: "close", "aria-label": t("Dismiss"), onclick: () => el.remove() }, "×"));
    this.els.banners.appendChild(el);
  }
  private hideBanner(kind?: string) {
    for (const el of this.els.banners.querySelectorAll<HTMLElement>(".banner")) {
      if (!kind || el.dataset.kind === kind) el.remove();
    }
  }

  private showView(view: PageState["view"], focus = true) {
    const changed = view !== this.view;
    this.view = view;
    this.els.main.hidden = view === "overview";
    this.els.overview.hidden = view !== "overview";
    const toggle = document.getElementById("overview-toggle");
    toggle?.setAttribute("aria-pressed", String(view === "overview"));
    if (view === "overview" && this.config) {
      this.els.overview.replaceChildren(
        h("h2", { id: "overview-heading", tabindex: "-1" }, t("Overview")),
        renderOverview(this, this.idx, this.config),
        h("p", { class: "count-remaining" }, this.panel.el.querySelector(".count-remaining")?.textContent ?? ""),
        h(
          "div",
          { class: "step-nav" },
          h("button", { type: "button", class: "secondary", onclick: () => this.showView("configure") }, "← " + t("Back to configuring")),
          this.quotes ? h("button", { type: "button", class: "primary", onclick: () => void this.requestQuote() }, t("Request a quote")) : null,
        ),
      );
      if (focus && changed) document.getElementById("overview-heading")?.focus();
    }
    if (changed) {
      writeUrl({ catalog: this.entry.id, select: this.selection(), lang: this.lang() === this.desc.languages[0] ? null : this.lang(), view: this.view });
      if (view === "configure" && focus) this.groups.sections.find((s) => s.expanded)?.button.focus();
    }
  }

  private announce(text: string) {
    // Clearing first makes screen readers announce a repeated message again.
    this.announcer.textContent = "";
    window.setTimeout(() => (this.announcer.textContent = text), 50);
  }

  private announcePrices(cfg: Configuration) {
    const key = `${cfg.price.monthly.now}|${cfg.price.once.now}`;
    if (key === this.lastPrices) return;
    const first = this.lastPrices === "";
    this.lastPrices = key;
    if (first) return;
    const monthly = this.panel.el.querySelector('[data-price="monthly"] .now')?.textContent ?? "";
    const once = this.panel.el.querySelector('[data-price="once"] .now')?.textContent ?? "";
    this.announce(`${t("Price")}: ${t("Monthly")} ${monthly}, ${t("Once")} ${once}`);
  }

  // ---- the selection -------------------------------------------------------------------

  /** Opens with a selection from a link: unknown choices are dropped (and listed), a conflict
   * is shown with its repair. Never leaves the page blank. */
  async start(select: Choice[]) {
    let sel = select;
    let cfg: Configuration;
    try {
      cfg = await this.engine.call({ op: "configure", select: sel });
    } catch (err) {
      const bad = await this.engine.call({ op: "unknown", select: sel }).catch(() => [] as { choice: string; message: string }[]);
      const badSet = new Set(bad.map((b) => b.choice));
      sel = bad.length ? sel.filter((c) => !badSet.has(c)) : [];
      const dropped = bad.length ? bad : select.map((choice) => ({ choice, message: err instanceof Error ? err.message : String(err) }));
      this.showBanner(
        [
          h("p", {}, t("Some choices in this link no longer exist in the catalog and were dropped:")),
          h("ul", {}, dropped.map((b) => h("li", {}, h("code", {}, b.choice), " — ", b.message))),
        ],
        "dropped",
      );
      cfg = await this.engine.call({ op: "configure", select: sel });
    }
    this.history = new History(sel);
    this.config = cfg;
    this.render();
    this.announcePrices(cfg);
    void this.refreshAlternatives();
    void this.refreshCount();
    if (!cfg.consistent) void this.offerRepair(sel, cfg, null);
  }

  async commit(next: Choice[], newChoice?: Choice, quiet = false) {
    const seq = ++this.seq;
    let cfg: Configuration;
    try {
      cfg = await this.engine.call({ op: "configure", select: next });
    } catch (err) {
      if (seq !== this.seq) return;
      this.showBanner([err instanceof Error ? err.message : String(err)], "error");
      this.render();
      return;
    }
    if (seq !== this.seq) return;
    if (!cfg.consistent && newChoice !== undefined) {
      if (quiet) {
        this.render(); // back to what the controls showed; the reason shows on focus
        return;
      }
      await this.offerRepair(next, cfg, newChoice);
      return;
    }
    this.accept(next, cfg);
  }

  private accept(next: Choice[], cfg: Configuration, record = true) {
    if (record) this.history.push(next);
    this.config = cfg;
    this.render();
    this.announcePrices(cfg);
    void this.refreshAlternatives();
    void this.refreshCount();
  }

  private conflictReason(cfg: Configuration): string {
    const msgs = (cfg.conflict?.rules ?? []).map((r) => this.idx.rules.get(r) ?? r);
    return msgs.join(" ");
  }

  /** "Choosing X means dropping Y and Z": the first repair that keeps the new choice. */
  private async offerRepair(next: Choice[], cfg: Configuration, newChoice: Choice | null) {
    const repairs = cfg.conflict?.repairs ?? [];
    const repair =
      repairs.find((r) => newChoice === null || !r.includes(newChoice)) ?? repairs[0] ?? null;
    const reason = this.conflictReason(cfg);
    this.announce(`${t("Conflict")}: ${reason}`);
    if (!repair) {
      this.showBanner([`${t("These choices cannot be combined")}: ${reason}`], "error");
      this.render();
      return;
    }
    const dropped = listText(repair.map((c) => choiceLabel(this, this.idx, c)));
    const title = newChoice
      ? `${t("Choosing")} ${choiceLabel(this, this.idx, newChoice)} ${t("means dropping")} ${dropped}`
      : `${t("These choices do not fit together; dropping")} ${dropped} ${t("fixes it")}`;
    const ok = await openDialog({
      title,
      body: [
        reason ? h("p", { class: "conflict-reason" }, reason) : null,
        h("p", {}, t("Dropped:")),
        h("ul", {}, repair.map((c) => h("li", {}, choiceLabel(this, this.idx, c)))),
      ],
      confirm: t("Apply"),
      cancel: t("Cancel"),
    });
    if (ok) {
      const drop = new Set(repair);
      await this.commit(next.filter((c) => !drop.has(c)));
    } else if (newChoice === null) {
      // A link's conflicting selection stays as it is, with the conflict banner to resolve later.
      this.history = new History(next);
      this.config = cfg;
      this.render();
    } else {
      this.render(); // puts the controls back as they were
    }
  }

  private async undo() {
    const prev = this.history.undo();
    if (prev) await this.replay(prev);
  }
  private async redo() {
    const next = this.history.redo();
    if (next) await this.replay(next);
  }
  private async replay(sel: Choice[]) {
    const seq = ++this.seq;
    const cfg = await this.engine.call({ op: "configure", select: sel });
    if (seq !== this.seq) return;
    this.accept(sel, cfg, false);
  }
  private async reset() {
    this.hideBanner();
    await this.commit([]);
  }

  private async refreshAlternatives() {
    const seq = ++this.altSeq;
    const select = this.selection();
    // Until the new alternatives arrive the previous ones stand: usually still right, and
    // never the engine's "everything else is blocked by your own choice".
    if (!select.length) {
      this.alts = {};
      return;
    }
    try {
      const alts = await this.background.call({ op: "alternatives", select });
      if (seq !== this.altSeq) return;
      this.alts = alts;
      this.reg.update(this);
    } catch {
      // Without them the page still works: a click that conflicts asks first.
    }
  }

  private async refreshCount() {
    const seq = ++this.countSeq;
    this.panel.countingStarted();
    try {
      const c = await this.background.call({ op: "count", select: this.selection() });
      if (seq === this.countSeq) {
        this.lastCount = c;
        this.panel.updateCount(c);
      }
    } catch (err) {
      if (seq === this.countSeq && !(err instanceof Superseded)) this.panel.updateCount(null);
    }
  }

  /** "Complete for me": the engine's completion becomes the user's choices. */
  private async complete(objective: string) {
    const select = this.selection();
    let done: Completion;
    try {
      done = await this.engine.call({ op: "complete", select, ...(objective ? { minimize: objective } : {}) });
    } catch (err) {
      this.showBanner([err instanceof Error ? err.message : String(err)], "error");
      return;
    }
    if (!done.consistent) {
      this.showBanner([t("There is no valid configuration with your choices.")], "error");
      return;
    }
    const have = new Set(select.map(choiceKey));
    const add: Choice[] = [];
    for (const { path, value } of done.values) {
      for (const c of this.choicesFor(path, value)) if (!have.has(choiceKey(c))) add.push(c);
    }
    await this.commit([...select, ...add]);
    this.announce(`${t("Completed")}: ${t("Monthly")} ${this.panel.el.querySelector('[data-price="monthly"] .now')?.textContent ?? ""}`);
  }

  private choicesFor(path: string, value: Completion["values"][number]["value"]): Choice[] {
    if (value === null) return [];
    const v = this.vars.get(path);
    switch (v?.kind) {
      case "component":
        return [value ? path : `!${path}`];
      case "any_of": {
        const f = this.idx.features.get(path.replace(/\[\d+\]/g, ""));
        const on = new Set(Array.isArray(value) ? value : []);
        return (f?.values ?? []).map((x) => `${path}${on.has(x.id) ? "+=" : "-="}${x.id}`);
      }
      case "one_of":
      case "bool":
      case "int":
      case "instances":
        return [`${path}=${String(value)}`];
      default:
        return [];
    }
  }

  private shortcut(e: KeyboardEvent) {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const target = e.target as HTMLElement | null;
    // Text fields keep their own undo.
    if (target && (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && /^(text|search|number|email)$/.test((target as HTMLInputElement).type)))) return;
    if (document.querySelector("dialog[open]")) return;
    const key = e.key.toLowerCase();
    if (key === "z" && !e.shiftKey) {
      e.preventDefault();
      void this.undo();
    } else if ((key === "z" && e.shiftKey) || key === "y") {
      e.preventDefault();
      void this.redo();
    }
  }

  private async requestQuote() {
    const name = h("input", { id: "quote-name", name: "name", required: true, autocomplete: "name" });
    const email = h("input", { id: "quote-email", name: "email", type: "email", required: true, autocomplete: "email" });
    await openDialog({
      title: t("Request a quote"),
      body: [
        h("p", { class: "field" }, h("label", { for: "quote-name" }, t("Name")), name),
        h("p", { class: "field" }, h("label", { for: "quote-email" }, t("E-mail")), email),
      ],
      confirm: t("Request a quote"),
      cancel: t("Cancel"),
      onConfirm: async () => {
        const res = await fetch("/api/quotes", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ catalog: this.entry.id, select: this.selection(), customer: { name: name.value, email: email.value } }),
        });
        type Made = { id?: string; quote?: { valid_until: string; totals: { currency: string; once: string; monthly: string } }; error?: { message?: string } };
        const body = (await res.json().catch(() => ({}))) as Made;
        if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
        const q = body.quote;
        return [
          h("p", { role: "status" }, `${t("Thank you. Your quote number is")} ${body.id ?? ""}.`),
          q ? h("p", {}, `${q.totals.once} ${q.totals.currency} + ${q.totals.monthly} ${q.totals.currency}/mo · ${t("valid until")} ${q.valid_until}`) : null,
        ];
      },
    });
  }
}
