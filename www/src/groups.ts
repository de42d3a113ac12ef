// The configurator's body: one collapsible section per top-level component (also usable as
// steps with Previous/Next), each holding its features, nested components and instances.
// Sections render their controls only when first expanded, and long feature lists render in
// chunks as they scroll into view, so catalogs with thousands of features stay quick.
import { dropInstancesAbove, removeInstance, withChoice } from "./choices.js";
import type { Ctx } from "./ctx.js";
import { h, idFor, srOnly } from "./dom.js";
import { t } from "./i18n.js";
import type { ComponentInfo, FeatureInfo, Variable } from "./types.js";
import { ComponentToggle, featureView, intervals, type View } from "./views.js";

const CHUNK = 40;

/** A search: lower-case words that must all appear in a feature's path or label. */
export type Query = string[];

function matchesText(q: Query, ...texts: string[]): boolean {
  if (q.length === 0) return true;
  const hay = texts.join(" ").toLowerCase();
  return q.every((w) => hay.includes(w));
}

/** The part of `child` after `parent` (`mobile.line` under `mobile` → `line`). */
function tail(parentPath: string, childPath: string): string {
  return parentPath === "" ? childPath : childPath.slice(parentPath.length + 1);
}
function join(prefix: string, name: string): string {
  return prefix === "" ? name : `${prefix}.${name}`;
}

export class Tree {
  children = new Map<string, ComponentInfo[]>();
  constructor(public components: ComponentInfo[]) {
    for (const c of components) {
      if (c.parent === null) continue;
      const list = this.children.get(c.parent) ?? [];
      list.push(c);
      this.children.set(c.parent, list);
    }
  }
  kids(c: ComponentInfo): ComponentInfo[] {
    return this.children.get(c.path) ?? [];
  }
}

/** Everything the views of one page share: the live views to update after each answer. */
export class Registry {
  /** Set once the page's elements are in the document. */
  live = false;
  private views = new Set<View>();
  private blocks = new Set<{ el: HTMLElement; update(): void }>();
  add(v: View) {
    this.views.add(v);
    return v;
  }
  addBlock(b: { el: HTMLElement; update(): void }) {
    this.blocks.add(b);
  }
  /** Updates every live view; views whose element left the page (a new search rebuilt their
   * section) are forgotten. Before the page is attached nothing counts as gone. */
  update(ctx: Ctx) {
    const attached = this.live;
    for (const b of this.blocks) {
      if (attached && !b.el.isConnected) this.blocks.delete(b);
      else b.update();
    }
    for (const v of this.views) {
      if (attached && !v.el.isConnected) this.views.delete(v);
      else v.update(ctx.variable(v.path));
    }
  }
}

interface Env {
  ctx: Ctx;
  tree: Tree;
  reg: Registry;
  query: Query;
}

/** Does anything in this component (its name, features, nested components) match the search? */
function componentMatches(env: Env, c: ComponentInfo): boolean {
  if (env.query.length === 0) return true;
  if (matchesText(env.query, c.path, env.ctx.label(c.name, c.path))) return true;
  return c.features.some((f) => featureMatches(env, f)) || env.tree.kids(c).some((k) => componentMatches(env, k));
}
function featureMatches(env: Env, f: FeatureInfo): boolean {
  return matchesText(env.query, f.path, env.ctx.label(f.name, f.path));
}

/** Appends items lazily: the first chunk now, the next when a sentinel scrolls into view.
 * `shown` runs after each later chunk: its new controls need the latest answer too. */
function lazyList(container: HTMLElement, items: (() => HTMLElement)[], shown: () => void) {
  let next = 0;
  const sentinel = h("div", { class: "sentinel", "aria-hidden": "true" });
  const more = () => {
    const end = Math.min(items.length, next + CHUNK);
    const frag = document.createDocumentFragment();
    for (; next < end; next++) frag.appendChild(items[next]!());
    sentinel.before(frag);
    if (next >= items.length) {
      observer?.disconnect();
      sentinel.remove();
    }
  };
  container.appendChild(sentinel);
  const observer =
    items.length > CHUNK
      ? new IntersectionObserver((entries) => {
          if (entries.some((e) => e.isIntersecting)) {
            more();
            shown();
          }
        }, { rootMargin: "600px" })
      : null;
  more();
  // Observing works before the list is attached: the first check runs once it is.
  if (observer && next < items.length) observer.observe(sentinel);
}

