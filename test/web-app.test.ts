/**
 * The offline web app end to end (issue 11, items 1–5, 7–9, 11) in a real headless Chromium: served by
 * `spyglass web` (the CLI as installed) and, once, by a bare static server over dist/web. Generated evidence (a plain
 * and an encrypted iPhone backup, an androidqf zip) goes in through the page's hooks; the page's answer is the CLI's
 * on the same evidence; a run stops within a second on cancel; nothing is requested outside the page's origin.
 * Screenshots (desktop and 360 px) go to test-artifacts/web/.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import { closeSync, createReadStream, existsSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import type { Browser, Page } from "playwright-core";
import { openZip } from "../src/formats/zip.ts";
import { memoryFile } from "../src/core/source.ts";
import { spyglass } from "./helpers/cli.ts";
import { TEST_STIX2 } from "./helpers/indicators.ts";
import { tempDir } from "./helpers/tmp.ts";
import { ARTIFACTS, buildEvidence, CHROMIUM, ensureWebBuilt, launch, messageOf, openApp, PASSWORD, progressTexts, ROOT, verdictOf, WEB_DIST, type AppPage } from "./helpers/web.ts";

const BIN = join(ROOT, "bin/spyglass.js");
const BUNDLED = join(ROOT, "data/indicators");
const skip = !existsSync(CHROMIUM) && !process.env.CI ? `${CHROMIUM} is missing: apt-get install -y chromium (CI installs it in .ci/run)` : false;
const OUTCOME_OF_EXIT: Record<number, string> = { 0: "no-known-traces", 10: "known-spyware", 11: "suspicious" };

/** `spyglass web` on a free port; resolves with its address once it prints it. */
function startSpyglassWeb(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, "web"], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolve({ child, url: m[0] });
    });
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`spyglass web exited ${code}: ${out}`)));
  });
}

/** The results zip the page downloads: its files by name. */
async function download(page: Page): Promise<Map<string, Uint8Array>> {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-results").click()]);
  assert.match(dl.suggestedFilename(), /^spyglass-results-.*\.zip$/);
  const bytes = new Uint8Array(readFileSync((await dl.path())!));
  const zip = await openZip(memoryFile(dl.suggestedFilename(), bytes));
  const files = new Map<string, Uint8Array>();
  for (const e of zip.entries) if (!e.isDir) files.set(e.name, await zip.bytes(e));
  return files;
}

function filesOf(dir: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), new Uint8Array(readFileSync(p)));
    }
  };
  walk(dir);
  return out;
}

async function axeViolations(page: Page): Promise<string[]> {
  // evaluate() runs through DevTools, outside the page's CSP (which rightly refuses an injected script tag).
  await page.evaluate(readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8"));
  const found = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
    return r.violations.map((v) => `${v.impact}: ${v.id} (${v.nodes.length})`);
  });
  return found.filter((v) => /^(serious|critical):/.test(v));
}

function assertStayedHome(app: AppPage, origin: string): void {
  const outside = app.requests.filter((u) => !u.startsWith(origin) && !u.startsWith("blob:") && !u.startsWith("data:"));
  assert.deepEqual(outside, [], "no request leaves the page's origin");
  assert.deepEqual(app.errors, [], "no console error, uncaught error or CSP violation");
}

