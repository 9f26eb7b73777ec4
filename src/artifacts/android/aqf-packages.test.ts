import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import packages, { parsePackages } from "./aqf-packages.ts";
import { ExactInteger } from "../../core/exact-int.ts";
import { toJson } from "../../outputs/json.ts";
import { runFolderModule, SHARED } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const AQF = SHARED + "peer-artifacts/mvt/androidqf";
const nameOf = (e: unknown) => (e as { name: string }).name;

function acquisition(text: string): string {
  const dir = join(tempDir(), "androidqf");
  mkdirSync(dir);
  writeFileSync(join(dir, "packages.json"), text);
  return dir;
}
const pkg = (name: string, extra: Record<string, unknown> = {}) => ({ name, files: [], installer: "com.android.vending", uid: 10001, disabled: false, system: false, third_party: true, ...extra });

test("MVT androidqf (EXPECTED §3): 7 packages kept as written, no timeline", async () => {
  const run = await runFolderModule(packages, AQF, "androidqf");
  assert.equal(run.records.length, 7);
  assert.equal(run.timeline.length, 0);
  assert.equal(run.records[0].name, "com.whatsapp");
  assert.equal(run.records[0].installer, "null");
  assert.equal(run.records[0].files[0].certificate.SerialNumber, 1277507236);
  assert.equal(run.records[0].files[0].certificate.Subject, "C=US, ST=California, L=Santa Clara, O=WhatsApp Inc., OU=Engineering, CN=Brian Acton");
});

test("MVT androidqf heuristics (EXPECTED §3): 4 MEDIUM + 1 INFORMATIONAL with MVT's messages", async () => {
  const run = await runFolderModule(packages, AQF, "androidqf");
  assert.equal(run.alerts.length, 5);
  const by = (n: string) => run.alerts.filter((a) => nameOf(a.event) === n);
  assert.equal(by("com.whatsapp").length, 1);
  assert.ok(by("com.whatsapp")[0]!.message.includes("Found a non-system package installed via adb or another method:"));
  assert.equal(by("app.revanced.manager.flutter").length, 1);
  assert.ok(by("app.revanced.manager.flutter")[0]!.message.includes('Found a package installed via a browser (installer="com.google.android.packageinstaller"): '));
  assert.equal(by("org.nuclearfog.apollo").length, 1);
  assert.ok(by("org.nuclearfog.apollo")[0]!.message.includes('Found a package installed via a third party store (installer="org.fdroid.fdroid")'));
  assert.equal(by("org.nuclearfog.apollo")[0]!.level, "INFORMATIONAL");
  assert.deepEqual(run.alerts.filter((a) => a.level === "MEDIUM").map((a) => nameOf(a.event)).sort(),
    ["app.revanced.manager.flutter", "com.google.android.youtube", "com.whatsapp", "org.fdroid.fdroid"]);
  assert.ok(run.alerts.every((a) => a.matched_indicator === null && a.event_time === ""));
});

test("app_ids:com.malware.blah → +1 CRITICAL for that package (6 in total)", async () => {
  const run = await runFolderModule(packages, AQF, "androidqf", testIocs(["app:id", "com.malware.blah"]));
  assert.equal(run.alerts.length, 6);
  const hits = run.alerts.filter((a) => a.matched_indicator);
  assert.equal(hits.length, 1);
  assert.equal(hits[0]!.level, "CRITICAL");
  assert.equal(nameOf(hits[0]!.event), "com.malware.blah");
  assert.equal(hits[0]!.matched_indicator?.value, "com.malware.blah");
});

test("files_sha256:31037a27… and app_cert_hashes:c7e56178… → 1 each, on com.malware.muahaha; near misses do not fire", async () => {
  const sha = "31037a27af59d4914906c01ad14a318eee2f3e31d48da8954dca62a99174e3fa";
  const cert = "c7e56178748be1441370416d4c10e34817ea0c961eb636c8e9d98e0fd79bf730";
  for (const [key, value, type] of [["file:hashes.sha256", sha, "files_sha256"], ["app:cert.sha256", cert, "app_cert_hashes"]] as const) {
    const run = await runFolderModule(packages, AQF, "androidqf", testIocs([key, value]));
    const hits = run.alerts.filter((a) => a.matched_indicator);
    assert.equal(hits.length, 1, key);
    assert.equal(nameOf(hits[0]!.event), "com.malware.muahaha");
    assert.equal(hits[0]!.matched_indicator?.value, value);
    assert.equal(hits[0]!.matched_indicator?.type, type);
  }
  const miss = await runFolderModule(packages, AQF, "androidqf", testIocs(["app:cert.sha256", cert.slice(0, -1) + "1"], ["app:id", "com.malware"]));
  assert.equal(miss.alerts.filter((a) => a.matched_indicator).length, 0);
});

