// One control per feature or component, built once and then updated in place from each
// configure answer (so focus, scroll and screen-reader position survive every click):
// radios or a select for one_of, checkboxes for any_of, a switch for bool, a number field with
// steppers for int, a checkbox for an optional component.
import { h, idFor, srOnly } from "./dom.js";
import { t } from "./i18n.js";
import type { Ctx } from "./ctx.js";
import { priceEffect } from "./prices.js";
import type { FeatureInfo, Interval, Money, Status, Variable } from "./types.js";
import { quoteValue } from "./choices.js";

export interface View {
  /** The concrete path (`mobile.line[2].plan`) whose variable this view shows. */
  path: string;
  el: HTMLElement;
  update(v: Variable | undefined): void;
}

/** More values than this: a select instead of radios. */
const RADIO_LIMIT = 7;

export function isBlocked(v: Variable | undefined, value: string | boolean | number): boolean {
  return !!v && v.blocked.some((b) => String(b.value) === String(value));
}

export function intervals(valid: Variable["valid"] | undefined): Interval[] {
  if (!valid) return [];
  if (Array.isArray(valid)) {
    return valid.filter((x): x is Interval => typeof x === "object" && x !== null && "min" in x);
  }
  return [valid];
}

export function inIntervals(iv: Interval[], n: number): boolean {
  return iv.some((i) => (i.min === null || n >= i.min) && (i.max === null || n <= i.max));
}

/** The visible badge (and its words for screen readers) for values the user did not choose.
 * `off`: a switch or include toggle the rules hold off is excluded by them, not required. */
function setBadge(badge: HTMLElement, status: Status | undefined, off = false) {
  const text = status === "forced" ? t(off ? "Excluded by rules" : "Required by rules") : status === "default" ? t("Default") : "";
  badge.textContent = text;
  badge.hidden = !text;
  badge.className = "badge badge-" + (status ?? "none");
}

/** Shows why a value cannot be chosen when its control is hovered or focused. */
function attachReason(ctx: Ctx, row: HTMLElement, control: HTMLElement, path: string, value: () => string | null) {
  const tip = h("div", { class: "reason", role: "tooltip", id: idFor("why", path, value() ?? ""), hidden: true });
  row.appendChild(tip);
  const described = control.getAttribute("aria-describedby");
  control.setAttribute("aria-describedby", [described, tip.id].filter(Boolean).join(" "));
  let shownFor = "";
  const show = async () => {
    if (control.getAttribute("aria-disabled") !== "true") return;
    const v = value();
    const key = ctx.selection().join("\n") + "\n?" + v;
    tip.hidden = false;
    if (shownFor === key) return;
    shownFor = key;
    tip.textContent = "…";
    tip.textContent = await ctx.explain(path, v);
  };
  const hide = () => {
    tip.hidden = true;
  };
  row.addEventListener("mouseenter", show);
  row.addEventListener("mouseleave", () => {
    if (!row.contains(document.activeElement)) hide();
  });
  control.addEventListener("focus", show);
  control.addEventListener("blur", hide);
  control.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !tip.hidden) {
      hide();
      e.stopPropagation();
    }
  });
  // Ensure a stale text never shows after the selection changed.
  return () => {
    shownFor = "";
    if (control.getAttribute("aria-disabled") !== "true") hide();
  };
}

/** `locked`: the control is on and cannot be turned off (rules require it), which is not the
 * same as a value that cannot be had, so it is not struck through. */
function setBlocked(control: HTMLElement, row: HTMLElement, blocked: boolean, note: HTMLElement, locked = false) {
  if (blocked) control.setAttribute("aria-disabled", "true");
  else control.removeAttribute("aria-disabled");
  row.classList.toggle("blocked", blocked && !locked);
  row.classList.toggle("locked", blocked && locked);
  note.hidden = !blocked || locked;
}

function header(ctx: Ctx, name: string, description: string | null, image: string | null, badge: HTMLElement) {
  const img = ctx.image(image);
  return [
    img ? h("img", { class: "thumb", src: img, alt: "", width: 32, height: 32, loading: "lazy" }) : null,
    h("span", { class: "feature-name" }, name),
    " ",
    badge,
    description ? h("span", { class: "description" }, description) : null,
  ];
}

