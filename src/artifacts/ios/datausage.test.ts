import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import datausage from "./datausage.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder } from "../../../test/builders/ios-backup.ts";
import { buildDataUsageDb, type LiveUsage, type UsageProcess } from "../../../test/builders/ios/datausage.ts";
import { toJson } from "../../outputs/json.ts";

const DOMAIN = "WirelessDomain";
const PATH = "Library/Databases/DataUsage.sqlite";

function backupWith(processes: UsageProcess[], live: LiveUsage[], opts: { noWifi?: boolean } = {}): string {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite(DOMAIN, PATH, (db) => buildDataUsageDb(db, processes, live, opts));
  return b.finish();
}

test("MVT backup: 42 records (41 rows + the MISSING placeholder of process 5), 60 timeline events, 1 LOW", async () => {
  const run = await runBackupModule(datausage, MVT_BACKUP);
  assert.equal(run.records.length, 42);
  assert.equal(run.timeline.length, 60);
  assert.deepEqual(run.warnings, []);
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.level, "LOW");
  assert.equal(run.alerts[0]!.message, 'Missing process 5. Previous process at "2019-08-27 15:08:09.253102" (1FB47783-A2FE-47D9-B256-DF50EF44BBA4/com.apple.Fitness)');
  assert.equal(run.alerts[0]!.event_time, "2019-08-27 15:08:09.253102");
  assert.equal(run.records[0].isodate.slice(0, 19), "2019-08-27 15:08:09");
  const firsts = run.records.map((r) => r.first_isodate as string);
  assert.deepEqual(firsts, [...firsts].sort(), "sorted by first_isodate");
  const missing = run.records.filter((r) => r.proc_name.startsWith("MISSING"));
  assert.deepEqual(missing, [
    {
      first_isodate: "2019-08-27 15:08:09.253102", isodate: "2019-08-27 15:08:09.253102",
      proc_name: "MISSING [follows 1FB47783-A2FE-47D9-B256-DF50EF44BBA4/com.apple.Fitness]", bundle_id: null, proc_id: 5,
      wifi_in: null, wifi_out: null, wwan_in: null, wwan_out: null, live_id: null, live_proc_id: 5, live_isodate: "2019-08-27 15:08:09.253102",
    },
  ]);
  const tracker = run.timeline.filter((e) => e.data.startsWith("CumulativeUsageTracker"));
  assert.deepEqual(tracker.map((e) => e.event).sort(), ["current_usage", "first_usage", "live_usage", "live_usage"]);
  assert.deepEqual(tracker.filter((e) => e.event === "live_usage").map((e) => `${e.timestamp} ${e.data}`).sort(), [
    "2019-08-29 23:07:42.743243 CumulativeUsageTracker (Bundle ID: None, ID: 32) WWAN IN: 253438.0, WWAN OUT: 0.0",
    "2021-09-13 10:29:59.486609 CumulativeUsageTracker (Bundle ID: None, ID: 32) WWAN IN: 0.0, WWAN OUT: 0.0",
  ]);
});

test("MVT backup: with process CumulativeUsageTracker added, exactly 2 CRITICAL with a top-level matched_indicator", async () => {
  const run = await runBackupModule(datausage, MVT_BACKUP, testIocs(["process:name", "CumulativeUsageTracker"]));
  assert.equal(run.records.length, 42);
  assert.equal(run.timeline.length, 60);
  assert.equal(run.alerts.length, 3);
  const critical = run.alerts.filter((a) => a.level === "CRITICAL");
  assert.equal(critical.length, 2);
  const serialized = JSON.parse(toJson(run.alerts)) as Record<string, any>[];
  const matched = serialized.filter((a) => a.matched_indicator !== null);
  assert.equal(matched.length, 2);
  for (const a of matched) {
    assert.equal(a.level, "CRITICAL");
    assert.equal(a.matched_indicator.value, "CumulativeUsageTracker");
    assert.equal(a.matched_indicator.type, "processes");
    assert.equal(a.matched_indicator.name, "TestMalware");
    assert.equal("matched_indicator" in a.event, false);
    assert.equal(a.event.proc_name, "CumulativeUsageTracker");
    assert.equal(a.event_time, a.event.first_isodate); // MVT: event_time = first_isodate
    assert.equal(a.event_time, "2019-08-29 23:07:42.744511");
  }
});

