/** Tests for the intrusion-logs acquisition: folders, zips, zips inside zips and folders, unsafe members, bad zips. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { memoryFile } from "../core/source.ts";
import type { SourceFile } from "../core/source.ts";
import { localDir, localFile } from "../node/fs-source.ts";
import { buildZip } from "../../test/builders/android.ts";
import { tempDir } from "../../test/helpers/tmp.ts";
import { openIntrusionLogs } from "./intrusion-logs.ts";
import type { IntrusionLogs } from "./intrusion-logs.ts";

const ALL = { from: "intrusion-logs", glob: "**" } as const;
const DNS = '{"dns_event":{"event_time":1700000000000,"hostname":"example.org","package_name":"com.x","ip_addresses":["/1.2.3.4"]}}\n';
const CONNECT = '{"connect_event":{"event_time":1700000000001,"ip_address":"/5.6.7.8","port":443,"package_name":"com.x"}}\n';

async function texts(acq: IntrusionLogs): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for await (const f of acq.select(ALL)) out.push([f.path, new TextDecoder().decode(await (f as SourceFile).bytes())]);
  return out;
}

test("a folder: *.txt files at any depth, and the *.txt members of zips in it (named zip::member)", async () => {
  const dir = tempDir();
  mkdirSync(join(dir, "2025-06"));
  writeFileSync(join(dir, "2025-06", "day1.txt"), DNS);
  writeFileSync(join(dir, "README.md"), "not a log");
  writeFileSync(join(dir, "older.zip"), buildZip([{ name: "day0.TXT", data: CONNECT }, { name: "notes.json", data: "{}" }]));
  const acq = await openIntrusionLogs(localDir(dir));
  assert.equal(acq.kind, "intrusion-logs");
  assert.deepEqual(acq.files, ["2025-06/day1.txt", "older.zip::day0.TXT"]);
  assert.deepEqual(await texts(acq), [["2025-06/day1.txt", DNS], ["older.zip::day0.TXT", CONNECT]]);
  assert.deepEqual(acq.warnings, []);
  let none = 0;
  for await (const _ of acq.select({ from: "androidqf", glob: "**/*.txt" })) none++;
  assert.equal(none, 0);
});

test("a zip, with a zip inside a zip; a '../' member is skipped with MVT's warning and nothing is written", async () => {
  const escaped = `mvt-escaped-${Date.now()}.txt`;
  const inner = buildZip([{ name: "deep.txt", data: CONNECT }, { name: `../${escaped}`, data: "unsafe" }]);
  const outer = buildZip([{ name: `intrusion_logs/../${escaped}`, data: "unsafe" }, { name: "intrusion_logs/safe.txt", data: DNS }, { name: "intrusion_logs/more.zip", data: inner, method: "store" }]);
  const dir = tempDir();
  writeFileSync(join(dir, "logs.zip"), outer);
  const acq = await openIntrusionLogs(localFile(join(dir, "logs.zip"), "logs.zip"));
  assert.deepEqual(acq.files, ["intrusion_logs/more.zip::deep.txt", "intrusion_logs/safe.txt"]);
  assert.deepEqual((await texts(acq)).map(([, t]) => t), [CONNECT, DNS]);
  assert.equal(acq.warnings.length, 2);
  for (const w of acq.warnings) assert.match(w, /^Skipping unsafe intrusion log archive entry: /);
  assert.match(acq.warnings[0]!, /logs\.zip::intrusion_logs\/\.\.\//);
  assert.match(acq.warnings[1]!, /intrusion_logs\/more\.zip::\.\.\//);
  assert.ok(!existsSync(join(tmpdir(), escaped)) && !existsSync(join(dir, escaped)));
  assert.deepEqual(readdirSync(dir), ["logs.zip"]);
});

test("a damaged nested zip is one warning; the other logs are still read; a non-zip file is E_CORRUPT", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, "a.txt"), DNS);
  writeFileSync(join(dir, "broken.zip"), buildZip([{ name: "x.txt", data: DNS }]).subarray(0, 40));
  const acq = await openIntrusionLogs(localDir(dir));
  assert.deepEqual(acq.files, ["a.txt"]);
  assert.equal(acq.warnings.length, 1);
  assert.match(acq.warnings[0]!, /^Skipping invalid zip: broken\.zip \(truncated zip/);
  await assert.rejects(openIntrusionLogs(memoryFile("logs.txt", new TextEncoder().encode(DNS))), /not a zip archive/);
});

test("zips nested past the depth bound are not followed", async () => {
  let zip = buildZip([{ name: "bottom.txt", data: DNS }]);
  for (let i = 0; i < 6; i++) zip = buildZip([{ name: `level${i}.zip`, data: zip, method: "store" }]);
  const acq = await openIntrusionLogs(memoryFile("deep.zip", zip));
  assert.deepEqual(acq.files, []);
  assert.match(acq.warnings[0]!, /^Skipping zip nested more than 4 deep: /);
});
