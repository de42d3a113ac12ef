//! A quote as CSV (RFC 4180): one row per line, adjustment and total, so a spreadsheet adds
//! the same numbers the quote does.

use crate::engine::Quote;

/// Columns: kind, path or rule, label, quantity, once, monthly, source.
pub fn quote_csv(q: &Quote) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut row = |cells: [&str; 7]| {
        // Writing into memory cannot fail.
        let _ = w.write_record(cells);
    };
    row([
        "kind", "path", "label", "quantity", "once", "monthly", "source",
    ]);
    for l in &q.lines {
        let n = l.quantity.to_string();
        row([
            "line", &l.path, &l.label, &n, &l.once, &l.monthly, &l.source,
        ]);
    }
    for a in &q.adjustments {
        row([
            &a.kind,
            &a.rule,
            &a.label,
            "",
            &a.once,
            &a.monthly,
            &format!("rule {}", a.rule),
        ]);
    }
    let t = &q.totals;
    row(["total", "", &t.currency, "", &t.once, &t.monthly, ""]);
    if let Some(tax) = &q.tax {
        row([
            "net",
            "",
            &tax.name,
            "",
            &tax.net.once,
            &tax.net.monthly,
            "",
        ]);
        let rate = format!("{} %", tax.rate);
        row([
            "tax",
            "",
            &tax.name,
            "",
            &tax.tax.once,
            &tax.tax.monthly,
            &rate,
        ]);
        row([
            "gross",
            "",
            &tax.name,
            "",
            &tax.gross.once,
            &tax.gross.monthly,
            "",
        ]);
    }
    if let (Some(m), Some(total)) = (t.term_months, &t.term_total) {
        row(["term_total", "", &format!("{m} months"), "", total, "", ""]);
    }
    drop(row);
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
