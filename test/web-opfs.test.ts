/**
 * The worker's results in the origin-private file system (OPFS), in headless Chromium: a run writes its results and
 * spilled timeline runs into its own folder, and the zip it hands the page is made of those files;
 * the next start removes every earlier folder, a cancelled run's included; large tables are parsed on nested workers;
 * without OPFS and nested workers the same files come out of Blobs (the fallbacks).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { createHash } from "node:crypto";
import { COPY_MIN_BYTES } from "../src/browser/evidence-copy.ts";
import { memoryFile } from "../src/core/source.ts";
import { openZip } from "../src/formats/zip.ts";
import { IosBackupBuilder } from "./builders/ios-backup.ts";
import { buildSmsDb } from "./builders/ios/sms.ts";
import { buildSafariHistoryDb } from "./builders/ios/safari-history.ts";
import { TEST_STIX2 } from "./helpers/indicators.ts";
import { tempDir } from "./helpers/tmp.ts";
import { CHROMIUM, CHROMIUM_ARGS, serveWorker } from "./hosts-browser.ts";

const skip = !existsSync(CHROMIUM) ? `${CHROMIUM} is missing` : false;

/**
 * 60,000 messages (the timeline spills a run every 25,000 rows; the SMS table is split for the nested workers from
 * 50,000), one linking to example.org (in test.stix2), some with non-ASCII or DEL in the JSON SQLite renders (the
 * nested workers write the rest as bytes), and 60,000 Safari visits (split too).
 */
function backup(): string {
  const b = new IosBackupBuilder(join(tempDir("spyglass-opfs-"), "00008101-00000000000000AA"));
  b.sqlite("HomeDomain", "Library/SMS/sms.db", (db) => {
    buildSmsDb(db, [{ text: "Your parcel: https://example.org/track?id=1", handle: "+15555550123", date: "2024-02-10 09:15:00" }]);
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
      INSERT INTO message (guid, text, handle_id, service, account, date, is_finished)
      SELECT CASE WHEN i % 997 = 0 THEN 'G-é😀' || i WHEN i % 991 = 0 THEN 'G-' || char(127) || i ELSE 'G-' || i END, 'Message ' || i || ' https://site' || (i % 97) || '.example.com/' || i, 1, 'iMessage', 'e:owner@icloud.example', 729000000000000000 + i * 1000000000, 1 FROM n`);
  });
  // A second split table in another database (nested workers keep a connection per database).
  b.sqlite("AppDomain-com.apple.mobilesafari", "Library/Safari/History.db", (db) =>
    buildSafariHistoryDb(db, (function* () {
      for (let i = 0; i < 60_000; i++) yield { url: `https://news${i % 50}.example.net/page/${i % 5000}`, time: 700_000_000 + i * 60 };
    })()),
  );
  return b.finish();
}

function tinyBackup(): string {
  const b = new IosBackupBuilder(join(tempDir("spyglass-opfs-"), "00008101-00000000000000AB"));
  b.sqlite("HomeDomain", "Library/SMS/sms.db", (db) => buildSmsDb(db, [{ text: "See you at 6", handle: "+15555550124", date: "2024-02-11 18:01:00" }]));
  return b.finish();
}

/** The run folders in the origin's OPFS, each with its files and their sizes. */
const opfsFolders = (page: Page) =>
  page.evaluate(async () => {
    const root = (await navigator.storage.getDirectory()) as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> };
    const out: Record<string, Record<string, number>> = {};
    for await (const [name, h] of root.entries()) {
      if (h.kind !== "directory") continue;
      out[name] = {};
      for await (const [f, fh] of (h as unknown as { entries(): AsyncIterable<[string, FileSystemFileHandle]> }).entries()) out[name]![f] = (await fh.getFile()).size;
    }
    return out;
  });

async function zipFiles(b64: string): Promise<Map<string, Uint8Array>> {
  const zip = await openZip(memoryFile("r.zip", Buffer.from(b64, "base64")));
  const files = new Map<string, Uint8Array>();
  for (const e of zip.entries) files.set(e.name, await zip.bytes(e));
  return files;
}

