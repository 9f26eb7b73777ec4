import { test } from "node:test";
import assert from "node:assert/strict";
import def from "./firefox-history.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder, unix } from "../../../test/builders/ios-backup.ts";
import { firefoxBackup, FIREFOX_DB as PATH, FIREFOX_DOMAIN as DOMAIN, type BrowserDbSchema, type FirefoxSite } from "../../../test/builders/ios/firefox-history.ts";

const us = (text: string) => unix(text) * 1e6;
const sites: FirefoxSite[] = [
  { url: "https://www.example.net/", title: "Example", visits: [{ date: us("2022-07-01 09:00:00") + 250_000 }, { date: us("2022-07-02 10:00:00"), type: 2, isLocal: false }] },
  { url: "http://example.com/thisisbad", title: "Bad", visits: [{ date: us("2022-07-03 11:00:00") }] },
];

const backup = (schema: BrowserDbSchema = "v40") => firefoxBackup(tempDir(), sites, schema);

test("MVT backup: no Firefox → no records", async () => {
  const run = await runBackupModule(def, MVT_BACKUP, testIocs());
  assert.equal(run.records.length, 0);
});

test("visits with MVT's keys (incl. i1000000s_local) and µs dates; firefox_history events", async () => {
  const run = await runBackupModule(def, backup());
  assert.deepEqual(run.records, [
    { id: 1, isodate: "2022-07-01 09:00:00.250000", url: "https://www.example.net/", title: "Example", i1000000s_local: 1, type: 1 },
    { id: 2, isodate: "2022-07-02 10:00:00.000000", url: "https://www.example.net/", title: "Example", i1000000s_local: 0, type: 2 },
    { id: 3, isodate: "2022-07-03 11:00:00.000000", url: "http://example.com/thisisbad", title: "Bad", i1000000s_local: 1, type: 1 },
  ]);
  assert.deepEqual(run.timeline[2], {
    timestamp: "2022-07-03 11:00:00.000000", module: "FirefoxHistory", event: "firefox_history",
    data: "Firefox visit with ID 3 to URL: http://example.com/thisisbad",
  });
});

test("indicator: test.stix2's URL indicator matches exactly one visit", async () => {
  const run = await runBackupModule(def, backup(), testIocs());
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.level, "CRITICAL");
  assert.equal(run.alerts[0]!.matched_indicator?.type, "urls");
  assert.equal((run.alerts[0]!.event as { id: number }).id, 3);
});

test("older integer dates divide as MVT's SQL does (whole seconds); v100+ browser.db has no history", async () => {
  const old = await runBackupModule(def, backup("old-int-dates"));
  assert.equal(old.records[0].isodate, "2022-07-01 09:00:00.000000");
  const v100 = await runBackupModule(def, backup("v100"));
  assert.equal(v100.records.length, 0);
  assert.equal(v100.warnings.length, 0);
});

test("a corrupt browser.db → one warning naming the file", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.file(DOMAIN, PATH, new Uint8Array(1000).fill(1));
  const run = await runBackupModule(def, b.finish());
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /profile\.profile\/browser\.db/);
});
