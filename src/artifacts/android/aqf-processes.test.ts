import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import processes, { parsePsLine } from "./aqf-processes.ts";
import { runFileModule, runFolderModule, SHARED } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const MVT = SHARED + "peer-artifacts/mvt/";

function acquisition(text: string): string {
  const dir = join(tempDir(), "androidqf");
  mkdirSync(dir);
  writeFileSync(join(dir, "ps.txt"), text);
  return dir;
}

test("MVT androidqf/ps.txt (EXPECTED §3): 15 processes, no timeline, no alert", async () => {
  const run = await runFolderModule(processes, MVT + "androidqf", "androidqf");
  assert.equal(run.records.length, 15);
  assert.equal(run.timeline.length, 0);
  assert.equal(run.alerts.length, 0);
  assert.deepEqual(run.records[1], {
    user: "root", pid: 2, ppid: 0, virtual_memory_size: 0, resident_set_size: 0, wchan: "0", aprocress: "0", stat: "S", proc_name: "kthreadd", label: "",
  });
});

test("MVT android_data/ps.txt (EXPECTED §2): 17 processes, [0] init; processes:lru-add-drain → 1 CRITICAL", async () => {
  const path = MVT + "android_data/ps.txt";
  const run = await runFileModule(processes, path, "androidqf");
  assert.equal(run.records.length, 17);
  assert.equal(run.records[0].proc_name, "init");
  const hit = await runFileModule(processes, path, "androidqf", testIocs(["process:name", "lru-add-drain"]));
  assert.equal(hit.alerts.length, 1);
  assert.equal(hit.alerts[0]!.level, "CRITICAL");
  assert.equal((hit.alerts[0]!.event as { proc_name: string }).proc_name, "lru-add-drain");
  assert.equal(hit.alerts[0]!.matched_indicator?.type, "processes");
  const miss = await runFileModule(processes, path, "androidqf", testIocs(["process:name", "lru-add-drai"]));
  assert.equal(miss.alerts.length, 0, "a prefix of a short name is not a match");
});

const PS = [
  "LABEL                          USER           PID  PPID     VSZ    RSS WCHAN            ADDR S NAME",
  "u:r:untrusted_app:s0:c512,c768 u0_a120      4321   700 1234567  98765 SyS_epoll_wait      0 S com.evil.spy",
  "u:r:gatekeeperd:s0             system        600     1   12345   2345 binder_ioctl_write_read 0 S gatekeeperd",
  "root            42     2       0      0                  0 S [kworker/0:1]",
].join("\n");

test("generated ps -Z: label kept, missing WCHAN handled, name checked as app id first; gatekeeperd never matches", async () => {
  const iocs = testIocs(["app:id", "com.evil.spy"], ["process:name", "gatekeeperd"]);
  const run = await runFolderModule(processes, acquisition(PS), "androidqf", iocs);
  assert.equal(run.records.length, 3);
  assert.equal(run.records[0].label, "u:r:untrusted_app:s0:c512,c768");
  assert.equal(run.records[0].user, "u0_a120");
  assert.equal(run.records[0].virtual_memory_size, 1234567);
  assert.deepEqual({ wchan: run.records[2].wchan, aprocress: run.records[2].aprocress, proc_name: run.records[2].proc_name }, { wchan: "", aprocress: "0", proc_name: "kworker/0:1" });
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.matched_indicator?.type, "app_ids");
  assert.equal(run.alerts[0]!.matched_indicator?.value, "com.evil.spy");
});

test("a line with too few or non-numeric columns is skipped", () => {
  assert.equal(parsePsLine("root 1 0 S init"), undefined);
  assert.equal(parsePsLine("root x 0 100 100 0 0 S init"), undefined);
});

test("a garbled file gives one warning naming the file, and no crash", async () => {
  const run = await runFolderModule(processes, acquisition("USER PID PPID VSZ RSS WCHAN ADDR S NAME\n\u0000\u0001garbage\nroot 1 0 57912 20"), "androidqf");
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.equal(run.warnings[0]!.file, "ps.txt");
});