test("the web app through `spyglass web`: backups plain and encrypted, androidqf zip, cancel, bad input, link box", { skip, timeout: 180_000 }, async (t) => {
  ensureWebBuilt();
  const dist = join(ROOT, "dist/spyglass.js");
  if (existsSync(dist)) assert.ok(statSync(dist).mtimeMs >= statSync(join(ROOT, "src/cli/web.ts")).mtimeMs, "dist/ is older than src/: run `npm run build` first");
  const ev = await buildEvidence();
  const { child, url } = await startSpyglassWeb();
  const origin = url.replace(/\/$/, "");
  let androidqf: string | undefined;
  /** What the CLI answers on the androidqf zip with the bundled indicators (as the page has them). */
  const androidqfOutcome = () => (androidqf ??= OUTCOME_OF_EXIT[spyglass(["check-androidqf", ev.androidqf, "-o", join(tempDir(), "aqf"), "--iocs", BUNDLED]).code!]!);
  let browser: Browser | undefined;
  const pages: AppPage[] = [];
  const open = async (viewport?: { width: number; height: number }) => {
    const app = await openApp(browser!, url, viewport);
    pages.push(app);
    return app;
  };
  try {
    browser = await launch();

    await t.test("plain backup with extra indicators: the CLI's verdict, findings, warnings, report and results files", async () => {
      const app = await open();
      const { page } = app;
      await page.locator("#extra-indicators summary").click();
      await page.getByTestId("indicators").setInputFiles(TEST_STIX2);
      await page.getByText("1 file added").waitFor();
      await page.getByTestId("pick-folder").setInputFiles(ev.plain);
      assert.equal(await verdictOf(page), "known-spyware");
      const verdict = (await page.getByTestId("verdict").textContent()) ?? "";
      assert.match(verdict, /Traces of known spyware found: TestMalware/);
      assert.match(verdict, /example\.org/, "the finding names the indicator");
      assert.match(verdict, /History\.db/, "the damaged database is one warning naming it; the rest was analysed");
      assert.match(verdict, /What to do next/);
      const progress = await progressTexts(page);
      assert.ok(progress.some((p) => /^Checking \S.* \(\d+ of \d+ steps\)/.test(p)), `the progress line names the module in work: ${progress.slice(0, 5).join(" | ")}`);

      // report.html rendered in the page, in its sandboxed frame.
      await page.locator("#report-box summary").click();
      const frame = page.frameLocator("#report");
      await frame.locator("#verdict h1").waitFor();
      assert.equal(await frame.locator("#verdict h1").textContent(), "Traces of known spyware found: TestMalware");

      assert.deepEqual(await axeViolations(page), [], "no serious or critical accessibility violation");
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, "verdict-desktop.png"), fullPage: true });
      await page.setViewportSize({ width: 360, height: 800 });
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), "no sideways scrolling at 360 px");
      await page.screenshot({ path: join(ARTIFACTS, "verdict-360.png"), fullPage: true });

      // The same evidence and indicators through the CLI: the same files, byte for byte, but info.json, command.log, report.html.
      const out = join(tempDir(), "cli");
      const cli = spyglass(["check-backup", ev.plain, "-o", out, "--iocs", BUNDLED, "--iocs", TEST_STIX2]);
      assert.equal(cli.code, 10, cli.stderr);
      const fromCli = filesOf(out);
      const fromPage = await download(page);
      for (const skipped of ["info.json", "command.log", "report.html"]) fromCli.delete(skipped);
      assert.deepEqual([...fromPage.keys()].filter((k) => !["info.json", "command.log", "report.html"].includes(k)).sort(), [...fromCli.keys()].sort());
      for (const [name, bytes] of fromCli) assert.ok(Buffer.from(fromPage.get(name)!).equals(Buffer.from(bytes)), `${name} differs from the CLI's`);
    });

    await t.test("encrypted backup: asks for the password, says when it is wrong, Enter submits, then the verdict", async () => {
      const { page } = await open({ width: 360, height: 800 });
      assert.equal(await page.getByTestId("password").isVisible(), false, "no password field before it is needed");
      await page.getByTestId("indicators").setInputFiles(TEST_STIX2);
      await page.getByTestId("pick-folder").setInputFiles(ev.encrypted);
      const password = page.getByTestId("password");
      await password.waitFor({ state: "visible", timeout: 30_000 });
      await page.screenshot({ path: join(ARTIFACTS, "password-360.png"), fullPage: true });
      await password.fill("not the password");
      await password.press("Enter");
      await page.getByText("That password is wrong").waitFor({ timeout: 30_000 });
      assert.ok(await password.isVisible(), "asked again");
      assert.deepEqual(await axeViolations(page), []);
      await password.fill(PASSWORD);
      await password.press("Enter");
      assert.equal(await verdictOf(page), "known-spyware");
      assert.match((await page.getByTestId("verdict").textContent()) ?? "", /example\.org/);
      assert.equal(await page.getByText("not the password").count(), 0);
    });

    await t.test("androidqf zip dropped on the page: the CLI's verdict on it", async () => {
      const { page } = await open();
      const bytes = readFileSync(ev.androidqf).toString("base64");
      const dropped = await page.evaluateHandle(([b64, name]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([Uint8Array.from(atob(b64!), (c) => c.charCodeAt(0))], name!, { type: "application/zip" }));
        return dt;
      }, [bytes, "androidqf_5f2a9c.zip"]);
      await page.locator("#drop").dispatchEvent("drop", { dataTransfer: dropped });
      assert.equal(await verdictOf(page), androidqfOutcome());
      assert.match((await page.getByTestId("verdict").textContent()) ?? "", /root/i, "the root binaries MVT's test acquisition holds");
    });

    await t.test("age-encrypted androidqf zip: a wrong key says so; androidqf's key.txt opens it", async () => {
      const { page } = await open();
      await page.getByTestId("pick-file").setInputFiles(ev.androidqfAge);
      const password = page.getByTestId("password");
      await password.waitFor({ state: "visible", timeout: 30_000 });
      await password.fill(readFileSync(ev.otherKey, "utf8"));
      await password.press("Enter");
      await page.getByText("That key does not open this acquisition").waitFor({ timeout: 30_000 });
      await page.getByLabel("Or choose androidqf's key.txt").setInputFiles(ev.keyFile);
      assert.equal(await verdictOf(page), androidqfOutcome());
    });

    await t.test("cancel: the worker stops within a second, the page says so and answers meanwhile, no verdict follows", async () => {
      const { page } = await open();
      await page.getByTestId("pick-folder").setInputFiles(ev.large);
      await page.locator("#progress-text").getByText(/^Checking SMS/).waitFor({ timeout: 60_000 });
      await page.waitForTimeout(300); // inside the scan of 300,000 messages
      // The analysis worker, and the nested workers parsing the SMS table in ranges once they have started.
      assert.ok(page.workers().length >= 1, "the run's worker is running");
      const t0 = Date.now();
      assert.match((await page.locator("#progress-text").textContent()) ?? "", /^Checking SMS \(\d+ of \d+ steps\)/);
      assert.ok(Date.now() - t0 < 500, "the page answers while the worker works");
      await page.getByTestId("cancel").click();
      const clicked = Date.now(); // the page terminated the worker in the click's handler
      assert.match(await messageOf(page, 1000), /stopped/);
      while (page.workers().length && Date.now() - clicked < 1000) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(page.workers().map((w) => w.url()), [], `no worker left running a second after cancel (${Date.now() - clicked} ms)`);
      await page.waitForTimeout(2000);
      assert.equal(await page.getByTestId("verdict").count(), 0);
      // The files the stopped run had written in the origin-private file system were removed by the page.
      const left = await page.evaluate(async () => {
        const names: string[] = [];
        for await (const name of ((await navigator.storage.getDirectory()) as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
        return names;
      });
      assert.deepEqual(left.filter((n) => n.startsWith("spyglass-run-")), [], "no run folder left after cancel");
    });

    await t.test("bad input: a folder that is not a backup, a truncated zip, a 6 GiB file: one clear message each", async () => {
      const { page } = await open();
      await page.getByTestId("pick-folder").setInputFiles(ev.notBackup);
      const msg = await messageOf(page);
      assert.match(msg, /Holiday photos|not an iPhone backup|not a backup/i);
      assert.doesNotMatch(msg, /\bat \S+:\d+|Error:|undefined/, "words, not a stack trace");
      await page.getByTestId("pick-file").setInputFiles(ev.truncated);
      assert.match(await messageOf(page), /^broken_androidqf\.zip: truncated zip/, "the damaged file is named, in words");
      // A sparse file: 6 GiB on the page, nothing on disk. Read by slices, it is refused at once; the page never freezes.
      const huge = join(tempDir(), "huge.zip");
      const fd = openSync(huge, "w");
      ftruncateSync(fd, 6 * 1024 ** 3);
      closeSync(fd);
      const t0 = Date.now();
      await page.getByTestId("pick-file").setInputFiles(huge);
      assert.match(await messageOf(page), /^huge\.zip: not a zip archive/);
      assert.ok(Date.now() - t0 < 15_000, "answered in seconds");
      assert.equal(await page.getByTestId("verdict").count(), 0);
    });

    await t.test("keyboard: every control is reached with Tab; check a link, answered as check-link --json answers it", async () => {
      const { page } = await open();
      const reached = new Set<string>();
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press("Tab");
        reached.add(await page.evaluate(() => (document.activeElement?.id || document.activeElement?.textContent || "").trim().slice(0, 40)));
      }
      for (const id of ["pick-folder", "pick-file", "link-input", "How to make an iPhone backup", "What the answer means"]) assert.ok(reached.has(id), `Tab reaches ${id}: ${[...reached].join(", ")}`);
      const help = (await page.locator("#help").textContent()) ?? "";
      for (const words of ["Finder", "iTunes", "idevicebackup2 backup --full", "Encrypt local backup", "androidqf", "No known traces found", "never proves"]) assert.ok(help.includes(words), `help tells of ${words}`);
      const link = "https://paypal.com.secure-login.xyz/verify";
      const cli = JSON.parse(spyglass(["check-link", "--json", "--iocs", BUNDLED, link]).stdout) as { level: string | null; suspicious: boolean };
      await page.getByLabel("Paste a link you received").fill(link);
      await page.getByLabel("Paste a link you received").press("Enter");
      const answer = page.locator("#link-result .link-answer");
      await answer.waitFor({ timeout: 30_000 });
      assert.equal(await answer.getAttribute("data-level"), cli.level ?? "none");
      assert.equal(cli.suspicious, true);
      assert.match((await answer.textContent()) ?? "", /Suspicious|Dangerous/);
    });

    for (const app of pages) assertStayedHome(app, origin);
  } finally {
    await browser?.close();
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    assert.equal(await exited, 130, "Ctrl-C stops spyglass web with exit 130");
    // A server has no results folder and no temp folder: the line says only that it stopped.
    assert.equal(stderr, "spyglass: stopped by Ctrl-C\n");
  }
});

test("dist/web on a bare static server: one analysis, offline", { skip, timeout: 90_000 }, async () => {
  ensureWebBuilt();
  const ev = await buildEvidence();
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json" };
  const server = createServer((req, res) => {
    const path = join(WEB_DIST, decodeURIComponent(new URL(req.url!, "http://x").pathname));
    if (!path.startsWith(WEB_DIST) || !existsSync(path) || statSync(path).isDirectory()) {
      if (existsSync(join(path, "index.html"))) return void createReadStream(join(path, "index.html")).pipe(res.writeHead(200, { "Content-Type": types[".html"] }));
      return void res.writeHead(404).end();
    }
    createReadStream(path).pipe(res.writeHead(200, { "Content-Type": types[extname(path)] ?? "application/octet-stream" }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const browser = await launch();
  try {
    const app = await openApp(browser, origin + "/");
    await app.page.getByTestId("indicators").setInputFiles(TEST_STIX2);
    await app.page.getByTestId("pick-folder").setInputFiles(ev.plain);
    assert.equal(await verdictOf(app.page), "known-spyware");
    assertStayedHome(app, origin);
  } finally {
    await browser.close();
    server.close();
  }
});