function clearButton(ctx: Ctx, path: string, name: string, key = path) {
  const b = h(
    "button",
    { type: "button", class: "clear", hidden: true, onclick: () => ctx.clear(key) },
    h("span", { "aria-hidden": "true" }, "× "),
    t("Clear"),
    srOnly(": " + name),
  );
  b.title = t("Clear choice");
  return b;
}

function priceText(ctx: Ctx, price: Money | null): string {
  return priceEffect(price, ctx.currency, ctx.lang());
}

/** one_of with few values: a radio group. */
class OneOfRadios implements View {
  el: HTMLFieldSetElement;
  private rows = new Map<string, { input: HTMLInputElement; row: HTMLElement; note: HTMLElement; refresh: () => void }>();
  private badge = h("span", { class: "badge", hidden: true });
  private clear: HTMLButtonElement;
  private arrowed = false;

  constructor(private ctx: Ctx, f: FeatureInfo, public path: string) {
    const name = ctx.label(f.name, f.path);
    this.clear = clearButton(ctx, path, name);
    this.el = h(
      "fieldset",
      { class: "feature one-of", "data-path": path },
      h("legend", {}, header(ctx, name, ctx.labelOrNull(f.description), f.image, this.badge)),
      this.clear,
    );
    const list = h("div", { class: "values" });
    for (const val of f.values) {
      const id = idFor(path, val.id);
      const input = h("input", { type: "radio", id, name: idFor(path), value: val.id });
      const note = h("span", { class: "na" }, t("Not available"));
      note.hidden = true;
      const img = ctx.image(val.image);
      const price = priceText(ctx, val.price);
      const row = h(
        "div",
        { class: "value", "data-value": val.id },
        input,
        h(
          "label",
          { for: id },
          img ? h("img", { class: "thumb", src: img, alt: "", width: 32, height: 32, loading: "lazy" }) : null,
          h("span", { class: "value-name" }, ctx.label(val.name, val.id)),
          note,
          price ? h("span", { class: "price-effect" }, price) : null,
        ),
      );
      const refresh = attachReason(ctx, row, input, path, () => val.id);
      input.addEventListener("keydown", (e) => this.keydown(e, val.id, input));
      // A pointer never arrows: a click after an arrow key that moved nothing is still a click.
      row.addEventListener("pointerdown", () => (this.arrowed = false));
      input.addEventListener("change", () => this.changed(val.id, input));
      list.appendChild(row);
      this.rows.set(val.id, { input, row, note, refresh });
    }
    this.el.appendChild(list);
  }

  private keydown(e: KeyboardEvent, value: string, input: HTMLInputElement) {
    // Only the key that checks the radio right now decides how its change is taken.
    this.arrowed = e.key.startsWith("Arrow");
    if (e.key !== " " || e.ctrlKey || e.metaKey || e.altKey) return;
    // An arrow key checks a radio before the engine has answered (or before the background
    // answer that marks it unavailable has arrived): the radio shows checked while the
    // selection does not hold that value yet, and may never (a quiet choice that conflicts is
    // undone when its answer comes). The browser ignores Space on a checked radio (no click, no
    // change), so that Space would be lost, whatever the timing: take it here as the explicit
    // choice. Its answer supersedes the quiet one, and a conflict asks first.
    if (input.checked && this.ctx.variable(this.path)?.value !== value) {
      e.preventDefault();
      this.ctx.choose(`${this.path}=${quoteValue(value)}`);
    }
  }

  private changed(value: string, input: HTMLInputElement) {
    const arrowed = this.arrowed;
    this.arrowed = false;
    // Arrow keys move through a radio group and check as they go; landing on a value that is
    // not available must not open a dialog at every step: undo the check, keep the focus there
    // and show why (Space chooses it anyway, which asks first).
    if (arrowed && input.getAttribute("aria-disabled") === "true") {
      this.update(this.ctx.variable(this.path));
      return;
    }
    this.ctx.choose(`${this.path}=${quoteValue(value)}`, arrowed);
  }

