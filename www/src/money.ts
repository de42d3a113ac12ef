// Exact money: amounts arrive as decimal strings ("12.50", "-10.00") and are only ever handled
// as strings or as BigInt counts of the smallest unit; a float never touches a price.

/** Number of decimals written in a decimal string. */
export function scaleOf(s: string): number {
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** "12.5" at scale 2 → 1250n. Extra decimals beyond the scale are an error, not rounded. */
export function toMinor(s: string, scale: number): bigint {
  const t = s.trim();
  const neg = t.startsWith("-");
  const body = t.replace(/^[-+]/, "");
  const [int = "0", frac = ""] = body.split(".");
  if (!/^\d*$/.test(int) || !/^\d*$/.test(frac) || frac.length > scale) {
    throw new Error(`not a decimal amount at scale ${scale}: ${s}`);
  }
  const n = BigInt((int || "0") + frac.padEnd(scale, "0"));
  return neg ? -n : n;
}

/** 1250n at scale 2 → "12.50". */
export function fromMinor(n: bigint, scale: number): string {
  const neg = n < 0n;
  const digits = (neg ? -n : n).toString().padStart(scale + 1, "0");
  const int = digits.slice(0, digits.length - scale);
  const frac = scale > 0 ? "." + digits.slice(digits.length - scale) : "";
  return (neg ? "-" : "") + int + frac;
}

export function isZero(s: string | null | undefined): boolean {
  return !s || /^[-+]?0*(\.0*)?$/.test(s.trim());
}

export function isNegative(s: string): boolean {
  return s.trim().startsWith("-") && !isZero(s);
}

/** amount × count, exactly (an int feature's price_each, a per-instance price). */
export function times(s: string, count: number): string {
  const scale = scaleOf(s);
  return fromMinor(toMinor(s, scale) * BigInt(count), scale);
}

/** Writes a decimal string at exactly `decimals` places (pads; never rounds a longer one). */
export function atScale(s: string, decimals: number): string {
  const scale = scaleOf(s);
  if (scale >= decimals) return s;
  return fromMinor(toMinor(s, scale) * 10n ** BigInt(decimals - scale), decimals);
}

interface Style {
  group: string;
  decimal: string;
  symbol: string;
  before: boolean;
  space: boolean;
  decimals: number;
}
const styles = new Map<string, Style>();

// The locale's separators and the currency's symbol, position and decimals. Intl is asked only
// to format the constants 12345.5 and 1 to learn symbols; amounts themselves are never formatted by it.
function styleOf(lang: string, currency: string): Style {
  const key = lang + "|" + currency;
  let st = styles.get(key);
  if (st) return st;
  let group = ",";
  let decimal = ".";
  let symbol = currency;
  let before = true;
  let space = false;
  let decimals = 2;
  try {
    for (const p of new Intl.NumberFormat(lang).formatToParts(12345.5)) {
      if (p.type === "group") group = p.value;
      if (p.type === "decimal") decimal = p.value;
    }
    const parts = new Intl.NumberFormat(lang, { style: "currency", currency }).formatToParts(1);
    const ci = parts.findIndex((p) => p.type === "currency");
    const ii = parts.findIndex((p) => p.type === "integer");
    if (ci >= 0) symbol = parts[ci]!.value;
    before = ci < ii;
    space = parts.some((p) => p.type === "literal" && /\s/.test(p.value));
    decimals = new Intl.NumberFormat(lang, { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  } catch {
    // An unknown currency code or language: plain "12.50 XYZ".
    before = false;
    space = true;
  }
  st = { group, decimal, symbol, before, space, decimals };
  styles.set(key, st);
  return st;
}

/** "1440.00" → "€1,440.00" (en) or "1.440,00 €" (de); `sign` writes "+" on positive amounts. */
export function formatMoney(amount: string, currency: string, lang: string, sign = false): string {
  const st = styleOf(lang, currency);
  const s = atScale(amount.trim(), st.decimals);
  const neg = isNegative(s);
  const body = s.replace(/^[-+]/, "");
  const [int = "0", frac] = body.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, st.group);
  const num = frac !== undefined ? grouped + st.decimal + frac : grouped;
  const sp = st.space ? "\u00a0" : "";
  const withSymbol = st.before ? st.symbol + sp + num : num + sp + st.symbol;
  const prefix = neg ? "−" : sign ? "+" : "";
  return prefix + withSymbol;
}
