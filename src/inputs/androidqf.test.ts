/** Tests for the androidqf acquisition: MVT's folder, zip and encrypted folder; mounts; device facts; hostile input. */
import { caught, selected, selectedPaths } from "../../test/helpers/errors.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { Selector } from "../core/artifact.ts";
import type { Acquisition } from "../core/acquisition.ts";
import { SpyglassError } from "../core/errors.ts";
import type { SourceFile } from "../core/source.ts";
import { localDir, localFile } from "../node/fs-source.ts";
import { nodeHost } from "../node/host.ts";
import { buildAb, buildTar, buildZip, telephonyBackup } from "../../test/builders/android.ts";
import { tempDir } from "../../test/helpers/tmp.ts";
import { openAndroidqf } from "./androidqf.ts";

const MVT = new URL("../../../shared/peer-artifacts/mvt/", import.meta.url).pathname;
const TEL = "apps/com.android.providers.telephony/d_f";
const SMS: Selector = { from: "android-backup", glob: `${TEL}/*_sms_backup` };
const MMS: Selector = { from: "android-backup", glob: `${TEL}/*_mms_backup` };

const paths = selectedPaths;


/** A writable copy of MVT's androidqf/ folder (the originals are read-only). */
function copyOfAndroidqf(): string {
  const dir = join(tempDir(), "androidqf");
  cpSync(MVT + "androidqf", dir, { recursive: true });
  chmodSync(dir, 0o755);
  for (const n of readdirSync(dir)) chmodSync(join(dir, n), 0o644);
  return dir;
}

test("EXPECTED §3: androidqf/ lists its 8 files and mounts the nested backup.ab (2 telephony files)", async () => {
  const aqf = await openAndroidqf(localDir(MVT + "androidqf"), nodeHost);
  assert.equal(aqf.kind, "androidqf");
  assert.deepEqual(aqf.files, ["backup.ab", "dumpsys.txt", "files.json", "getprop.txt", "packages.json", "ps.txt", "root_binaries.json", "settings_random.txt"]);
  assert.deepEqual(aqf.mounts.map((m) => m.kind), ["android-backup"]);
  assert.deepEqual(await paths(aqf, SMS), [`${TEL}/000000_sms_backup`]);
  assert.deepEqual(await paths(aqf, MMS), [`${TEL}/000001_mms_backup`]);
  assert.deepEqual(await paths(aqf, { from: "androidqf", glob: "getprop.txt" }), ["getprop.txt"]);
  assert.deepEqual(await paths(aqf, { from: "bugreport", glob: "@dumpstate" }), []); // no bugreport.zip
  assert.deepEqual(aqf.device, {}); // this getprop.txt holds only dalvik.* properties
  assert.deepEqual(aqf.warnings, []);
  assert.deepEqual(aqf.opened.map((f) => f.path), ["getprop.txt", "backup.ab"]);
  // EXPECTED §3.1 (test_utils): the hashes of two of the 8 files.
  const sha = async (p: string) => nodeHost.sha256((await aqf.root.file(p))!);
  assert.equal(await sha("backup.ab"), "f0e32fe8a7fd5ac0e2de19636d123c0072e979396986139ba2bc49ec385dc325");
  assert.equal(await sha("dumpsys.txt"), "9fb6396b64cfff30e2a459a64496d3c1386926d09edd68be2d878de45fa7b3a9");
  aqf.close();
});

test("EXPECTED §3: androidqf.zip is rooted at androidqfzip/ and holds only getprop.txt", async () => {
  const aqf = await openAndroidqf(localFile(MVT + "androidqf.zip", "androidqf.zip"), nodeHost);
  assert.deepEqual(aqf.files, ["getprop.txt"]);
  const [getprop] = await selected(aqf, { from: "androidqf", glob: "getprop.txt" });
  assert.equal(new TextDecoder().decode(await getprop!.bytes()).split("\n")[0], "[dalvik.vm.appimageformat]: [lz4]");
  assert.equal(getprop!.evidence!.path, "androidqf.zip");
  assert.deepEqual(aqf.mounts, []);
});

test("EXPECTED §3.1: androidqf_encrypted/ asks the password exactly once; no or wrong password throws", async () => {
  let asked = 0;
  const aqf = await openAndroidqf(localDir(MVT + "androidqf_encrypted"), nodeHost, { backupPassword: async () => (asked++, "123456") });
  assert.equal(asked, 1);
  assert.equal((await selected(aqf, SMS)).length, 1);
  assert.equal((await caught(openAndroidqf(localDir(MVT + "androidqf_encrypted"), nodeHost))).code, "E_ENCRYPTED");
  assert.equal((await caught(openAndroidqf(localDir(MVT + "androidqf_encrypted"), nodeHost, { backupPassword: async () => "invalid_password" }))).code, "E_BAD_PASSWORD");
  // The prompt is not shown for an unencrypted backup.
  await openAndroidqf(localDir(MVT + "androidqf"), nodeHost, { backupPassword: async () => assert.fail("androidqf/backup.ab is not encrypted") });
});