  update(v: Variable | undefined) {
    for (const [id, r] of this.rows) {
      r.input.checked = v?.value === id;
      setBlocked(r.input, r.row, isBlocked(v, id), r.note);
      r.row.classList.toggle("chosen-by-rules", v?.value === id && (v.status === "forced" || v.status === "default"));
      r.refresh();
    }
    setBadge(this.badge, v?.status);
    this.clear.hidden = v?.status !== "user";
    this.el.classList.toggle("absent", v?.status === "absent");
  }
}

/** one_of with many values: a select; unavailable options say so in their text. */
class OneOfSelect implements View {
  el: HTMLElement;
  private select: HTMLSelectElement;
  private options = new Map<string, { opt: HTMLOptionElement; text: string }>();
  private badge = h("span", { class: "badge", hidden: true });
  private clear: HTMLButtonElement;
  private empty: HTMLOptionElement;

  constructor(private ctx: Ctx, f: FeatureInfo, public path: string) {
    const id = idFor(path);
    const name = ctx.label(f.name, f.path);
    this.clear = clearButton(ctx, path, name);
    this.select = h("select", { id });
    this.empty = h("option", { value: "" }, "—");
    this.select.appendChild(this.empty);
    for (const val of f.values) {
      const price = priceText(ctx, val.price);
      const text = ctx.label(val.name, val.id) + (price ? ` (${price})` : "");
      const opt = h("option", { value: val.id }, text);
      this.select.appendChild(opt);
      this.options.set(val.id, { opt, text });
    }
    this.select.addEventListener("change", () => {
      if (this.select.value) this.ctx.choose(`${this.path}=${quoteValue(this.select.value)}`);
      else this.ctx.clear(this.path);
    });
    this.el = h(
      "div",
      { class: "feature one-of-select", "data-path": path },
      h("label", { for: id, class: "feature-label" }, header(ctx, name, ctx.labelOrNull(f.description), f.image, this.badge)),
      h("div", { class: "row" }, this.select, this.clear),
    );
  }

  update(v: Variable | undefined) {
    this.select.value = typeof v?.value === "string" ? v.value : "";
    this.empty.disabled = v?.value !== null && v?.value !== undefined;
    for (const [id, o] of this.options) {
      const blocked = isBlocked(v, id);
      o.opt.textContent = blocked ? `${o.text} — ${t("Not available")}` : o.text;
      o.opt.classList.toggle("blocked", blocked);
    }
    setBadge(this.badge, v?.status);
    this.clear.hidden = v?.status !== "user";
  }
}

/** any_of: one checkbox per value (`+=` / `-=` choices). */
class AnyOfChecks implements View {
  el: HTMLFieldSetElement;
  private rows = new Map<string, { input: HTMLInputElement; row: HTMLElement; note: HTMLElement; refresh: () => void }>();
  private badge = h("span", { class: "badge", hidden: true });

  constructor(private ctx: Ctx, f: FeatureInfo, public path: string) {
    const name = ctx.label(f.name, f.path);
    const limits =
      f.max !== null && f.max < f.values.length ? ` (${f.min ?? 0}–${f.max})` : f.min ? ` (≥ ${f.min})` : "";
    this.el = h(
      "fieldset",
      { class: "feature any-of", "data-path": path },
      h("legend", {}, header(ctx, name + limits, ctx.labelOrNull(f.description), f.image, this.badge)),
    );
    const list = h("div", { class: "values" });
    for (const val of f.values) {
      const id = idFor(path, val.id);
      const input = h("input", { type: "checkbox", id, value: val.id });
      const note = h("span", { class: "na" }, t("Not available"));
      note.hidden = true;
      const img = ctx.image(val.image);
      const price = priceText(ctx, val.price);
      const row = h(
        "div",
        { class: "value", "data-value": val.id },
        input,
        h(
          "label",
          { for: id },
          img ? h("img", { class: "thumb", src: img, alt: "", width: 32, height: 32, loading: "lazy" }) : null,
          h("span", { class: "value-name" }, ctx.label(val.name, val.id)),
          note,
          price ? h("span", { class: "price-effect" }, price) : null,
        ),
      );
      const refresh = attachReason(ctx, row, input, path, () => val.id);
      input.addEventListener("change", () => {
        const v = quoteValue(val.id);
        this.ctx.choose(input.checked ? `${this.path}+=${v}` : `${this.path}-=${v}`);
      });
      list.appendChild(row);
      this.rows.set(val.id, { input, row, note, refresh });
    }
    this.el.appendChild(list);
  }