/** One component at one concrete path: its include toggle, features and nested components. */
function componentBody(env: Env, c: ComponentInfo, cp: string, showToggle: boolean): HTMLElement {
  const { ctx, reg } = env;
  const el = h("div", { class: "component-body", "data-path": cp });
  const name = ctx.label(c.name, c.path);
  if (showToggle && c.optional) el.appendChild(reg.add(new ComponentToggle(ctx, name, c.price, cp)).el);
  const content = h("div", { class: "component-content" });
  const off = h("p", { class: "not-included", hidden: true }, t("Not included"));
  el.append(off, content);
  const nameMatches = matchesText(env.query, c.path, name);
  const items: (() => HTMLElement)[] = [];
  for (const f of c.features) {
    if (!nameMatches && !featureMatches(env, f)) continue;
    items.push(() => reg.add(featureView(ctx, f, join(cp, tail(c.path, f.path)))).el);
  }
  for (const k of env.tree.kids(c)) {
    if (!nameMatches && !componentMatches(env, k)) continue;
    const kp = join(cp, tail(c.path, k.path));
    items.push(() => (k.instances ? instancesBlock(env, k, kp) : subComponent(env, k, kp)));
  }
  lazyList(content, items, () => reg.update(ctx));
  if (cp !== "") {
    reg.addBlock({
      el,
      update() {
        // An excluded component's features have nothing to choose: say so instead.
        const absent = ctx.variable(cp)?.value === false;
        content.hidden = absent;
        off.hidden = !absent;
      },
    });
  }
  return el;
}

function subComponent(env: Env, k: ComponentInfo, kp: string): HTMLElement {
  const headingId = idFor(kp, "heading");
  const img = env.ctx.image(k.image);
  return h(
    "section",
    { class: "subcomponent", "aria-labelledby": headingId },
    h(
      "h3",
      { id: headingId },
      img ? h("img", { class: "thumb", src: img, alt: "", width: 32, height: 32 }) : null,
      env.ctx.label(k.name, k.path),
    ),
    componentBody(env, k, kp, true),
  );
}

