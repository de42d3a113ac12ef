// Choices and paths in the customer's words: `mobile.line[2].plan=m` → "Mobile line 2 ›
// Data plan: M: 20 GB", for the repair dialog, the dropped-choices message and the overview.
import { parseChoice, templatePath } from "./choices.js";
import type { Ctx } from "./ctx.js";
import { t } from "./i18n.js";
import type { CatalogDescription, ComponentInfo, FeatureInfo } from "./types.js";

export class CatalogIndex {
  features = new Map<string, FeatureInfo>();
  components = new Map<string, ComponentInfo>();
  rules = new Map<string, string | null>();
  constructor(desc: CatalogDescription) {
    for (const c of desc.components) {
      this.components.set(c.path, c);
      for (const f of c.features) this.features.set(f.path, f);
    }
    for (const r of desc.rules) this.rules.set(r.id, r.message);
  }
}

/** "Mobile › Mobile line 2 › Data plan" for `mobile.line[2].plan`: each component on the way
 * (with its instance number), then the feature. */
export function pathLabel(ctx: Ctx, idx: CatalogIndex, path: string): string {
  const parts: string[] = [];
  const re = /([^.[\]]+)(?:\[(\d+)\])?/g;
  let template = "";
  let m: RegExpExecArray | null;
  while ((m = re.exec(path))) {
    template = template ? `${template}.${m[1]}` : m[1]!;
    const comp = idx.components.get(template);
    const feat = idx.features.get(template);
    if (comp) parts.push(ctx.label(comp.name, template) + (m[2] ? ` ${m[2]}` : ""));
    else if (feat) parts.push(ctx.label(feat.name, template));
    else parts.push(m[1]!);
  }
  return parts.join(" › ");
}

function valueLabel(ctx: Ctx, f: FeatureInfo | undefined, value: string): string {
  if (!f) return value;
  if (f.kind === "bool") return value === "true" ? t("yes") : t("no");
  const v = f.values.find((x) => x.id === value);
  return v ? ctx.label(v.name, v.id) : value;
}

export function choiceLabel(ctx: Ctx, idx: CatalogIndex, choice: string): string {
  const c = parseChoice(choice);
  const where = pathLabel(ctx, idx, c.path);
  const f = idx.features.get(templatePath(c.path));
  switch (c.op) {
    case "include":
      return f ? `${where}: ${t("yes")}` : `${where}`;
    case "exclude":
      return f ? `${where}: ${t("no")}` : `${t("without")} ${where}`;
    case "set":
      return `${where}: ${valueLabel(ctx, f, c.value ?? "")}`;
    case "unset":
      return `${where}: ${t("not")} ${valueLabel(ctx, f, c.value ?? "")}`;
    case "add":
      return `${where}: ${valueLabel(ctx, f, c.value ?? "")}`;
    case "remove":
      return `${where}: ${t("without")} ${valueLabel(ctx, f, c.value ?? "")}`;
  }
}

/** "A, B and C". */
export function listText(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${t("and")} ${items[items.length - 1]}`;
}
