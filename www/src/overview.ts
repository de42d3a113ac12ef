// The overview of a configuration: every chosen value with its label, image and price, then
// the totals the engine computed (the engine's totals include discounts; lines do not).
import { templatePath } from "./choices.js";
import type { Ctx } from "./ctx.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { CatalogIndex, pathLabel } from "./labels.js";
import { formatMoney, times } from "./money.js";
import { priceEffect } from "./prices.js";
import type { Configuration, Money, Variable } from "./types.js";

interface Line {
  what: string;
  value: string;
  image: string | null;
  price: string;
}

function scaled(m: Money | null, n: number): Money | null {
  return m ? { once: times(m.once, n), monthly: times(m.monthly, n) } : null;
}

/** Whether everything a path lies inside is known to exist: each optional component on the way
 * is present (not merely undecided) and each instance number is within the chosen count. */
function inside(vars: Map<string, Variable>, path: string): boolean {
  const re = /\.|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path))) {
    const prefix = path.slice(0, m.index);
    const v = vars.get(prefix);
    if (m[1] !== undefined) {
      if (!(typeof v?.value === "number" && v.value >= Number(m[1]))) return false;
    } else if (v?.kind === "component" && v.value !== true) {
      return false;
    }
  }
  return true;
}

export function overviewLines(ctx: Ctx, idx: CatalogIndex, cfg: Configuration): Line[] {
  const lines: Line[] = [];
  const vars = new Map(cfg.variables.map((v) => [v.path, v]));
  const price = (m: Money | null) => priceEffect(m, ctx.currency, ctx.lang());
  const root = idx.components.get("");
  if (root?.price) lines.push({ what: ctx.label(ctx.desc.name, ctx.desc.catalog.id), value: "", image: ctx.image(root.image), price: price(root.price) });
  for (const v of cfg.variables) {
    if (v.status === "absent" || v.value === null || !inside(vars, v.path)) continue;
    const tp = templatePath(v.path);
    const what = pathLabel(ctx, idx, v.path);
    if (v.kind === "component") {
      if (v.value !== true) continue;
      const c = idx.components.get(tp);
      lines.push({ what, value: t("Included"), image: ctx.image(c?.image), price: price(c?.price ?? null) });
      continue;
    }
    if (v.kind === "instances") {
      lines.push({ what, value: String(v.value), image: null, price: "" });
      continue;
    }
    const f = idx.features.get(tp);
    if (!f) continue;
    if (v.kind === "one_of" && typeof v.value === "string") {
      const val = f.values.find((x) => x.id === v.value);
      lines.push({ what, value: ctx.label(val?.name, v.value), image: ctx.image(val?.image ?? f.image), price: price(val?.price ?? null) });
    } else if (v.kind === "any_of" && Array.isArray(v.value)) {
      for (const id of v.value as string[]) {
        const val = f.values.find((x) => x.id === id);
        lines.push({ what, value: ctx.label(val?.name, id), image: ctx.image(val?.image), price: price(val?.price ?? null) });
      }
    } else if (v.kind === "bool") {
      lines.push({ what, value: v.value ? t("yes") : t("no"), image: ctx.image(f.image), price: v.value ? price(f.price) : "" });
    } else if (v.kind === "int" && typeof v.value === "number") {
      lines.push({ what, value: String(v.value), image: ctx.image(f.image), price: price(scaled(f.price, v.value)) });
    }
  }
  return lines;
}

export function renderOverview(ctx: Ctx, idx: CatalogIndex, cfg: Configuration): HTMLElement {
  const money = (s: string) => formatMoney(s, ctx.currency, ctx.lang());
  const p = cfg.price;
  const totals: [string, string][] = [
    [t("Once"), money(p.once.now)],
    [t("Monthly"), money(p.monthly.now)],
  ];
  if (p.term) totals.push([t("Total over {n} months", { n: p.term_months ?? "" }), money(p.term.now)]);
  return h(
    "div",
    { class: "overview-content" },
    h(
      "table",
      { class: "overview-table" },
      h("caption", {}, ctx.label(ctx.desc.name, ctx.desc.catalog.id)),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Item"), h("th", { scope: "col" }, "Choice"), h("th", { scope: "col" }, t("Price")))),
      h(
        "tbody",
        {},
        overviewLines(ctx, idx, cfg).map((l) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, l.image ? h("img", { class: "thumb", src: l.image, alt: "", width: 32, height: 32 }) : null, l.what),
            h("td", {}, l.value),
            h("td", { class: "price-effect" }, l.price),
          ),
        ),
      ),
      (p.adjustments ?? []).length
        ? h(
            "tbody",
            { class: "overview-adjustments" },
            (p.adjustments ?? []).map((a) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, a.message ?? a.rule),
                h("td", {}, a.kind === "discount" ? "Discount" : "Surcharge"),
                h("td", { class: "price-effect" }, priceEffect({ once: a.once, monthly: a.monthly }, ctx.currency, ctx.lang())),
              ),
            ),
          )
        : null,
      h(
        "tfoot",
        {},
        totals.map(([name, amount]) => h("tr", {}, h("th", { scope: "row", colspan: "2" }, name), h("td", { class: "total" }, amount))),
      ),
    ),
  );
}