test("beyond MVT: the certificate Md5 and the APK path (file_path) are checked too", async () => {
  const md5 = await runFolderModule(packages, AQF, "androidqf", testIocs(["app:cert.md5", "556c6019249bbc0cab70495178d3a9d1"]));
  assert.deepEqual(md5.alerts.filter((a) => a.matched_indicator).map((a) => nameOf(a.event)), ["com.whatsapp"]);
  const path = await runFolderModule(packages, AQF, "androidqf", testIocs(["file:path", "/data/app/~~-==/com.malware.meh-==/"]));
  const hits = path.alerts.filter((a) => a.matched_indicator);
  assert.deepEqual(hits.map((a) => [nameOf(a.event), a.matched_indicator?.type]), [["com.malware.muahaha", "file_paths"]]);
});

test("generated: root package → MEDIUM only; disabled security/OTA packages → MEDIUM; enabled or Play Store → nothing", async () => {
  const list = [
    pkg("com.topjohnwu.magisk", { installer: "null" }),
    pkg("com.sec.android.soagent", { disabled: true, system: true }),
    pkg("com.wssyncmldm", { disabled: true, system: true }),
    pkg("com.google.android.gms", { disabled: false, system: true }),
    pkg("com.example.play"),
    pkg("com.example.aurora", { installer: "com.aurora.store" }),
    pkg("com.example.systemnull", { installer: "null", system: true }),
  ];
  const run = await runFolderModule(packages, acquisition(JSON.stringify(list)), "androidqf");
  assert.deepEqual(run.alerts.map((a) => [a.level, a.message]), [
    ["MEDIUM", 'Found an installed package related to rooting/jailbreaking: "com.topjohnwu.magisk"'],
    ["MEDIUM", 'Security package "com.sec.android.soagent" disabled on the phone'],
    ["MEDIUM", 'System OTA update package "com.wssyncmldm" disabled on the phone'],
    ["INFORMATIONAL", 'Found a package installed via a third party store (installer="com.aurora.store"): "com.example.aurora"'],
  ]);
});

test("a 64-bit certificate serial stays exact and is written as a bare number", () => {
  const text = JSON.stringify([pkg("a", { files: [{ path: "/x", certificate: { Sha256: "ab", SerialNumber: 0 } }] })]).replace('"SerialNumber":0', '"SerialNumber":12345678901234567891');
  const [p] = parsePackages(text, "packages.json") as { files: { certificate: { SerialNumber: unknown } }[] }[];
  const serial = p!.files[0]!.certificate.SerialNumber;
  assert.ok(serial instanceof ExactInteger);
  assert.match(toJson(p), /"SerialNumber": 12345678901234567891/);
  const inString = parsePackages(JSON.stringify([{ name: 'x "SerialNumber":12345678901234567891' }]), "p") as { name: string }[];
  assert.equal(inString[0]!.name, 'x "SerialNumber":12345678901234567891', "text inside a string is untouched");
});

test("bad input: truncated JSON → one warning naming the file; entries without a name → one warning", async () => {
  const cut = await runFolderModule(packages, acquisition(JSON.stringify([pkg("a"), pkg("b")]).slice(0, 90)), "androidqf");
  assert.equal(cut.records.length, 0);
  assert.equal(cut.warnings.length, 1);
  assert.equal(cut.warnings[0]!.file, "packages.json");
  const odd = await runFolderModule(packages, acquisition(JSON.stringify([pkg("a"), 3, { files: [] }, null])), "androidqf");
  assert.equal(odd.records.length, 1);
  assert.equal(odd.warnings.length, 1);
  const notList = await runFolderModule(packages, acquisition("{}"), "androidqf");
  assert.equal(notList.warnings.length, 1);
});
