// The price panel: now, minimum and maximum still reachable for once, monthly and the term
// total; the discounts and surcharges that apply; and how many configurations remain.
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { formatMoney, isZero } from "./money.js";
import type { Ctx } from "./ctx.js";
import type { Count, PriceRange, PriceReport } from "./types.js";

export class PricePanel {
  el: HTMLElement;
  private table = h("table", { class: "prices" });
  private adjustments = h("div", { class: "adjustments" });
  private tax = h("p", { class: "tax" });
  private countEl = h("p", { class: "count-remaining", role: "status" });
  /** A one-line total that stays in view on small screens (the panel sits below the groups). */
  mini = h("a", { class: "mini-total", href: "#price-panel" });
  extra = h("div", { class: "panel-actions" });

  constructor(private ctx: Ctx) {
    this.el = h(
      "aside",
      { class: "price-panel", id: "price-panel", "aria-labelledby": "price-heading", tabindex: "-1" },
      h("h2", { id: "price-heading" }, t("Price")),
      this.table,
      this.adjustments,
      this.tax,
      this.countEl,
      this.extra,
    );
  }

  private money(s: string | null): string {
    return s === null ? "—" : formatMoney(s, this.ctx.currency, this.ctx.lang());
  }

  update(p: PriceReport) {
    const rows: [string, string, PriceRange][] = [
      ["once", t("Once"), p.once],
      ["monthly", t("Monthly"), p.monthly],
    ];
    if (p.term) rows.push(["term", t("Total over {n} months", { n: p.term_months ?? "" }), p.term]);
    this.table.replaceChildren(
      h("caption", { class: "sr-only" }, t("Price")),
      h(
        "thead",
        {},
        h("tr", {}, h("td", {}), h("th", { scope: "col" }, t("now")), h("th", { scope: "col" }, t("min")), h("th", { scope: "col" }, t("max"))),
      ),
      h(
        "tbody",
        {},
        rows.map(([key, name, r]) =>
          h(
            "tr",
            { "data-price": key },
            h("th", { scope: "row" }, name),
            h("td", { class: "now" }, this.money(r.now)),
            h("td", { class: "min" }, this.money(r.min)),
            h("td", { class: "max" }, this.money(r.max)),
          ),
        ),
      ),
    );
    const adj = p.adjustments ?? [];
    this.adjustments.replaceChildren(
      ...(adj.length
        ? [
            h("h3", {}, t("Discounts and surcharges")),
            h(
              "ul",
              {},
              adj.map((a) => {
                const parts = [
                  !isZero(a.once) ? `${formatMoney(a.once, this.ctx.currency, this.ctx.lang(), true)} ${t("once")}` : "",
                  !isZero(a.monthly) ? `${formatMoney(a.monthly, this.ctx.currency, this.ctx.lang(), true)} ${t("monthly")}` : "",
                ].filter(Boolean);
                return h("li", { class: a.kind }, h("span", {}, a.message ?? a.rule), " ", h("span", { class: "amount" }, parts.join(", ")));
              }),
            ),
          ]
        : []),
    );
    // Net, tax and gross of "now" when the catalog states a tax (prices above are as the
    // catalog writes them: net or gross).
    const tx = p.tax;
    const periods: ["once" | "monthly", string][] = [["once", t("once")], ["monthly", t("monthly")]];
    this.tax.replaceChildren(
      ...(tx
        ? [
            `${tx.prices === "net" ? t("Prices before") : t("Prices include")} ${tx.name} ${tx.rate} %.`,
            ...periods
              .filter(([k]) => !isZero(tx.gross[k]))
              .map(([k, name]) => h("span", { class: "tax-line" }, `${t("Now")} ${name}: ${this.money(tx.net[k])} ${t("net")} + ${this.money(tx.tax[k])} ${tx.name} = ${this.money(tx.gross[k])}`)),
          ]
        : []),
    );
    this.mini.replaceChildren(
      h("span", {}, `${t("Monthly")} ${this.money(p.monthly.now)}`),
      h("span", {}, `${t("Once")} ${this.money(p.once.now)}`),
    );
  }

  private counting: number | undefined;
  /** A new selection is being counted: say so if it takes a moment (big catalogs). */
  countingStarted() {
    window.clearTimeout(this.counting);
    this.counting = window.setTimeout(() => (this.countEl.textContent = t("Counting configurations…")), 400);
  }

  updateCount(c: Count | null) {
    window.clearTimeout(this.counting);
    const one = c?.exact && c.count === "1";
    this.countEl.textContent = `${countText(c, this.ctx.lang())} ${one ? t("configuration remains") : t("configurations remain")}`;
  }
}

/** An exact count with digit grouping (it can exceed any float), or "many". */
export function countText(c: Count | null, lang: string): string {
  if (!c || c.count === null || !c.exact) return t("many");
  if (!/^\d+$/.test(c.count)) return c.count;
  const group = lang === "de" ? "." : ",";
  return c.count.replace(/\B(?=(\d{3})+(?!\d))/g, group);
}