test("EXPECTED §3.1: an empty backup.ab is one warning, and everything else is still there", async () => {
  const dir = copyOfAndroidqf();
  writeFileSync(join(dir, "backup.ab"), "");
  const aqf = await openAndroidqf(localDir(dir), nodeHost);
  assert.equal(aqf.files.length, 8);
  assert.equal(aqf.warnings.length, 1);
  assert.match(aqf.warnings[0]!, /^skipping backup modules: backup\.ab is malformed/);
  assert.deepEqual(await paths(aqf, SMS), []);
  assert.deepEqual(await paths(aqf, { from: "androidqf", glob: "ps.txt" }), ["ps.txt"]);
});

test("device facts from getprop.txt; the acquisition context from acquisition.json, else adb_host_key.pub (as is)", async () => {
  const dir = join(tempDir(), "aqf");
  mkdirSync(dir);
  writeFileSync(join(dir, "getprop.txt"), "[ro.build.version.release]: [14]\n[ro.build.version.security_patch]: [2024-05-01]\n[ro.product.model]: [Pixel 8]\n[ro.product.manufacturer]: [Google]\n[persist.sys.timezone]: [Europe/Rome]\n[ro.empty]: []\n");
  writeFileSync(join(dir, "acquisition.json"), JSON.stringify({ uuid: "u", started: "2025-06-20T18:00:00Z", adb_host_public_key: "QUJDRA== acquisition@host", completed: "x" }));
  writeFileSync(join(dir, "adb_host_key.pub"), "ignored when acquisition.json has a key\n");
  const aqf = await openAndroidqf(localDir(dir), nodeHost);
  assert.deepEqual(aqf.device, {
    android_version: "14",
    security_patch: "2024-05-01",
    model: "Pixel 8",
    manufacturer: "Google",
    timezone: "Europe/Rome",
    androidqf_acquisition: { started: "2025-06-20T18:00:00Z", adb_host_public_key: "QUJDRA== acquisition@host" },
  });
  const pubOnly = join(tempDir(), "aqf");
  mkdirSync(pubOnly);
  writeFileSync(join(pubOnly, "adb_host_key.pub"), "QUJDRA== acquisition@host\n");
  assert.deepEqual((await openAndroidqf(localDir(pubOnly), nodeHost)).device, { androidqf_acquisition: { adb_host_public_key: "QUJDRA== acquisition@host\n" } });
  writeFileSync(join(pubOnly, "acquisition.json"), "{not json");
  const bad = await openAndroidqf(localDir(pubOnly), nodeHost);
  assert.match(bad.warnings[0]!, /^acquisition\.json is not valid JSON/);
  assert.deepEqual(bad.device, { androidqf_acquisition: { adb_host_public_key: "QUJDRA== acquisition@host\n" } });
});

/** An androidqf acquisition with everything nested: a backup, a bugreport zip and intrusion logs. */
function fullAcquisition() {
  const tar = buildTar([{ name: `${TEL}/000000_sms_backup`, data: telephonyBackup([{ body: "see https://example.org", date: "1", date_sent: "0" }]) }]);
  const bugreport = buildZip([{ name: "main_entry.txt", data: "bugreport-x.txt" }, { name: "bugreport-x.txt", data: "== dumpstate ==\n" }, { name: "FS/data/tombstones/tombstone_00", data: "t" }]);
  return { ab: buildAb(tar, { password: "pw" }), bugreport, log: '{"dns_event":{"event_time":1,"hostname":"example.org"}}\n' };
}

test("a folder with backup.ab, bugreport.zip and intrusion_logs/: all three mounted and reachable by kind", async () => {
  const { ab, bugreport, log } = fullAcquisition();
  const dir = join(tempDir(), "aqf");
  mkdirSync(join(dir, "intrusion_logs"), { recursive: true });
  writeFileSync(join(dir, "backup.ab"), ab);
  writeFileSync(join(dir, "bugreport.zip"), bugreport);
  writeFileSync(join(dir, "intrusion_logs", "2025-06-20.txt"), log);
  const aqf = await openAndroidqf(localDir(dir), nodeHost, { backupPassword: async () => "pw" });
  assert.deepEqual(aqf.mounts.map((m) => m.kind), ["android-backup", "bugreport", "intrusion-logs"]);
  assert.deepEqual(await paths(aqf, SMS), [`${TEL}/000000_sms_backup`]);
  assert.deepEqual(await paths(aqf, { from: "bugreport", glob: "@dumpstate" }), ["bugreport-x.txt"]);
  assert.deepEqual(await paths(aqf, { from: "bugreport", glob: "FS/**" }), ["FS/data/tombstones/tombstone_00"]);
  assert.deepEqual(await paths(aqf, { from: "intrusion-logs", glob: "**" }), ["intrusion_logs/2025-06-20.txt"]);
  assert.deepEqual(aqf.warnings, []);
});

