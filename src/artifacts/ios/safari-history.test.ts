import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import Database from "better-sqlite3";
import def from "./safari-history.ts";
import { MVT_BACKUP, runBackupModule, runOn } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder, appleTime } from "../../../test/builders/ios-backup.ts";
import { buildSafariHistoryDb, fsDumpAcquisition, type SafariVisit } from "../../../test/builders/ios/safari-history.ts";

// MVT's fixture values (tests/ios_backup/test_safari_history.py).
const PROFILE = "Library/Safari/Profiles/00000000-0000-4000-A000-000000000001/History.db";
const DEFAULT_URL = "https://default.example.net/visited-page";
const PROFILE_URL = "https://profile.example.net/visited-page";
const T0 = 726100000.0; // 2024-01-04 22:26:40 UTC
const one = (url: string): SafariVisit[] => [{ url, time: T0 }];

function profileBackup(defaultVisits: SafariVisit[] = one(DEFAULT_URL), profileVisits: SafariVisit[] = one(PROFILE_URL)) {
  const b = new IosBackupBuilder(tempDir());
  const def1 = b.sqlite("HomeDomain", "Library/Safari/History.db", (db) => buildSafariHistoryDb(db, defaultVisits, "mvt-minimal"));
  const prof = b.sqlite("AppDomain-com.apple.mobilesafari", PROFILE, (db) => buildSafariHistoryDb(db, profileVisits, "mvt-minimal"));
  return { dir: b.finish(), def1: relative(b.dir, def1), prof: relative(b.dir, prof) };
}

function fsDump(defaultVisits: SafariVisit[], profileVisits: SafariVisit[]) {
  const dir = tempDir();
  const safari = join(dir, "private/var/mobile/Library/Safari");
  mkdirSync(join(safari, "Profiles/00000000-0000-4000-A000-000000000001"), { recursive: true });
  const make = (p: string, v: SafariVisit[]) => {
    const db = new Database(p);
    buildSafariHistoryDb(db, v, "mvt-minimal");
    db.close();
  };
  make(join(safari, "History.db"), defaultVisits);
  make(join(safari, "Profiles/00000000-0000-4000-A000-000000000001/History.db"), profileVisits);
  return fsDumpAcquisition(dir);
}

test("#16 MVT backup: History.db is listed but absent → 0 records, 0 alerts", async () => {
  const run = await runBackupModule(def, MVT_BACKUP, testIocs());
  assert.equal(run.records.length, 0);
  assert.equal(run.alerts.length, 0);
  assert.equal(run.warnings.length, 0);
});

test("#17 backup with a Safari profile: both databases are read, with the payload path", async () => {
  const { dir, def1, prof } = profileBackup();
  const run = await runBackupModule(def, dir);
  assert.equal(run.records.length, 2);
  assert.deepEqual(new Set(run.records.map((r) => r.url)), new Set([DEFAULT_URL, PROFILE_URL]));
  assert.deepEqual(new Set(run.records.map((r) => r.safari_history_db)), new Set([def1, prof]));
  assert.match(def1, /^1a\/1a0e7afc19d307da602ccdcece51af33afe92c53$/);
  assert.deepEqual(run.records.find((r) => r.url === DEFAULT_URL), {
    id: 1, url: DEFAULT_URL, visit_id: 1, timestamp: T0, isodate: "2024-01-04 22:26:40.000000",
    redirect_source: null, redirect_destination: null, safari_history_db: def1,
  });
  assert.deepEqual(run.timeline.find((e) => e.data.includes(PROFILE_URL)), {
    timestamp: "2024-01-04 22:26:40.000000", module: "SafariHistory", event: "safari_history",
    data: `Safari visit to ${PROFILE_URL} (ID: 1, Visit ID: 1)`,
  });
  assert.equal(run.alerts.length, 0);
});

test("#18 filesystem dump with a profile: both History.db files, named by their dump path", async () => {
  const run = await runOn(fsDump(one(DEFAULT_URL), one(PROFILE_URL)), def);
  assert.equal(run.records.length, 2);
  assert.deepEqual(new Set(run.records.map((r) => r.url)), new Set([DEFAULT_URL, PROFILE_URL]));
  assert.equal(run.records.find((r) => r.url === DEFAULT_URL)!.safari_history_db, "private/var/mobile/Library/Safari/History.db");
});

// Default DB: http→https upgrade on one host (visit 1 → 2). Profile DB: its single visit has id 2 too, on another domain,
// at the same time: a lookup across databases would pair them and raise a false MEDIUM.
const scopedDefault: SafariVisit[] = [
  { url: "http://safe.example.com/start", time: T0, visitId: 1, redirectDestination: 2 },
  { url: "https://safe.example.com/end", time: 726100000.1, visitId: 2, redirectSource: 1 },
];
const scopedProfile: SafariVisit[] = [{ url: PROFILE_URL, time: T0, visitId: 2 }];

