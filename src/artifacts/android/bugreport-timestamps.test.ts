import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import def from "./bugreport-timestamps.ts";
import { runFolderModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const DATA = new URL("../../../../shared/peer-artifacts/mvt/android_data/", import.meta.url).pathname;

test("EXPECTED §5: the bugreport's 2 FS/ files, with their modification times and an M--- event each", async () => {
  const run = await runFolderModule(def, DATA + "bugreport", "bugreport");
  assert.deepEqual(run.records.map((r) => r.path), ["FS/data/tombstones/tombstone_00", "FS/data/tombstones/tombstone_01"]);
  assert.ok(run.records.every((r) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/.test(r.modified_time)), "the host's mtime (environment-dependent)");
  assert.equal(run.timeline.length, 2);
  assert.deepEqual(run.timeline.map((e) => [e.event, e.data, e.module]), [
    ["M---", "FS/data/tombstones/tombstone_00", "BugReportTimestamps"], ["M---", "FS/data/tombstones/tombstone_01", "BugReportTimestamps"],
  ]);
  assert.deepEqual([run.alerts.length, run.warnings.length], [0, 0]);
});

test("generated: only FS/ files, exact UTC mtimes, nested folders, an empty file listed; no indicator checks", async () => {
  const dir = tempDir();
  mkdirSync(join(dir, "FS", "data", "anr"), { recursive: true });
  writeFileSync(join(dir, "dumpstate.txt"), "x");
  writeFileSync(join(dir, "FS", "data", "anr", "anr_2023"), "");
  utimesSync(join(dir, "FS", "data", "anr", "anr_2023"), 1_700_000_000, 1_700_000_000.25);
  const run = await runFolderModule(def, dir, "bugreport", testIocs(["file:path", "FS/data/anr/anr_2023"]));
  assert.deepEqual(run.records, [{ path: "FS/data/anr/anr_2023", modified_time: "2023-11-14 22:13:20.250000" }]);
  assert.equal(run.alerts.length, 0);
  assert.equal(run.warnings.length, 0);
});
