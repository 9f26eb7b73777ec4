import { test } from "node:test";
import assert from "node:assert/strict";
import def from "./firefox-favicon.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder, unix } from "../../../test/builders/ios-backup.ts";
import { firefoxBackup, FIREFOX_DB as PATH, FIREFOX_DOMAIN as DOMAIN, type BrowserDbSchema, type FirefoxSite } from "../../../test/builders/ios/firefox-favicon.ts";

const sites: FirefoxSite[] = [
  { url: "https://news.example.net/today", favicons: [{ url: "https://news.example.net/favicon.ico", width: 16, height: 16, date: unix("2022-08-01 12:00:00") + 0.5 }] },
  { url: "https://www.example.org/", favicons: [{ url: "https://icons.example.net/o.png", type: 2, date: unix("2022-08-02 12:00:00") }] },
  { url: "https://nofavicon.example.net/" },
];

const backup = (schema: BrowserDbSchema = "v40") => firefoxBackup(tempDir(), sites, schema);

test("MVT backup: no Firefox → no records", async () => {
  const run = await runBackupModule(def, MVT_BACKUP, testIocs());
  assert.equal(run.records.length, 0);
});

test("favicons joined to the pages they were fetched for, with MVT's keys and events", async () => {
  const run = await runBackupModule(def, backup());
  assert.deepEqual(run.records, [
    { id: 1, url: "https://news.example.net/favicon.ico", width: 16, height: 16, type: 1, isodate: "2022-08-01 12:00:00.500000", history_id: 1, history_url: "https://news.example.net/today" },
    { id: 2, url: "https://icons.example.net/o.png", width: 32, height: 32, type: 2, isodate: "2022-08-02 12:00:00.000000", history_id: 2, history_url: "https://www.example.org/" },
  ]);
  assert.deepEqual(run.timeline[0], {
    timestamp: "2022-08-01 12:00:00.500000", module: "FirefoxFavicon", event: "firefox_history",
    data: "Firefox favicon https://news.example.net/favicon.ico when visiting https://news.example.net/today",
  });
});

test("indicators: the icon url first, then the page url (example.org of test.stix2); no other match", async () => {
  const run = await runBackupModule(def, backup(), testIocs());
  assert.equal(run.alerts.length, 1);
  assert.equal((run.alerts[0]!.event as { history_url: string }).history_url, "https://www.example.org/");
  assert.equal(run.alerts[0]!.matched_indicator?.value, "example.org");
  const icon = await runBackupModule(def, backup(), testIocs(["domain-name:value", "icons.example.net"]));
  assert.equal(icon.alerts.length, 1);
  assert.equal(icon.alerts[0]!.matched_indicator?.value, "icons.example.net"); // the icon url is checked before the page's example.org
});

test("v100+ browser.db without favicon tables → no records, no warning", async () => {
  const run = await runBackupModule(def, backup("v100"));
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 0);
});

test("a corrupt browser.db → one warning naming the file", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.file(DOMAIN, PATH, "not sqlite at all ".repeat(50));
  const run = await runBackupModule(def, b.finish());
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /profile\.profile\/browser\.db/);
});
