import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import backupInfo, { compareVersions, INFO_KEYS } from "./backup-info.ts";
import IOS_LATEST from "../../../data/ios-latest.json" with { type: "json" };
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder } from "../../../test/builders/ios-backup.ts";

const dict = (records: [string, unknown][]) => Object.fromEntries(records);

test("MVT backup: the 18 keys in MVT's order, Build Version 18C66, IMEI 42, no timeline, no alert; iOS 14.3 is outdated (warning)", async () => {
  const run = await runBackupModule(backupInfo, MVT_BACKUP);
  assert.equal(run.records.length, 18);
  assert.deepEqual(run.records.map((r) => r[0]), [...INFO_KEYS]);
  const info = dict(run.records);
  assert.equal(info["Build Version"], "18C66");
  assert.equal(info["IMEI"], "42");
  assert.equal(info["MEID"], null);
  assert.equal(info["Product Version"], "14.3");
  assert.equal(info["Last Backup Date"], "2021-12-03 19:33:13.000000");
  assert.deepEqual(info["Installed Applications"], ["ph.telegra.Telegraph", "com.google.Gmail", "ch.icoaching.typewise", "com.google.chrome.ios", "net.whatsapp.WhatsApp", "org.mozilla.ios.Firefox"]);
  assert.equal(run.timeline.length, 0);
  // As MVT (EXPECTED.md #1: 0 alerts), the outdated version is a warning, not an alert.
  assert.equal(run.alerts.length, 0);
  assert.deepEqual(run.warnings.map((w) => w.message), [`iOS 14.3 is outdated; the newest is ${IOS_LATEST.latest}: update in Settings → General → Software Update`]);
});

test("versions compare numerically, part by part", () => {
  assert.equal(compareVersions("14.3", "14.10"), -1);
  assert.equal(compareVersions("27.2", "27.2.0"), 0);
  assert.equal(compareVersions("27.2.1", "27.2"), 1);
  assert.equal(compareVersions("9.3.5", "26.7.1"), -1);
});

async function run(values: Record<string, unknown>, replace = false) {
  return runBackupModule(backupInfo, new IosBackupBuilder(tempDir()).info(values, replace).finish());
}

test("fixture: the newest or a newer iOS, or a bare build id, raises nothing; an older point release does", async () => {
  for (const v of [IOS_LATEST.latest, "99.0", "20H240"]) {
    const r = await run({ "Product Version": v });
    assert.equal(r.warnings.length, 0, v);
    assert.equal(dict(r.records)["Product Version"], v);
  }
  const older = await run({ "Product Version": "27.1.9", "Last Backup Date": new Date("2026-11-01T08:00:00Z") });
  assert.equal(older.warnings.length, 1);
  assert.match(older.warnings[0]!.message, /^iOS 27\.1\.9 is outdated/);
});

test("fixture: missing keys give null, extra keys are left out, no Product Version means no check", async () => {
  const r = await run({ "Device Name": "Phone", "Phone Number": "+15555550100", "Some Other Key": 1 }, true);
  assert.equal(r.records.length, 18);
  const info = dict(r.records);
  assert.equal(info["Device Name"], "Phone");
  assert.equal(info["Phone Number"], "+15555550100");
  assert.equal(info["Build Version"], null);
  assert.equal("Some Other Key" in info, false);
  assert.equal(r.alerts.length, 0);
});

test("fixture: a corrupt Info.plist gives exactly one warning naming it", async () => {
  const dir = new IosBackupBuilder(tempDir()).finish();
  writeFileSync(join(dir, "Info.plist"), "<?xml version='1.0'?><plist><dict><key>IMEI</key>garbage");
  const r = await runBackupModule(backupInfo, dir);
  assert.equal(r.records.length, 0);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0]!.file, /Info\.plist/);
});
