import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import files, { jsonObjects, MAX_GAP_CHARS } from "./aqf-files.ts";
import { memoryFile } from "../../core/source.ts";
import { runFolderModule, SHARED } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const AQF = SHARED + "peer-artifacts/mvt/androidqf";
const SHA256 = "570cd76bf49cf52e0cb347a68bdcf0590b2eaece134e1b1eba7e8d66261bdbe6"; // in test.stix2

function acquisition(filesJson: string | Uint8Array, getprop?: string): string {
  const dir = join(tempDir(), "androidqf");
  mkdirSync(dir);
  writeFileSync(join(dir, "files.json"), filesJson);
  if (getprop !== undefined) writeFileSync(join(dir, "getprop.txt"), getprop);
  return dir;
}
const entry = (path: string, extra: Record<string, unknown> = {}) => ({
  path, size: 10, mode: "-rw-r--r--", user_id: 2000, user_name: "shell", group_id: 2000, group_name: "shell",
  changed_time: 1711846799, modified_time: 1711846800, access_time: 1711846800, error: "", context: "", sha1: "", sha256: "", sha512: "", md5: "", ...extra,
});

test("MVT androidqf (EXPECTED §3): 3 files, 6 events (--C- and MA-- each), UTC without persist.sys.timezone, no alert", async () => {
  const run = await runFolderModule(files, AQF, "androidqf");
  assert.equal(run.records.length, 3);
  assert.equal(run.timeline.length, 6);
  assert.equal(run.alerts.length, 0);
  assert.equal(run.warnings.length, 0);
  const first = run.records[0];
  assert.equal(first.path, "/sdcard/.profig.os");
  assert.equal(first.changed_time, "2019-02-14 14:47:52.000000");
  assert.equal(first.modified_time, "2020-06-25 18:25:32.000000");
  assert.equal(first.access_time, first.modified_time);
  assert.deepEqual(Object.keys(first), ["path", "size", "mode", "user_id", "user_name", "group_id", "group_name", "changed_time", "modified_time", "access_time", "error", "context", "sha1", "sha256", "sha512", "md5"]);
  const mine = run.timeline.filter((e) => e.data === "/sdcard/.profig.os (u:object_r:sdcardfs:s0)");
  assert.deepEqual(mine.map((e) => [e.timestamp, e.event]).sort(), [
    ["2019-02-14 14:47:52.000000", "--C-"],
    ["2020-06-25 18:25:32.000000", "MA--"],
  ]);
  assert.ok(run.timeline.every((e) => e.module === "AQFFiles"));
});

test("persist.sys.timezone → device-local wall clock (across a DST change); NDJSON variant", async () => {
  const ndjson = [entry("/sdcard/a"), entry("/sdcard/b", { context: "u:object_r:media_rw_data_file:s0" })].map((e) => JSON.stringify(e)).join("\n") + "\n";
  const run = await runFolderModule(files, acquisition(ndjson, "[persist.sys.timezone]: [Europe/Rome]\n"), "androidqf");
  assert.equal(run.records.length, 2);
  assert.equal(run.records[0].changed_time, "2024-03-31 01:59:59.000000");
  assert.equal(run.records[0].modified_time, "2024-03-31 03:00:00.000000");
  assert.deepEqual(run.timeline.filter((e) => e.data === "/sdcard/b (u:object_r:media_rw_data_file:s0)").map((e) => e.event).sort(), ["--C-", "MA--"]);
  assert.equal(run.warnings.length, 0);
});

test("an unknown time zone → UTC and one warning", async () => {
  const run = await runFolderModule(files, acquisition(JSON.stringify([entry("/sdcard/a")]), "[persist.sys.timezone]: [Mars/Olympus]\n"), "androidqf");
  assert.equal(run.records[0].modified_time, "2024-03-31 01:00:00.000000");
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.message, /Mars\/Olympus/);
});

