import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import rootBinaries, { rootBinary } from "./root-binaries.ts";
import { runFolderModule, SHARED } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const AQF = SHARED + "peer-artifacts/mvt/androidqf";

function acquisition(text: string): string {
  const dir = join(tempDir(), "androidqf");
  mkdirSync(dir);
  writeFileSync(join(dir, "root_binaries.json"), text);
  return dir;
}

test("MVT androidqf (EXPECTED §3): 4 root binaries, 4 HIGH, 4 untimed root_binary_found events", async () => {
  const run = await runFolderModule(rootBinaries, AQF, "androidqf");
  assert.deepEqual(run.records.map((r) => r.path), ["/system/bin/su", "/system/xbin/busybox", "/data/local/tmp/magisk", "/system/bin/magiskhide"]);
  assert.deepEqual(run.records.map((r) => r.description), ["SuperUser binary", "BusyBox utilities", "Magisk root framework", "Magisk hide utility"]);
  assert.equal(run.records[2].binary_name, "magisk");
  assert.equal(run.alerts.length, 4);
  assert.ok(run.alerts.every((a) => a.level === "HIGH" && a.matched_indicator === null));
  assert.equal(run.alerts[0]!.message, 'Found root binary "su" at path "/system/bin/su"');
  assert.equal(run.timeline.length, 4);
  for (const e of run.timeline) {
    assert.equal(e.module, "RootBinaries");
    assert.equal(e.event, "root_binary_found");
    assert.equal(e.timestamp, "");
    assert.match(e.data, /^Root binary found:/);
  }
  assert.equal(run.timeline[0]!.data, "Root binary found: /system/bin/su (binary: su)");
});

test("an empty list → no records, no alerts (EXPECTED §3)", async () => {
  const run = await runFolderModule(rootBinaries, acquisition("[]"), "androidqf");
  assert.equal(run.records.length, 0);
  assert.equal(run.alerts.length, 0);
  assert.equal(run.warnings.length, 0);
});

test("generated: unknown names, case-folded .apk names, blanks and non-strings skipped, path indicator (beyond MVT)", async () => {
  const dir = acquisition(JSON.stringify(["/system/app/Superuser.apk ", "", 7, null, "/data/local/tmp/xyz"]));
  const run = await runFolderModule(rootBinaries, dir, "androidqf", testIocs(["file:path", "/data/local/tmp/"]));
  assert.deepEqual(run.records, [
    { path: "/system/app/Superuser.apk", binary_name: "superuser.apk", description: "Superuser app" },
    { path: "/data/local/tmp/xyz", binary_name: "xyz", description: "Unknown root binary" },
  ]);
  const critical = run.alerts.filter((a) => a.level === "CRITICAL");
  assert.equal(critical.length, 1);
  assert.equal((critical[0]!.event as { path: string }).path, "/data/local/tmp/xyz");
  assert.equal(run.alerts.filter((a) => a.level === "HIGH").length, 2);
  assert.equal(rootBinary("/sbin/MAGISKPOLICY").description, "Magisk policy binary");
});

test("truncated JSON or a non-list → one warning naming the file", async () => {
  for (const text of ['["/system/bin/su", "/sys', '{"path": "/system/bin/su"}']) {
    const run = await runFolderModule(rootBinaries, acquisition(text), "androidqf");
    assert.equal(run.records.length, 0);
    assert.equal(run.warnings.length, 1);
    assert.equal(run.warnings[0]!.file, "root_binaries.json");
  }
});
