import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import locationdClients from "./locationd-clients.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { appleTime, IosBackupBuilder } from "../../../test/builders/ios-backup.ts";

const PATH = "Library/Caches/locationd/clients.plist";

const CLIENTS = {
  "com.apple.Maps": {
    BundleId: "com.apple.Maps", Authorization: 2, LocationTimeStopped: appleTime("2024-01-01 10:00:00"),
    ConsumptionPeriodBegin: appleTime("2024-01-01 09:00:00") + 0.25, ClientStorageToken: new Uint8Array([0xde, 0xad]), Registered: true,
  },
  // iOS 17 keys can end with ":" and name a binary by path.
  "/usr/libexec/Launch:": { Executable: "/usr/libexec/Launch", Registered: "", SignificantTimeStopped: 0 },
  "com.apple.LaunchServices": { BundlePath: "/private/var/tmp/payload.app", VisitTimeStopped: appleTime("2024-01-03 00:00:00") },
  MigrationVersion: 7,
};

function backupWith(value: unknown): IosBackupBuilder {
  const b = new IosBackupBuilder(tempDir());
  b.plist("RootDomain", PATH, value);
  b.finish();
  return b;
}

test("MVT backup: no clients.plist, so nothing", async () => {
  const run = await runBackupModule(locationdClients, MVT_BACKUP, testIocs());
  assert.deepEqual([run.records.length, run.timeline.length, run.alerts.length, run.warnings.length], [0, 0, 0, 0]);
});

test("fixture: the entries with package, ISO times, base64 token; one timeline event per present time key", async () => {
  const run = await runBackupModule(locationdClients, backupWith(CLIENTS).dir);
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.alerts, []);
  assert.equal(run.records.length, 3);
  assert.deepEqual(run.records[0], {
    BundleId: "com.apple.Maps", Authorization: 2, LocationTimeStopped: "2024-01-01 10:00:00.000000",
    ConsumptionPeriodBegin: "2024-01-01 09:00:00.250000", ClientStorageToken: "3q0=", Registered: true, package: "com.apple.Maps",
  });
  assert.equal(run.records[1].package, "/usr/libexec/Launch");
  assert.equal(run.records[1].SignificantTimeStopped, ""); // 0 is "no time", as MVT's converter
  assert.deepEqual(run.timeline.map((e) => [e.timestamp, e.event, e.data]).sort(), [
    ["", "SignificantTimeStopped", "SignificantTimeStopped from /usr/libexec/Launch"],
    ["2024-01-01 09:00:00.250000", "ConsumptionPeriodBegin", "ConsumptionPeriodBegin from com.apple.Maps"],
    ["2024-01-01 10:00:00.000000", "LocationTimeStopped", "LocationTimeStopped from com.apple.Maps"],
    ["2024-01-03 00:00:00.000000", "VisitTimeStopped", "VisitTimeStopped from com.apple.LaunchServices"],
  ]);
});

test("fixture: process Launch (last path part) is HIGH; com.apple.LaunchServices is not; a known file path is HIGH", async () => {
  const run = await runBackupModule(locationdClients, backupWith(CLIENTS).dir, testIocs());
  assert.deepEqual(run.alerts.map((a) => [a.level, a.message]), [["HIGH", "Found a suspicious process name in LocationD entry /usr/libexec/Launch"]]);
  const paths = await runBackupModule(locationdClients, backupWith(CLIENTS).dir, testIocs(["file:path", "/private/var/tmp/"]));
  assert.deepEqual(paths.alerts.map((a) => [a.level, a.message, a.matched_indicator?.type]), [
    ["HIGH", "Found a suspicious process name in LocationD entry /usr/libexec/Launch", "processes"],
    ["HIGH", "Found a suspicious file path in LocationD entry /private/var/tmp/payload.app", "file_paths"],
  ]);
});

test("fixture: a corrupt clients.plist gives exactly one warning naming it", async () => {
  const b = backupWith(CLIENTS);
  writeFileSync(b.pathOf("RootDomain", PATH), "not a plist");
  const run = await runBackupModule(locationdClients, b.dir);
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /locationd\/clients\.plist/);
});
