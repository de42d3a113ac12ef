// The sales view as a sales user sees it (issue 11): sign in with the token, find a quote a
// customer requested, open it with its revisions, make a revision with a discount, move it to
// sent and accepted, export the order; axe audits and screenshots along the way.
import { assert, axeAudit, baseUrl, check, finish, launch, shots } from "./harness.mjs";
import { join } from "node:path";

const base = baseUrl("node sales.mjs http://127.0.0.1:PORT (TAILOR_SALES_TOKEN set for the server and here)");
const token = process.env.TAILOR_SALES_TOKEN;
const made = await fetch(`${base}/api/quotes`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ catalog: "home-connect", select: [], customer: { name: "Zoe Customer", email: "zoe@example.com" } }),
}).then((r) => r.json());

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
await page.goto(`${base}/sales.html`);

await check("a wrong token is refused and the sign-in asks again", async () => {
  await page.fill("#token", "not-the-token");
  await page.click("button[type=submit]");
  await page.waitForSelector("text=That token was not accepted.");
});
await check("signed in, the list shows the customer's request", async () => {
  await page.fill("#token", token);
  await page.click("button[type=submit]");
  await page.waitForSelector("table.quotes >> text=Zoe Customer");
  await axeAudit(page, "quote list");
  await page.screenshot({ path: join(shots, "sales-list.png"), fullPage: true });
});
await check("search narrows the list", async () => {
  await page.fill("#search", "no-such-customer");
  await page.click("form[role=search] button");
  await page.waitForSelector("caption >> text=0 quotes");
  await page.fill("#search", "zoe");
  await page.click("form[role=search] button");
  await page.waitForSelector("table.quotes >> text=Zoe Customer");
});
await check("the quote opens with its revision and history", async () => {
  await page.click("a.quote-link");
  await page.waitForSelector("h1 >> text=Quote for Zoe Customer");
  const rows = await page.locator("table.revisions tbody tr").count();
  assert(rows === 1, `${rows} revisions`);
  assert((await page.textContent("ol.history")).includes("draft"), "history");
  await axeAudit(page, "quote");
});
await check("a revision with a discount is priced by the server", async () => {
  await page.fill("#disc-monthly", "3");
  await page.click("form.revise button[type=submit]");
  await page.waitForFunction(() => document.querySelectorAll("table.revisions tbody tr").length === 2);
  const q = await fetch(`${base}/api/quotes/${made.id}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json());
  assert(q.revisions[1].quote.adjustments.some((a) => a.rule === "manual"), "the discount is a line of the quote");
  const shown = await page.textContent("table.revisions tbody tr:nth-child(2)");
  assert(shown.includes(q.revisions[1].quote.totals.monthly), `shown ${shown}`);
});
await check("sent, then accepted; the order exports", async () => {
  await page.click("button >> text=Mark sent");
  await page.waitForSelector(".lead >> text=sent");
  await page.click("button >> text=Mark accepted");
  await page.waitForSelector(".lead >> text=accepted");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("button >> text=Export order")]);
  const order = JSON.parse(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString()));
  assert(order.order.quote === made.id, "order of this quote");
  await page.screenshot({ path: join(shots, "sales-quote.png"), fullPage: true });
});
await check("the print view is the quote document", async () => {
  const [popup] = await Promise.all([page.waitForEvent("popup"), page.click("button >> text=Print view")]);
  await popup.waitForLoadState();
  assert((await popup.textContent("h1")) === "Quote", "document heading");
  await popup.screenshot({ path: join(shots, "sales-print.png"), fullPage: true });
  await popup.close();
});
await check("a catalog with prices including VAT shows net, VAT and gross of now", async () => {
  const cfg = await fetch(`${base}/api/catalogs/pc-builder/configure`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ select: [] }) }).then((r) => r.json());
  await page.goto(`${base}/?catalog=pc-builder`);
  await page.waitForFunction(() => (document.querySelector(".price-panel .tax")?.textContent ?? "").length > 0);
  const text = await page.textContent(".price-panel .tax");
  assert(text.includes("VAT 19 %"), text);
  const gross = cfg.price.tax.gross.once.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  assert(text.includes(gross), `${text} lacks ${gross}`);
  await (await page.$(".price-panel")).screenshot({ path: join(shots, "price-panel-tax.png") });
});
await browser.close();
finish();
