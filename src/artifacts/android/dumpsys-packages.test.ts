import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import def, { parsePackageDetails } from "./dumpsys-packages.ts";
import type { DumpsysPackageRecord } from "./dumpsys-packages.ts";
import { runFileModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const DATA = new URL("../../../../shared/peer-artifacts/mvt/android_data/", import.meta.url).pathname;
const write = (text: string) => {
  const p = join(tempDir(), "dumpstate.txt");
  writeFileSync(p, text);
  return p;
};

test("EXPECTED §2: 2 packages with the listed values; com.sec.android.app.DataCreate matches once", async () => {
  const run = await runFileModule(def, DATA + "dumpsys_packages.txt", "androidqf");
  const r = run.records as DumpsysPackageRecord[];
  assert.equal(r.length, 2);
  assert.equal(r[0]!.package_name, "com.samsung.android.provider.filterprovider");
  assert.equal(r[0]!.version_name, "5.0.07");
  assert.equal(r[0]!.first_install_time, "2008-12-31 16:00:00");
  assert.equal(r[0]!.system, true);
  assert.deepEqual(Object.keys(r[0]!), [
    "package_name", "uid", "version_name", "version_code", "timestamp", "first_install_time", "last_update_time", "installer", "system", "permissions", "requested_permissions",
  ]);
  assert.equal(r[0]!.version_code, "500700000 minSdk=28 targetSdk=28", "as MVT, the rest of the line is kept");
  assert.deepEqual(r[1]!.requested_permissions.slice(0, 2), ["android.permission.ACCESS_WIFI_STATE", "android.permission.INTERNET"]);
  assert.deepEqual(r[1]!.permissions[0], { name: "com.sec.android.app.DataCreate.permission.KEYSTRING", type: "declared" });
  assert.deepEqual(r[1]!.permissions.find((p) => p.type === "runtime"), { name: "android.permission.READ_SMS", granted: false, type: "runtime" });
  assert.equal(run.alerts.length, 0);
  const hit = await runFileModule(def, DATA + "dumpsys_packages.txt", "androidqf", testIocs(["app:id", "com.sec.android.app.DataCreate"]));
  assert.equal(hit.alerts.length, 1);
  assert.deepEqual([hit.alerts[0]!.level, hit.alerts[0]!.event_time], ["CRITICAL", "2008-12-31 16:00:00"]);
});

test("EXPECTED §5: bugreport: installers '' and com.android.vending, 4 and 32 permissions, 6 timeline events", async () => {
  const run = await runFileModule(def, DATA + "bugreport/dumpstate.txt", "bugreport");
  const r = run.records as DumpsysPackageRecord[];
  assert.deepEqual(r.map((x) => [x.package_name, x.installer, x.permissions.length]), [
    ["com.samsung.android.provider.filterprovider", "", 4],
    ["com.instagram.android", "com.android.vending", 32],
  ]);
  assert.equal(run.timeline.length, 6);
  assert.deepEqual(run.timeline.filter((e) => e.data.endsWith("instagram.android")).map((e) => [e.event, e.timestamp]).sort(), [
    ["package_first_install", "2020-06-12 00:41:34"], ["package_install", "2022-06-29 23:28:46"], ["package_last_update", "2022-06-29 23:28:51"],
  ]);
  assert.equal(run.warnings.length, 0);
});

test("EXPECTED §2 (gen): SYSTEM in pkgFlags; per-user values from User 0, else the first user", () => {
  assert.equal(parsePackageDetails(["    pkgFlags=[ SYSTEM HAS_CODE ALLOW_CLEAR_USER_DATA ]"]).system, true);
  assert.equal(parsePackageDetails(["    pkgFlags=[ HAS_CODE ALLOW_BACKUP ]"]).system, false);
  assert.equal(parsePackageDetails(["    versionName=1.0"]).system, false);
  const two = parsePackageDetails([
    "    User 0: installed=true", "      firstInstallTime=2024-01-10 09:19:39", "      runtime permissions:", "        android.permission.CAMERA: granted=true",
    "    User 95: installed=false", "      firstInstallTime=1970-01-01 01:00:00", "      runtime permissions:",
    "        android.permission.CAMERA: granted=false", "        android.permission.RECORD_AUDIO: granted=false",
  ]);
  assert.equal(two.first_install_time, "2024-01-10 09:19:39");
  assert.deepEqual(two.permissions.filter((p) => p.type === "runtime"), [{ name: "android.permission.CAMERA", granted: true, type: "runtime" }]);
  const other = parsePackageDetails(["    User 10: installed=true", "      firstInstallTime=2024-02-10 09:19:39", "      runtime permissions:", "        android.permission.CAMERA: granted=true"]);
  assert.equal(other.first_install_time, "2024-02-10 09:19:39");
  assert.equal(other.permissions.at(-1)!.name, "android.permission.CAMERA");
});

test("generated: a root package → MEDIUM at its timestamp, a look-alike name does not; a cut-short file gives one warning", async () => {
  const text = [
    "DUMP OF SERVICE package:", "Packages:",
    "  Package [com.topjohnwu.magisk] (abc):", "    userId=10200", "    timeStamp=2023-01-01 10:00:00", "    install permissions:",
    "      android.permission.INTERNET: granted=true", "      broken permission line",
    "  Package [com.topjohnwu.magisk.helper] (def):", "    userId=10201",
    "", "  Package [after.blank.line] (x):", "-".repeat(78), "",
  ].join("\n");
  const run = await runFileModule(def, write(text), "bugreport");
  assert.deepEqual(run.records.map((r) => r.package_name), ["com.topjohnwu.magisk", "com.topjohnwu.magisk.helper"]);
  assert.deepEqual(run.records[0].permissions, [{ name: "android.permission.INTERNET", granted: true, type: "install" }]);
  assert.deepEqual(run.alerts.map((a) => [a.level, a.event_time, a.message]), [
    ["MEDIUM", "2023-01-01 10:00:00", 'Found an installed package related to rooting/jailbreaking: "com.topjohnwu.magisk"'],
  ]);
  const cut = await runFileModule(def, write(text.split("\n").slice(0, 6).join("\n") + "\n      android.permission.CAM"), "bugreport");
  assert.equal(cut.records.length, 1);
  assert.equal(cut.warnings.length, 1);
  assert.equal(cut.warnings[0]!.file, "dumpstate.txt");
});
