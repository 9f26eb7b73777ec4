import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import def from "./dumpsys-activities.ts";
import { runFileModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const DATA = new URL("../../../../shared/peer-artifacts/mvt/android_data/", import.meta.url).pathname;
const write = (text: string) => {
  const p = join(tempDir(), "dumpstate.txt");
  writeFileSync(p, text);
  return p;
};

test("EXPECTED §2: 4 activities; com.google.android.gms matches once", async () => {
  const run = await runFileModule(def, DATA + "dumpsys_packages.txt", "androidqf");
  assert.equal(run.records.length, 4);
  assert.deepEqual(run.records[0], {
    intent: "com.samsung.android.intent.SOCIAL_UPDATES_FEED_VIEW",
    package_name: "com.samsung.android.app.social",
    activity: "com.samsung.android.app.social/.feed.FeedsActivity",
  });
  assert.deepEqual([run.timeline.length, run.alerts.length, run.warnings.length], [0, 0, 0]);
  const hit = await runFileModule(def, DATA + "dumpsys_packages.txt", "androidqf", testIocs(["app:id", "com.google.android.gms"]));
  assert.equal(hit.alerts.length, 1);
  assert.equal(hit.alerts[0]!.level, "CRITICAL");
  assert.equal((hit.alerts[0]!.event as { activity: string }).activity, "com.google.android.gms/.autofill.ui.AutofillSettingsPrivacyHubActivity");
});

test("generated: only Non-Data Actions of the Activity table, a block ends at a shallower line, near miss", async () => {
  const path = write([
    "DUMP OF SERVICE package:",
    "Receiver Resolver Table:", "  Non-Data Actions:", "      not.an.activity:", "        1 com.r/.Recv", "",
    "Activity Resolver Table:", "  Full MIME Types:", "      text/plain:", "        2 com.mime/.A", "",
    "  Non-Data Actions:",
    "      android.intent.action.MAIN:", "        3 com.x/.Main", "        4 com.y/.Home (2 filters)",
    "     odd.indent:", "        5 com.z/.Lost",
    "      android.intent.action.VIEW:", "        6", "        7 com.v/.View",
    "", "      after.blank:", "        8 com.after/.X", "-".repeat(78), "",
  ].join("\n"));
  const run = await runFileModule(def, path, "bugreport", testIocs(["app:id", "com.x.evil"]));
  assert.deepEqual(run.records.map((r) => [r.intent, r.activity]), [
    ["android.intent.action.MAIN", "com.x/.Main"],
    ["android.intent.action.MAIN", "com.y/.Home"],
    ["android.intent.action.VIEW", "com.v/.View"],
  ]);
  assert.equal(run.alerts.length, 0, "com.x.evil is not com.x");
});

test("a cut-short dumpstate: one warning naming the file, records before the cut kept", async () => {
  const path = write("DUMP OF SERVICE package:\nActivity Resolver Table:\n  Non-Data Actions:\n      a.b:\n        1 com.k/.A\n        2 com.k/.B");
  const run = await runFileModule(def, path, "bugreport");
  assert.equal(run.records.length, 2);
  assert.equal(run.warnings.length, 1);
  assert.equal(run.warnings[0]!.file, "dumpstate.txt");
  assert.match(run.warnings[0]!.message, /truncated/);
});
