// End-to-end checks of the web configurator against a running `tailor serve`:
//   node tests/web/e2e.mjs http://127.0.0.1:8080     (or TAILOR_URL=...)
// Drives Chromium (/usr/bin/chromium) through the home-connect catalog step by step, compares
// what the page shows with what the CLI answers (target/debug/tailor, or TAILOR_BIN), saves
// screenshots to tests/web/screenshots/, prints `ok - name` / `not ok - name: reason` per
// check and `e2e: N passed, M failed`, and exits non-zero on any failure.
import { join } from "node:path";
import { assert, axeAudit as audit, baseUrl, check, cli, finish, launch, repo, shots } from "./harness.mjs";

const base = baseUrl("node tests/web/e2e.mjs BASE_URL   (the address of a running `tailor serve`)");
const catalogFile = join(repo, "catalogs", "home-connect.yaml");

const selectArgs = (sel) => sel.flatMap((c) => ["--select", c]);

/** "€1,440.00" → "1440.00" (the page writes en amounts with a symbol and group commas). */
const plain = (text) => text.replace(/[^0-9.\-−]/g, "").replace("−", "-");

const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
const page = await context.newPage();
const consoleErrors = [];
page.on("pageerror", (e) => consoleErrors.push(String(e)));

const selection = () => new URL(page.url()).searchParams.getAll("s");
const renders = () => page.evaluate(() => Number(document.getElementById("app").dataset.renders ?? "0"));
/** Runs an action and waits until the page has shown the engine's next answer. */
async function act(fn) {
  const before = await renders();
  await fn();
  await page.waitForFunction((n) => Number(document.getElementById("app").dataset.renders ?? "0") > n, before, { timeout: 15000 });
}
async function ready() {
  await page.waitForFunction(() => Number(document.getElementById("app")?.dataset.renders ?? "0") > 0, null, { timeout: 30000 });
}
async function openGroup(path) {
  const btn = page.locator(`section.group[data-path="${path}"] .group-toggle`);
  if ((await btn.getAttribute("aria-expanded")) !== "true") await btn.click();
}
const valueInput = (path, value) => page.locator(`[data-path="${path}"] [data-value="${value}"] input`);
async function panelPrices() {
  return page.evaluate(() => {
    const out = {};
    for (const row of document.querySelectorAll(".price-panel [data-price]")) {
      out[row.dataset.price] = {
        now: row.querySelector(".now").textContent,
        min: row.querySelector(".min").textContent,
        max: row.querySelector(".max").textContent,
      };
    }
    return out;
  });
}
async function pricesMatch(sel) {
  const want = cli(["configure", catalogFile, ...selectArgs(sel), "--json"]).price;
  const got = await panelPrices();
  for (const k of ["once", "monthly", ...(want.term ? ["term"] : [])]) {
    for (const side of ["now", "min", "max"]) {
      const w = want[k][side] ?? "";
      const g = got[k] ? plain(got[k][side]) : "(missing)";
      assert(w === "" ? got[k][side] === "—" : g === w, `${k}.${side}: page ${got[k]?.[side]} vs engine ${w}`);
    }
  }
}
const axeAudit = (label) => audit(page, label);

await check("catalog list links to home-connect", async () => {
  await page.goto(base + "/");
  const link = page.locator('.catalog-list a[href*="catalog=home-connect"]');
  await link.waitFor({ timeout: 15000 });
  assert((await link.textContent()).includes("Home Connect"), "the link does not name the catalog");
  await page.screenshot({ path: join(shots, "catalogs.png") });
  await link.click();
  await ready();
  assert((await page.locator("section.group").count()) >= 5, "fewer than 5 groups");
});

await check("choosing cinema blocks 100 Mbit/s, with the rule's message as the reason", async () => {
  await openGroup("tv");
  await act(() => page.locator('[data-path="tv.package"] [data-value="cinema"] label').click());
  assert(selection().includes("tv.package=cinema"), `selection is ${selection()}`);
  await openGroup("internet");
  const s100 = valueInput("internet.speed", "s100");
  assert((await s100.getAttribute("aria-disabled")) === "true", "s100 is not aria-disabled");
  assert((await s100.getAttribute("disabled")) === null, "s100 uses the disabled attribute (unreachable by keyboard)");
  await page.locator('[data-path="internet.speed"] [data-value="s100"]').hover();
  const tip = page.locator('[data-path="internet.speed"] [data-value="s100"] .reason');
  await page.waitForFunction((el) => el && !el.hidden && el.textContent.length > 3 && el.textContent !== "…", await tip.elementHandle(), { timeout: 10000 });
  const text = await tip.textContent();
  assert(text.includes("Cinema TV needs at least 500 Mbit/s"), `reason reads: ${text}`);
  const describedBy = await s100.getAttribute("aria-describedby");
  const tipId = await tip.getAttribute("id");
  assert(describedBy?.split(" ").includes(tipId), "the reason is not the input's description");
  const forced = page.locator('section.group[data-path="internet"] .component-toggle .badge');
  assert((await forced.textContent()).includes("Required by rules"), "internet (forced by TV) has no 'Required by rules' badge");
  await page.screenshot({ path: join(shots, "blocked-reason.png"), fullPage: true });
});

