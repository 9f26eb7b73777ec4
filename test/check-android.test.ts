/** The Android commands end to end on MVT's real test evidence (EXPECTED.md §3–§5), as a user runs them. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spyglass, hashTree, copyTree } from "./helpers/cli.ts";
import { tempDir } from "./helpers/tmp.ts";
import { SHARED } from "./helpers/run-module.ts";
import { TEST_STIX2 } from "./helpers/indicators.ts";

const MVT = SHARED + "peer-artifacts/mvt/";
const json = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), "utf8"));
const rows = (dir: string, name: string) => readFileSync(join(dir, name), "utf8").split("\r\n").filter(Boolean);
const perPlugin = (dir: string) => {
  const out: Record<string, number> = {};
  for (const r of rows(dir, "timeline.csv").slice(1)) {
    const plugin = r.split('","')[1]!;
    out[plugin] = (out[plugin] ?? 0) + 1;
  }
  return out;
};

test("check-androidqf on androidqf/: MVT's module outputs and counts, nested backup SMS, local-time timeline, evidence unchanged", () => {
  const acq = copyTree(MVT + "androidqf", join(tempDir(), "androidqf"));
  const before = hashTree(acq);
  const out = join(tempDir(), "o");
  const r = spyglass(["check-androidqf", acq, "-o", out, "--iocs", TEST_STIX2]);
  assert.equal(r.code, 11, r.stderr); // heuristics (root binaries, sideloaded apps), no indicator match
  assert.deepEqual(hashTree(acq), before);
  assert.equal(json(out, "aqf_packages.json").length, 7);
  const alerts = json(out, "alerts.json") as { module: string; level: string }[];
  const count = (m: string, l?: string) => alerts.filter((a) => a.module === m && (!l || a.level === l)).length;
  assert.deepEqual([count("aqf_packages", "MEDIUM"), count("aqf_packages", "INFORMATIONAL")], [4, 1]);
  assert.equal(json(out, "aqf_processes.json").length, 15);
  assert.equal(json(out, "aqf_get_prop.json").length, 10);
  assert.deepEqual(Object.keys(json(out, "aqf_settings.json")), ["random"]);
  assert.equal(count("aqf_settings", "MEDIUM"), 1);
  assert.equal(json(out, "aqf_files.json").length, 3);
  assert.equal(json(out, "root_binaries.json").length, 4);
  assert.equal(count("root_binaries", "HIGH"), 4);
  assert.equal(json(out, "sms.json").length, 2);
  // MVT's 10 alerts from its modules; Spyglass also reads androidqf's dumpsys.txt (accessibility, appops…) and checks versions.
  const mvtModules = ["aqf_packages", "aqf_settings", "root_binaries", "sms", "aqf_processes", "aqf_get_prop", "aqf_files"];
  assert.equal(alerts.filter((a) => mvtModules.includes(a.module)).length, 10);
  assert.equal(count("dumpsys_accessibility", "MEDIUM"), 4, "the 4 installed accessibility services of dumpsys.txt");
  const urls = json(out, "urls.json") as Record<string, unknown>[];
  assert.deepEqual(new Set(urls.map((u) => u.url)), new Set(["http://google.com", "https://google.com/"]));
  for (const u of urls) assert.deepEqual(Object.keys(u).sort(), ["expanded_url", "source", "timestamp", "url"]);
  assert.ok(urls.every((u) => u.source === "sms"));
  assert.equal(rows(out, "timeline.csv")[0], '"Device Local Timestamp","Plugin","Event","Description"');
  const plugins = perPlugin(out);
  assert.deepEqual([plugins.RootBinaries, plugins.AQFFiles], [4, 6]);
  assert.ok(rows(out, "timeline.csv").slice(1, 5).every((r) => r.startsWith('"","RootBinaries"')), "root binaries have an empty time, sorted first");
  const info = json(out, "info.json");
  assert.ok(info.hashes.some((h: { file_path: string; sha256: string }) => h.file_path.endsWith("backup.ab") && h.sha256 === "f0e32fe8a7fd5ac0e2de19636d123c0072e979396986139ba2bc49ec385dc325"));
  // check-iocs on these results uses the Android modules (both platforms have an `sms` module).
  const again = spyglass(["check-iocs", out, "--iocs", TEST_STIX2, "--json"]);
  const reAlerts = JSON.parse(again.stdout).alerts as { module: string }[];
  assert.equal(reAlerts.filter((a) => a.module === "aqf_packages").length, 5);
});

test("check-androidqf on androidqf.zip reads getprop only; an empty backup.ab is skipped with a warning", () => {
  const out = join(tempDir(), "o");
  const r = spyglass(["check-androidqf", MVT + "androidqf.zip", "-o", out, "--no-indicators"]);
  assert.ok(r.code === 0 || r.code === 11, r.stderr);
  assert.equal(json(out, "aqf_get_prop.json").length, 10);
  assert.ok(!existsSync(join(out, "aqf_packages.json")));
  const acq = copyTree(MVT + "androidqf", join(tempDir(), "androidqf"));
  writeFileSync(join(acq, "backup.ab"), "");
  const out2 = join(tempDir(), "o2");
  const r2 = spyglass(["check-androidqf", acq, "-o", out2, "--no-indicators"]);
  assert.ok(r2.code === 0 || r2.code === 11, r2.stderr);
  assert.match(r2.stdout, /skipping backup modules/i);
  assert.equal(json(out2, "aqf_packages.json").length, 7, "the rest ran");
});

test("encrypted androidqf backup: password by option or environment, never echoed; a wrong one is one clear line", () => {
  for (const [args, env] of [[["--backup-password", "123456"], {}], [[], { SPYGLASS_ANDROID_BACKUP_PASSWORD: "123456" }]] as const) {
    const out = join(tempDir(), "o");
    const r = spyglass(["check-androidqf", MVT + "androidqf_encrypted", "-o", out, "--no-indicators", ...args], env);
    assert.ok(r.code === 0 || r.code === 11, r.stderr);
    assert.equal(json(out, "sms.json").length, 1);
    assert.equal(json(out, "urls.json").length, 1);
    for (const f of ["info.json", "sms.json", "verdict.json"]) assert.ok(!readFileSync(join(out, f), "utf8").includes("123456"), f);
  }
  const wrong = spyglass(["check-android-backup", MVT + "android_backup/backup2.ab", "-o", join(tempDir(), "o"), "--backup-password", "invalid_password"]);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /wrong Android backup password/);
  assert.ok(!wrong.stderr.includes("invalid_password"));
  const none = spyglass(["check-android-backup", MVT + "android_backup/backup2.ab", "-o", join(tempDir(), "o")]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /encrypted/);
});

test("check-android-backup on the three .ab files and the unpacked folder (EXPECTED §4)", () => {
  const cases: [string, string[], number][] = [
    ["android_backup/backup.ab", [], 2],
    ["android_backup/backup2.ab", ["--backup-password", "123456"], 1],
    ["android_backup/backup3.ab", [], 1],
    ["android_backup", [], 2],
  ];
  for (const [path, extra, n] of cases) {
    const out = join(tempDir(), "o");
    const r = spyglass(["check-android-backup", MVT + path, "-o", out, "--iocs", TEST_STIX2, ...extra]);
    assert.ok(r.code === 0 || r.code === 11, `${path}: ${r.stderr}`);
    const sms = json(out, "sms.json") as { links?: string[] }[];
    assert.equal(sms.length, n, path);
    assert.equal(sms[0]!.links!.length, 1, path);
    assert.ok(!existsSync(join(out, "timeline.csv")), "the Android SMS module has no timeline (as MVT)");
  }
});

test("check-bugreport on the unpacked bugreport (EXPECTED §5); a non-zip file is refused in one line", () => {
  const out = join(tempDir(), "o");
  const r = spyglass(["check-bugreport", MVT + "android_data/bugreport", "-o", out, "--iocs", TEST_STIX2]);
  // Exit 0: a browser allowed to install apps and two system crashes are notes, not evidence (the verdict rules).
  assert.equal(r.code, 0, r.stderr);
  assert.equal(json(out, "dumpsys_appops.json").length, 12);
  assert.equal(json(out, "dumpsys_packages.json").length, 2);
  assert.equal(json(out, "dumpsys_platform_compat.json").length, 2);
  assert.equal(json(out, "tombstones.json").length, 2);
  assert.equal(json(out, "bugreport_timestamps.json").length, 2);
  const p = perPlugin(out);
  assert.deepEqual([p.DumpsysAppops, p.DumpsysPackages, p.Tombstones, p.BugReportTimestamps], [16, 6, 2, 2]);
  const alerts = json(out, "alerts.json") as { module: string; level: string }[];
  assert.equal(alerts.filter((a) => a.module === "tombstones" && a.level === "MEDIUM").length, 2, "suspicious UIDs, with indicators loaded");
  for (const absent of ["dumpsys_accessibility.json", "dumpsys_activities.json", "dumpsys_get_prop.json"]) assert.ok(!existsSync(join(out, absent)), absent);
  const bad = join(tempDir(), "not-a-zip.zip");
  writeFileSync(bad, "this is not a zip file at all");
  const b = spyglass(["check-bugreport", bad, "-o", join(tempDir(), "o")]);
  assert.equal(b.code, 1);
  assert.match(b.stderr, /Invalid bugreport archive/);
  assert.equal(b.stderr.trim().split("\n").length, 1);
});

test("check-intrusion-logs on NDJSON logs: events, heuristics, indicators, local time from --timezone", () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, "log.txt"),
    [
      { dns_event: { event_time: 1750266000000, hostname: "badbadbad.example.org", package_name: "com.example", ip_addresses: ["/198.51.100.1"] } },
      { connect_event: { event_time: 1750266001000, ip_address: "/203.0.113.9", port: 443, package_name: "com.example" } },
      { security_event: { event_time: 1750266002000000000, cert_authority_installed: { subject: "CN=Evil CA", success: true } } },
    ].map((o) => JSON.stringify(o)).join("\n") + "\n",
  );
  const out = join(tempDir(), "o");
  const r = spyglass(["check-intrusion-logs", dir, "-o", out, "--iocs", TEST_STIX2, "--timezone", "Europe/Rome"]);
  assert.equal(r.code, 10, r.stderr);
  const dns = json(out, "dns_event.json") as { timestamp: string }[];
  assert.equal(dns.length, 1);
  assert.equal(dns[0]!.timestamp, "2025-06-18 19:00:00.000000", "device-local wall clock (Rome, UTC+2)");
  const alerts = json(out, "alerts.json") as { module: string; level: string }[];
  assert.ok(alerts.some((a) => a.module === "dns_event" && a.level === "CRITICAL"));
  assert.ok(alerts.some((a) => a.module === "security_event" && a.level === "MEDIUM"));
});