test("OPFS results: written and zipped in the run's folder, earlier and cancelled runs removed, the same files as the Blob fallback", { skip, timeout: 240_000 }, async () => {
  const dir = backup();
  const site = await serveWorker(tempDir("spyglass-opfs-site-"));
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launchPersistentContext(tempDir("spyglass-opfs-profile-"), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(site.origin + "/");
    await page.setInputFiles("#folder", dir);
    const indicators = [{ name: "test.stix2", text: readFileSync(TEST_STIX2, "utf8") }];
    const run = (script: string) => page.evaluate(([i, s]) => (window as any).run("folder", i, undefined, false, s), [indicators, script] as const);

    const first = await run("/worker.js");
    assert.equal(first.type, "done", JSON.stringify(first).slice(0, 300));
    assert.equal(first.outcome, "known-spyware");
    assert.equal(first.resultsIn, "opfs");
    let folders = await opfsFolders(page);
    const names = Object.keys(folders).filter((n) => n.startsWith("spyglass-run-"));
    assert.equal(names.length, 1, `one run folder: ${JSON.stringify(folders)}`);
    const inOpfs = await zipFiles(first.resultsZip);
    assert.ok(inOpfs.has("sms.json") && inOpfs.has("timeline.csv") && inOpfs.has("alerts.json"), [...inOpfs.keys()].join(", "));
    // The folder holds the results files the zip is made of (the spilled timeline runs were removed once merged).
    assert.deepEqual(folders[names[0]!], Object.fromEntries([...inOpfs].map(([n, b]) => [n, b.length])));
    assert.ok(new TextDecoder().decode(inOpfs.get("timeline.csv")!).trim().split("\n").length > 120_000, "every message and visit in the timeline (past spilled runs)");
    const info = JSON.parse(new TextDecoder().decode(inOpfs.get("info.json")!)) as { threads?: { jobs: number }; hashes: { file_path: string; sha256: string }[] };
    assert.ok((info.threads?.jobs ?? 0) > 0, `the SMS table was parsed in ranges on nested workers: ${JSON.stringify(info.threads)}`);
    // sms.db is large enough to be copied into OPFS and read there, and hashed while the modules run: its digest is
    // still the evidence's (the folder above holds no copy: removed at the end).
    const smsDb = readFileSync(join(dir, "3d", "3d0d7e5fb2ce288813306e4d4636395e047a3d28"));
    assert.ok(smsDb.length >= COPY_MIN_BYTES, `sms.db is ${smsDb.length} bytes`);
    const digests = new Set(info.hashes.map((h) => h.sha256));
    assert.ok(digests.has(createHash("sha256").update(smsDb).digest("hex")), `sms.db's digest in info.json: ${JSON.stringify(info.hashes)}`);

    // Without OPFS and nested workers (the fallbacks): the results in Blobs, the same files byte for byte.
    const blobs = await run("/no-opfs-worker.js");
    assert.equal(blobs.type, "done", JSON.stringify(blobs).slice(0, 300));
    assert.equal(blobs.resultsIn, "memory");
    const inMemory = await zipFiles(blobs.resultsZip);
    assert.deepEqual([...inMemory.keys()], [...inOpfs.keys()]);
    for (const [name, bytes] of inOpfs) {
      if (["info.json", "command.log", "report.html"].includes(name)) continue;
      assert.ok(Buffer.from(bytes).equals(Buffer.from(inMemory.get(name)!)), `${name}: the same bytes through OPFS and through Blobs`);
    }

    // A run cancelled mid-way (the worker terminated): its folder is left, and the start removed the previous one.
    const cancelled = await page.evaluate(
      ([i]) =>
        new Promise<string>((resolve) => {
          const w = new Worker("/worker.js", { type: "module" });
          w.onmessage = (e) => {
            if (e.data.type !== "progress") return;
            w.terminate();
            resolve("terminated");
          };
          w.postMessage({ type: "start", evidence: { kind: "folder", files: [...(document.getElementById("folder") as HTMLInputElement).files!] }, indicators: i });
        }),
      [indicators] as const,
    );
    assert.equal(cancelled, "terminated");
    folders = await opfsFolders(page);
    const left = Object.keys(folders).filter((n) => n.startsWith("spyglass-run-"));
    assert.equal(left.length, 1);
    assert.notEqual(left[0], names[0], "the finished run's folder was removed when the next run started");

    // The next run (on a small backup: the size is not the point) removes the cancelled run's leftovers.
    await page.setInputFiles("#folder", tinyBackup());
    const again = await run("/worker.js");
    assert.equal(again.type, "done");
    folders = await opfsFolders(page);
    const now = Object.keys(folders).filter((n) => n.startsWith("spyglass-run-"));
    assert.equal(now.length, 1);
    assert.ok(!now.includes(left[0]!), "the cancelled run's folder is gone");

  } finally {
    await browser.close();
    await site.close();
  }
});
