/** identifyInput and refusal over in-memory folders and zips built in code, and the coverage of an acquisition. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { memoryFile, type SourceFile } from "../core/source.ts";
import { buildAb, buildTar, buildZip } from "../../test/builders/android.ts";
import { identifyInput, refusal } from "./identify.ts";
import { androidqfCoverage, bugreportCoverage, intrusionLogsCoverage } from "./identify-coverage.ts";
import { virtualDir } from "./zip-dir.ts";

const folder = (files: Record<string, string>, dirs: string[] = []) =>
  virtualDir("evidence", new Map(Object.entries(files).map(([p, text]) => [p, () => memoryFile(p, new TextEncoder().encode(text))] as const)), dirs);
const file = (name: string, data: Uint8Array) => memoryFile(name, data);
const kindOf = async (x: Parameters<typeof identifyInput>[0]) => (await identifyInput(x)).kind;

test("each input kind is told by what it declares", async () => {
  assert.equal(await kindOf(folder({ "Manifest.db": "x", "Info.plist": "x" })), "ios-backup");
  assert.equal(await kindOf(folder({ "00008030-001A/Manifest.db": "x" })), "ios-backup", "the folder holding one backup");
  assert.equal(await kindOf(folder({ "getprop.txt": "[a]: [b]" })), "androidqf");
  assert.equal(await kindOf(folder({ "backup.ab": "ANDROID BACKUP\n" })), "androidqf", "androidqf with only its backup");
  assert.equal(await kindOf(folder({ "main_entry.txt": "bugreport-x.txt", "bugreport-x.txt": "== dumpstate" })), "bugreport");
  assert.equal(await kindOf(folder({ "apps/com.x/_manifest": "x" })), "android-backup");
  assert.equal(await kindOf(folder({ "log.txt": '{"dns_event":{}}\n' })), "intrusion-logs");
  assert.equal(await kindOf(folder({ "info.json": '{"target_path": "/x", "mvt_version": "2"}', "sms.json": "[]" })), "results");
  assert.equal(await kindOf(folder({ "command.log": "", "timeline.csv": "" })), "results", "MVT's results without info.json");
  assert.equal(await kindOf(folder({})), "empty");
  assert.equal(await kindOf(folder({ "notes.txt": "hello", "photo.jpg": "x" })), "unknown");
});

test("files: .ab and age by their magic, a zip by what it holds (rooted at its one folder), a damaged zip as such", async () => {
  assert.equal(await kindOf(file("b.ab", buildAb(buildTar([])))), "android-backup");
  assert.equal(await kindOf(file("a.zip.age", new TextEncoder().encode("age-encryption.org/v1\n-> X25519 x\n"))), "age");
  assert.equal(await kindOf(file("aqf.zip", buildZip([{ name: "androidqfzip/" }, { name: "androidqfzip/getprop.txt", data: "[a]: [b]" }]))), "androidqf");
  assert.equal(await kindOf(file("br.zip", buildZip([{ name: "main_entry.txt", data: "d.txt" }, { name: "d.txt", data: "x" }]))), "bugreport");
  assert.equal(await kindOf(file("il.zip", buildZip([{ name: "intrusion_logs/a.txt", data: '{"connect_event":{}}' }]))), "androidqf", "androidqf's own folder is not a root");
  assert.equal(await kindOf(file("logs.zip", buildZip([{ name: "2025/a.txt", data: '{"connect_event":{}}' }]))), "intrusion-logs");
  const truncated = buildZip([{ name: "getprop.txt", data: "x".repeat(100) }]).subarray(0, 40);
  assert.equal(await kindOf(file("cut.zip", truncated)), "damaged-zip");
  assert.equal(await kindOf(file("notes.txt", new TextEncoder().encode("hello"))), "unknown");
});

test("the refusal is one line saying what the input is and which command reads it", async () => {
  const backup = await identifyInput(folder({ "Manifest.db": "x" }));
  assert.equal(refusal(backup, "androidqf", [], "/e"), "/e: this is an iPhone backup, not an androidqf acquisition: use spyglass check-backup");
  assert.equal(refusal(backup, "ios-backup", [], "/e"), undefined);
  assert.equal(refusal(await identifyInput(folder({})), "bugreport", [], "/e"), "/e is an empty folder, not an Android bugreport");
  assert.match(refusal(await identifyInput(folder({ "a.jpg": "x" })), "results", [], "/e")!, /^\/e is not a results folder of Spyglass or MVT \(it holds none of: info\.json/);
  const age: SourceFile = file("a.age", new TextEncoder().encode("age-encryption.org/v1\n"));
  assert.equal(refusal(await identifyInput(age), "androidqf", ["age"], "/e"), undefined);
  assert.equal(refusal(await identifyInput(age), "bugreport", [], "/e"), "/e is an age-encrypted file, not an Android bugreport");
});

test("coverage: an androidqf zip with only getprop.txt examined it and lacks the five other main parts", () => {
  assert.deepEqual(androidqfCoverage(["getprop.txt"]), {
    examined: ["system properties (getprop.txt)"],
    missing: ["installed apps (packages.json)", "running processes (ps.txt)", "system services (dumpsys.txt)", "settings (settings_*.txt)", "file list (files.json)"],
  });
  const full = androidqfCoverage(["backup.ab", "dumpsys.txt", "files.json", "getprop.txt", "packages.json", "ps.txt", "settings_secure.txt"]);
  assert.deepEqual(full.missing, []);
  assert.ok(full.examined.includes("SMS backup (backup.ab)"));
  assert.deepEqual(intrusionLogsCoverage([]), { examined: [], missing: ["intrusion log files (NDJSON *.txt)"] });
  assert.deepEqual(intrusionLogsCoverage(["a.txt"]).examined, ["1 intrusion log file"]);
  assert.deepEqual(bugreportCoverage(undefined, ["FS/data/tombstones/t0"]), { examined: ["1 file of the device's file system (FS/)"], missing: ["the main report (dumpstate, named by main_entry.txt)"] });
});
