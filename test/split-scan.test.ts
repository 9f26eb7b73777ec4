import { test } from "node:test";
import { join } from "node:path";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import assert from "node:assert/strict";
import { scan } from "../src/core/scan.ts";
import type { Host } from "../src/core/host.ts";
import { ARTIFACTS } from "../src/artifacts/index.ts";
import { openIosBackup } from "../src/inputs/ios-backup.ts";
import { localDir } from "../src/node/fs-source.ts";
import { nodeHost } from "../src/node/host.ts";
import { nodeParallel } from "../src/node/parallel.ts";
import { nodeTimelineTail } from "../src/node/timeline-tail.ts";
import { timelineLine } from "../src/outputs/timeline.ts";
import { localOutputDir } from "../src/node/output-dir.ts";
import { mvtFolderSink } from "../src/outputs/mvt-folder.ts";
import { defaultCrossChecks } from "../src/checks/cross-checks.ts";
import { IosBackupBuilder } from "./builders/ios-backup.ts";
import { buildSmsDb } from "./builders/ios/sms.ts";
import { buildSafariHistoryDb } from "./builders/ios/safari-history.ts";
import { hashTree } from "./helpers/cli.ts";
import { testIocs } from "./helpers/indicators.ts";
import { tempDir } from "./helpers/tmp.ts";

const SPLIT = { minRows: 10, chunkRows: 7, keyChunkRows: 7, inFlight: 3 };

function backup(): string {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", "Library/SMS/sms.db", (db) => {
    buildSmsDb(db, Array.from({ length: 61 }, (_, i) => ({ text: `m${i} https://${i % 9 ? "ok" : "evil"}.example.net/${i}`, handle: `+1555000${i % 4}`, date: `2024-01-01 00:00:${String(i % 60).padStart(2, "0")}` })));
    // A gap of a billion ROWIDs: ranges still hold 7 rows each.
    db.exec("UPDATE message SET ROWID = ROWID + 1000000000 WHERE ROWID > 30");
  });
  // Visits with equal times (ties across a range edge must not split), out of time order, and a fast cross-domain
  // redirect from http (an injection alert, raised once per database).
  b.sqlite("AppDomain-com.apple.mobilesafari", "Library/Safari/History.db", (db) =>
    buildSafariHistoryDb(db, [
      ...Array.from({ length: 45 }, (_, i) => ({ url: `https://site${i % 6}.example.org/p${i}`, time: 700_000_000 + ((i * 7) % 13) })),
      { url: "http://news.example.com/", time: 700_000_100, visitId: 1000, redirectDestination: 1001 },
      { url: "https://evil.example.net/landing", time: 700_000_100.2, visitId: 1001, redirectSource: 1000 },
    ]),
  );
  for (let i = 0; i < 40; i++) b.row(`AppDomain-com.example.app${i % 3}`, `Library/Caches/f${i}.dat`, 1);
  const dir = b.finish();
  // Two rows whose metadata blob does not parse: one warning per file, counted across ranges.
  const db = new Database(join(dir, "Manifest.db"));
  db.exec("UPDATE Files SET file = x'00' WHERE ROWID IN (5, 30)");
  db.close();
  return dir;
}

async function run(dir: string, host: Host) {
  const out = tempDir();
  // With threads, the timeline is merged in two halves as the CLI does (from 10 rows here, not 200,000).
  const tail = host.parallel ? { timelineTail: nodeTimelineTail, tailMinRows: 10 } : {};
  const folder = mvtFolderSink(localOutputDir(out), { timezone: "utc", scratch: nodeHost.scratch, ...tail });
  const acquisition = await openIosBackup(localDir(dir), nodeHost);
  const indicators = testIocs(["domain-name:value", "evil.example.net"]);
  const result = await scan({ acquisition, artifacts: ARTIFACTS, host, indicators, sink: folder.sink, only: ["ios.sms", "ios.manifest", "ios.safari-history"], checks: defaultCrossChecks(), split: SPLIT });
  await folder.finish();
  acquisition.close();
  return { out, files: hashTree(out), split: result.split, alerts: result.alerts.filter((a) => a.module === "sms" || a.module === "safari_history").length, warnings: result.warnings };
}

