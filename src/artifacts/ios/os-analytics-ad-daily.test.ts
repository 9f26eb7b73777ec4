import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import osAnalytics from "./os-analytics-ad-daily.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder } from "../../../test/builders/ios-backup.ts";

const PATH = "Library/Preferences/com.apple.osanalytics.addaily.plist";

const PLIST = {
  netUsageBaseline: {
    "com.apple.mobilesafari": [new Date("2024-04-01T00:00:00Z"), 1000, 200, 30, 4],
    Launch: [new Date("2024-04-02T12:30:00Z"), 10, 20, 30, 40],
    Launcher: [new Date("2024-04-02T12:30:00Z"), 0, 0, 0, 0],
    broken: "not a list",
  },
  lastSubmission: new Date("2024-04-03T00:00:00Z"),
};

function backupWith(value: unknown): IosBackupBuilder {
  const b = new IosBackupBuilder(tempDir());
  b.plist("HomeDomain", PATH, value);
  b.finish();
  return b;
}

test("MVT backup: no addaily plist, so nothing", async () => {
  const run = await runBackupModule(osAnalytics, MVT_BACKUP, testIocs());
  assert.deepEqual([run.records.length, run.timeline.length, run.alerts.length, run.warnings.length], [0, 0, 0, 0]);
});

test("fixture: one record per package of netUsageBaseline, timeline text", async () => {
  const run = await runBackupModule(osAnalytics, backupWith(PLIST).dir);
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.alerts, []);
  assert.deepEqual(run.records[0], { package: "com.apple.mobilesafari", ts: "2024-04-01 00:00:00.000000", wifi_in: 1000, wifi_out: 200, wwan_in: 30, wwan_out: 4 });
  assert.equal(run.records.length, 3);
  assert.deepEqual(run.timeline[1], {
    timestamp: "2024-04-02 12:30:00.000000", module: "OSAnalyticsADDaily", event: "osanalytics_addaily", data: "Launch WIFI IN: 10, WIFI OUT: 20 - WWAN IN: 30, WWAN OUT: 40",
  });
});

test("fixture: process Launch is CRITICAL with the baseline time; Launcher is not", async () => {
  const run = await runBackupModule(osAnalytics, backupWith(PLIST).dir, testIocs());
  assert.deepEqual(run.alerts.map((a) => [a.level, (a.event as any).package, a.event_time]), [["CRITICAL", "Launch", "2024-04-02 12:30:00.000000"]]);
});

test("fixture: no netUsageBaseline gives nothing; a corrupt plist exactly one warning naming it", async () => {
  const empty = await runBackupModule(osAnalytics, backupWith({ other: 1 }).dir);
  assert.deepEqual([empty.records.length, empty.warnings.length], [0, 0]);
  const b = backupWith(PLIST);
  writeFileSync(b.pathOf("HomeDomain", PATH), "bplist00 truncated");
  const run = await runBackupModule(osAnalytics, b.dir);
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /osanalytics\.addaily\.plist/);
});
