// The catalog studio as a product team uses it (issue 12): open home-connect, make two mistakes
// of different kinds and see both listed at their lines as you type, jump to one, fix them, and
// try the configurator on the edited text; axe audits and screenshots along the way.
import { assert, axeAudit, baseUrl, check, finish, launch, repo, shots } from "./harness.mjs";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const base = baseUrl("node studio.mjs http://127.0.0.1:PORT");
const original = readFileSync(join(repo, "catalogs", "home-connect.yaml"), "utf8");
const lineOf = (text, needle) => text.slice(0, text.indexOf(needle)).split("\n").length;

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
await page.goto(`${base}/studio.html?catalog=home-connect`);

await check("the catalog opens in the editor without mistakes", async () => {
  await page.waitForSelector("#problems-summary >> text=No mistakes");
  const text = await page.inputValue("#source");
  assert(text === original, "the editor holds the catalog file as served");
  await axeAudit(page, "studio");
});

// An unknown YAML key and, in the rules, a value that does not exist: both at once.
const broken = original
  .replace("        default: s500\n", "        default: s500\n        defualt_note: fast\n")
  .replace("internet.speed = s1000", "internet.speed = s1001");
await check("two mistakes of different kinds are listed at their lines as you type", async () => {
  await page.fill("#source", broken);
  await page.waitForSelector("#problems-summary >> text=2 mistakes");
  const items = await page.locator(".problems li").allTextContents();
  const keyLine = lineOf(broken, "defualt_note");
  const ruleLine = lineOf(broken, "= s1001");
  assert(items.some((t) => t.includes(`line ${keyLine},`) && t.includes("defualt_note")), `unknown key at ${keyLine}: ${items.join(" | ")}`);
  assert(items.some((t) => t.includes(`line ${ruleLine},`) && t.includes("s1001")), `unknown value at ${ruleLine}: ${items.join(" | ")}`);
  assert(await page.isDisabled("#try"), "no trying a catalog with mistakes");
  await page.screenshot({ path: join(shots, "studio-mistakes.png"), fullPage: true });
  await axeAudit(page, "studio with mistakes");
});
await check("a problem jumps to its place in the editor", async () => {
  await page.locator(".problems li button", { hasText: "s1001" }).click();
  const caret = await page.evaluate(() => {
    const t = document.getElementById("source");
    return { focused: document.activeElement === t, at: t.selectionStart, text: t.value };
  });
  assert(caret.focused, "the editor has focus");
  const line = caret.text.slice(0, caret.at).split("\n").length;
  assert(line === lineOf(broken, "= s1001"), `caret on line ${line}`);
});
// Fixed, and a label changed: the configurator shows the edited text.
const edited = original.replace('s100:  { name: "100 Mbit/s"', 's100:  { name: "100 Mbit/s (studio)"');
await check("fixed, the configurator runs on the edited catalog", async () => {
  await page.fill("#source", edited);
  await page.waitForSelector("#problems-summary >> text=No mistakes");
  await page.click("#try");
  await page.waitForSelector("#try-area >> text=100 Mbit/s (studio)");
  await page.screenshot({ path: join(shots, "studio-try.png"), fullPage: true });
  await axeAudit(page, "studio with the configurator");
});
await check("usable at 375 px", async () => {
  await page.setViewportSize({ width: 375, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert(!overflow, "no horizontal scrolling");
  await page.screenshot({ path: join(shots, "studio-narrow-375.png"), fullPage: false });
});

await browser.close();
finish();