await check("price panel shows the engine's figures", async () => {
  await pricesMatch(selection());
  const adj = cli(["configure", catalogFile, ...selectArgs(selection()), "--json"]).price.adjustments ?? [];
  const shown = await page.locator(".price-panel .adjustments li").count();
  assert(shown === adj.length, `${shown} adjustments shown, engine has ${adj.length}`);
});

await check("a conflicting click opens the repair dialog and applying it drops the old choice", async () => {
  // Playwright refuses to click aria-disabled elements; a customer's mouse does not.
  await page.locator('[data-path="internet.speed"] [data-value="s100"] label').click({ force: true });
  const dialog = page.locator("dialog[open]");
  await dialog.waitFor({ timeout: 10000 });
  const title = await dialog.locator("h2").textContent();
  assert(/Choosing .*100 Mbit\/s.* means dropping .*Cinema/.test(title), `dialog title: ${title}`);
  await page.screenshot({ path: join(shots, "repair-dialog.png") });
  await act(() => dialog.locator("button.primary").click());
  const sel = selection();
  assert(sel.includes("internet.speed=s100") && !sel.includes("tv.package=cinema"), `selection after repair: ${sel}`);
  assert(await valueInput("internet.speed", "s100").isChecked(), "s100 is not checked");
  await pricesMatch(sel);
});

await check("undo and redo (keys and buttons)", async () => {
  const after = selection();
  await act(() => page.keyboard.press("Control+z"));
  assert(selection().includes("tv.package=cinema") && !selection().includes("internet.speed=s100"), `after undo: ${selection()}`);
  await act(() => page.keyboard.press("Control+Shift+z"));
  assert(JSON.stringify(selection()) === JSON.stringify(after), `after redo: ${selection()}`);
  await act(() => page.getByRole("button", { name: "Undo" }).click());
  await act(() => page.keyboard.press("Control+y"));
  assert(JSON.stringify(selection()) === JSON.stringify(after), `after undo button + Ctrl+Y: ${selection()}`);
});

await check("reloading the address restores the configuration", async () => {
  const sel = selection();
  await page.reload();
  await ready();
  assert(JSON.stringify(selection()) === JSON.stringify(sel), `selection after reload: ${selection()}`);
  await openGroup("internet");
  assert(await valueInput("internet.speed", "s100").isChecked(), "s100 is not checked after reload");
  await pricesMatch(sel);
});

await check("complete for me (cheapest monthly) applies the engine's completion", async () => {
  const sel = selection();
  const want = cli(["complete", catalogFile, ...selectArgs(sel), "--minimize", "monthly", "--json"]);
  await page.selectOption("#objective", "monthly");
  await act(() => page.locator("#complete").click());
  const got = await panelPrices();
  assert(plain(got.monthly.now) === want.price.monthly, `monthly ${got.monthly.now} vs completion ${want.price.monthly}`);
  // Only the optimum is compared: equally cheap completions may differ in what they pick.
  await page.waitForFunction(() => /^1 configuration(s remain| remains)/.test(document.querySelector(".count-remaining")?.textContent ?? ""), null, { timeout: 15000 });
  await page.locator("#overview-toggle").click();
  await page.locator(".overview-table").waitFor();
  await page.screenshot({ path: join(shots, "overview.png"), fullPage: true });
  await axeAudit("overview");
  await page.locator("#overview-toggle").click();
});

