/** Filesystem on MVT's test backup walked as a dump (EXPECTED.md §1.6), and on a generated dump with planted traces. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import filesystem from "./filesystem.ts";
import { MVT_BACKUP } from "../../../test/helpers/run-module.ts";
import { runFsModule } from "../../../test/helpers/run-fs-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { copyTree } from "../../../test/helpers/cli.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { PLANTED, standardDump } from "../../../test/builders/ios-fs.ts";

// A copy: the shared folder must gain no -wal/-shm, and MVT's count depends on exactly these entries.
const copy = () => copyTree(MVT_BACKUP, join(tempDir(), "ios_backup"));

test("Filesystem on ios_backup/ as a dump: MVT's 23 records (10 folders, 13 files), 23 timeline rows, no alert", async () => {
  const run = await runFsModule(filesystem, copy());
  assert.equal(run.records.length, 23);
  assert.equal(run.records.filter((r) => !r.path.includes("/") && r.path.length === 2).length, 10, "the 10 xx/ folders");
  assert.equal(run.timeline.length, 23);
  assert.ok(run.timeline.every((e) => e.event === "entry_modified"));
  assert.ok(run.records.some((r) => r.path === "64/64d0019cb3d46bfc8cce545a8ba54b93e7ea9347"));
  assert.match(run.records[0].modified, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
  assert.equal(run.alerts.length, 0);
});

test("Filesystem with test.stix2: nothing; with a process indicator equal to a path component: 1 HIGH (MVT's test_detection)", async () => {
  const dir = copy();
  assert.equal((await runFsModule(filesystem, dir, testIocs())).alerts.length, 0);
  const run = await runFsModule(filesystem, dir, testIocs(["process:name", "64d0019cb3d46bfc8cce545a8ba54b93e7ea9347"]));
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.level, "HIGH");
  assert.equal(run.alerts[0]!.matched_indicator!.type, "processes");
  assert.equal((run.alerts[0]!.event as { path: string }).path, "64/64d0019cb3d46bfc8cce545a8ba54b93e7ea9347");
});

test("Filesystem on a generated dump: a planted file name and a planted process folder each raise HIGH", async () => {
  const dump = standardDump(join(tempDir(), "dump"), { spyware: true });
  const run = await runFsModule(filesystem, dump, testIocs(["file:name", PLANTED.fileName], ["process:name", PLANTED.process]));
  const hits = run.alerts.map((a) => [(a.event as { path: string }).path, a.matched_indicator!.type]);
  assert.deepEqual(hits.sort(), [
    [`private/var/db/com.apple.xpc.roleaccountd.staging/${PLANTED.process}`, "processes"],
    [`private/var/db/com.apple.xpc.roleaccountd.staging/${PLANTED.process}/payload`, "processes"],
    [PLANTED.filePath, "file_names"],
  ]);
  assert.ok(run.alerts.every((a) => a.level === "HIGH"));
  const clean = standardDump(join(tempDir(), "clean"));
  assert.equal((await runFsModule(filesystem, clean, testIocs(["file:name", PLANTED.fileName], ["process:name", PLANTED.process]))).alerts.length, 0);
});
