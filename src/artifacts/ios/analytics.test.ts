import { test } from "node:test";
import assert from "node:assert/strict";
import analytics from "./analytics.ts";
import { runFsModule } from "../../../test/helpers/run-fs-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { join } from "node:path";
import { IosFsBuilder } from "../../../test/builders/ios-fs.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { buildKeychainAnalyticsDb, type AnalyticsRow } from "../../../test/builders/ios/keychain-analytics.ts";

const DIR = "private/var/Keychains/Analytics";
const EVENT = { build: "18C66", eventType: "CKKSSyncKeys", product: "iPhone OS", modelid: "iPhone12,1" };

function dump(rows: AnalyticsRow[], opts: { allEvents?: boolean } = {}): IosFsBuilder {
  const d = new IosFsBuilder(join(tempDir(), "dump"));
  d.sqlite(`${DIR}/ckks_analytics.db`, (db) => buildKeychainAnalyticsDb(db, rows, opts));
  return d;
}

test("the three tables as one list sorted by isodate: plist keys + isodate (Unix) + artifact; empty rows skipped, duplicates once", async () => {
  const run = await runFsModule(analytics, dump([
    { table: "all_events", time: "2021-02-01 10:00:00", data: { ...EVENT, build: "18D52" } },
    { table: "hard_failures", time: "2021-01-05 08:00:00", data: EVENT },
    { table: "soft_failures", time: "2021-01-05 08:00:00", data: EVENT }, // the same row in another table: UNION keeps one
    { table: "soft_failures", time: "2021-01-20 08:00:00", data: null }, // a time only
    { table: "all_events", time: null, data: { attributes: "x" } }, // a plist only: isodate ""
    { table: "all_events", time: null, data: null }, // nothing: skipped
  ]).finish());
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.records, [
    { attributes: "x", isodate: "", artifact: "ckks_analytics.db" },
    { ...EVENT, isodate: "2021-01-05 08:00:00.125000", artifact: "ckks_analytics.db" },
    { isodate: "2021-01-20 08:00:00.125000", artifact: "ckks_analytics.db" },
    { ...EVENT, build: "18D52", isodate: "2021-02-01 10:00:00.125000", artifact: "ckks_analytics.db" },
  ]);
  // Timeline: event = the database's name, data = Python's str() of the record.
  assert.deepEqual(run.timeline.map((e) => [e.timestamp, e.event, e.data])[2], [
    "2021-01-20 08:00:00.125000", "ckks_analytics.db", "{'isodate': '2021-01-20 08:00:00.125000', 'artifact': 'ckks_analytics.db'}",
  ]);
  assert.equal(run.timeline.length, 4);
  assert.deepEqual(run.alerts, []);
});

test("indicators: each string value as a process, else as a domain; one CRITICAL per matching value", async () => {
  const run = await runFsModule(analytics, dump([
    { table: "hard_failures", time: "2021-01-05 08:00:00", data: { process: "Launch", host: "www.example.org", other: "benign.test", count: 3 } },
    { table: "soft_failures", time: "2021-01-06 08:00:00", data: { nested: { process: "Launch" } } }, // not a top-level string: not checked
  ]).finish(), testIocs());
  assert.deepEqual(run.alerts.map((a) => [a.level, a.matched_indicator?.type, a.matched_indicator?.value, a.message]), [
    ["CRITICAL", "processes", "Launch", 'Found mention of a malicious process "Launch" in ckks_analytics.db file at 2021-01-05 08:00:00.125000'],
    ["CRITICAL", "domains", "example.org", 'Found mention of a malicious domain "www.example.org" in ckks_analytics.db file at 2021-01-05 08:00:00.125000'],
  ]);
  assert.equal((run.alerts[0]!.event as { process: string }).process, "Launch");
});

test("older databases without all_events; a row whose plist is unreadable or not a dict is counted once, the rest read", async () => {
  const run = await runFsModule(analytics, dump([
    { table: "hard_failures", time: "2020-01-05 08:00:00", data: EVENT },
    { table: "soft_failures", time: "2020-01-06 08:00:00", data: new TextEncoder().encode("bplist00garbage") },
    { table: "soft_failures", time: "2020-01-07 08:00:00", data: ["a", "list"] as never },
  ], { allEvents: false }).finish());
  assert.equal(run.records.length, 1);
  assert.equal(run.records[0].build, "18C66");
  assert.equal(run.warnings.length, 2);
  assert.match(run.warnings.map((w) => w.message).join("\n"), /1 analytics rows hold an unreadable plist/);
  assert.match(run.warnings.map((w) => w.message).join("\n"), /1 analytics rows hold a plist that is not a dictionary; first: ckks_analytics.db: \['a', 'list'\]/);
});

test("several databases: one list sorted by time, each row with its database's name; a database without the tables gives nothing, a corrupt one a warning", async () => {
  const d = dump([{ table: "hard_failures", time: "2021-01-05 08:00:00", data: EVENT }]);
  d.sqlite(`${DIR}/trust_analytics.db`, (db) => buildKeychainAnalyticsDb(db, [{ table: "all_events", time: "2021-01-01 00:00:00", data: { build: "18B92" } }]));
  d.sqlite(`${DIR}/empty.db`, (db) => db.exec("CREATE TABLE x (y)"));
  d.file(`${DIR}/broken.db`, "not a database ".repeat(100));
  const run = await runFsModule(analytics, d.finish());
  // One list over both databases, sorted by time as MVT's (trust_analytics.db's row is older).
  assert.deepEqual(run.records.map((r) => r.artifact), ["trust_analytics.db", "ckks_analytics.db"]);
  assert.deepEqual(run.warnings.map((w) => w.file), [`${DIR}/broken.db`]);
});
