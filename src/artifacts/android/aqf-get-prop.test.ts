import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import getprop from "./aqf-get-prop.ts";
import { parseGetprop, securityPatchFinding, getpropValue } from "../_shared/getprop.ts";
import { runFileModule, runFolderModule, runOn, SHARED } from "../../../test/helpers/run-module.ts";
import { openZipDir } from "../../inputs/zip-dir.ts";
import { folderAcquisition } from "../../inputs/folder.ts";
import { localFile } from "../../node/fs-source.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const AQF = SHARED + "peer-artifacts/mvt/androidqf";

function acquisition(text: string | Uint8Array): string {
  const dir = join(tempDir(), "androidqf");
  mkdirSync(dir);
  writeFileSync(join(dir, "getprop.txt"), text);
  return dir;
}

test("MVT androidqf (EXPECTED §3): 10 properties, [0] dalvik.vm.appimageformat = lz4, no timeline, no alert", async () => {
  const run = await runFolderModule(getprop, AQF, "androidqf");
  assert.equal(run.records.length, 10);
  assert.deepEqual(run.records[0], { name: "dalvik.vm.appimageformat", value: "lz4" });
  assert.equal(run.timeline.length, 0);
  assert.equal(run.alerts.length, 0);
  assert.equal(run.warnings.length, 0);
});

test("MVT androidqf.zip (EXPECTED §3): the same 10 properties through the zip view rooted at its top folder", async () => {
  const zip = await openZipDir(localFile(SHARED + "peer-artifacts/mvt/androidqf.zip", "androidqf.zip"), { rootSingleFolder: true });
  const acq = await folderAcquisition(zip, { kind: "androidqf" });
  try {
    const run = await runOn(acq, getprop);
    assert.equal(run.records.length, 10);
    assert.deepEqual(run.records[0], { name: "dalvik.vm.appimageformat", value: "lz4" });
    assert.equal(run.alerts.length, 0);
  } finally {
    acq.close();
  }
});

test("MVT androidqf + android_property_names:dalvik.vm.heapmaxfree → 1 CRITICAL on that property; sys.foobar alone is a near miss", async () => {
  const run = await runFolderModule(getprop, AQF, "androidqf", testIocs(["android-property:name", "dalvik.vm.heapmaxfree"]));
  assert.equal(run.alerts.length, 1);
  const [a] = run.alerts;
  assert.equal(a!.level, "CRITICAL");
  assert.equal(a!.module, "aqf_get_prop");
  assert.equal((a!.event as { name: string }).name, "dalvik.vm.heapmaxfree");
  assert.equal(a!.matched_indicator?.type, "android_property_names");
  const miss = await runFolderModule(getprop, AQF, "androidqf", testIocs());
  assert.equal(miss.alerts.length, 0);
});

test("MVT android_data/getprop.txt (EXPECTED §2): 13 properties (blank line skipped), property indicator → 1 alert", async () => {
  const path = SHARED + "peer-artifacts/mvt/android_data/getprop.txt";
  const run = await runFileModule(getprop, path, "androidqf");
  assert.equal(run.records.length, 13);
  assert.deepEqual(run.records[0], { name: "af.fast_track_multiplier", value: "1" });
  assert.equal(run.warnings.length, 0);
  const hit = await runFileModule(getprop, path, "androidqf", testIocs(["android-property:name", "dalvik.vm.appimageformat"]));
  assert.equal(hit.alerts.length, 1);
  assert.equal((hit.alerts[0]!.event as { name: string }).name, "dalvik.vm.appimageformat");
});

test("security patch older than 6×31 days → MEDIUM; a recent one or a non-date does not fire", async () => {
  const old = acquisition("[ro.build.version.security_patch]: [2021-08-05]\n[ro.build.version.sdk]: [30]\n");
  const run = await runFolderModule(getprop, old, "androidqf");
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.level, "MEDIUM");
  assert.equal(run.alerts[0]!.message, "This phone has not received security updates for more than six months (last update: 2021-08-05)");
  assert.deepEqual(run.alerts[0]!.event, { name: "ro.build.version.security_patch", value: "2021-08-05" });

  const rec = { name: "ro.build.version.security_patch", value: "2024-01-01" };
  const jan1 = Date.UTC(2024, 0, 1);
  assert.equal(securityPatchFinding(rec, jan1 + 186 * 86_400_000), undefined, "exactly 186 days is not older");
  assert.equal(securityPatchFinding(rec, jan1 + 187 * 86_400_000)?.level, "MEDIUM");
  assert.equal(securityPatchFinding({ name: rec.name, value: "unknown" }, jan1), undefined);
  assert.equal(securityPatchFinding({ name: "ro.build.version.release", value: "2001-01-01" }, jan1), undefined);
  const today = new Date().toISOString().slice(0, 10);
  const fresh = await runFolderModule(getprop, acquisition(`[ro.build.version.security_patch]: [${today}]\n`), "androidqf");
  assert.equal(fresh.alerts.length, 0);
});

test("format variants: CRLF, blank lines, empty value kept, ']' inside a value, a value over two lines", () => {
  const text = "[a.b]: [1]\r\n\r\n[empty.one]: []\r\n[x]: [br]acket]\n[multi]: [line one\nline two]\n[persist.sys.timezone]: [Europe/Rome]\n";
  const stats = { malformed: 0 };
  assert.deepEqual([...parseGetprop(text, stats)], [
    { name: "a.b", value: "1" },
    { name: "empty.one", value: "" },
    { name: "x", value: "br]acket" },
    { name: "multi", value: "line one\nline two" },
    { name: "persist.sys.timezone", value: "Europe/Rome" },
  ]);
  assert.equal(stats.malformed, 0);
  assert.equal(getpropValue(text, "persist.sys.timezone"), "Europe/Rome");
  assert.equal(getpropValue(text, "nope"), undefined);
});

test("a truncated file keeps its whole lines and gives one warning naming the file", async () => {
  const run = await runFolderModule(getprop, acquisition("[a]: [1]\n[b]: [2]\n[dalvik.vm.heapmax"), "androidqf");
  assert.equal(run.records.length, 2);
  assert.equal(run.warnings.length, 1);
  assert.equal(run.warnings[0]!.file, "getprop.txt");
  assert.match(run.warnings[0]!.message, /1 line\(s\) not in getprop/);
});

test("a garbled (binary) file gives no records and one warning", async () => {
  const bytes = new Uint8Array(4096).map((_, i) => (i * 131 + 7) % 256);
  const run = await runFolderModule(getprop, acquisition(bytes), "androidqf");
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.equal(run.warnings[0]!.file, "getprop.txt");
});