test("the same acquisition zipped (one top folder), with hostile members: MVT's warning, nothing written anywhere", async () => {
  const { ab, bugreport, log } = fullAcquisition();
  const dir = tempDir();
  const escaped = `mvt-escaped-${Date.now()}.txt`;
  writeFileSync(
    join(dir, "androidqf.zip"),
    buildZip([
      { name: "uuid-1/getprop.txt", data: "[persist.sys.timezone]: [Asia/Tokyo]\n" },
      { name: "uuid-1/backup.ab", data: ab },
      { name: "uuid-1/bugreport.zip", data: bugreport, method: "store" },
      { name: "uuid-1/intrusion_logs/a.txt", data: log },
      { name: `uuid-1/intrusion_logs/../../${escaped}`, data: "unsafe" },
      { name: "uuid-1/link", data: "/etc/passwd", symlink: true },
    ]),
  );
  const aqf = await openAndroidqf(localFile(join(dir, "androidqf.zip"), "androidqf.zip"), nodeHost, { backupPassword: async () => "pw" });
  assert.deepEqual(aqf.files, ["backup.ab", "bugreport.zip", "getprop.txt", "intrusion_logs/a.txt"]);
  assert.deepEqual(aqf.device, { timezone: "Asia/Tokyo" });
  assert.deepEqual(aqf.mounts.map((m) => m.kind), ["android-backup", "bugreport", "intrusion-logs"]);
  assert.deepEqual(await paths(aqf, { from: "bugreport", glob: "@dumpstate" }), ["bugreport-x.txt"]);
  assert.equal((await selected(aqf, SMS)).length, 1);
  assert.equal(aqf.warnings.length, 2);
  assert.match(aqf.warnings[0]!, /^Skipping unsafe intrusion log archive entry: uuid-1\/intrusion_logs\/\.\.\/\.\.\//);
  assert.match(aqf.warnings[1]!, /^androidqf\.zip: skipped member "uuid-1\/link": it is a symbolic link/);
  assert.deepEqual(readdirSync(dir), ["androidqf.zip"]);
  assert.ok(!existsSync(join(dir, "..", escaped)));
  // An androidqf zip holding only intrusion_logs/ is not rooted inside it (MVT's path-traversal test layout).
  writeFileSync(join(dir, "il.zip"), buildZip([{ name: `intrusion_logs/../${escaped}`, data: "unsafe" }, { name: "intrusion_logs/safe.txt", data: log }]));
  const il = await openAndroidqf(localFile(join(dir, "il.zip"), "il.zip"), nodeHost);
  assert.deepEqual(await paths(il, { from: "intrusion-logs", glob: "**" }), ["intrusion_logs/safe.txt"]);
  assert.match(il.warnings[0]!, /^Skipping unsafe intrusion log archive entry: intrusion_logs\/\.\.\//);
});

test("a damaged bugreport.zip is a warning, not a failure", async () => {
  const dir = copyOfAndroidqf();
  writeFileSync(join(dir, "bugreport.zip"), "PK\x03\x04 cut short");
  const aqf = await openAndroidqf(localDir(dir), nodeHost);
  assert.deepEqual(aqf.mounts.map((m) => m.kind), ["android-backup"]);
  assert.match(aqf.warnings[0]!, /^skipping bugreport modules: Invalid bugreport archive: truncated zip/);
});

test("evidence is untouched: every MVT file keeps its bytes and mtime after opening and reading everything", async () => {
  const files = ["androidqf", "androidqf_encrypted", "android_backup", "android_data/bugreport"].flatMap((d) => walk(MVT + d)).concat([MVT + "androidqf.zip"]);
  const before = files.map((f) => [f, statSync(f).mtimeMs, createHash("sha256").update(readFileSync(f)).digest("hex")]);
  for (const input of [localDir(MVT + "androidqf"), localFile(MVT + "androidqf.zip", "androidqf.zip"), localDir(MVT + "androidqf_encrypted")]) {
    const aqf = await openAndroidqf(input, nodeHost, { backupPassword: async () => "123456" });
    for (const kind of ["androidqf", "android-backup"] as const) for (const f of await selected(aqf, { from: kind, glob: "**" })) await f.bytes();
    aqf.close();
  }
  const after = files.map((f) => [f, statSync(f).mtimeMs, createHash("sha256").update(readFileSync(f)).digest("hex")]);
  assert.deepEqual(after, before);
});

function walk(p: string): string[] {
  return statSync(p).isDirectory() ? readdirSync(p).flatMap((n) => walk(join(p, n))) : [p];
}
