import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import def from "./dumpsys-get-prop.ts";
import { runFileModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const DATA = new URL("../../../../shared/peer-artifacts/mvt/android_data/", import.meta.url).pathname;
const write = (text: string) => {
  const p = join(tempDir(), "dumpstate.txt");
  writeFileSync(p, text);
  return p;
};
const DUMPSTATE = [
  "== dumpstate: 2024-05-01 10:00:00",
  "------ SYSTEM PROPERTIES (getprop) ------",
  "[ro.build.version.security_patch]: [2020-01-05]",
  "[persist.sys.timezone]: [Europe/Berlin]",
  "",
  "[sys.foobar]: [1]",
  "------ 0.041s was the duration of 'SYSTEM PROPERTIES' ------",
  "[after.the.block]: [not a property of the block]",
  "-".repeat(78),
  "DUMP OF SERVICE package:",
  "[in.a.service]: [x]",
  "",
].join("\n");

test("EXPECTED §5: the bugreport dumpstate has no SYSTEM PROPERTIES block: 0 records, no warning", async () => {
  const run = await runFileModule(def, DATA + "bugreport/dumpstate.txt", "bugreport");
  assert.deepEqual([run.records.length, run.alerts.length, run.warnings.length], [0, 0, 0]);
});

test("generated: the block's properties only; old security patch → MEDIUM; property indicator → CRITICAL, near miss silent", async () => {
  const run = await runFileModule(def, write(DUMPSTATE), "bugreport");
  assert.deepEqual(run.records, [
    { name: "ro.build.version.security_patch", value: "2020-01-05" },
    { name: "persist.sys.timezone", value: "Europe/Berlin" },
    { name: "sys.foobar", value: "1" },
  ]);
  assert.deepEqual(run.alerts.map((a) => a.level), ["MEDIUM"]);
  assert.match(run.alerts[0]!.message, /2020-01-05/);
  const hit = await runFileModule(def, write(DUMPSTATE), "bugreport", testIocs());
  assert.deepEqual(hit.alerts.map((a) => [a.level, a.matched_indicator?.value ?? null]), [["MEDIUM", null], ["CRITICAL", "sys.foobar"]]);
  const miss = await runFileModule(def, write(DUMPSTATE.replace("[sys.foobar]", "[sys.foobarbaz]")), "bugreport", testIocs());
  assert.equal(miss.alerts.filter((a) => a.level === "CRITICAL").length, 0);
});

test("a recent patch gives no alert; garbage in the block: one warning naming the file", async () => {
  const today = new Date().toISOString().slice(0, 10);
  const fresh = await runFileModule(def, write(DUMPSTATE.replace("2020-01-05", today)), "bugreport");
  assert.equal(fresh.alerts.length, 0);
  const run = await runFileModule(def, write(DUMPSTATE.replace("[persist.sys.timezone]: [Europe/Berlin]", "garbage \u0000 here\n[cut.off]: [val")), "bugreport");
  assert.equal(run.records.length, 2);
  assert.equal(run.warnings.length, 1);
  assert.equal(run.warnings[0]!.file, "dumpstate.txt");
  assert.match(run.warnings[0]!.message, /not UTF-8 text.*; .*getprop/);
});