/** A component with instances: how many, then each instance on its own. */
function instancesBlock(env: Env, k: ComponentInfo, kp: string): HTMLElement {
  const { ctx, reg } = env;
  const name = ctx.label(k.name, k.path);
  const countId = idFor(kp, "count");
  const countOut = h("output", { id: countId, class: "count", "aria-live": "polite" }, "");
  const minus = h("button", { type: "button", class: "step" }, "−", srOnly(` ${t("Remove")} ${name}`));
  const plus = h("button", { type: "button", class: "step" }, "+", srOnly(` ${t("Add")} ${name}`));
  const badge = h("span", { class: "badge", hidden: true });
  const instances = h("div", { class: "instances" });
  const el = h(
    "section",
    { class: "instances-block", "data-path": kp, "aria-labelledby": idFor(kp, "label") },
    h(
      "div",
      { class: "instances-head", role: "group", "aria-labelledby": idFor(kp, "label") },
      h("h3", { id: idFor(kp, "label") }, name),
      h("span", { class: "row" }, minus, countOut, plus, " ", badge),
    ),
    instances,
  );
  const made: HTMLElement[] = [];
  let count = 0;
  const declared = k.instances!;
  // No maximum: as many as the engine's resource limit allows.
  const most = declared.max ?? 1000;
  const setCount = (n: number) => {
    if (n < declared.min || n > most) return;
    let sel = withChoice(ctx.selection(), `${kp}=${n}`);
    if (n < count) sel = dropInstancesAbove(sel, kp, n);
    ctx.commit(sel, `${kp}=${n}`);
  };
  minus.addEventListener("click", () => setCount(count - 1));
  plus.addEventListener("click", () => setCount(count + 1));
  const instance = (i: number) => {
    const ip = `${kp}[${i}]`;
    const hid = idFor(ip, "heading");
    const remove = h(
      "button",
      {
        type: "button",
        class: "remove-instance",
        onclick: () => {
          if (count <= declared.min) return;
          ctx.commit(removeInstance(ctx.selection(), kp, i, count), `${kp}=${count - 1}`);
        },
      },
      `${t("Remove")}`,
      srOnly(` ${name} ${i}`),
    );
    return h(
      "section",
      { class: "instance", "aria-labelledby": hid, "data-instance": String(i) },
      h("div", { class: "instance-head" }, h("h4", { id: hid }, `${name} ${i}`), remove),
      componentBody(env, k, ip, false),
    );
  };
  reg.addBlock({
    el,
    update() {
      const v: Variable | undefined = ctx.variable(kp);
      const iv = intervals(v?.valid);
      count = typeof v?.value === "number" ? v.value : iv[0]?.min ?? declared.min;
      countOut.textContent = String(count);
      const can = (n: number) =>
        n >= declared.min && n <= most && iv.some((i) => (i.min ?? -Infinity) <= n && n <= (i.max ?? Infinity));
      for (const [b, n] of [
        [minus, count - 1],
        [plus, count + 1],
      ] as const) {
        if (can(n)) b.removeAttribute("aria-disabled");
        else b.setAttribute("aria-disabled", "true");
      }
      badge.textContent = v?.status === "forced" ? t("Required by rules") : v?.status === "default" ? t("Default") : "";
      badge.hidden = !badge.textContent;
      while (made.length < count) {
        const sec = instance(made.length + 1);
        made.push(sec);
        instances.appendChild(sec);
      }
      made.forEach((sec, i) => {
        sec.hidden = i >= count;
        const rm = sec.querySelector<HTMLButtonElement>(".remove-instance");
        if (rm) rm.hidden = count <= declared.min;
      });
      // Sections just created hold views that need this answer too; the registry runs
      // blocks before views, so they are updated in this same pass.
    },
  });
  return el;
}

/** One top-level section: a heading button that expands it, and Previous/Next to walk on. */
export class GroupSection {
  el: HTMLElement;
  button: HTMLButtonElement;
  private body: HTMLElement;
  private state = h("span", { class: "group-state" });
  private rendered = false;
  expanded = false;

  constructor(
    private env: Env,
    public comp: ComponentInfo,
    private cp: string,
    nav: { prev: (() => void) | null; next: () => void; nextLabel: string },
  ) {
    const { ctx } = env;
    const bodyId = idFor(cp || "root", "body");
    const img = ctx.image(comp.image);
    const name = cp === "" ? ctx.label(ctx.desc.name, ctx.desc.catalog.id) : ctx.label(comp.name, comp.path);
    this.button = h(
      "button",
      { type: "button", class: "group-toggle", "aria-expanded": "false", "aria-controls": bodyId, id: idFor(cp || "root", "toggle") },
      h("span", { class: "chevron", "aria-hidden": "true" }),
      img ? h("img", { class: "thumb", src: img, alt: "", width: 40, height: 40 }) : null,
      h("span", { class: "group-name" }, name),
      this.state,
    );
    this.button.addEventListener("click", () => this.toggle(!this.expanded));
    this.body = h("div", { class: "group-body", id: bodyId, hidden: true });
    const navEl = h(
      "div",
      { class: "step-nav" },
      nav.prev ? h("button", { type: "button", class: "secondary", onclick: nav.prev }, "← " + t("Previous")) : null,
      h("button", { type: "button", class: "primary", onclick: nav.next }, nav.nextLabel + " →"),
    );
    this.el = h(
      "section",
      { class: "group", "data-path": cp, "aria-labelledby": this.button.id },
      h("h2", {}, this.button),
      this.body,
    );
    this.body.appendChild(navEl);
    env.reg.addBlock({ el: this.el, update: () => this.updateState() });
  }

