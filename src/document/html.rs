//! A quote as a printable HTML page: one self-contained file (inline style, no script, no
//! external fetch), A4 when printed, in the quote's language.

use super::words::Words;
use crate::engine::Quote;
use std::fmt::Write;

/// `title`: the catalog's display name in the quote's language.
pub fn quote_html(q: &Quote, title: &str) -> String {
    let w = Words::of(q.language.as_deref());
    let lang = q.language.as_deref().unwrap_or("en");
    let cur = &q.totals.currency;
    // A catalog that sells nothing monthly gets no column of zeros.
    let zero = |t: &str| {
        t.trim_start_matches('-')
            .chars()
            .all(|c| c == '0' || c == '.')
    };
    let monthly = !(zero(&q.totals.monthly)
        && q.lines.iter().all(|l| zero(&l.monthly))
        && q.adjustments.iter().all(|a| zero(&a.monthly)));
    let m = |cell: String| if monthly { cell } else { String::new() };
    let span = if monthly { 4 } else { 3 };
    let mut h = String::new();
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{} · {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        esc(lang),
        esc(w.quote),
        esc(title)
    );
    let _ = write!(
        h,
        "<header><h1>{}</h1><p class=\"offer\">{}</p></header>\n<dl class=\"meta\">\n",
        esc(w.quote),
        esc(title)
    );
    if let Some(c) = &q.customer {
        let _ = write!(h, "<dt>{}</dt><dd>{}</dd>\n", esc(w.customer), esc(c));
    }
    let _ = write!(
        h,
        "<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>{}</dd>\n</dl>\n",
        esc(w.date),
        esc(&q.date),
        esc(w.valid_until),
        esc(&q.valid_until)
    );
    let _ = write!(
        h,
        "<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"n\">{}</th>\
         <th scope=\"col\" class=\"n\">{} ({cur})</th>{}</tr></thead>\n<tbody>\n",
        esc(w.item),
        esc(w.quantity),
        esc(w.once),
        m(format!(
            "<th scope=\"col\" class=\"n\">{} ({cur})</th>",
            esc(w.monthly)
        ))
    );
    for l in &q.lines {
        let _ = write!(
            h,
            "<tr><td>{}<span class=\"src\">{}</span></td><td class=\"n\">{}</td><td class=\"n\">{}</td>{}</tr>\n",
            esc(&l.label),
            esc(&l.path),
            l.quantity,
            esc(&l.once),
            m(format!("<td class=\"n\">{}</td>", esc(&l.monthly)))
        );
    }
    h.push_str("</tbody>\n");
    if !q.adjustments.is_empty() {
        let _ = write!(
            h,
            "<tbody class=\"adj\"><tr><th scope=\"rowgroup\" colspan=\"{span}\">{}</th></tr>\n",
            esc(w.adjustments)
        );
        for a in &q.adjustments {
            let _ = write!(
                h,
                "<tr><td>{}<span class=\"src\">{} {}</span></td><td></td><td class=\"n\">{}</td>{}</tr>\n",
                esc(&a.label),
                esc(&a.kind),
                esc(&a.rule),
                esc(&a.once),
                m(format!("<td class=\"n\">{}</td>", esc(&a.monthly)))
            );
        }
        h.push_str("</tbody>\n");
    }
    h.push_str("<tfoot>\n");
    if let Some(t) = &q.tax {
        let rows = [
            (w.net.to_string(), &t.net),
            (format!("{} {} %", t.name, t.rate), &t.tax),
        ];
        for (label, a) in rows {
            let _ = write!(
                h,
                "<tr class=\"sub\"><th scope=\"row\" colspan=\"2\">{}</th><td class=\"n\">{}</td>{}</tr>\n",
                esc(&label),
                esc(&a.once),
                m(format!("<td class=\"n\">{}</td>", esc(&a.monthly)))
            );
        }
    }
    let total_label = match &q.tax {
        Some(_) => format!("{} ({})", w.total, w.gross),
        None => w.total.to_string(),
    };
    let _ = write!(
        h,
        "<tr class=\"total\"><th scope=\"row\" colspan=\"2\">{}</th><td class=\"n\">{}</td>{}</tr>\n",
        esc(&total_label),
        esc(&q.totals.once),
        m(format!("<td class=\"n\">{}</td>", esc(&q.totals.monthly)))
    );
    if let (Some(months), Some(total)) = (q.totals.term_months, &q.totals.term_total) {
        let _ = write!(
            h,
            "<tr class=\"sub\"><th scope=\"row\" colspan=\"2\">{}</th><td class=\"n\" colspan=\"{}\">{} {cur}</td></tr>\n",
            esc(&w.over_months.replace("{n}", &months.to_string())),
            span - 2,
            esc(total)
        );
    }
    h.push_str("</tfoot>\n</table>\n");
    if !q.complete {
        let _ = write!(h, "<p class=\"note\">{}</p>\n", esc(w.not_proven_cheapest));
    }
    let footer: Vec<String> = [&q.catalog.id, &q.catalog.version, &q.catalog.hash]
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| esc(p))
        .collect();
    let _ = write!(
        h,
        "<footer>{} {}</footer>\n</main>\n</body>\n</html>\n",
        esc(w.catalog),
        footer.join(" · ")
    );
    h
}

/// Text safe inside HTML elements and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
body { margin: 0; font: 11pt/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif; color: #1b1f24; background: #fff; }
main { max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2px solid #1b1f24; padding-bottom: .4rem; }
h1 { font-size: 1.6rem; margin: 0; letter-spacing: .02em; }
.offer { margin: 0; font-size: 1.1rem; font-weight: 600; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 1rem 0 1.4rem; }
.meta dt { color: #4a525c; }
.meta dd { margin: 0; }
table { width: 100%; border-collapse: collapse; }
th, td { padding: .35rem .4rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 1px solid #1b1f24; font-weight: 600; }
tbody tr + tr td { border-top: 1px solid #e3e6ea; }
.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.src { display: block; color: #5b6570; font-size: .8rem; }
.adj th { padding-top: 1rem; font-weight: 600; border-bottom: 1px solid #c7ccd1; }
tfoot th { text-align: right; font-weight: 500; }
tfoot tr.sub th, tfoot tr.sub td { color: #3b434c; }
tfoot tr.total th, tfoot tr.total td { border-top: 2px solid #1b1f24; font-weight: 700; font-size: 1.05rem; }
tfoot tr:first-child th, tfoot tr:first-child td { border-top: 1px solid #1b1f24; }
.note { margin-top: 1rem; color: #7a4b00; }
footer { margin-top: 2rem; color: #5b6570; font-size: .75rem; word-break: break-all; }
@media print { main { margin: 0; max-width: none; padding: 0; } }
@media screen and (max-width: 30rem) { body { font-size: 10pt; } main { margin: 1rem auto; padding: 0 .5rem; } th, td { padding: .3rem .2rem; } header { flex-wrap: wrap; } }
";
