import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import def, { parseDbinfo } from "./dumpsys-dbinfo.ts";
import { runFileModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const DATA = new URL("../../../../shared/peer-artifacts/mvt/android_data/", import.meta.url).pathname;

test("EXPECTED §2: 5 operations; com.wssyncmldm matches each record through a path component", async () => {
  const run = await runFileModule(def, DATA + "dumpsys_dbinfo.txt", "androidqf");
  assert.equal(run.records.length, 5);
  assert.deepEqual(run.records[0], {
    isodate: "2023-07-27 12:21:44.097", pid: "0", action: "executeForCursorWindow", sql: "PRAGMA database_list;", path: "/data/user/0/com.wssyncmldm/databases/idmsdk.db",
  });
  assert.equal(run.records[3].pid, "8817");
  assert.deepEqual([run.timeline.length, run.alerts.length, run.warnings.length], [0, 0, 0]);
  const hit = await runFileModule(def, DATA + "dumpsys_dbinfo.txt", "androidqf", testIocs(["app:id", "com.wssyncmldm"]));
  assert.equal(hit.alerts.length, 5);
  assert.ok(hit.alerts.every((a) => a.level === "CRITICAL" && a.matched_indicator?.value === "com.wssyncmldm"));
  const miss = await runFileModule(def, DATA + "dumpsys_dbinfo.txt", "androidqf", testIocs(["app:id", "idmsdk"]));
  assert.equal(miss.alerts.length, 0, "idmsdk.db is not idmsdk");
});

test("EXPECTED §2 (gen): a timestamp without year and no [Pid:(n)] → no pid key; pools end at a shallower line", async () => {
  const out = [];
  for await (const r of parseDbinfo([
    "Connection pool for /data/user/0/com.example/databases/a.db:",
    "      Most recently executed operations:",
    '        0: [07-15 20:27:39.431] executeForCursorWindow took 2ms - succeeded, sql="SELECT 1", path=/x',
    "        1: no brackets here",
    "    Connection #1:",
    '        2: [07-15 20:27:40.000] prepare took 0ms - succeeded, sql="SELECT 2"',
  ])) out.push(r);
  assert.deepEqual(out, [{ isodate: "07-15 20:27:39.431", action: "executeForCursorWindow", sql: "SELECT 1", path: "/data/user/0/com.example/databases/a.db" }]);
  assert.equal("pid" in out[0]!, false);
});

test("a cut-short dbinfo section: one warning naming the file", async () => {
  const p = join(tempDir(), "dumpstate.txt");
  writeFileSync(p, 'DUMP OF SERVICE dbinfo:\nConnection pool for /d/b.db:\n  Most recently executed operations:\n        0: [2023-01-01 00:00:00.000] [Pid:(1)]prepare took 0ms, sql="X", path=/d/b.db\n        1: [2023-01-01 00:00:00.0');
  const run = await runFileModule(def, p, "bugreport");
  assert.equal(run.records.length, 1);
  assert.equal(run.warnings.length, 1);
  assert.equal(run.warnings[0]!.file, "dumpstate.txt");
});
