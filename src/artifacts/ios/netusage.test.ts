import { test } from "node:test";
import assert from "node:assert/strict";
import netusage from "./netusage.ts";
import { runFsModule } from "../../../test/helpers/run-fs-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { join } from "node:path";
import { IosFsBuilder } from "../../../test/builders/ios-fs.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { buildDataUsageDb, type LiveUsage, type UsageProcess } from "../../../test/builders/ios/datausage.ts";

const NETUSAGE = "private/var/networkd/netusage.sqlite";

const PROCS: UsageProcess[] = [
  { pk: 1, name: "mDNSResponder/com.apple.AppStore", bundle: "com.apple.AppStore", first: "2024-01-01 10:00:00" },
  { pk: 2, name: "CumulativeUsageTracker", first: "2024-01-01 09:00:00" }, // its binary is in the dump
  { pk: 3, name: "Launch", first: "2024-01-03 09:00:00" }, // nowhere in the dump
  { pk: 4, name: "com.apple.WebKit", first: "2024-01-04 09:00:00" }, // 16 characters: possibly cut by the kernel
];

function dump(procs: UsageProcess[], live: LiveUsage[], at = NETUSAGE): IosFsBuilder {
  const d = new IosFsBuilder(join(tempDir(), "dump"));
  d.sqlite(at, (db) => buildDataUsageDb(db, procs, live, { noWifi: true }));
  d.file("usr/libexec/CumulativeUsageTracker", "\xcf\xfa\xed\xfe");
  d.file("System/Library/Frameworks/WebKit.framework/WebKit", "");
  return d;
}

test("netusage.sqlite: Datausage's records and timeline; a binary missing from the dump → MEDIUM (16-char names noted)", async () => {
  const run = await runFsModule(netusage, dump(PROCS, [{ pk: 1, proc: 1, time: "2024-01-02 11:00:00", wwanIn: 5, wwanOut: 6 }]).finish());
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.records.map((r) => r.proc_id), [2, 1, 3, 4]); // sorted by first_isodate
  assert.equal(run.records[1].wwan_in, 5);
  assert.equal(run.records[1].wifi_in, null); // the iOS 15+ schema has no wifi columns
  assert.deepEqual(run.alerts.map((a) => [a.level, a.message, a.event_time]), [
    ["MEDIUM", "Could not find the binary associated with the process with name Launch", "2024-01-03 09:00:00.250000"],
    ["MEDIUM", "Could not find the binary associated with the process with name com.apple.WebKit (However, the process name might have been truncated in the database)", "2024-01-04 09:00:00.250000"],
  ]);
  assert.equal((run.alerts[0]!.event as { proc_name: string }).proc_name, "Launch");
  assert.deepEqual(run.timeline.filter((e) => e.event === "live_usage" && e.data.startsWith("mDNS")).map((e) => e.data), [
    "mDNSResponder/com.apple.AppStore (Bundle ID: com.apple.AppStore, ID: 1) WWAN IN: 5.0, WWAN OUT: 6.0",
  ]);
  assert.ok(run.timeline.every((e) => e.module === "Netusage"));
});

test("netusage.sqlite under networkd/db/: a deleted process row gives the empty-name MEDIUM first, then Datausage's HIGH and LOW", async () => {
  const procs: UsageProcess[] = [PROCS[0]!, { pk: 3, name: "CumulativeUsageTracker", first: "2024-01-05 00:00:00" }];
  const d = dump(procs, [{ pk: 1, proc: 77, time: "2024-01-06 08:00:00", wwanIn: 99 }], "private/var/networkd/db/netusage.sqlite");
  const run = await runFsModule(netusage, d.finish());
  assert.deepEqual(run.alerts.map((a) => [a.level, a.message]), [
    ["MEDIUM", "Found process entry with empty 'proc_name': 77 at 2024-01-06 08:00:00.000000"],
    ["HIGH", "Found manipulated process entry 77. Entry on 2024-01-06 08:00:00.000000"],
    ["HIGH", "Found manipulated process entry 77/"],
    ["LOW", 'Missing process 2. Previous process at "2024-01-01 10:00:00.250000" (mDNSResponder/com.apple.AppStore)'],
  ]);
  // The MEDIUM alert's event is the row as read (the HIGH ones carry it renamed).
  assert.deepEqual([(run.alerts[0]!.event as { proc_name: string }).proc_name, (run.alerts[1]!.event as { proc_name: string }).proc_name], [null, "MANIPULATED [process record deleted]"]);
  assert.equal(run.records.length, 4);
});

test("a process indicator matches as in Datausage (CRITICAL at first_isodate), besides the missing-binary MEDIUM", async () => {
  const run = await runFsModule(netusage, dump(PROCS, []).finish(), testIocs());
  const critical = run.alerts.filter((a) => a.level === "CRITICAL");
  assert.equal(critical.length, 1);
  assert.equal(critical[0]!.matched_indicator?.value, "Launch");
  assert.equal(critical[0]!.event_time, "2024-01-03 09:00:00.250000");
  assert.equal(run.alerts.filter((a) => a.level === "MEDIUM").length, 2);
});

test("no tables, an empty database, or no netusage.sqlite at all: no records, no alert, no warning", async () => {
  const d = new IosFsBuilder(join(tempDir(), "dump"));
  d.sqlite(NETUSAGE, (db) => db.exec("CREATE TABLE other (x)"));
  const run = await runFsModule(netusage, d.finish());
  assert.deepEqual([run.records.length, run.alerts.length, run.warnings.length], [0, 0, 0]);
  const none = await runFsModule(netusage, new IosFsBuilder(join(tempDir(), "dump")).finish());
  assert.deepEqual([none.records.length, none.alerts.length, none.warnings.length], [0, 0, 0]);
  const empty = await runFsModule(netusage, dump([], []).finish());
  assert.deepEqual([empty.records.length, empty.alerts.length], [0, 0]);
});