await check("switch, stepper, checkboxes, instances and search change and find what they should", async () => {
  await page.goto(`${base}/?catalog=home-connect&s=tv&s=mobile`);
  await ready();
  await openGroup("tv");
  const sw = page.locator('[data-path="tv.cloud_recording"] button[role="switch"]');
  await act(() => sw.click());
  assert(selection().includes("tv.cloud_recording=true"), `switch: ${selection()}`);
  assert((await sw.getAttribute("aria-checked")) === "true", "switch is not aria-checked");
  // The live region tells screen-reader users what the click did to the price.
  await page.waitForFunction(() => /Monthly .*€/.test(document.getElementById("announcer").textContent), null, { timeout: 5000 });
  await act(() => page.locator('[data-path="tv.extra_screens"] button.step').nth(1).click());
  assert(selection().includes("tv.extra_screens=1"), `stepper: ${selection()}`);
  assert((await page.inputValue('[data-path="tv.extra_screens"] input')) === "1", "number field does not show 1");
  await openGroup("internet");
  await act(() => page.locator('[data-path="internet.extras"] [data-value="mesh_wifi"] label').click());
  assert(selection().includes("internet.extras+=mesh_wifi"), `any_of: ${selection()}`);
  assert((await valueInput("internet.extras", "wifi_extender").getAttribute("aria-disabled")) === "true", "the extender is not blocked by the mesh set");
  await openGroup("mobile");
  await act(() => page.locator('.instances-block[data-path="mobile.line"] .instances-head button.step').nth(1).click());
  assert(selection().some((c) => /^mobile\.line=\d$/.test(c)), `instances: ${selection()}`);
  const lines = await page.locator('.instances-block[data-path="mobile.line"] .instance:not([hidden])').count();
  const count = Number(selection().find((c) => c.startsWith("mobile.line=")).split("=")[1]);
  assert(lines === count, `${lines} line sections shown for ${count} lines`);
  await pricesMatch(selection());
  await page.fill("#search", "roaming");
  await page.waitForTimeout(400);
  const visible = await page.locator("section.group:not([hidden])").evaluateAll((els) => els.map((e) => e.dataset.path));
  assert(visible.length === 1 && visible[0] === "mobile", `search 'roaming' shows groups ${visible}`);
  assert((await page.locator('[data-path="mobile.line[1].roaming"]').count()) === 1, "the roaming switch is not shown");
  assert((await page.locator('[data-path="mobile.line[1].plan"]').count()) === 0, "search did not filter out the data plan");
  await page.fill("#search", "");
  await page.waitForTimeout(400);
});

await check("a link with unknown and conflicting choices opens with a message and the repair dialog", async () => {
  await page.goto(`${base}/?catalog=home-connect&s=${encodeURIComponent("nosuch.thing=1")}&s=${encodeURIComponent("tv.package=cinema")}&s=${encodeURIComponent("internet.speed=s100")}`);
  await ready();
  const banner = page.locator('.banner[data-kind="dropped"]');
  await banner.waitFor();
  assert((await banner.textContent()).includes("nosuch.thing=1"), "the dropped choice is not listed");
  const dialog = page.locator("dialog[open]");
  await dialog.waitFor({ timeout: 10000 });
  await page.screenshot({ path: join(shots, "bad-link.png") });
  await act(() => dialog.locator("button.primary").click());
  const cfg = cli(["configure", catalogFile, ...selectArgs(selection()), "--json"]);
  assert(cfg.consistent, `still inconsistent: ${selection()}`);
});

