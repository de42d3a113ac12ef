// Quote documents as customers get them: each HTML quote given on the command line is opened in
// headless Chromium, audited with axe-core, screenshotted and printed to A4 PDF (both kept in
// tests/web/screenshots/); its total must read as the JSON quote beside it says.
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { assert, axeAudit, check, finish, launch, shots } from "./harness.mjs";

const files = process.argv.slice(2);
if (!files.length) {
  console.error("usage: node quote_print.mjs QUOTE.html...");
  process.exit(2);
}
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
for (const html of files) {
  const name = basename(html).replace(/\.quote\.html$/, "");
  const json = JSON.parse(readFileSync(html.replace(/\.html$/, ".json"), "utf8"));
  await page.goto(pathToFileURL(html).href);
  await check(`${name}: title, language and one row per line and adjustment`, async () => {
    const lang = await page.getAttribute("html", "lang");
    assert(lang === (json.language ?? "en"), `lang ${lang}`);
    const rows = await page.locator("tbody tr:has(td)").count();
    assert(rows === json.lines.length + json.adjustments.length, `${rows} rows`);
  });
  await check(`${name}: the total reads as the quote says`, async () => {
    const cells = await page.locator("tr.total td").allTextContents();
    // No monthly column when nothing is monthly.
    const monthly = cells.length > 1 ? cells[1] : json.totals.monthly;
    assert(cells[0] === json.totals.once && monthly === json.totals.monthly, `total ${cells}`);
  });
  await check(`${name}: no serious accessibility violation`, async () => {
    await axeAudit(page, name);
  });
  await check(`${name}: screenshot and an A4 PDF of one page`, async () => {
    await page.screenshot({ path: join(shots, `quote-${name}.png`), fullPage: true });
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    await page.emulateMedia({ media: "screen" });
    writeFileSync(join(shots, `quote-${name}.pdf`), pdf);
    const text = pdf.toString("latin1");
    assert(text.startsWith("%PDF-"), "not a PDF");
    const pages = (text.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert(pages === 1, `${pages} pages`);
  });
}
await browser.close();
finish();
