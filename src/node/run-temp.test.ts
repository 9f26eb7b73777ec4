import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { removeRunTemp, removeStaleRunTemps, runTempDir, runTempSubdir, workerEnv } from "./run-temp.ts";

test("the run's temp folder: private, named with the pid, holds the subfolders, handed to workers, removed", () => {
  const dir = runTempDir();
  assert.equal(runTempDir(), dir, "one per run");
  assert.match(basename(dir), new RegExp(`^spyglass-run-${process.pid}-\\w{6}$`));
  assert.equal(dirname(dir), tmpdir());
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  const sub = runTempSubdir("db-");
  assert.equal(dirname(sub), dir);
  assert.equal(workerEnv().SPYGLASS_RUN_TEMP, dir);
  removeRunTemp();
  assert.ok(!existsSync(dir));
});

test("removeStaleRunTemps: only our folders whose process is gone; never through a symbolic link", () => {
  const root = mkdtempSync(join(tmpdir(), "stale-"));
  try {
    const gone = ["spyglass-run-999999999-abcdef", "spyglass-run-999999998-XYZ123"];
    for (const g of gone) writeFileSync(join(mkdirSync(join(root, g, "db-x"), { recursive: true })!, "db.sqlite"), "copy");
    const target = join(root, "elsewhere");
    mkdirSync(target);
    writeFileSync(join(target, "keep.txt"), "not ours");
    symlinkSync(target, join(root, "spyglass-run-999999997-linkxx"));
    const kept = [`spyglass-run-${process.pid}-livexx`, "spyglass-run-1-short", "spyglass-db-abcdef", "other"];
    for (const k of kept) mkdirSync(join(root, k));
    const removed = removeStaleRunTemps(root).map((p) => basename(p)).sort();
    assert.deepEqual(removed, [...gone].sort());
    assert.deepEqual(readdirSync(root).sort(), [...kept, "elsewhere", "spyglass-run-999999997-linkxx"].sort());
    assert.ok(existsSync(join(target, "keep.txt")), "a link's target untouched");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