test("/data/local/tmp heuristic: HIGH (executable or not), collector and other paths quiet; a path IOC gives only the CRITICAL", async () => {
  const list = [
    entry("/data/local/tmp/payload", { mode: "-rwxr-xr-x" }),
    entry("/data/local/tmp/notes.txt"),
    entry("/data/local/tmp/collector", { mode: "-rwxr-xr-x" }),
    entry("/data/local/tmpfoo"),
  ];
  const dir = acquisition(JSON.stringify(list));
  const run = await runFolderModule(files, dir, "androidqf");
  assert.deepEqual(run.alerts.map((a) => [a.level, a.message]), [
    ["HIGH", 'Found executable file at suspicious path "/data/local/tmp/payload"'],
    ["HIGH", 'Found file at suspicious path "/data/local/tmp/notes.txt"'],
  ]);
  const ioc = await runFolderModule(files, dir, "androidqf", testIocs(["file:path", "/data/local/tmp/payload"]));
  assert.deepEqual(ioc.alerts.map((a) => [a.level, (a.event as { path: string }).path]), [
    ["CRITICAL", "/data/local/tmp/payload"],
    ["HIGH", "/data/local/tmp/notes.txt"],
  ]);
});

test("hash indicators: sha256 from test.stix2 matches; a different hash is a near miss", async () => {
  const dir = acquisition(JSON.stringify([entry("/sdcard/x.apk", { sha256: SHA256 }), entry("/sdcard/y.apk", { sha256: SHA256.replace(/^5/, "6") })]));
  const run = await runFolderModule(files, dir, "androidqf", testIocs());
  assert.equal(run.alerts.length, 1);
  assert.equal((run.alerts[0]!.event as { path: string }).path, "/sdcard/x.apk");
  assert.equal(run.alerts[0]!.matched_indicator?.type, "files_sha256");
});

test("streaming reader: braces and quotes inside strings, objects split over chunks, stray text counted", async () => {
  const text = `[{"path":"/a{b}\\"c","n":{"x":[1,{"y":2}]}}, {"path":"/d"}] garbage`;
  const stats = { bad: 0, truncated: false };
  const got: unknown[] = [];
  const f = memoryFile("files.json", new TextEncoder().encode(text));
  const chunked = { ...f, stream: () => new ReadableStream<Uint8Array>({ start(c) { for (const b of new TextEncoder().encode(text)) c.enqueue(new Uint8Array([b])); c.close(); } }) };
  for await (const o of jsonObjects(chunked, stats)) got.push(o);
  assert.deepEqual(got, [{ path: '/a{b}"c', n: { x: [1, { y: 2 }] } }, { path: "/d" }]);
  assert.deepEqual(stats, { bad: 1, truncated: false });
});

test("a truncated files.json keeps the whole entries and gives one warning naming the file", async () => {
  const text = JSON.stringify([entry("/sdcard/a"), entry("/sdcard/b")]);
  const run = await runFolderModule(files, acquisition(text.slice(0, text.length - 40)), "androidqf");
  assert.equal(run.records.length, 1);
  assert.equal(run.warnings.length, 1);
  assert.equal(run.warnings[0]!.file, "files.json");
  assert.match(run.warnings[0]!.message, /truncated/);
  const garbled = await runFolderModule(files, acquisition(new Uint8Array([0xff, 0xfe, 0x00, 0x41, 0x7b, 0x7d])), "androidqf");
  assert.equal(garbled.records.length, 0);
  assert.equal(garbled.warnings.length, 1);
});

test("a files.json of NUL bytes (a huge file of holes) is read only up to the gap bound, keeping the entries before it", async () => {
  const head = new TextEncoder().encode(`[${JSON.stringify({ path: "/sdcard/a" })},`);
  let pulled = 0;
  const zeros = new Uint8Array(64 << 10);
  const f = memoryFile("files.json", new Uint8Array(0));
  const holes = {
    ...f,
    size: 16 * 2 ** 30,
    stream: () =>
      new ReadableStream<Uint8Array>({
        start: (c) => c.enqueue(head),
        pull(c) {
          pulled += zeros.length;
          c.enqueue(zeros);
        },
      }),
  };
  const got: unknown[] = [];
  await assert.rejects(async () => {
    for await (const o of jsonObjects(holes, { bad: 0, truncated: false })) got.push(o);
  }, /files\.json holds over \d+ characters with no entry/);
  assert.deepEqual(got, [{ path: "/sdcard/a" }]);
  assert.ok(pulled < 2 * MAX_GAP_CHARS, `read ${pulled} bytes`);
});
