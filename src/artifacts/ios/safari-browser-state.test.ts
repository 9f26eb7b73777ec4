import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import def from "./safari-browser-state.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder, appleTime } from "../../../test/builders/ios-backup.ts";
import { buildBrowserStateDb, sessionBlob, type SafariTab } from "../../../test/builders/ios/safari-browser-state.ts";

const MVT_DB = "3a/3a47b0981ed7c10f3e2800aa66bac96a3b5db28e";
const NSO_TAB = {
  tab_title: "NSO is bad",
  tab_url: "https://en.wikipedia.org/wiki/NSO_Group",
  tab_visible_url: "https://en.wikipedia.org/wiki/NSO_Group",
  last_viewed_timestamp: "2021-09-29 08:56:46.156382",
  session_data: [],
  safari_browser_state_db: MVT_DB,
};

test("#13 MVT backup: 1 tab, 1 timeline event, 0 alerts (also with test.stix2)", async () => {
  const run = await runBackupModule(def, MVT_BACKUP);
  assert.deepEqual(run.records, [NSO_TAB]);
  assert.deepEqual(run.timeline, [
    { timestamp: "2021-09-29 08:56:46.156382", module: "SafariBrowserState", event: "tab", data: "NSO is bad - https://en.wikipedia.org/wiki/NSO_Group" },
  ]);
  assert.equal(run.alerts.length, 0);
  const withIocs = await runBackupModule(def, MVT_BACKUP, testIocs());
  assert.equal(withIocs.records.length, 1);
  assert.equal(withIocs.alerts.length, 0);
});

test("#14 a profile BrowserState.db (copy of MVT's) is read too, under its own path", async () => {
  const b = new IosBackupBuilder(tempDir());
  const bytes = readFileSync(MVT_BACKUP + MVT_DB);
  b.file("HomeDomain", "Library/Safari/BrowserState.db", bytes);
  const prof = b.file("AppDomain-com.apple.mobilesafari", "Library/Safari/Profiles/00000000-0000-4000-A000-000000000001/BrowserState.db", bytes);
  const run = await runBackupModule(def, b.finish());
  assert.equal(run.records.length, 2);
  assert.deepEqual(new Set(run.records.map((r) => r.safari_browser_state_db)), new Set([MVT_DB, relative(b.dir, prof)]));
});

test("#15 detection: test.stix2 + en.wikipedia.org → 1 CRITICAL on tab_url", async () => {
  const run = await runBackupModule(def, MVT_BACKUP, testIocs(["domain-name:value", "en.wikipedia.org"]));
  assert.equal(run.records.length, 1);
  assert.equal(run.records[0].tab_url, "https://en.wikipedia.org/wiki/NSO_Group");
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.level, "CRITICAL");
  assert.equal(run.alerts[0]!.matched_indicator?.value, "en.wikipedia.org");
  assert.equal(run.alerts[0]!.event_time, "");
});

const tabs: SafariTab[] = [
  {
    title: "Landing",
    url: "https://news.example.net/landing",
    lastViewed: appleTime("2024-03-01 09:00:00"),
    session: sessionBlob([
      { url: "https://news.example.net/", originalUrl: "https://news.example.net/?ref=1", data: new Uint8Array(10) },
      { url: "https://b.example.net/track", title: "Tracker" },
    ]),
  },
  { title: null, url: "https://notb.example.net/", lastViewed: appleTime("2024-03-01 09:10:00"), session: null },
  { title: "No session row", url: "https://hidden.example.net/", lastViewed: appleTime("2024-03-01 09:20:00"), sessionRow: false },
  { title: "Compressed", url: "https://z.example.net/", lastViewed: null, session: new Uint8Array([0, 0, 0, 3, 0x78, 0x9c, 1, 2, 3, 4]) },
];

function genBackup(schema: "ios14" | "ios11" = "ios14") {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", "Library/Safari/BrowserState.db", (db) => buildBrowserStateDb(db, tabs, schema));
  return b.finish();
}

test("session blobs: entries with title (= original URL), url and data length; unreadable blobs give []", async () => {
  const run = await runBackupModule(def, genBackup());
  // MVT's inner join: the tab without a tab_sessions row is not reported.
  assert.deepEqual(run.records.map((r) => r.tab_url), ["https://z.example.net/", "https://news.example.net/landing", "https://notb.example.net/"]);
  const landing = run.records.find((r) => r.tab_title === "Landing");
  assert.deepEqual(landing.session_data, [
    { entry_title: "https://news.example.net/?ref=1", entry_url: "https://news.example.net/", data_length: 10 },
    { entry_title: "https://b.example.net/track", entry_url: "https://b.example.net/track", data_length: 0 },
  ]);
  assert.deepEqual(run.records.find((r) => r.tab_title === "Compressed").session_data, []);
  assert.equal(run.records.find((r) => r.tab_title === "Compressed").last_viewed_timestamp, "");
  assert.ok(run.timeline.some((e) => e.timestamp === "2024-03-01 09:10:00.000000" && e.data === "None - https://notb.example.net/"));
  assert.equal(run.warnings.length, 0);
});

test("indicator in a session entry → 1 CRITICAL for that tab; a look-alike domain does not match", async () => {
  const run = await runBackupModule(def, genBackup(), testIocs(["domain-name:value", "b.example.net"]));
  assert.equal(run.alerts.length, 1);
  assert.equal((run.alerts[0]!.event as { tab_title: string }).tab_title, "Landing");
  assert.equal(run.alerts[0]!.message.includes("https://b.example.net/track"), true);
});

test("iOS 11 schema: session blob inside tabs", async () => {
  const run = await runBackupModule(def, genBackup("ios11"));
  assert.equal(run.records.length, 4); // no join in the old schema: every tab
  assert.equal(run.records.find((r) => r.tab_title === "Landing").session_data.length, 2);
  assert.equal(run.records.find((r) => r.tab_title === "Landing").last_viewed_timestamp, "2024-03-01 09:00:00.000000");
});

test("a corrupt BrowserState.db gives exactly one warning naming the file", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.file("HomeDomain", "Library/Safari/BrowserState.db", new Uint8Array(4096).fill(0xab));
  const run = await runBackupModule(def, b.finish());
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /Library\/Safari\/BrowserState\.db/);
});
