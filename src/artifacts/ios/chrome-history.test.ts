import { test } from "node:test";
import { exactInteger } from "../../core/exact-int.ts";
import assert from "node:assert/strict";
import def, { chromeTime } from "./chrome-history.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder } from "../../../test/builders/ios-backup.ts";
import { buildChromeHistoryDb, chromeTimeOf, type ChromeVisit } from "../../../test/builders/ios/chrome-history.ts";

const DOMAIN = "AppDomain-com.google.chrome.ios";
const PATH = "Library/Application Support/Google/Chrome/Default/History";
const visits: ChromeVisit[] = [
  { url: "https://search.example.net/?q=news", title: "Search", time: chromeTimeOf("2023-03-01 12:00:05.000001") },
  { url: "https://bit.example.net/redirect", time: chromeTimeOf("2023-03-01 12:00:00.123457") },
  { url: "https://landing.example.org/page", title: "Landing", time: chromeTimeOf("2023-03-01 12:00:06"), fromVisit: 1 },
];

function backup(schema: "current" | "old" = "current") {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite(DOMAIN, PATH, (db) => buildChromeHistoryDb(db, visits, schema));
  return b.finish();
}

test("MVT backup: no Chrome history → no records", async () => {
  const run = await runBackupModule(def, MVT_BACKUP, testIocs());
  assert.equal(run.records.length, 0);
  assert.equal(run.alerts.length, 0);
});

test("visits in time order with the raw Chrome time kept exact (beyond 2^53) and the redirect source", async () => {
  const run = await runBackupModule(def, backup());
  assert.deepEqual(run.records, [
    { id: 2, url: "https://bit.example.net/redirect", visit_id: 2, timestamp: exactInteger(13322145600123457n), isodate: "2023-03-01 12:00:00.123457", redirect_source: 0 },
    { id: 1, url: "https://search.example.net/?q=news", visit_id: 1, timestamp: exactInteger(13322145605000001n), isodate: "2023-03-01 12:00:05.000001", redirect_source: 0 },
    { id: 3, url: "https://landing.example.org/page", visit_id: 3, timestamp: exactInteger(13322145606000000n), isodate: "2023-03-01 12:00:06.000000", redirect_source: 1 },
  ]);
  assert.deepEqual(run.timeline.find((e) => e.timestamp.endsWith("06.000000")), {
    timestamp: "2023-03-01 12:00:06.000000", module: "ChromeHistory", event: "visit",
    data: "3 - https://landing.example.org/page (visit ID: 3, redirect source: 1)",
  });
  assert.equal(run.timeline.length, 3);
});

test("indicator: example.org (test.stix2) matches the landing page only → 1 CRITICAL", async () => {
  const run = await runBackupModule(def, backup(), testIocs());
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.level, "CRITICAL");
  assert.equal((run.alerts[0]!.event as { url: string }).url, "https://landing.example.org/page");
  assert.equal(run.alerts[0]!.matched_indicator?.value, "example.org");
});

test("old (v30) schema reads the same", async () => {
  const run = await runBackupModule(def, backup("old"));
  assert.equal(run.records.length, 3);
  assert.equal(run.records[2].redirect_source, 1);
});

test("Chrome time conversion: 0 → empty, numbers and bigints", () => {
  assert.equal(chromeTime(0n), "");
  assert.equal(chromeTime(null), "");
  assert.equal(chromeTime(13322145600123457n), "2023-03-01 12:00:00.123457");
  assert.equal(chromeTime(11644473600000000), "1970-01-01 00:00:00.000000");
});

test("missing tables → no records; a corrupt DB → one warning naming the file", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite(DOMAIN, PATH, (db) => db.exec("CREATE TABLE meta (key TEXT, value TEXT)"));
  assert.equal((await runBackupModule(def, b.finish())).records.length, 0);
  const c = new IosBackupBuilder(tempDir());
  c.file(DOMAIN, PATH, new Uint8Array(2048).fill(7));
  const run = await runBackupModule(def, c.finish());
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /Chrome\/Default\/History/);
});
