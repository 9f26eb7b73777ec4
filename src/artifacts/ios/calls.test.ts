import { test } from "node:test";
import assert from "node:assert/strict";
import calls from "./calls.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder } from "../../../test/builders/ios-backup.ts";
import { buildCallHistoryDb, type Call } from "../../../test/builders/ios/calls.ts";

const CALLS_DB = "Library/CallHistoryDB/CallHistory.storedata";

function backupWith(list: Call[], opts: { legacy?: boolean } = {}): string {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", CALLS_DB, (db) => buildCallHistoryDb(db, list, opts));
  return b.finish();
}

test("MVT backup: no CallHistory.storedata → 0 records, no warning", async () => {
  const run = await runBackupModule(calls, MVT_BACKUP, testIocs());
  assert.equal(run.records.length, 0);
  assert.equal(run.timeline.length, 0);
  assert.equal(run.alerts.length, 0);
  assert.deepEqual(run.warnings, []);
});

test("fixture: records, keys and the call timeline", async () => {
  const dir = backupWith([
    { date: "2024-02-03 10:11:12", duration: 42, address: "+15555550111", location: "California" },
    { date: "2024-02-04 08:00:00", duration: 3.5, address: "friend@icloud.example", provider: "com.apple.FaceTime" },
  ]);
  const run = await runBackupModule(calls, dir);
  assert.deepEqual(run.records, [
    { isodate: "2024-02-03 10:11:12.250000", duration: 42, location: "California", number: "+15555550111", provider: "com.apple.Telephony" },
    { isodate: "2024-02-04 08:00:00.250000", duration: 3.5, location: null, number: "friend@icloud.example", provider: "com.apple.FaceTime" },
  ]);
  assert.deepEqual(run.timeline.map((e) => [e.timestamp, e.event, e.data]), [
    ["2024-02-03 10:11:12.250000", "call", "From +15555550111 using com.apple.Telephony during 42.0 seconds"],
    ["2024-02-04 08:00:00.250000", "call", "From friend@icloud.example using com.apple.FaceTime during 3.5 seconds"],
  ]);
  assert.equal(run.alerts.length, 0);
});

test("fixture: a FaceTime email and a calling app id are checked; near misses are not", async () => {
  const dir = backupWith([
    { date: "2024-02-05 09:00:00", duration: 10, address: "Operator@Bad.Example", provider: "com.apple.FaceTime" },
    { date: "2024-02-05 09:10:00", duration: 10, address: "other@bad.example", provider: "com.apple.FaceTime" },
    { date: "2024-02-05 09:20:00", duration: 10, address: "+15555550112", provider: "com.evil.caller" },
    { date: "2024-02-05 09:30:00", duration: 10, address: "+15555550113", provider: "net.whatsapp.WhatsApp" },
  ]);
  const run = await runBackupModule(calls, dir, testIocs(["email-addr:value", "operator@bad.example"], ["app:id", "com.evil.caller"]));
  assert.deepEqual(run.alerts.map((a) => [a.level, a.matched_indicator?.value, (a.event as { isodate: string }).isodate]), [
    ["CRITICAL", "operator@bad.example", "2024-02-05 09:00:00.250000"],
    ["CRITICAL", "com.evil.caller", "2024-02-05 09:20:00.250000"],
  ]);
});

test("fixture: an older store with ZADDRESS as a blob and no ZLOCATION column", async () => {
  const dir = backupWith([{ date: "2015-07-08 09:10:11", duration: 60, address: "+15555550114" }], { legacy: true });
  const run = await runBackupModule(calls, dir);
  assert.deepEqual(run.records, [
    { isodate: "2015-07-08 09:10:11.250000", duration: 60, location: null, number: "+15555550114", provider: "com.apple.Telephony" },
  ]);
});

test("fixture: a store without ZCALLRECORD gives nothing; a corrupt one one warning naming the file", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", CALLS_DB, (db) => db.exec("CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY)"));
  const empty = await runBackupModule(calls, b.finish());
  assert.equal(empty.records.length, 0);
  assert.deepEqual(empty.warnings, []);

  const c = new IosBackupBuilder(tempDir());
  c.file("HomeDomain", CALLS_DB, new Uint8Array(2048).map((_, i) => (i * 31) & 0xff));
  const run = await runBackupModule(calls, c.finish());
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /HomeDomain\/Library\/CallHistoryDB\/CallHistory\.storedata/);
});
