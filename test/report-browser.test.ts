/**
 * report.html in a real headless Chromium (Debian's chromium + playwright-core): made from a real CLI run on
 * MVT's test backup, it renders the verdict and the findings, makes no network request, breaks no CSP rule,
 * keeps hostile evidence text inert, and its chart filters. Screenshots go to test-artifacts/ (gitignored).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { spyglass } from "./helpers/cli.ts";
import { TEST_STIX2 } from "./helpers/indicators.ts";
import { MVT_BACKUP } from "./helpers/run-module.ts";
import { tempDir } from "./helpers/tmp.ts";
import { Command } from "commander";
import { registerReport, writeReport } from "../src/cli/report.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = new URL("../test-artifacts/", import.meta.url).pathname;
const HOSTILE = `<script>window.__pwned=1</script><img src="https://evil.example/x.png" onerror="window.__pwned=2">`;
const missing = !existsSync(CHROMIUM);

test(
  "report.html renders verdict and findings in Chromium, offline, under its CSP",
  { skip: missing && !process.env.CI ? `${CHROMIUM} is missing: apt-get install -y chromium (CI installs it in .ci/run)` : false, timeout: 60_000 },
  async () => {
    assert.ok(!missing, `${CHROMIUM} is missing in CI: .ci/run should have installed it`);
    const { chromium } = await import("playwright-core");
    const dir = tempDir();
    const run = spyglass(["check-backup", MVT_BACKUP, "--iocs", TEST_STIX2, "-o", dir]);
    assert.equal(run.code, 10, run.stderr);
    // A hostile SMS in a finding: it must show as text, load nothing and run nothing.
    const alerts = JSON.parse(readFileSync(join(dir, "alerts.json"), "utf8"));
    alerts.push({ level: "HIGH", module: "sms", message: `Odd message: ${HOSTILE}`, event_time: "2019-08-30 10:00:00.000000", event: { text: HOSTILE, isodate: "2019-08-30 10:00:00.000000" }, matched_indicator: null });
    writeFileSync(join(dir, "alerts.json"), JSON.stringify(alerts));
    const file = await writeReport(dir);
    const url = pathToFileURL(file).href;

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const requests: string[] = [];
      const errors: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      page.on("console", (m) => (m.type() === "error" || m.type() === "warning") && errors.push(`console ${m.type()}: ${m.text()}`));
      page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
      page.on("dialog", (d) => errors.push(`dialog: ${d.message()}`));
      await page.addInitScript(() => {
        (window as unknown as { __csp: string[] }).__csp = [];
        document.addEventListener("securitypolicyviolation", (e) => (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      await page.goto(url, { waitUntil: "load" });

      assert.equal(await page.locator("#verdict h1").textContent(), "Traces of known spyware found: TestMalware");
      const cards = page.locator("#findings > .card");
      assert.ok((await cards.count()) >= 4, "the three indicator matches and the hostile HIGH alert");
      const first = (await cards.first().textContent()) ?? "";
      assert.match(first, /Known spyware indicator/);
      assert.match(first, /TestMalware/);
      assert.match(first, /test\.stix2/);
      assert.ok(await page.getByText("Please click here").count(), "the SMS record shows in context");
      // Hostile text stays text.
      assert.ok(((await page.locator("#findings").textContent()) ?? "").includes(HOSTILE));
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
      assert.equal(await page.locator("#findings img").count(), 0);

      // The chart: bars and finding markers; a module filter changes what it counts.
      assert.ok((await page.locator("#chart svg rect.bar").count()) > 0, "bars drawn");
      assert.ok((await page.locator("#chart .marker").count()) >= 3, "findings marked");
      const before = (await page.locator("#chart-caption").textContent()) ?? "";
      await page.locator("#chart-modules label", { hasText: "Manifest" }).locator("input").uncheck();
      const after = (await page.locator("#chart-caption").textContent()) ?? "";
      assert.notEqual(after, before);
      assert.match(after, /from \d+ of \d+ modules/);
      await page.locator("#chart-modules label", { hasText: "Manifest" }).locator("input").check();
      await page.getByRole("button", { name: "All time" }).click();
      assert.doesNotMatch((await page.locator("#chart-caption").textContent()) ?? "", /outside this range/, "all time shows every event");
      await page.getByRole("button", { name: "Around findings" }).click();
      // Drag across the middle of the chart: the range narrows to the selection.
      const box = (await page.locator("#chart svg").boundingBox())!;
      const wide = (await page.locator("#chart-caption").textContent()) ?? "";
      await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 4 });
      await page.mouse.up();
      assert.notEqual((await page.locator("#chart-caption").textContent()) ?? "", wide, "a drag zooms in");
      await page.getByRole("button", { name: "Around findings" }).click();

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, "report.png"), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      const small = await page.evaluate(() =>
        [...document.querySelectorAll("p, li, td, th, dd, dt, label, summary, button")]
          .filter((e) => e.getClientRects().length && (e.textContent ?? "").trim())
          .map((e) => parseFloat(getComputedStyle(e).fontSize))
          .filter((px) => px < 16).length,
      );
      assert.equal(small, 0, "no text under 16px on a phone");
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), "no sideways scrolling on a phone");
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(ARTIFACTS, "report-phone.png"), fullPage: false });

      assert.deepEqual([...new Set(requests)], [url], "the file itself is the only request");
      assert.deepEqual(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), [], "no CSP violation");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  },
);

test("spyglass report RESULTS: the command writes report.html and prints its path; a missing folder is an error", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, "alerts.json"), "[]");
  const refusing = new Command("spyglass").exitOverride();
  registerReport(refusing);
  // Only a results folder (issue 15): alerts.json alone is not one, report.html is not written there.
  await assert.rejects(refusing.parseAsync(["node", "spyglass", "report", dir]), /is not a results folder of Spyglass or MVT/);
  assert.ok(!existsSync(join(dir, "report.html")));
  writeFileSync(join(dir, "info.json"), JSON.stringify({ target_path: "/evidence", mvt_version: "2" }));
  const program = new Command("spyglass").exitOverride();
  registerReport(program);
  const printed: string[] = [];
  const write = process.stdout.write;
  // Only the command's text is caught: the test runner's own messages (buffers, sent while alerts.json is streamed) pass.
  process.stdout.write = ((t: string | Uint8Array, ...rest: unknown[]) =>
    typeof t === "string" ? (printed.push(t), true) : (write as (...a: unknown[]) => boolean).call(process.stdout, t, ...rest)) as typeof process.stdout.write;
  try {
    await program.parseAsync(["node", "spyglass", "report", dir]);
  } finally {
    process.stdout.write = write;
  }
  assert.deepEqual(printed, [join(dir, "report.html") + "\n"]);
  assert.match(readFileSync(join(dir, "report.html"), "utf8"), /No known traces found/);
  await assert.rejects(writeReport(join(dir, "nope")), (e: Error & { code?: string }) => e.code === "E_NOT_FOUND" && /is not a results folder/.test(e.message));
});