const PROCS: UsageProcess[] = [
  { pk: 1, name: "mDNSResponder/com.apple.AppStore", bundle: "com.apple.AppStore", first: "2024-01-01 10:00:00", last: "2024-01-02 10:00:00" },
  { pk: 2, name: "Launcher", bundle: null, first: "2024-01-01 09:00:00" },
  { pk: 3, name: "Launch", bundle: null, first: "2024-01-03 09:00:00" },
];

test("fixture: records, keys and timeline of the iOS ≤ 14 schema; no gap, no manipulation → no alert", async () => {
  const dir = backupWith(PROCS, [{ pk: 1, proc: 1, time: "2024-01-02 11:00:00", wifiIn: 10, wifiOut: 20, wwanIn: 1234, wwanOut: 5 }]);
  const run = await runBackupModule(datausage, dir);
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.alerts, []);
  assert.equal(run.records.length, 3);
  assert.deepEqual(run.records.map((r) => r.proc_id), [2, 1, 3]); // sorted by first_isodate
  assert.deepEqual(run.records[1], {
    first_isodate: "2024-01-01 10:00:00.250000", isodate: "2024-01-02 10:00:00.500000", proc_name: "mDNSResponder/com.apple.AppStore",
    bundle_id: "com.apple.AppStore", proc_id: 1, wifi_in: 10, wifi_out: 20, wwan_in: 1234, wwan_out: 5, live_id: 1, live_proc_id: 1,
    live_isodate: "2024-01-02 11:00:00.000000",
  });
  assert.equal(run.records[0].live_isodate, "2024-01-01 09:00:00.250000"); // no live row: first_isodate
  const events = run.timeline.map((e) => `${e.timestamp}|${e.event}|${e.data}`).sort();
  assert.deepEqual(events, [
    "2024-01-01 09:00:00.250000|live_usage|Launcher (Bundle ID: None, ID: 2) WWAN IN: None, WWAN OUT: None",
    "2024-01-01 10:00:00.250000|first_usage|mDNSResponder/com.apple.AppStore (Bundle ID: com.apple.AppStore, ID: 1)",
    "2024-01-02 10:00:00.500000|current_usage|mDNSResponder/com.apple.AppStore (Bundle ID: com.apple.AppStore, ID: 1)",
    "2024-01-02 11:00:00.000000|live_usage|mDNSResponder/com.apple.AppStore (Bundle ID: com.apple.AppStore, ID: 1) WWAN IN: 1234.0, WWAN OUT: 5.0",
    "2024-01-03 09:00:00.250000|live_usage|Launch (Bundle ID: None, ID: 3) WWAN IN: None, WWAN OUT: None",
  ]);
});

test("fixture: process Launch matches test.stix2 (CRITICAL at first_isodate), Launcher does not", async () => {
  const run = await runBackupModule(datausage, backupWith(PROCS, []), testIocs());
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.level, "CRITICAL");
  assert.equal((run.alerts[0]!.event as { proc_name: string }).proc_name, "Launch");
  assert.equal(run.alerts[0]!.event_time, "2024-01-03 09:00:00.250000");
  assert.equal(run.alerts[0]!.matched_indicator?.value, "Launch");
});

