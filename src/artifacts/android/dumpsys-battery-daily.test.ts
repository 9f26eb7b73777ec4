import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import def, { markDowngrades, readDailyUpdates } from "./dumpsys-battery-daily.ts";
import type { BatteryDailyRecord } from "./dumpsys-battery-daily.ts";
import { runFileModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const DATA = new URL("../../../../shared/peer-artifacts/mvt/android_data/", import.meta.url).pathname;
const write = (text: string) => {
  const p = join(tempDir(), "dumpsys.txt");
  writeFileSync(p, text);
  return p;
};

test("EXPECTED §2: 3 updates (repeats in a day kept once); com.facebook.system matches once", async () => {
  const run = await runFileModule(def, DATA + "dumpsys_battery.txt", "androidqf");
  assert.equal(run.records.length, 3);
  assert.deepEqual(run.records[0], { action: "update", from: "2022-08-16", to: "2022-08-17", package_name: "com.facebook.services", vers: "385230290" });
  assert.deepEqual(run.timeline[0], { timestamp: "2022-08-16", module: "DumpsysBatteryDaily", event: "battery_daily", data: "Recorded update of package com.facebook.services with vers 385230290" });
  assert.equal(run.alerts.length, 0);
  const hit = await runFileModule(def, DATA + "dumpsys_battery.txt", "androidqf", testIocs(["app:id", "com.facebook.system"]));
  assert.equal(hit.alerts.length, 1);
  assert.deepEqual([hit.alerts[0]!.level, hit.alerts[0]!.event_time, (hit.alerts[0]!.event as BatteryDailyRecord).package_name], ["CRITICAL", "", "com.facebook.system"]);
});

const day = (from: string, to: string, ...updates: string[]) => [`  Daily from ${from} to ${to}:`, ...updates.map((u) => `      Update ${u}`)];

test("EXPECTED §2 (gen): uninstall and downgrade are MEDIUM at the day's date, with MVT's messages and record fields", async () => {
  const text = ["DUMP OF SERVICE batterystats:", ...day("2022-08-16-15-56-39", "2022-08-17-01-15-45", "com.example.app vers=10", "com.example.removed vers=0"),
    ...day("2022-08-17-15-56-39", "2022-08-18-01-15-45", "com.example.app vers=9"), ""].join("\n");
  const run = await runFileModule(def, write(text), "androidqf");
  assert.equal(run.records.length, 3);
  assert.deepEqual(run.alerts.map((a) => [a.level, a.message, a.event_time]), [
    ["MEDIUM", "Detected uninstall of package com.example.removed (vers 0)", "2022-08-16"],
    ["MEDIUM", "Detected downgrade of package com.example.app from vers 10 to vers 9", "2022-08-17"],
  ]);
  assert.deepEqual(run.alerts[1]!.event, { action: "downgrade", from: "2022-08-17", to: "2022-08-18", package_name: "com.example.app", vers: "9", previous_vers: "10" });
  assert.deepEqual(run.timeline.map((e) => e.data).sort(), [
    "Recorded downgrade of package com.example.app from vers 10 to vers 9",
    "Recorded uninstall of package com.example.removed (vers 0)",
    "Recorded update of package com.example.app with vers 10",
  ]);
});

test("EXPECTED §2 (gen): newest-first days give no false downgrade; a reinstall after vers=0 is no downgrade", async () => {
  const newestFirst = [...day("2022-08-18-00-00-00", "2022-08-19-00-00-00", "a.b vers=12"), ...day("2022-08-17-00-00-00", "2022-08-18-00-00-00", "a.b vers=11")];
  const records = await readDailyUpdates(newestFirst);
  markDowngrades(records);
  assert.ok(records.every((r) => r.action === "update"));

  const reinstall = await readDailyUpdates([
    ...day("2022-01-01-00-00-00", "2022-01-02-00-00-00", "c.d vers=50"), ...day("2022-01-02-00-00-00", "2022-01-03-00-00-00", "c.d vers=0"),
    ...day("2022-01-03-00-00-00", "2022-01-04-00-00-00", "c.d vers=20"), ...day("2022-01-04-00-00-00", "2022-01-05-00-00-00", "c.d vers=19", "c.d vers=abc"),
  ]);
  markDowngrades(reinstall);
  assert.deepEqual(reinstall.map((r) => [r.vers, r.action, r.previous_vers]), [
    ["50", "update", undefined], ["0", "update", undefined], ["20", "update", undefined], ["19", "downgrade", "20"], ["abc", "update", undefined],
  ]);
});

test("malformed and cut-short input: bad lines skipped, one warning naming the file", async () => {
  const records = await readDailyUpdates(["      Update before.any.day vers=1", "  Daily from nonsense:", "      Update x vers=1",
    ...day("2022-01-01-00-00-00", "2022-01-02-00-00-00", "novers", "ok.pkg vers=3", "ok.pkg vers=3")]);
  assert.deepEqual(records.map((r) => r.package_name), ["ok.pkg"]);
  const run = await runFileModule(def, write(["DUMP OF SERVICE batterystats:", ...day("2022-01-01-00-00-00", "2022-01-02-00-00-00", "p.q vers=1", "p.r ve")].join("\n")), "androidqf");
  assert.deepEqual(run.records.map((r) => r.package_name), ["p.q"]);
  assert.equal(run.warnings.length, 1);
  assert.equal(run.warnings[0]!.file, "dumpsys.txt");
});