  update(v: Variable | undefined) {
    const chosen = Array.isArray(v?.value) ? (v!.value as string[]) : [];
    for (const [id, r] of this.rows) {
      const on = chosen.includes(id);
      r.input.checked = on;
      // A selected value can always be unticked from the page's point of view (the engine
      // answers if that conflicts); only values that cannot be added are marked unavailable.
      setBlocked(r.input, r.row, !on && isBlocked(v, id), r.note);
      r.refresh();
    }
    setBadge(this.badge, v?.status);
    this.el.classList.toggle("absent", v?.status === "absent");
  }
}

/** bool: a switch button. */
class BoolSwitch implements View {
  el: HTMLElement;
  private button: HTMLButtonElement;
  private note = h("span", { class: "na" });
  private badge = h("span", { class: "badge", hidden: true });
  private clear: HTMLButtonElement;
  private refresh: () => void;
  private value: boolean | null = null;

  constructor(private ctx: Ctx, f: FeatureInfo, public path: string) {
    const id = idFor(path);
    const name = ctx.label(f.name, f.path);
    const labelId = id + "-label";
    this.clear = clearButton(ctx, path, name);
    this.button = h(
      "button",
      { type: "button", role: "switch", id, "aria-checked": "false", "aria-labelledby": labelId, class: "switch" },
      h("span", { class: "switch-track", "aria-hidden": "true" }, h("span", { class: "switch-thumb" })),
    );
    this.button.addEventListener("click", () => {
      this.ctx.choose(`${this.path}=${this.value === true ? "false" : "true"}`);
    });
    const price = priceText(ctx, f.price);
    const row = h(
      "div",
      { class: "feature bool value", "data-path": path },
      this.button,
      h(
        "span",
        { id: labelId, class: "feature-label" },
        header(ctx, name, ctx.labelOrNull(f.description), f.image, this.badge),
        this.note,
        price ? h("span", { class: "price-effect" }, price) : null,
      ),
      this.clear,
    );
    this.el = row;
    // The question is about the value the switch would move to.
    this.refresh = attachReason(ctx, row, this.button, path, () => String(this.value !== true));
  }

  update(v: Variable | undefined) {
    this.value = typeof v?.value === "boolean" ? v.value : null;
    this.button.setAttribute("aria-checked", this.value === true ? "true" : "false");
    const target = this.value !== true;
    const blocked = isBlocked(v, target);
    const locked = blocked && this.value === true;
    this.note.textContent = blocked && !locked ? t("Not available") : "";
    setBlocked(this.button, this.el, blocked, this.note, locked);
    this.refresh();
    setBadge(this.badge, v?.status, v?.value === false);
    this.clear.hidden = v?.status !== "user";
    this.el.classList.toggle("absent", v?.status === "absent");
  }
}

/** int: a number field with − and + buttons; numbers the rules exclude still ask first. */
class IntField implements View {
  el: HTMLElement;
  private input: HTMLInputElement;
  private minus: HTMLButtonElement;
  private plus: HTMLButtonElement;
  private badge = h("span", { class: "badge", hidden: true });
  private hint = h("span", { class: "hint" });
  private clear: HTMLButtonElement;
  private current: number | null = null;
  private valid: Interval[] = [];

  constructor(private ctx: Ctx, private f: FeatureInfo, public path: string) {
    const id = idFor(path);
    const name = ctx.label(f.name, f.path);
    this.clear = clearButton(ctx, path, name);
    this.input = h("input", {
      type: "number",
      id,
      inputmode: "numeric",
      step: 1,
      min: f.min ?? undefined,
      max: f.max ?? undefined,
      "aria-describedby": id + "-hint",
    });
    this.hint.id = id + "-hint";
    this.minus = h("button", { type: "button", class: "step", "aria-label": `− ${name}` }, "−");
    this.plus = h("button", { type: "button", class: "step", "aria-label": `+ ${name}` }, "+");
    this.minus.addEventListener("click", () => this.step(-1));
    this.plus.addEventListener("click", () => this.step(1));
    this.input.addEventListener("change", () => {
      const n = Number.parseInt(this.input.value, 10);
      if (Number.isNaN(n)) this.ctx.clear(this.path);
      else this.set(n);
    });
    const price = priceText(ctx, f.price);
    this.el = h(
      "div",
      { class: "feature int", "data-path": path },
      h("label", { for: id, class: "feature-label" }, header(ctx, name, ctx.labelOrNull(f.description), f.image, this.badge)),
      h("div", { class: "row" }, this.minus, this.input, this.plus, price ? h("span", { class: "price-effect" }, price + " " + t("each")) : null, this.clear),
      this.hint,
    );
  }

