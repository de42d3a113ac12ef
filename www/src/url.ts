// The page's state in its address: `?catalog=ID&lang=de&s=CHOICE&s=CHOICE…` (each choice
// URL-encoded, in the order made). A copied link restores the same configuration.
import type { Choice } from "./types.js";

export interface PageState {
  catalog: string | null;
  select: Choice[];
  lang: string | null;
  view: "configure" | "overview";
}

export function readUrl(href = location.href): PageState {
  const q = new URL(href).searchParams;
  return {
    catalog: q.get("catalog"),
    select: q.getAll("s").filter((s) => s.trim() !== ""),
    lang: q.get("lang"),
    view: q.get("view") === "overview" ? "overview" : "configure",
  };
}

export function urlFor(s: PageState): string {
  const q = new URLSearchParams();
  if (s.catalog) q.set("catalog", s.catalog);
  if (s.lang) q.set("lang", s.lang);
  for (const c of s.select) q.append("s", c);
  if (s.view === "overview") q.set("view", "overview");
  const qs = q.toString();
  return location.pathname + (qs ? "?" + qs : "");
}

export function writeUrl(s: PageState) {
  const next = urlFor(s);
  if (next !== location.pathname + location.search) history.replaceState(null, "", next);
}
