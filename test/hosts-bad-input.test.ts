/**
 * Bad input in the worker (issue 11, item 11) and its link check (item 5), in headless Chromium: one plain
 * sentence for what cannot be analysed, a warning naming a damaged file while the rest is analysed, and a link
 * judged as `check-link --json` judges it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spyglass } from "./helpers/cli.ts";
import { tempDir } from "./helpers/tmp.ts";
import { MVT_BACKUP, SHARED } from "./helpers/run-module.ts";
import { TEST_STIX2 } from "./helpers/indicators.ts";
import { CHROMIUM, CHROMIUM_ARGS, serveWorker } from "./hosts-browser.ts";

const missing = !existsSync(CHROMIUM);
const SMS = "3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28";

test(
  "the worker on bad input: one sentence for what it cannot read, a warning for a damaged database (the rest analysed); links as check-link",
  { skip: missing && !process.env.CI ? `${CHROMIUM} is missing: apt-get install -y chromium (CI installs it in .ci/run)` : false, timeout: 60_000 },
  async () => {
    assert.ok(!missing, `${CHROMIUM} is missing in CI: .ci/run should have installed it`);
    const { chromium } = await import("playwright-core");
    const dir = tempDir();
    const notBackup = join(dir, "holiday photos");
    mkdirSync(notBackup);
    writeFileSync(join(notBackup, "IMG_0001.jpg"), "not really a photo");
    const damaged = join(dir, "damaged backup");
    cpSync(MVT_BACKUP, damaged, { recursive: true });
    writeFileSync(join(damaged, SMS), Buffer.alloc(28672, 0x5a)); // sms.db overwritten
    const zip = readFileSync(SHARED + "peer-artifacts/mvt/androidqf.zip");
    writeFileSync(join(dir, "truncated.zip"), zip.subarray(0, Math.floor(zip.length / 2)));
    const huge = join(dir, "huge.zip"); // 6 GiB, sparse: read only where a zip's directory would be
    const fd = openSync(huge, "w");
    writeFileSync(fd, "PK\u0003\u0004", { encoding: "latin1" });
    closeSync(fd);
    const { truncateSync } = await import("node:fs");
    truncateSync(huge, 6 * 2 ** 30);
    const indicators = [{ name: "test.stix2", text: readFileSync(TEST_STIX2, "utf8") }];

    const site = await serveWorker(tempDir());
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      await page.goto(site.origin + "/");
      const run = async (kind: "folder" | "file", path: string) => {
        await page.setInputFiles(kind === "folder" ? "#folder" : "#file", path);
        return page.evaluate(([k, i]) => (window as any).run(k, i), [kind, indicators] as const);
      };

      const photos = await run("folder", notBackup);
      assert.equal(photos.type, "error");
      assert.match(photos.message, /^holiday photos is not evidence Spyglass reads: pick an iPhone backup folder/);

      const d = await run("folder", damaged);
      assert.equal(d.type, "done", JSON.stringify(d).slice(0, 300));
      assert.ok(d.warningMessages.some((w: string) => w.includes(SMS) && /SQLite|database/i.test(w)), `a warning names sms.db: ${d.warningMessages.join(" | ")}`);
      assert.ok(d.warnings.some((w: string) => w.includes(SMS)), "and the done message lists it");
      assert.equal(d.outcome, "known-spyware", "the other modules still found test.stix2's indicators");

      for (const name of ["truncated.zip", "huge.zip"]) {
        const started = Date.now();
        const r = await run("file", join(dir, name));
        assert.equal(r.type, "error", `${name}: ${JSON.stringify(r).slice(0, 300)}`);
        assert.match(r.message, new RegExp(`^${name.replace(".", "\\.")}: `), `${name}: the sentence names the file`);
        assert.equal(r.message.split("\n").length, 1);
        assert.ok(Date.now() - started < 10_000, `${name}: answered in seconds, not read whole`);
        console.log(`${name}: ${r.message}`);
      }

      for (const url of ["https://badbadbad.example.org/x", "https://www.wikipedia.org/", "http://paypa1-secure-login.com/"]) {
        const cli = spyglass(["check-link", "--json", "--iocs", TEST_STIX2, url]);
        const r = await page.evaluate(([u, i]) => (window as any).link(u, i), [url, indicators] as const);
        assert.deepEqual(r, { type: "link-result", id: 7, result: JSON.parse(cli.stdout) }, url);
      }
    } finally {
      await browser.close();
      await site.close();
    }
  },
);
