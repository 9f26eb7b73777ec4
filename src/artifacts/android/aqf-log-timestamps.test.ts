import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import logTimestamps, { modifiedTime } from "./aqf-log-timestamps.ts";
import { memoryFile } from "../../core/source.ts";
import { wallClock } from "../_shared/getprop.ts";
import { runFolderModule, SHARED } from "../../../test/helpers/run-module.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const T = 1700000000; // 2023-11-14 22:13:20 UTC
const hostLocal = wallClock(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");

test("MVT androidqf has no logs/ → no records", async () => {
  const run = await runFolderModule(logTimestamps, SHARED + "peer-artifacts/mvt/androidqf", "androidqf");
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 0);
});

test("generated logs/ (nested too): {path, modified_time} in the host's zone, one M--- event each; other folders ignored", async () => {
  const dir = join(tempDir(), "androidqf");
  mkdirSync(join(dir, "logs", "sub"), { recursive: true });
  mkdirSync(join(dir, "intrusion_logs"));
  for (const [p, t] of [["logs/logcat.txt", T], ["logs/sub/kernel.log", T + 61], ["intrusion_logs/x.txt", T], ["getprop.txt", T]] as const) {
    writeFileSync(join(dir, p), "x");
    utimesSync(join(dir, p), t, t);
  }
  const run = await runFolderModule(logTimestamps, dir, "androidqf");
  assert.deepEqual(run.records, [
    { path: "logs/logcat.txt", modified_time: hostLocal(T) },
    { path: "logs/sub/kernel.log", modified_time: hostLocal(T + 61) },
  ]);
  assert.deepEqual(run.timeline.map((e) => [e.timestamp, e.module, e.event, e.data]), [
    [hostLocal(T), "AQFLogTimestamps", "M---", "logs/logcat.txt"],
    [hostLocal(T + 61), "AQFLogTimestamps", "M---", "logs/sub/kernel.log"],
  ]);
  assert.equal(run.alerts.length, 0);
});

test("a zip member keeps its stored DOS wall clock; an unknown time gives an empty one", () => {
  const zipped = { ...memoryFile("logs/a.txt", new Uint8Array(1)), mtime: T, evidence: memoryFile("androidqf.zip", new Uint8Array(1)) };
  assert.equal(modifiedTime(zipped), "2023-11-14 22:13:20.000000");
  assert.equal(modifiedTime(memoryFile("logs/b.txt", new Uint8Array(1))), "");
});
