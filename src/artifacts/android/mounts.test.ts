import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import mounts, { parseMountLine } from "./mounts.ts";
import { runFolderModule, SHARED } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

function acquisition(text: string): string {
  const dir = join(tempDir(), "androidqf");
  mkdirSync(dir);
  writeFileSync(join(dir, "mounts.json"), text);
  return dir;
}

/** The 3 lines of MVT's mounts test. */
const MVT_LINES = [
  "/dev/block/dm-12 on / type ext4 (ro,seclabel,noatime)",
  "/dev/block/by-name/system on /system type ext4 (rw,seclabel,noatime)",
  "/dev/block/by-name/data on /data type f2fs (rw,nosuid,nodev,noatime)",
];

test("MVT androidqf has no mounts.json → no records, no alerts (EXPECTED §3)", async () => {
  const run = await runFolderModule(mounts, SHARED + "peer-artifacts/mvt/androidqf", "androidqf");
  assert.equal(run.records.length, 0);
  assert.equal(run.alerts.length, 0);
  assert.equal(run.warnings.length, 0);
});

test("MVT's 3 generated lines: records with options_list, flags; /system rw → HIGH + MEDIUM", async () => {
  const run = await runFolderModule(mounts, acquisition(JSON.stringify(MVT_LINES)), "androidqf");
  assert.equal(run.records.length, 3);
  assert.deepEqual(run.records[0], {
    device: "/dev/block/dm-12", mount_point: "/", filesystem_type: "ext4", mount_options: "ro,seclabel,noatime",
    options_list: ["ro", "seclabel", "noatime"], is_system_partition: false, is_read_write: false,
  });
  assert.deepEqual([run.records[1].is_system_partition, run.records[1].is_read_write], [true, true]);
  assert.deepEqual([run.records[2].is_system_partition, run.records[2].is_read_write], [false, true]);
  assert.deepEqual(run.alerts.map((a) => [a.level, a.message]), [
    ["HIGH", "Root detected /system partition is mounted as read-write (rw)"],
    ["MEDIUM", "Suspicious mount options found for /system: rw, noatime"],
  ]);
  assert.equal(run.timeline.length, 0);
});

test("an indicator on mount point /system → exactly 1 alert with a matched indicator; /system/bin is a near miss", async () => {
  const dir = acquisition(JSON.stringify(MVT_LINES));
  const run = await runFolderModule(mounts, dir, "androidqf", testIocs(["file:path", "/system"]));
  const matched = run.alerts.filter((a) => a.matched_indicator);
  assert.equal(matched.length, 1);
  assert.equal(matched[0]!.level, "CRITICAL");
  assert.equal((matched[0]!.event as { mount_point: string }).mount_point, "/system");
  assert.equal(matched[0]!.matched_indicator?.type, "file_paths");
  const miss = await runFolderModule(mounts, dir, "androidqf", testIocs(["file:path", "/system/bin"]));
  assert.equal(miss.alerts.filter((a) => a.matched_indicator).length, 0);
});

test("heuristics: noatime allow-list, other partitions rw, remount, ro system partitions quiet", async () => {
  const lines = [
    "/dev/block/dm-3 on /vendor type ext4 (ro,seclabel,noatime)",
    "/dev/block/dm-4 on /system_ext type ext4 (rw,seclabel,noatime)",
    "/dev/block/dm-5 on /product type ext4 (ro,remount)",
    "/dev/block/dm-6 on /system type ext4 (ro,seclabel,relatime)",
    "/dev/block/dm-7 on /odm type ext4 (rw)",
  ];
  const run = await runFolderModule(mounts, acquisition(JSON.stringify(lines)), "androidqf");
  assert.deepEqual(run.alerts.map((a) => [a.level, a.message]), [
    ["HIGH", "System partition /system_ext is mounted as read-write (rw). This may indicate system modifications."],
    ["MEDIUM", "Suspicious mount options found for /product: remount"],
  ]);
});

test("format variants: /proc/mounts lines, a type without options; junk lines are skipped", () => {
  assert.deepEqual(parseMountLine("/dev/block/by-name/system /system ext4 ro,seclabel,relatime 0 0"), {
    device: "/dev/block/by-name/system", mount_point: "/system", filesystem_type: "ext4", mount_options: "ro,seclabel,relatime",
    options_list: ["ro", "seclabel", "relatime"], is_system_partition: true, is_read_write: false,
  });
  assert.equal(parseMountLine("tmpfs on /dev type tmpfs")?.mount_options, "");
  assert.equal(parseMountLine("not a mount line"), undefined);
});

test("bad input: junk entries → one warning; truncated JSON → one warning naming the file", async () => {
  const junk = await runFolderModule(mounts, acquisition(JSON.stringify([MVT_LINES[0], 42, "garbage", ""])), "androidqf");
  assert.equal(junk.records.length, 1);
  assert.equal(junk.warnings.length, 1);
  assert.match(junk.warnings[0]!.message, /^2 entr/);
  const cut = await runFolderModule(mounts, acquisition(JSON.stringify(MVT_LINES).slice(0, 60)), "androidqf");
  assert.equal(cut.records.length, 0);
  assert.equal(cut.warnings.length, 1);
  assert.equal(cut.warnings[0]!.file, "mounts.json");
});