test("#19 redirect ids are scoped to their database (fs dump and backup)", async () => {
  const fs = await runOn(fsDump(scopedDefault, scopedProfile), def);
  assert.equal(fs.records.length, 3);
  assert.equal(fs.alerts.length, 0);
  const bk = await runBackupModule(def, profileBackup(scopedDefault, scopedProfile).dir);
  assert.equal(bk.records.length, 3);
  assert.equal(bk.alerts.length, 0);
});

test("#20 an indicator visited only inside a profile alerts (CRITICAL, at the visit time); the default URL does not", async () => {
  const run = await runBackupModule(def, profileBackup().dir, testIocs(["domain-name:value", "profile.example.net"]));
  assert.equal(run.alerts.length, 1);
  const [a] = run.alerts;
  assert.equal((a!.event as { url: string }).url, PROFILE_URL);
  assert.equal(a!.level, "CRITICAL");
  assert.equal(a!.event_time, "2024-01-04 22:26:40.000000");
  assert.equal(a!.matched_indicator?.value, "profile.example.net");
  assert.equal(a!.matched_indicator?.name, "TestMalware");
});

function injectionBackup(destUrl: string, destTime: number, srcUrl = "http://news.example.com/article") {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", "Library/Safari/History.db", (db) =>
    buildSafariHistoryDb(db, [
      { url: srcUrl, time: appleTime("2023-05-01 10:00:00"), redirectDestination: 2 },
      { url: destUrl, time: destTime, redirectSource: 1 },
      { url: "https://unrelated.example.net/", time: appleTime("2023-05-01 10:05:00") },
    ]),
  );
  return b.finish();
}

test("heuristic: http:// visit redirected to another domain within 1 s → MEDIUM on the source visit", async () => {
  const run = await runBackupModule(def, injectionBackup("https://evil.example.net/x", appleTime("2023-05-01 10:00:00") + 0.25));
  assert.equal(run.records.length, 3);
  assert.equal(run.alerts.length, 1);
  const [a] = run.alerts;
  assert.equal(a!.level, "MEDIUM");
  assert.equal(a!.message, "Redirect took less than a second! (250.0 milliseconds)");
  assert.equal(a!.event_time, "2023-05-01 10:00:00.000000");
  assert.deepEqual(a!.event, run.records[0]);
  assert.equal((a!.event as { url: string }).url, "http://news.example.com/article");
  assert.equal(a!.matched_indicator, null);
});

test("heuristic does not fire: slow redirect, https origin, same host with www", async () => {
  const start = appleTime("2023-05-01 10:00:00");
  for (const dir of [
    injectionBackup("https://evil.example.net/x", start + 1.5),
    injectionBackup("https://evil.example.net/x", start + 0.2, "https://news.example.com/article"),
    injectionBackup("https://news.example.com/secure", start + 0.2, "http://www.news.example.com/article"),
  ]) {
    const run = await runBackupModule(def, dir);
    assert.equal(run.records.length, 3);
    assert.equal(run.alerts.length, 0);
  }
});

test("iOS 17 schema and an old schema without redirect columns", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", "Library/Safari/History.db", (db) =>
    buildSafariHistoryDb(db, [{ url: "https://old.example.net/", time: appleTime("2015-06-01 08:00:00"), title: "Old" }], "no-redirects"),
  );
  b.sqlite("AppDomain-com.apple.mobilesafari", "Library/Safari/Profiles/ABC/History.db", (db) =>
    buildSafariHistoryDb(db, [{ url: "https://new.example.net/", time: appleTime("2024-06-01 08:00:00.5"), title: "New" }]),
  );
  const run = await runBackupModule(def, b.finish());
  const old = run.records.find((r) => r.url === "https://old.example.net/");
  assert.equal(old.isodate, "2015-06-01 08:00:00.000000");
  assert.equal(old.redirect_source, null);
  assert.equal(old.redirect_destination, null);
  assert.equal(run.records.find((r) => r.url === "https://new.example.net/").isodate, "2024-06-01 08:00:00.500000");
  assert.equal(run.warnings.length, 0);
});

test("a corrupt History.db gives exactly one warning naming the file", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.file("HomeDomain", "Library/Safari/History.db", "this is not a SQLite database, just garbage bytes ".repeat(20));
  b.sqlite("AppDomain-com.apple.mobilesafari", PROFILE, (db) => buildSafariHistoryDb(db, one(PROFILE_URL)));
  const run = await runBackupModule(def, b.finish());
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /Library\/Safari\/History\.db/);
  assert.equal(run.records.length, 1); // the profile DB is still read
});

test("missing tables → no records, no warning", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", "Library/Safari/History.db", (db) => db.exec("CREATE TABLE metadata (key TEXT, value)"));
  const run = await runBackupModule(def, b.finish());
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 0);
});
