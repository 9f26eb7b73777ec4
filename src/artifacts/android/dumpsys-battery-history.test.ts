import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import def, { parseBatteryHistory } from "./dumpsys-battery-history.ts";
import { runFileModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const DATA = new URL("../../../../shared/peer-artifacts/mvt/android_data/", import.meta.url).pathname;
const collect = async (lines: string[]) => {
  const out = [];
  for await (const r of parseBatteryHistory(lines)) out.push(r);
  return out;
};

test("EXPECTED §2: 5 records with the listed values; the reminder app matches twice", async () => {
  const run = await runFileModule(def, DATA + "dumpsys_battery.txt", "androidqf");
  const r = run.records;
  assert.equal(r.length, 5);
  assert.equal(r[0].package_name, "com.samsung.android.app.reminder");
  assert.equal(r[1].event, "end_job");
  assert.deepEqual([r[2].event, r[2].uid, r[2].package_name], ["start_top", "u0a280", "com.whatsapp"]);
  assert.equal(r[3].event, "end_top");
  assert.equal(r[4].package_name, "com.sec.android.app.launcher");
  assert.deepEqual(r[0], {
    time_elapsed: "+47s645ms", event: "start_job", uid: "u0a94", package_name: "com.samsung.android.app.reminder",
    service: "com.samsung.android.app.reminder/.data.alarmregister.RegisterAlarmJobService",
  });
  assert.deepEqual([run.timeline.length, run.alerts.length, run.warnings.length], [0, 0, 0]);
  const hit = await runFileModule(def, DATA + "dumpsys_battery.txt", "androidqf", testIocs(["app:id", "com.samsung.android.app.reminder"]));
  assert.equal(hit.alerts.length, 2);
  const miss = await runFileModule(def, DATA + "dumpsys_battery.txt", "androidqf", testIocs(["app:id", "com.samsung.android.app"]));
  assert.equal(miss.alerts.length, 0);
});

test("EXPECTED §2 (gen): absolute-time lines; alarms; lines that do not parse are skipped; a blank line ends the history", async () => {
  const out = await collect([
    "Battery History (1% used, 4KB used of 4096KB):",
    '07-15 20:27:39.431 (2) 100 +job=u0a123:"com.example/.ExampleJob"',
    '                    +1s (2) 100 +running +wake_lock=u0a7:"*walarm*:com.alarm/.Rcv" stats=0',
    '                    +2s (2) 100 +running +wake_lock=1000:"*alarm*"',
    "                    +3s (2) 100 +job",
    '                    +4s (2) 100 -top=u0a9:"com.top"',
    "",
    '                    +5s (2) 100 +job=u0a1:"after/.Blank"',
  ]);
  assert.deepEqual(out, [
    { time_elapsed: "07-15 20:27:39.431", event: "start_job", uid: "u0a123", package_name: "com.example", service: "com.example/.ExampleJob" },
    { time_elapsed: "+1s", event: "wake", uid: "u0a7", package_name: "com.alarm", service: "com.alarm/.Rcv" },
    { time_elapsed: "+4s", event: "end_top", uid: "u0a9", package_name: "com.top", service: "" },
  ]);
});

test("a garbled batterystats section: one warning naming the file", async () => {
  const p = join(tempDir(), "dumpsys.txt");
  writeFileSync(p, Uint8Array.from([...new TextEncoder().encode('DUMP OF SERVICE batterystats:\n   +1s (2) 100 +job=u0a1:"a.b/.J"\n'), 0xff, 0xfe, 10]));
  const run = await runFileModule(def, p, "androidqf");
  assert.equal(run.records.length, 1);
  assert.equal(run.warnings.length, 1);
  assert.equal(run.warnings[0]!.file, "dumpsys.txt");
});