await check("keyboard only: Tab, Space, arrows and Enter reach and change values; Escape closes the dialog", async () => {
  await page.goto(`${base}/?catalog=home-connect`);
  await ready();
  const tabTo = async (pred, max = 80) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(pred)) return;
    }
    throw new Error("Tab never reached the target");
  };
  await tabTo(() => document.activeElement?.matches('section.group[data-path="internet"] .component-toggle input'));
  await act(() => page.keyboard.press("Space"));
  assert(selection().includes("internet"), `Space did not include internet: ${selection()}`);
  await tabTo(() => document.activeElement?.matches('[data-path="internet.speed"] input:checked'));
  await act(() => page.keyboard.press("ArrowDown"));
  assert(selection().some((c) => c.startsWith("internet.speed=")), `arrow did not choose a speed: ${selection()}`);
  const focusVisible = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle !== "none");
  assert(focusVisible, "no visible focus outline on the radio");
  await tabTo(() => document.activeElement?.matches('section.group[data-path="tv"] .group-toggle'));
  await page.keyboard.press("Enter");
  assert((await page.locator('section.group[data-path="tv"] .group-toggle').getAttribute("aria-expanded")) === "true", "Enter did not expand TV");
  await tabTo(() => document.activeElement?.matches('[data-path="tv.package"] input'));
  // Move to cinema with the arrows, then to a speed the cinema package excludes.
  while (!(await page.evaluate(() => document.activeElement?.value === "cinema"))) await act(() => page.keyboard.press("ArrowDown"));
  assert(selection().includes("tv.package=cinema"), `cinema not chosen by arrows: ${selection()}`);
  await page.keyboard.press("Shift+Tab");
  for (let i = 0; i < 40 && !(await page.evaluate(() => document.activeElement?.matches('[data-path="internet.speed"] input'))); i++) {
    await page.keyboard.press("Shift+Tab");
  }
  // Walk to s100 with arrow keys: landing on an unavailable value must not open a dialog.
  for (let i = 0; i < 4 && !(await page.evaluate(() => document.activeElement?.value === "s100")); i++) await page.keyboard.press("ArrowUp");
  assert(await page.evaluate(() => document.activeElement?.value === "s100"), "could not reach s100 with arrows");
  assert((await page.locator("dialog[open]").count()) === 0, "arrowing onto an unavailable value opened a dialog");
  await page.keyboard.press("Space");
  const dialog = page.locator("dialog[open]");
  await dialog.waitFor({ timeout: 10000 });
  assert(await page.evaluate(() => !!document.activeElement?.closest("dialog")), "focus is not in the dialog");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  assert(await page.evaluate(() => !!document.activeElement?.closest("dialog")), "Tab left the dialog");
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector("dialog[open]"));
  assert(await page.evaluate(() => document.activeElement?.value === "s100"), "focus did not return to s100");
  assert(selection().includes("tv.package=cinema"), "Escape changed the selection");
  await page.screenshot({ path: join(shots, "keyboard.png") });
});

await check("axe-core: no serious or critical violations", async () => {
  await page.goto(`${base}/?catalog=home-connect&s=tv.package%3Dcinema&s=mobile`);
  await ready();
  for (const p of ["internet", "tv", "mobile", "services", "install"]) await openGroup(p);
  await page.waitForTimeout(300);
  await axeAudit("configurator");
  await page.screenshot({ path: join(shots, "configurator.png"), fullPage: true });
  await page.goto(`${base}/`);
  await page.locator(".catalog-list a").first().waitFor();
  await axeAudit("catalog list");
});

await check("offline: after the service worker is active, a reload still configures", async () => {
  await page.goto(`${base}/?catalog=home-connect&s=tv.package%3Dcinema`);
  await ready();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 15000 });
  // One load under the worker's control puts the catalog and API answers in its cache.
  await page.reload();
  await ready();
  await context.setOffline(true);
  try {
    await page.reload();
    await ready();
    await openGroup("internet");
    await act(() => page.locator('[data-path="internet.speed"] [data-value="s1000"] label').click());
    assert(selection().includes("internet.speed=s1000"), `offline click not applied: ${selection()}`);
    await pricesMatch(selection());
    await page.screenshot({ path: join(shots, "offline.png") });
  } finally {
    await context.setOffline(false);
  }
});

await check("375 px wide: readable, no sideways scrolling, price panel below the groups", async () => {
  const small = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  const p = await small.newPage();
  await p.goto(`${base}/?catalog=home-connect&s=tv.package%3Dcinema`);
  await p.waitForFunction(() => Number(document.getElementById("app")?.dataset.renders ?? "0") > 0, null, { timeout: 30000 });
  const width = await p.evaluate(() => document.documentElement.scrollWidth);
  const order = await p.evaluate(() => {
    const g = document.querySelector(".groups").getBoundingClientRect();
    const pp = document.querySelector(".price-panel").getBoundingClientRect();
    return pp.top >= g.bottom - 1;
  });
  // Every cell of the price table inside the panel (a wide term amount once stuck out).
  await p.waitForSelector('.prices tr[data-price="term"]');
  const spill = await p.evaluate(() => {
    const panel = document.querySelector(".price-panel").getBoundingClientRect();
    return [...document.querySelectorAll(".prices td, .prices th")]
      .filter((c) => c.getBoundingClientRect().right > panel.right + 0.5)
      .map((c) => c.textContent);
  });
  await p.screenshot({ path: join(shots, "narrow-375.png"), fullPage: true });
  await small.close();
  assert(spill.length === 0, `price cells stick out of the panel: ${spill.join(", ")}`);
  assert(width <= 375, `page is ${width}px wide`);
  assert(order, "the price panel is not below the groups");
});

await check("no uncaught errors in the page", async () => {
  assert(consoleErrors.length === 0, consoleErrors.join(" | "));
});

await browser.close();
finish();
