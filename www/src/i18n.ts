// Words of the page itself (en, de) and picking a catalog label in the chosen language.
import type { Localised } from "./types.js";

const de: Record<string, string> = {
  "Catalogs": "Kataloge",
  "Choose a product to configure": "Wählen Sie ein Produkt zum Konfigurieren",
  "Language": "Sprache",
  "Search features": "Merkmale suchen",
  "Undo": "Rückgängig",
  "Redo": "Wiederholen",
  "Reset": "Zurücksetzen",
  "Complete for me": "Für mich vervollständigen",
  "Cheapest once": "Einmalig am günstigsten",
  "Cheapest monthly": "Monatlich am günstigsten",
  "With defaults": "Mit Voreinstellungen",
  "Price": "Preis",
  "once": "einmalig",
  "monthly": "monatlich",
  "term": "Laufzeit",
  "now": "jetzt",
  "min": "min.",
  "max": "max.",
  "Once": "Einmalig",
  "Monthly": "Monatlich",
  "Total over {n} months": "Gesamt über {n} Monate",
  "Discounts and surcharges": "Rabatte und Zuschläge",
  "configurations remain": "Konfigurationen möglich",
  "configuration remains": "Konfiguration möglich",
  "Clear": "Entfernen",
  "valid until": "gültig bis",
  "Prices before": "Preise ohne",
  "Prices include": "Preise inklusive",
  "Now": "Jetzt",
  "net": "netto",
  "gross": "brutto",
  "All catalogs": "Alle Kataloge",
  "Dismiss": "Schließen",
  "because of your choice": "wegen Ihrer Auswahl",
  "Your choices conflict": "Ihre Auswahl widerspricht sich",
  "Resolve…": "Auflösen…",
  "Conflict": "Konflikt",
  "Choosing": "Die Wahl von",
  "means dropping": "bedeutet, dass entfällt:",
  "Dropped:": "Entfällt:",
  "Completed": "Vervollständigt",
  "Counting configurations…": "Konfigurationen werden gezählt…",
  "Configuration tools": "Werkzeuge",
  "many": "viele",
  "Overview": "Übersicht",
  "Back to configuring": "Zurück zur Konfiguration",
  "Next": "Weiter",
  "Previous": "Zurück",
  "Review": "Prüfen",
  "Included": "Enthalten",
  "Not included": "Nicht enthalten",
  "Default": "Voreinstellung",
  "Required by rules": "Durch Regeln festgelegt",
  "Excluded by rules": "Durch Regeln ausgeschlossen",
  "Not available": "Nicht verfügbar",
  "Apply": "Übernehmen",
  "Cancel": "Abbrechen",
  "Clear choice": "Auswahl entfernen",
  "Add": "Hinzufügen",
  "Remove": "Entfernen",
  "Request a quote": "Angebot anfordern",
  "No feature matches": "Kein Merkmal passt",
  "Working…": "Rechne…",
  "yes": "ja",
  "no": "nein",
  "without": "ohne",
  "not": "nicht",
  "and": "und",
  "Include": "Mit",
  "each": "je Stück",
  "Possible": "Möglich",
};

const tables: Record<string, Record<string, string>> = { de };
let current = "en";

export function setLanguage(lang: string) {
  current = lang;
}
export function language(): string {
  return current;
}

/** The page's own words in the current language (English as written when untranslated). */
export function t(text: string, vars: Record<string, string | number> = {}): string {
  const s = tables[current]?.[text] ?? text;
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ""));
}

/** A catalog label: the chosen language, else the catalog's first, else any, else the id. */
export function label(loc: Localised | null | undefined, fallbackLangs: string[], id: string): string {
  let v: string | undefined;
  if (loc) v = loc[current] ?? fallbackLangs.map((l) => loc[l]).find((x) => x) ?? Object.values(loc)[0];
  // A catalog that names nothing gets its ids shown as words: `flat_rate` → "Flat rate".
  if (!v || v === id) {
    const words = (v || id).replace(/_/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  return v;
}
