import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import def, { appopsTime } from "./dumpsys-appops.ts";
import type { AppopsRecord } from "./dumpsys-appops.ts";
import { runFileModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const DATA = new URL("../../../../shared/peer-artifacts/mvt/android_data/", import.meta.url).pathname;
const write = (text: string) => {
  const p = join(tempDir(), "dumpstate.txt");
  writeFileSync(p, text);
  return p;
};

test("EXPECTED §2: 13 packages with the listed values", async () => {
  const run = await runFileModule(def, DATA + "dumpsys_appops.txt", "androidqf");
  const r = run.records as AppopsRecord[];
  assert.equal(r.length, 13);
  assert.deepEqual(r[0], { package_name: "com.android.phone", permissions: [{ name: "MANAGE_IPSEC_TUNNELS", entries: [], access: "allow" }], uid: "0" });
  assert.equal(r[6]!.package_name, "com.sec.factory.camera");
  assert.equal(r[6]!.permissions[1]!.entries.length, 1);
  assert.deepEqual(r[6]!.permissions[1]!.entries[0], { access: "Access", type: "pers-s", timestamp: "2022-03-29 18:37:30.315000" });
  assert.equal(r[11]!.permissions.length, 4);
  assert.equal(run.warnings.length, 0);
});

test("EXPECTED §2: with com.facebook.katana: 1 indicator alert + 2 REQUEST_INSTALL_PACKAGES alerts carrying only that permission", async () => {
  const run = await runFileModule(def, DATA + "dumpsys_appops.txt", "androidqf", testIocs(["app:id", "com.facebook.katana"]));
  assert.equal(run.alerts.length, 3);
  const [ioc, ...risky] = run.alerts;
  assert.equal(ioc!.level, "CRITICAL");
  assert.equal(ioc!.matched_indicator?.value, "com.facebook.katana");
  assert.equal(ioc!.event_time, (ioc!.event as AppopsRecord).permissions.flatMap((p) => p.entries.map((e) => e.timestamp ?? "")).sort().pop(), "latest entry time");
  for (const a of risky) {
    assert.equal(a.level, "MEDIUM");
    assert.equal(a.matched_indicator, null);
    assert.deepEqual((a.event as AppopsRecord).permissions.map((p) => p.name), ["REQUEST_INSTALL_PACKAGES"]);
  }
  assert.deepEqual(risky.map((a) => (a.event as AppopsRecord).package_name), ["org.mozilla.firefox", "org.fdroid.fdroid"]);
});

test("EXPECTED §5: bugreport dumpstate: 12 records, 16 timeline events, 1 MEDIUM (firefox, no entries, empty time)", async () => {
  const run = await runFileModule(def, DATA + "bugreport/dumpstate.txt", "bugreport");
  assert.equal(run.records.length, 12);
  assert.equal(run.timeline.length, 16);
  assert.equal(run.alerts.length, 1);
  const [a] = run.alerts;
  assert.equal(a!.level, "MEDIUM");
  assert.equal(a!.matched_indicator, null);
  assert.equal((a!.event as AppopsRecord).package_name, "org.mozilla.firefox");
  assert.equal(a!.event_time, "");
  assert.equal(a!.message, "Package 'org.mozilla.firefox' had risky permission 'REQUEST_INSTALL_PACKAGES' set to 'Unknown' (time not recorded)");
  const e = run.timeline.find((t) => t.data.startsWith("com.sec.factory.camera"));
  assert.ok(e && (e.event === "Access" || e.event === "Reject") && / access to [A-Z_]+: (Access|Reject)$/.test(e.data));
});

const GEN = [
  "DUMP OF SERVICE appops:",
  "  Uid u0a1:", "    Package before.uid.zero:", "      CAMERA (allow):", // ignored: reading starts at "  Uid 0:"
  "  Uid 0:",
  "    Package com.android.shell:",
  "      READ_SMS (allow):",
  "          Access: [top-s]2023-01-02 03:04:05.6 (-1d)",
  "          Reject: [bg]2023-01-01 00:00:00.000 (-2d)",
  "      CAMERA:",
  "  Uid u0a9:",
  "    Package com.example.installer:",
  "      REQUEST_INSTALL_PACKAGES (allow):",
  "          Access: [fg]2022-02-30 10:00:00.000 (-1d)",
  "          Access: [fg]2022-02-01 10:00:00.000 (-1d)",
  "          Running start at: +1h",
  "",
  "    Package after.blank:",
].join("\n");

test("generated: com.android.shell permissions and risky entries oldest first; invalid dates kept without time", async () => {
  const run = await runFileModule(def, write(GEN + "\n"), "bugreport");
  const r = run.records as AppopsRecord[];
  assert.deepEqual(r.map((x) => [x.package_name, x.uid]), [["com.android.shell", "0"], ["com.example.installer", "u0a9"]]);
  assert.deepEqual(r[0]!.permissions[1], { name: "CAMERA:", entries: [] }, "no mode printed → no access key, the name as MVT cuts it");
  assert.deepEqual(r[1]!.permissions[0]!.entries, [
    { access: "Access", type: "fg" },
    { access: "Access", type: "fg", timestamp: "2022-02-01 10:00:00.000000" },
  ]);
  assert.deepEqual(run.alerts.map((a) => [a.level, a.event_time, a.message]), [
    ["MEDIUM", "2023-01-01 00:00:00.000000", "Risky package 'com.android.shell' had 'READ_SMS' permission set to 'Reject' at 2023-01-01 00:00:00.000000"],
    ["MEDIUM", "2023-01-02 03:04:05.600000", "Risky package 'com.android.shell' had 'READ_SMS' permission set to 'Access' at 2023-01-02 03:04:05.600000"],
    ["MEDIUM", "", "Risky package 'com.android.shell' had 'CAMERA:' permission set to 'Unknown' (time not recorded)"],
    ["MEDIUM", "", "Package 'com.example.installer' had risky permission 'REQUEST_INSTALL_PACKAGES' set to 'Access' (time not recorded)"],
    ["MEDIUM", "2022-02-01 10:00:00.000000", "Package 'com.example.installer' had risky permission 'REQUEST_INSTALL_PACKAGES' set to 'Access' at 2022-02-01 10:00:00.000000"],
  ]);
  assert.equal(run.timeline.length, 3);

  // An indicator on the package replaces its heuristic alerts (MVT); a near miss does not.
  const hit = await runFileModule(def, write(GEN + "\n"), "bugreport", testIocs(["app:id", "com.example.installer"]));
  assert.deepEqual(hit.alerts.filter((a) => (a.event as AppopsRecord).package_name === "com.example.installer").map((a) => a.level), ["CRITICAL"]);
  assert.equal(hit.alerts.find((a) => a.level === "CRITICAL")!.event_time, "2022-02-01 10:00:00.000000");
  const miss = await runFileModule(def, write(GEN + "\n"), "bugreport", testIocs(["app:id", "com.example"]));
  assert.equal(miss.alerts.filter((a) => a.level === "CRITICAL").length, 0);
});

test("time parsing as strptime %f; a cut-short file gives one warning naming it", async () => {
  assert.equal(appopsTime("2021-05-19 22:02:52.054"), "2021-05-19 22:02:52.054000");
  assert.equal(appopsTime("2021-5-9 2:02:52.1234567"), undefined);
  assert.equal(appopsTime("2021-02-29 00:00:00.0"), undefined);
  const run = await runFileModule(def, write(GEN.split("\n").slice(0, 13).join("\n") + "\n          Access: [fg]2022-0"), "bugreport");
  assert.equal(run.records.length, 2);
  assert.equal(run.warnings.length, 1);
  assert.equal(run.warnings[0]!.file, "dumpstate.txt");
});