test("fixture: a gap in Z_PK gives LOW + placeholder; live rows without their process give HIGH ×2 (×3 for two rows)", async () => {
  const procs: UsageProcess[] = [PROCS[0]!, { pk: 4, name: "Launcher", first: "2024-01-05 00:00:00" }];
  const dir = backupWith(procs, [
    { pk: 1, proc: 1, time: "2024-01-02 11:00:00", wwanIn: 1 },
    { pk: 2, proc: 77, time: "2024-01-06 08:00:00", wwanIn: 99 },
    { pk: 3, proc: 88, time: "2024-01-06 09:00:00", wwanIn: 7 },
    { pk: 4, proc: 88, time: "2024-01-06 10:00:00", wwanIn: 8 },
  ]);
  const run = await runBackupModule(datausage, dir);
  const levels = run.alerts.map((a) => a.level);
  assert.deepEqual(levels, ["HIGH", "HIGH", "HIGH", "HIGH", "HIGH", "LOW", "LOW"]);
  assert.deepEqual(run.alerts.slice(0, 2).map((a) => a.message), ["Found manipulated process entry 77. Entry on 2024-01-06 08:00:00.000000", "Found manipulated process entry 77/"]);
  assert.deepEqual(run.alerts.slice(2, 5).map((a) => a.message), [
    "Found manipulated process entry 88. Entry on 2024-01-06 09:00:00.000000", "Found manipulated process entry 88/", "Found manipulated process entry 88/",
  ]);
  assert.deepEqual(run.alerts.slice(5).map((a) => a.message), [
    'Missing process 2. Previous process at "2024-01-01 10:00:00.250000" (mDNSResponder/com.apple.AppStore)',
    'Missing process 3. Previous process at "2024-01-01 10:00:00.250000" (mDNSResponder/com.apple.AppStore)',
  ]);
  const manipulated = run.records.filter((r) => r.proc_name === "MANIPULATED [process record deleted]");
  assert.equal(manipulated.length, 3);
  assert.deepEqual(manipulated.map((r) => [r.first_isodate, r.isodate, r.live_isodate, r.proc_id, r.live_proc_id]), [
    ["2024-01-06 08:00:00.000000", "2024-01-06 08:00:00.000000", "2024-01-06 08:00:00.000000", null, 77],
    ["2024-01-06 09:00:00.000000", "2024-01-06 09:00:00.000000", "2024-01-06 09:00:00.000000", null, 88],
    ["2024-01-06 10:00:00.000000", "2024-01-06 10:00:00.000000", "2024-01-06 10:00:00.000000", null, 88],
  ]);
  assert.equal((run.alerts[0]!.event as { proc_name: string }).proc_name, "MANIPULATED [process record deleted]");
  assert.deepEqual(run.records.filter((r) => r.proc_name.startsWith("MISSING")).map((r) => r.proc_id), [2, 3]);
  // Manipulated and placeholder rows give only a live_usage event.
  const events77 = run.timeline.filter((e) => e.data.includes("ID: None") && e.data.includes("99.0"));
  assert.deepEqual(events77.map((e) => [e.event, e.data]), [["live_usage", "MANIPULATED [process record deleted] (Bundle ID: None, ID: None) WWAN IN: 99.0, WWAN OUT: 0.0"]]);
  assert.equal(run.timeline.filter((e) => e.data.startsWith("MISSING")).every((e) => e.event === "live_usage"), true);
  assert.equal(run.records.length, 1 + 1 + 3 + 2); // process 1 with its live row, process 4, 3 manipulated rows, 2 placeholders
});

test("fixture: the newer schema without ZWIFIIN/ZWIFIOUT gives null wifi counts", async () => {
  const run = await runBackupModule(datausage, backupWith(PROCS.slice(0, 1), [{ pk: 1, proc: 1, time: "2024-01-02 11:00:00", wwanIn: 3, wwanOut: 4 }], { noWifi: true }));
  assert.deepEqual(run.warnings, []);
  assert.equal(run.records.length, 1);
  assert.equal(run.records[0].wifi_in, null);
  assert.equal(run.records[0].wifi_out, null);
  assert.equal(run.records[0].wwan_in, 3);
  assert.deepEqual(Object.keys(run.records[0]), ["first_isodate", "isodate", "proc_name", "bundle_id", "proc_id", "wifi_in", "wifi_out", "wwan_in", "wwan_out", "live_id", "live_proc_id", "live_isodate"]);
});

test("fixture: a database without the Core Data tables gives nothing; a corrupt one gives exactly one warning", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite(DOMAIN, PATH, (db) => db.exec("CREATE TABLE other (x)"));
  const empty = await runBackupModule(datausage, b.finish());
  assert.deepEqual([empty.records.length, empty.alerts.length, empty.warnings.length], [0, 0, 0]);

  const c = new IosBackupBuilder(tempDir());
  const path = c.sqlite(DOMAIN, PATH, (db) => buildDataUsageDb(db, PROCS, []));
  writeFileSync(path, "this is not a database, just garbage bytes ".repeat(100));
  const run = await runBackupModule(datausage, c.finish());
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /DataUsage\.sqlite/);
});
