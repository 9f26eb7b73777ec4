import { test } from "node:test";
import { exactInteger } from "../../core/exact-int.ts";
import assert from "node:assert/strict";
import def from "./chrome-favicon.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder } from "../../../test/builders/ios-backup.ts";
import { chromeTimeOf } from "../../../test/builders/ios/chrome-history.ts";
import { buildChromeFaviconsDb, type ChromeFaviconEntry } from "../../../test/builders/ios/chrome-favicon.ts";

const DOMAIN = "AppDomain-com.google.chrome.ios";
const PATH = "Library/Application Support/Google/Chrome/Default/Favicons";
const entries: ChromeFaviconEntry[] = [
  { pageUrl: "https://news.example.net/", iconUrl: "https://news.example.net/favicon.ico", lastUpdated: chromeTimeOf("2023-05-02 08:00:00") },
  { pageUrl: "https://shop.example.net/cart", iconUrl: "https://cdn.example.com/thisisbad/icon.png", lastUpdated: 0n, lastRequested: chromeTimeOf("2023-05-01 07:30:00.5") },
  { pageUrl: "https://news.example.net/world", iconUrl: "https://news.example.net/favicon.ico", lastUpdated: chromeTimeOf("2023-05-02 08:00:00") },
];

function backup(schema: "current" | "old" = "current") {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite(DOMAIN, PATH, (db) => buildChromeFaviconsDb(db, entries, schema));
  return b.finish();
}

test("MVT backup: no Chrome favicons → no records", async () => {
  const run = await runBackupModule(def, MVT_BACKUP, testIocs());
  assert.equal(run.records.length, 0);
});

test("records sorted by time; last_updated, else last_requested; new_favicon events", async () => {
  const run = await runBackupModule(def, backup());
  assert.deepEqual(run.records, [
    { url: "https://shop.example.net/cart", icon_url: "https://cdn.example.com/thisisbad/icon.png", timestamp: exactInteger(chromeTimeOf("2023-05-01 07:30:00.5")), isodate: "2023-05-01 07:30:00.500000" },
    { url: "https://news.example.net/", icon_url: "https://news.example.net/favicon.ico", timestamp: exactInteger(chromeTimeOf("2023-05-02 08:00:00")), isodate: "2023-05-02 08:00:00.000000" },
    { url: "https://news.example.net/world", icon_url: "https://news.example.net/favicon.ico", timestamp: exactInteger(chromeTimeOf("2023-05-02 08:00:00")), isodate: "2023-05-02 08:00:00.000000" },
  ]);
  assert.deepEqual(run.timeline[0], {
    timestamp: "2023-05-01 07:30:00.500000", module: "ChromeFavicon", event: "new_favicon",
    data: "https://cdn.example.com/thisisbad/icon.png from https://shop.example.net/cart",
  });
});

test("indicators: page url checked first, then icon url; a near miss stays silent", async () => {
  const icon = await runBackupModule(def, backup(), testIocs(["domain-name:value", "cdn.example.com"]));
  assert.equal(icon.alerts.length, 1);
  assert.equal((icon.alerts[0]!.event as { url: string }).url, "https://shop.example.net/cart");
  assert.equal(icon.alerts[0]!.matched_indicator?.value, "cdn.example.com");
  const page = await runBackupModule(def, backup(), testIocs(["domain-name:value", "news.example.net"]));
  assert.equal(page.alerts.length, 2);
  const miss = await runBackupModule(def, backup(), testIocs(["domain-name:value", "ews.example.net"]));
  assert.equal(miss.alerts.length, 0);
});

test("older schema without last_requested: a zero last_updated gives an empty isodate", async () => {
  const run = await runBackupModule(def, backup("old"));
  assert.equal(run.records.length, 3);
  assert.equal(run.records[0].timestamp, 0);
  assert.equal(run.records[0].isodate, "");
});

test("a corrupt Favicons DB → one warning naming the file", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.file(DOMAIN, PATH, "SQLite format 3\u0000 but then garbage".repeat(64));
  const run = await runBackupModule(def, b.finish());
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /Chrome\/Default\/Favicons/);
});