  private set(n: number) {
    if ((this.f.min !== null && n < this.f.min) || (this.f.max !== null && n > this.f.max)) {
      this.update(this.ctx.variable(this.path));
      return;
    }
    this.ctx.choose(`${this.path}=${n}`);
  }

  private step(d: number) {
    const base = this.current ?? this.f.min ?? 0;
    this.set(base + d);
  }

  update(v: Variable | undefined) {
    this.current = typeof v?.value === "number" ? v.value : null;
    this.input.value = this.current === null ? "" : String(this.current);
    this.valid = intervals(v?.valid);
    const base = this.current ?? this.f.min ?? 0;
    for (const [btn, n] of [
      [this.minus, base - 1],
      [this.plus, base + 1],
    ] as const) {
      const outside = (this.f.min !== null && n < this.f.min) || (this.f.max !== null && n > this.f.max);
      const blocked = outside || !inIntervals(this.valid, n);
      if (blocked) btn.setAttribute("aria-disabled", "true");
      else btn.removeAttribute("aria-disabled");
    }
    this.hint.textContent = this.valid.length
      ? t("Possible") + ": " +
        this.valid
          .map((i) => (i.min === i.max ? String(i.min) : `${i.min ?? "…"}–${i.max ?? "…"}`))
          .join(", ")
      : "";
    setBadge(this.badge, v?.status);
    this.clear.hidden = v?.status !== "user";
    this.el.classList.toggle("absent", v?.status === "absent");
  }
}

/** An optional component: a checkbox "include". */
export class ComponentToggle implements View {
  el: HTMLElement;
  private input: HTMLInputElement;
  private note = h("span", { class: "na" });
  private badge = h("span", { class: "badge", hidden: true });
  private clear: HTMLButtonElement;
  private refresh: () => void;

  constructor(private ctx: Ctx, name: string, price: Money | null, public path: string) {
    const id = idFor(path, "include");
    this.clear = clearButton(ctx, path, name);
    this.input = h("input", { type: "checkbox", id });
    this.input.addEventListener("change", () => {
      this.ctx.choose(this.input.checked ? this.path : `!${this.path}`);
    });
    const p = priceText(ctx, price);
    this.el = h(
      "div",
      { class: "feature component-toggle value", "data-path": path },
      this.input,
      h("label", { for: id }, h("span", { class: "value-name" }, `${t("Include")} ${name}`), this.note, p ? h("span", { class: "price-effect" }, p) : null, " ", this.badge),
      this.clear,
    );
    this.refresh = attachReason(ctx, this.el, this.input, path, () => null);
  }

  update(v: Variable | undefined) {
    const on = v?.value === true;
    this.input.checked = on;
    const blocked = isBlocked(v, !on);
    const locked = blocked && on;
    this.note.textContent = blocked && !locked ? t("Not available") : "";
    setBlocked(this.input, this.el, blocked, this.note, locked);
    this.refresh();
    setBadge(this.badge, v?.status, v?.value === false);
    this.clear.hidden = v?.status !== "user";
  }
}

export function featureView(ctx: Ctx, f: FeatureInfo, path: string): View {
  switch (f.kind) {
    case "one_of":
      return f.values.length > RADIO_LIMIT ? new OneOfSelect(ctx, f, path) : new OneOfRadios(ctx, f, path);
    case "any_of":
      return new AnyOfChecks(ctx, f, path);
    case "bool":
      return new BoolSwitch(ctx, f, path);
    case "int":
      return new IntField(ctx, f, path);
  }
}
