import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import idStatusCache from "./id-status-cache.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { appleTime, IosBackupBuilder } from "../../../test/builders/ios-backup.ts";

const PATH = "Library/Preferences/com.apple.identityservices.idstatuscache.plist";

const CACHE = {
  "com.apple.madrid": {
    "mailto:foobar@example.org": { LookupDate: appleTime("2024-01-01 10:00:00") + 0.5, IDStatus: 1 },
    "mailto:foo@example.org": { LookupDate: appleTime("2024-01-01 11:00:00"), IDStatus: 2 },
    "tel:+15555550100\x00\x00": { LookupDate: appleTime("2024-01-01 12:00:00"), IDStatus: 1 },
    "mailto:incomplete@example.net": { IDStatus: 1 },
  },
  "com.apple.private.alloy.facetime.multi": {
    // iOS 9-era files store the lookup date as a date, not a number.
    "mailto:foobar@example.org": { LookupDate: new Date("2024-01-02T10:00:00Z"), IDStatus: 1 },
  },
  LookupCacheVersion: 3,
};

function backupWith(value: unknown): IosBackupBuilder {
  const b = new IosBackupBuilder(tempDir());
  b.plist("HomeDomain", PATH, value);
  b.finish();
  return b;
}

test("MVT backup: no idstatuscache.plist, so nothing", async () => {
  const run = await runBackupModule(idStatusCache, MVT_BACKUP, testIocs());
  assert.deepEqual([run.records.length, run.timeline.length, run.alerts.length, run.warnings.length], [0, 0, 0, 0]);
});

test("fixture: records with occurrences across apps, NULs as text, lookup timeline; no alert without indicators", async () => {
  const run = await runBackupModule(idStatusCache, backupWith(CACHE).dir);
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.records, [
    { package: "com.apple.madrid", user: "mailto:foobar@example.org", isodate: "2024-01-01 10:00:00.500000", idstatus: 1, occurrences: 2 },
    { package: "com.apple.madrid", user: "mailto:foo@example.org", isodate: "2024-01-01 11:00:00.000000", idstatus: 2, occurrences: 1 },
    { package: "com.apple.madrid", user: "tel:+15555550100\\x00\\x00", isodate: "2024-01-01 12:00:00.000000", idstatus: 1, occurrences: 1 },
    { package: "com.apple.private.alloy.facetime.multi", user: "mailto:foobar@example.org", isodate: "2024-01-02 10:00:00.000000", idstatus: 1, occurrences: 2 },
  ]);
  assert.equal(run.timeline.length, 4);
  assert.deepEqual(run.timeline[1], { timestamp: "2024-01-01 11:00:00.000000", module: "IDStatusCache", event: "lookup", data: "Lookup of mailto:foo@example.org within com.apple.madrid (Status 2)" });
  assert.deepEqual(run.alerts, []);
});

test("fixture: with indicators, foobar@example.org is CRITICAL twice (foo@example.org is not), and the NUL pattern is HIGH", async () => {
  const run = await runBackupModule(idStatusCache, backupWith(CACHE).dir, testIocs());
  assert.deepEqual(run.alerts.map((a) => [a.level, (a.event as any).user]), [
    ["CRITICAL", "mailto:foobar@example.org"],
    ["HIGH", "tel:+15555550100\\x00\\x00"],
    ["CRITICAL", "mailto:foobar@example.org"],
  ]);
  assert.equal(run.alerts[0]!.matched_indicator?.type, "emails");
  assert.equal(run.alerts[1]!.message, "Found an ID Status Cache entry with suspicious patterns: tel:+15555550100\\x00\\x00");
});

test("fixture: a plist of the wrong shape gives nothing; a corrupt one exactly one warning naming it", async () => {
  const odd = await runBackupModule(idStatusCache, backupWith({ "com.apple.madrid": ["not", "a", "dict"] }).dir);
  assert.deepEqual([odd.records.length, odd.warnings.length], [0, 0]);
  const b = backupWith(CACHE);
  writeFileSync(b.pathOf("HomeDomain", PATH), "<plist><dict><key>x</key>");
  const run = await runBackupModule(idStatusCache, b.dir);
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /idstatuscache\.plist/);
});

test("fixture: a NUL-pattern entry is HIGH unless its email matched an indicator (then CRITICAL only, as MVT)", async () => {
  const run = await runBackupModule(idStatusCache, backupWith({ "com.apple.madrid": { "mailto:foobar@example.org\x00\x00": { LookupDate: 7e8, IDStatus: 1 } } }).dir, testIocs());
  assert.deepEqual(run.alerts.map((a) => a.level), ["HIGH"]); // the NULs make the address differ from foobar@example.org: no match
  const quoted = await runBackupModule(idStatusCache, backupWith({ "com.apple.madrid": { "mailto:'foobar@example.org'": { LookupDate: 7e8, IDStatus: 1 }, "mailto:x\x00\x00@example.org": { LookupDate: 7e8, IDStatus: 1 } } }).dir, testIocs(["email-addr:value", "x\\x00\\x00@example.org"]));
  assert.deepEqual(quoted.alerts.map((a) => [a.level, (a.event as any).user]), [
    ["CRITICAL", "mailto:'foobar@example.org'"],
    ["CRITICAL", "mailto:x\\x00\\x00@example.org"],
  ]);
});