test("ranges parsed on worker threads, or redone here when every worker fails, write what one thread writes", { timeout: 60_000 }, async () => {
  const dir = backup();
  const serial = await run(dir, nodeHost);
  assert.deepEqual(serial.split, { jobs: 0, redone_on_main_thread: 0 });
  assert.equal(serial.alerts, 54); // 7 messages; 46 visits matching test.stix2's example.org or evil.example.net; the injection

  const threaded = await run(dir, { ...nodeHost, parallel: nodeParallel(2) });
  // 61 messages and 42 files in ranges of 7 rows (9 + 6); 47 visits cut after ≥ 7 rows where the time changes (7).
  assert.deepEqual(threaded.split, { jobs: 22, redone_on_main_thread: 0 });
  assert.deepEqual(threaded.files, serial.files);

  const broken: Host["parallel"] = { start: () => ({ threads: 2, run: async () => Promise.reject(new Error("worker died")), close: async () => {} }) };
  const fallback = await run(dir, { ...nodeHost, parallel: broken });
  assert.deepEqual(fallback.split, { jobs: 22, redone_on_main_thread: 22 });
  assert.deepEqual(fallback.files, serial.files);
  assert.deepEqual(fallback.warnings, serial.warnings);
  assert.deepEqual(threaded.warnings, serial.warnings);
  assert.deepEqual(serial.warnings.filter((w) => w.module === "manifest").map((w) => w.message.replace(/first: .*/, "first:")), ["2 Manifest.db rows have unreadable file metadata; first:"]);
  // Threads that cannot start: every table parsed here, the same results.
  const noThreads: Host["parallel"] = {
    start: () => {
      throw new Error("no threads here");
    },
  };
  const unstartable = await run(dir, { ...nodeHost, parallel: noThreads });
  assert.deepEqual(unstartable.split, { jobs: 0, redone_on_main_thread: 0 });
  assert.deepEqual(unstartable.files, serial.files);
  assert.ok(serial.files["sms.json"] && serial.files["timeline.csv"] && serial.files["sms_detected.json"]);
});

test("a database whose newest rows are only in its -wal: workers read the replayed copy, every row once", { timeout: 60_000 }, async () => {
  const b = new IosBackupBuilder(tempDir());
  const SMS_DB = "Library/SMS/sms.db";
  const message = (i: number) => ({ text: `w${i} https://site${i % 5}.example.org/`, handle: "+15550001111", date: `2024-02-01 00:00:${String(i % 60).padStart(2, "0")}` });
  let mainBytes = new Uint8Array();
  let walBytes = new Uint8Array();
  const path = b.sqlite("HomeDomain", SMS_DB, (db) => {
    buildSmsDb(db, Array.from({ length: 30 }, (_, i) => message(i)));
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.pragma("wal_autocheckpoint=0");
    mainBytes = readFileSync(b.pathOf("HomeDomain", SMS_DB));
    buildSmsDb(db, Array.from({ length: 25 }, (_, i) => message(30 + i)));
    walBytes = readFileSync(b.pathOf("HomeDomain", SMS_DB) + "-wal");
  }, { wal: true });
  // Closing the builder's connection checkpointed the WAL: put back the main file as it was before.
  writeFileSync(path, mainBytes);
  for (const s of ["-wal", "-shm"]) rmSync(path + s, { force: true });
  b.file("HomeDomain", SMS_DB + "-wal", walBytes);
  const dir = b.finish();
  const before = hashTree(dir);
  const serial = await run(dir, nodeHost);
  const threaded = await run(dir, { ...nodeHost, parallel: nodeParallel(2) });
  assert.deepEqual(threaded.split, { jobs: 8, redone_on_main_thread: 0 }); // 55 messages in ranges of 7
  assert.deepEqual(threaded.files, serial.files);
  assert.equal((JSON.parse(readFileSync(join(threaded.out, "sms.json"), "utf8")) as unknown[]).length, 55);
  assert.deepEqual(hashTree(dir), before, "the evidence is unchanged");
});

test("the timeline's later half is merged on a worker thread from the scratch file", async () => {
  const scratch = await nodeHost.scratch();
  const row = (ts: string, data: string) => timelineLine(ts, 0, "e", data, "SMS");
  const a = await scratch.spill([row("2024-01-01", "a1"), row("2024-03-01", "a2"), row("2024-05-01", "é")].join("\n"));
  const b = await scratch.spill([row("2024-02-01", "b1"), row("2024-03-01", "a2"), row("2024-04-01", "b2")].join("\n"));
  const tail = await nodeTimelineTail([a.location, b.location], "2024-03-01");
  let text = "";
  for await (const piece of tail.chunks()) text += new TextDecoder().decode(piece);
  await tail.dispose();
  await scratch.dispose();
  assert.equal(tail.rows, 3); // from 2024-03-01 on, the duplicate once
  assert.equal(text, '"2024-03-01","SMS","e","a2"\r\n"2024-04-01","SMS","e","b2"\r\n"2024-05-01","SMS","e","é"\r\n');
  assert.deepEqual(tail.counts.perPlugin, [["SMS", 3]]);
});
