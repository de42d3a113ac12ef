// End-to-end check of instances with no maximum in the web configurator, against a running
// `tailor serve` whose catalogs folder is tests/web/open-catalogs (bike-bags: bags with
// `instances: { min: 0 }`, unrolled to 10 until the customer adds more):
//   node tests/web/e2e_open.mjs http://127.0.0.1:8398     (or TAILOR_URL=...)
// A customer adds 12 bags with the + button, past the horizon of 10; the page shows each bag
// and the same valid volumes and price range as the CLI for that selection. Screenshots go to
// tests/web/screenshots/open-bags.png and open-bags-375.png.
import { join } from "node:path";
import { assert, axeAudit, baseUrl, check, cli, finish, launch, repo, shots } from "./harness.mjs";

const base = baseUrl("node tests/web/e2e_open.mjs BASE_URL   (a running `tailor serve --catalogs tests/web/open-catalogs`)");
const file = join(repo, "tests", "web", "open-catalogs", "bike-bags.yaml");
const WAIT_MS = 30000;
// The engine's answers for 12 bags, asked before any page runs: the CLI (a debug build under
// `make test`) would otherwise share the two cores with the page's background count, whose
// 3 s budget then ran out at random ("many configurations remain").
const want = cli(["configure", file, "--select", "bike.bag=12", "--json"]);
const wantCount = cli(["count", file, "--select", "bike.bag=12", "--json"]).count;
const browser = await launch();

for (const [width, name] of [
  [1280, "open-bags"],
  [375, "open-bags-375"],
]) {
  const page = await browser.newPage({ viewport: { width, height: 900 }, locale: "en-GB" });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await check(`${width} px: twelve bags are added one by one, past the first ten`, async () => {
    await page.goto(`${base}/?catalog=bike-bags`);
    const block = page.locator('.instances-block[data-path="bike.bag"]');
    await block.waitFor({ timeout: WAIT_MS });
    const plus = block.locator(".instances-head button.step").nth(1);
    const count = block.locator("output.count");
    for (let n = 1; n <= 12; n++) {
      await plus.click();
      await page.waitForFunction(
        ([n]) => document.querySelector('.instances-block[data-path="bike.bag"] output.count')?.textContent === String(n),
        [n],
        { timeout: WAIT_MS },
      );
    }
    assert((await count.textContent()) === "12", `count ${await count.textContent()}`);
    assert(decodeURIComponent(page.url()).includes("s=bike.bag=12"), page.url());
    const shown = await block.locator(".instance:not([hidden])").count();
    assert(shown === 12, `${shown} bags shown`);
    assert(errors.length === 0, errors.join("; "));
  });
  await check(`${width} px: the volume, the price range and the count are the engine's for 12 bags`, async () => {
    const volume = want.variables.find((v) => v.path === "bike.volume_l").valid;
    const possible = `Possible: ${volume.min}–${volume.max}`;
    await page.waitForFunction((p) => document.body.innerText.includes(p), possible, { timeout: WAIT_MS });
    // The count is answered in the background: wait for the one of 12 bags, not the first
    // page's (infinite, with no bag chosen).
    const n = wantCount;
    const remain = `${n.replace(/\B(?=(\d{3})+(?!\d))/g, ",")} configurations remain`;
    await page.waitForFunction((r) => document.body.innerText.includes(r), remain, { timeout: WAIT_MS });
    const text = await page.locator("body").innerText();
    for (const money of [want.price.once.min, want.price.once.max]) {
      const shown = Number(money).toLocaleString("en-GB", { minimumFractionDigits: 2 });
      assert(text.includes(shown), `price bound ${money} (${shown}) not shown`);
    }
  });
  if (width === 1280) await check("no serious accessibility violations with 12 bags", () => axeAudit(page, "open bags"));
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  await page.close();
}

await browser.close();
finish();
