//! The fixed words of a quote document in the languages catalogs are written in most often;
//! any other language falls back to English (the catalog's own labels are always in the
//! quote's language).

/// Headings and captions of a quote document.
pub struct Words {
    pub quote: &'static str,
    pub customer: &'static str,
    pub date: &'static str,
    pub valid_until: &'static str,
    pub item: &'static str,
    pub quantity: &'static str,
    pub once: &'static str,
    pub monthly: &'static str,
    pub adjustments: &'static str,
    pub total: &'static str,
    pub net: &'static str,
    pub gross: &'static str,
    pub over_months: &'static str,
    pub catalog: &'static str,
    pub not_proven_cheapest: &'static str,
}

const EN: Words = Words {
    quote: "Quote",
    customer: "Customer",
    date: "Date",
    valid_until: "Valid until",
    item: "Item",
    quantity: "Qty",
    once: "One-off",
    monthly: "Monthly",
    adjustments: "Discounts and surcharges",
    total: "Total",
    net: "Net",
    gross: "Gross",
    over_months: "Total over {n} months",
    catalog: "Catalog",
    not_proven_cheapest: "Priced within the time budget: a cheaper configuration may exist.",
};

const DE: Words = Words {
    quote: "Angebot",
    customer: "Kunde",
    date: "Datum",
    valid_until: "Gültig bis",
    item: "Position",
    quantity: "Menge",
    once: "Einmalig",
    monthly: "Monatlich",
    adjustments: "Rabatte und Zuschläge",
    total: "Summe",
    net: "Netto",
    gross: "Brutto",
    over_months: "Summe über {n} Monate",
    catalog: "Katalog",
    not_proven_cheapest: "Im Zeitbudget berechnet: eine günstigere Konfiguration ist möglich.",
};

const FR: Words = Words {
    quote: "Devis",
    customer: "Client",
    date: "Date",
    valid_until: "Valable jusqu'au",
    item: "Article",
    quantity: "Qté",
    once: "Unique",
    monthly: "Mensuel",
    adjustments: "Remises et suppléments",
    total: "Total",
    net: "HT",
    gross: "TTC",
    over_months: "Total sur {n} mois",
    catalog: "Catalogue",
    not_proven_cheapest:
        "Calculé dans le temps imparti : une configuration moins chère peut exister.",
};

impl Words {
    pub fn of(lang: Option<&str>) -> &'static Words {
        match lang.map(|l| l.split(['-', '_']).next().unwrap_or(l)) {
            Some("de") => &DE,
            Some("fr") => &FR,
            _ => &EN,
        }
    }
}
