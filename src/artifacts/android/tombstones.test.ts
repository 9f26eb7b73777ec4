import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import def, { parseTextTombstone, wallClock } from "./tombstones.ts";
import type { TombstoneRecord } from "./tombstones.ts";
import { runFileModule, runFolderModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const DATA = new URL("../../../../shared/peer-artifacts/mvt/android_data/", import.meta.url).pathname;
const write = (name: string, data: string | Uint8Array) => {
  const p = join(tempDir(), name);
  writeFileSync(p, data);
  return p;
};
const facts = (r: TombstoneRecord) => ({ command_line: r.command_line, uid: r.uid, pid: r.pid, process_name: r.process_name, timestamp: r.timestamp });
const EXPECTED = {
  command_line: ["/vendor/bin/hw/android.hardware.media.c2@1.2-mediatek"], uid: 1046, pid: 25541, process_name: "mtk.ape.decoder", timestamp: "2023-04-12 12:32:40.518290",
};

test("EXPECTED §2: the text and protobuf tombstones give the same values (wall clock kept, cut to µs)", async () => {
  const text = await runFileModule(def, DATA + "tombstone_process.txt", "bugreport");
  const pb = await runFileModule(def, DATA + "tombstone_process.pb", "bugreport");
  assert.deepEqual(facts(text.records[0]), EXPECTED);
  assert.deepEqual(facts(pb.records[0]), EXPECTED);
  const t = text.records[0] as TombstoneRecord;
  assert.deepEqual(Object.keys(t), [
    "file_name", "file_timestamp", "build_fingerprint", "revision", "arch", "timestamp", "process_uptime", "command_line", "pid", "tid", "process_name",
    "binary_path", "selinux_label", "uid", "signal_info", "cause", "causes", "abort_message", "extra",
  ]);
  assert.deepEqual([t.file_name, t.arch, t.tid, t.binary_path, t.cause, t.process_uptime], ["tombstone_process.txt", "arm", 21307, "/vendor/bin/hw/android.hardware.media.c2@1.2-mediatek", "null pointer dereference", 0]);
  assert.deepEqual(t.signal_info, { code: 1, code_name: "SEGV_MAPERR", name: "SIGSEGV", number: 0 });
  assert.match(t.file_timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
  const p = pb.records[0] as TombstoneRecord;
  assert.deepEqual([p.arch, p.selinux_label, p.binary_path, p.abort_message], ["ARM32", "u:r:mtk_hal_c2:s0\u0000", null, ""]);
  assert.deepEqual(p.causes, [{ human_readable: "null pointer dereference", memory_error: null }]);
  assert.deepEqual(text.timeline.map((e) => [e.timestamp, e.event, e.data]), [[
    "2023-04-12 12:32:40.518290", "Tombstone",
    "Crash in 'mtk.ape.decoder' process running as UID '1046' in file 'tombstone_process.txt' Crash type 'SIGSEGV' with code 'SEGV_MAPERR'",
  ]]);
  assert.equal(text.alerts.length + pb.alerts.length, 0);
});

test("EXPECTED §2 (gen): abort_message set in the protobuf and re-serialized; the first pid line wins in text", async () => {
  const abort = [...new TextEncoder().encode("synthetic abort reason")];
  const pb = write("tombstone_07.pb", Uint8Array.from([...readFileSync(DATA + "tombstone_process.pb"), (14 << 3) | 2, abort.length, ...abort]));
  const run = await runFileModule(def, pb, "bugreport");
  assert.equal(run.records[0].abort_message, "synthetic abort reason");
  assert.deepEqual(run.records[0].causes, [{ human_readable: "null pointer dereference", memory_error: null }]);

  const text = readFileSync(DATA + "tombstone_process.txt", "utf8") + "pid: 25541, tid: 31896, name: worker-thread  >>> /vendor/bin/other <<<\n";
  const t = (await runFileModule(def, write("tombstone_08", text), "bugreport")).records[0] as TombstoneRecord;
  assert.deepEqual([t.pid, t.tid, t.process_name, t.binary_path], [25541, 21307, "mtk.ape.decoder", "/vendor/bin/hw/android.hardware.media.c2@1.2-mediatek"]);
});

test("EXPECTED §2/§5: bugreport folder: 2 tombstones, results[1].pid 3559, the observed values; abort message keeps its trailing space", async () => {
  const run = await runFolderModule(def, DATA + "bugreport", "bugreport");
  const [a, b] = run.records as TombstoneRecord[];
  assert.equal(run.records.length, 2);
  assert.equal(b!.pid, 3559);
  assert.equal(a!.abort_message, "Check failed: payload.size() <= bytes_left (payload.size()=99, bytes_left=51) ");
  assert.deepEqual([a!.pid, a!.tid, a!.binary_path, a!.signal_info, a!.timestamp], [9850, 9893, "/system/bin/adbd", { code: -1, code_name: "SI_QUEUE", name: "SIGABRT", number: 6 }, "2021-09-29 17:43:49.000000"]);
  assert.deepEqual([b!.tid, b!.binary_path, b!.signal_info, b!.timestamp], [3568, "/vendor/bin/tzts_daemon", { code: 1, code_name: "SEGV_MAPERR", name: "SIGSEGV", number: 11 }, "2023-08-21 23:28:59.000000"]);
  assert.deepEqual([run.timeline.length, run.alerts.length, run.warnings.length], [2, 0, 0], "the UID heuristic needs indicators");

  const withIocs = await runFolderModule(def, DATA + "bugreport", "bugreport", testIocs());
  assert.deepEqual(withIocs.alerts.map((x) => [x.level, (x.event as TombstoneRecord).uid, x.event_time]), [
    ["MEDIUM", 2000, "2021-09-29 17:43:49.000000"], ["MEDIUM", 1000, "2023-08-21 23:28:59.000000"],
  ]);
  assert.match(withIocs.alerts[0]!.message, /^Potentially suspicious crash in process 'UsbFfs-worker' running as UID '2000' in tombstone 'tombstone_00' at/);
});

test("process indicators: process name first, then the command's base name (CRITICAL instead of the UID alert); near miss", async () => {
  const byName = await runFolderModule(def, DATA + "bugreport", "bugreport", testIocs(["process:name", "tzts_daemon"]));
  assert.deepEqual(byName.alerts.map((a) => [a.level, a.matched_indicator?.value ?? null]), [["MEDIUM", null], ["CRITICAL", "tzts_daemon"]]);
  const byCmd = await runFileModule(def, DATA + "tombstone_process.txt", "bugreport", testIocs(["process:name", "android.hardware.media.c2@1.2-mediatek"]));
  assert.equal(byCmd.alerts[0]!.matched_indicator?.value, "android.hardware.media.c2@1.2-mediatek");
  assert.equal(byCmd.alerts[0]!.event_time, "2023-04-12 12:32:40.518290");
  const near = await runFileModule(def, DATA + "tombstone_process.txt", "bugreport", testIocs(["process:name", "mtk.ape"]));
  assert.equal(near.alerts.length, 0);
});

test("androidqf source, format variants and bad input (one warning naming the file, the others still read)", async () => {
  const dir = tempDir();
  mkdirSync(join(dir, "tombstones"));
  copyFileSync(DATA + "tombstone_process.pb", join(dir, "tombstones", "tombstone_01.pb"));
  writeFileSync(join(dir, "tombstones", "tombstone_02"), "Build fingerprint: 'x'\nRevision: '0'\nTimestamp: 2023-04-12 12:32:40+0200\n");
  writeFileSync(join(dir, "tombstones", "tombstone_03.pb"), readFileSync(DATA + "tombstone_process.pb").subarray(0, 500));
  const run = await runFolderModule(def, dir, "androidqf");
  assert.equal(run.records.length, 1);
  assert.deepEqual(run.warnings.map((w) => w.file), ["tombstones/tombstone_02", "tombstones/tombstone_03.pb"]);
  assert.match(run.warnings[0]!.message, /not a complete tombstone: no pid, tid, uid, signal_info/);

  assert.equal(wallClock("2021-09-29 17:43:49-0400"), "2021-09-29 17:43:49.000000");
  assert.equal(wallClock("2021-09-29T17:43:49.1Z"), "2021-09-29 17:43:49.100000");
  assert.equal(wallClock("yesterday"), undefined);
  const old = parseTextTombstone("code around pc:\n    b6d3c1a0 e1a0\nCause: [GWP-ASan]: Use After Free\nuid: 0\n");
  assert.deepEqual(old, { cause: "[GWP-ASan]: Use After Free", uid: 0 }, "'code around pc:' is not the code key (MVT would reject the file)");
});
