// Price effects as a customer reads them next to a value: "+€12.00 monthly", "+€99.00 once".
import { formatMoney, isZero } from "./money.js";
import { t } from "./i18n.js";
import type { Money } from "./types.js";

export function priceEffect(price: Money | null | undefined, currency: string, lang: string): string {
  if (!price) return "";
  const parts: string[] = [];
  if (!isZero(price.once)) parts.push(`${formatMoney(price.once, currency, lang, true)} ${t("once")}`);
  if (!isZero(price.monthly)) parts.push(`${formatMoney(price.monthly, currency, lang, true)} ${t("monthly")}`);
  return parts.join(", ");
}