  private updateState() {
    if (this.cp === "" || !this.comp.optional) {
      this.state.textContent = "";
      return;
    }
    const v = this.env.ctx.variable(this.cp);
    this.state.textContent = v?.value === true ? t("Included") : v?.value === false ? t("Not included") : "";
  }

  toggle(open: boolean) {
    this.expanded = open;
    this.button.setAttribute("aria-expanded", String(open));
    this.body.hidden = !open;
    if (open && !this.rendered) {
      this.rendered = true;
      const content = this.comp.instances
        ? instancesBlock(this.env, this.comp, this.cp)
        : componentBody(this.env, this.comp, this.cp, true);
      this.body.prepend(content);
      this.env.reg.update(this.env.ctx);
    }
  }

  /** Renders again (a new search): the body is rebuilt only if it had been rendered. */
  reset() {
    const nav = this.body.lastElementChild;
    this.body.replaceChildren(...(nav ? [nav] : []));
    this.rendered = false;
    if (this.expanded) this.toggle(true);
  }

  matches(): boolean {
    return componentMatches(this.env, this.comp);
  }
}

/** All the sections of a catalog. */
export class Groups {
  el = h("div", { class: "groups" });
  sections: GroupSection[] = [];
  private env: Env;
  private beforeSearch: boolean[] | null = null;
  private empty = h("p", { class: "no-match", hidden: true, role: "status" });

  constructor(ctx: Ctx, reg: Registry, onReview: () => void) {
    const tree = new Tree(ctx.desc.components);
    this.env = { ctx, tree, reg, query: [] };
    const root = ctx.desc.components.find((c) => c.path === "");
    const tops: [ComponentInfo, string][] = [];
    if (root && root.features.length > 0) {
      // The root's own features (imported models keep everything here) form one section.
      tops.push([{ ...root, optional: false }, ""]);
    }
    if (root) for (const k of tree.kids(root)) tops.push([k, k.path]);
    tops.forEach(([c, cp], i) => {
      const last = i === tops.length - 1;
      const sec = new GroupSection(this.env, c, cp, {
        prev: i > 0 ? () => this.go(i - 1) : null,
        next: last ? onReview : () => this.go(i + 1),
        nextLabel: last ? t("Review") : t("Next"),
      });
      this.sections.push(sec);
      this.el.appendChild(sec.el);
    });
    if (root && root.features.length === 0 && tree.kids(root).length === 0) this.el.textContent = "";
    this.el.appendChild(this.empty);
    this.sections[0]?.toggle(true);
  }

  /** Step to section i: close the others, open it, put the focus on its heading. */
  go(i: number) {
    this.sections.forEach((s, j) => s.toggle(j === i));
    const s = this.sections[i];
    if (!s) return;
    s.button.focus();
    s.el.scrollIntoView({ block: "start", behavior: "smooth" });
  }

  search(text: string) {
    const q = text.toLowerCase().split(/\s+/).filter(Boolean);
    if (q.length > 0 && this.beforeSearch === null) this.beforeSearch = this.sections.map((s) => s.expanded);
    this.env.query = q;
    let any = 0;
    this.sections.forEach((s, i) => {
      const m = s.matches();
      s.el.hidden = !m;
      if (m) any++;
      if (q.length > 0) {
        s.expanded = m;
        s.reset();
        if (!m) s.toggle(false);
      } else {
        s.expanded = this.beforeSearch?.[i] ?? s.expanded;
        s.reset();
        s.toggle(s.expanded);
      }
    });
    if (q.length === 0) this.beforeSearch = null;
    this.empty.hidden = any > 0;
    this.empty.textContent = any > 0 ? "" : `${t("No feature matches")} “${text}”`;
  }
}
