/** check-backup end to end on MVT's real test backup: outputs, exit codes, untouched evidence, bad input. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spyglass, hashTree, copyTree } from "./helpers/cli.ts";
import { tempDir } from "./helpers/tmp.ts";
import { MVT_BACKUP } from "./helpers/run-module.ts";
import { TEST_STIX2 } from "./helpers/indicators.ts";

const json = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), "utf8"));

test("check-backup with test.stix2: MVT's files and counts, exit 10, evidence unchanged", () => {
  const backup = copyTree(MVT_BACKUP, join(tempDir(), "backup"));
  const before = hashTree(backup);
  const out = join(tempDir(), "out");
  const r = spyglass(["check-backup", backup, "--output", out, "--iocs", TEST_STIX2]);
  assert.equal(r.code, 10, r.stderr);
  assert.deepEqual(hashTree(backup), before, "no evidence file changed, none appeared (no -wal/-shm/journal)");
  for (const f of ["info.json", "timeline.csv", "alerts.json", "alerts_timeline.csv", "urls.json", "manifest.json", "sms.json", "tcc.json", "tcc_detected.json", "command.log", "verdict.json", "report.html"]) {
    assert.ok(existsSync(join(out, f)), `${f} written`);
  }
  assert.equal(json(out, "manifest.json").length, 3721);
  const alerts = json(out, "alerts.json") as { module: string; level: string }[];
  const count = (m: string, l: string) => alerts.filter((a) => a.module === m && a.level === l).length;
  assert.equal(count("tcc", "CRITICAL"), 1);
  assert.equal(count("sms", "CRITICAL"), 1);
  assert.equal(count("whatsapp", "CRITICAL"), 1);
  assert.equal(count("datausage", "LOW"), 1);
  assert.equal(count("global_preferences", "INFORMATIONAL"), 1);
  const mvtAlerts = alerts.filter((a) => !["links", "versions"].includes(a.module));
  assert.equal(mvtAlerts.length, 5, JSON.stringify(mvtAlerts.map((a) => [a.module, a.level])));
  assert.ok(count("versions", "HIGH") === 1, "Spyglass's own check: iOS 14.3 has exploited vulnerabilities");
  const timeline = readFileSync(join(out, "timeline.csv"), "utf8").split("\r\n").filter(Boolean);
  assert.equal(timeline[0], '"UTC Timestamp","Plugin","Event","Description"');
  assert.equal(timeline.length - 1, 5981);
  const alertsTimeline = readFileSync(join(out, "alerts_timeline.csv"), "utf8").split("\r\n").filter(Boolean);
  assert.equal(alertsTimeline.length, 2, "header + the datausage LOW alert (the only one with an event time in MVT)");
  assert.deepEqual(json(out, "urls.json"), [
    { url: "https://badbadbad.example.org/", expanded_url: null, timestamp: "2019-08-29 23:13:30.000000", source: "sms" },
    { url: "https://example.org/news", expanded_url: null, timestamp: "2025-08-28 18:53:20.000000", source: "whatsapp" },
  ]);
  const log = readFileSync(join(out, "command.log"), "utf8");
  assert.match(log, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - spyglass\.tcc - CRITICAL - Found a known process name "Launch"/m, "MVT's log line format");
  const info = json(out, "info.json");
  assert.deepEqual(info.ioc_files, [TEST_STIX2]);
  assert.ok(info.hashes.some((h: { file_path: string }) => h.file_path.endsWith("Manifest.db")));
  assert.match(info.ioc_file_hashes[0].sha256, /^[0-9a-f]{64}$/);
});

test("two runs give byte-identical results (except run times in info.json, command.log and the report showing them)", () => {
  const a = join(tempDir(), "a");
  const b = join(tempDir(), "b");
  // Exit 0: no indicators; iOS 14.3's exploited vulnerabilities are "Update needed", which never decides the verdict.
  assert.equal(spyglass(["check-backup", MVT_BACKUP, "-o", a, "--no-indicators"]).code, 0);
  assert.equal(spyglass(["check-backup", MVT_BACKUP, "-o", b, "--no-indicators"]).code, 0);
  const ha = hashTree(a);
  const hb = hashTree(b);
  for (const h of [ha, hb]) for (const f of ["info.json", "report.html", "command.log"]) delete h[f];
  assert.deepEqual(ha, hb);
});

test("a parent folder holding exactly one backup is accepted; an empty folder is refused in one line", () => {
  const parent = tempDir();
  copyTree(MVT_BACKUP, join(parent, "MobileSync", "Backup", "device-id"));
  const r = spyglass(["check-backup", join(parent, "MobileSync", "Backup"), "-o", join(tempDir(), "o"), "--no-indicators"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Found iTunes backup in subfolder: .*device-id/);
  const empty = spyglass(["check-backup", tempDir(), "-o", join(tempDir(), "o")]);
  assert.equal(empty.code, 2, "not an input this command reads: refused as a usage mistake");
  assert.match(empty.stderr, /is an empty folder, not an iPhone backup/);
  assert.equal(empty.stderr.trim().split("\n").length, 1, "one line, no stack trace");
});

test("a corrupt database gives one warning naming it; the other modules still run", () => {
  const backup = copyTree(MVT_BACKUP, join(tempDir(), "backup"));
  writeFileSync(join(backup, "3d", "3d0d7e5fb2ce288813306e4d4636395e047a3d28"), "this is not sqlite at all".repeat(100));
  const out = join(tempDir(), "out");
  const r = spyglass(["check-backup", backup, "-o", out, "--no-indicators"]);
  assert.equal(r.code, 0, r.stderr);
  const info = json(out, "info.json");
  const smsWarnings = info.warnings.filter((w: { file: string }) => w.file.includes("Library/SMS/sms.db"));
  assert.ok(smsWarnings.length >= 1, JSON.stringify(info.warnings));
  assert.match(r.stdout, /warning: sms: HomeDomain\/Library\/SMS\/sms.db/);
  assert.equal(json(out, "tcc.json").length, 11, "TCC still ran");
  assert.equal(json(out, "manifest.json").length, 3721, "Manifest still ran");
});

test("missing Manifest.db, unreadable Info.plist, encrypted backup: one clear line each", () => {
  const noManifest = tempDir();
  writeFileSync(join(noManifest, "Info.plist"), "<plist></plist>");
  const r1 = spyglass(["check-backup", noManifest, "-o", join(tempDir(), "o")]);
  assert.equal(r1.code, 2, "not an iPhone backup: refused before anything is read");
  assert.match(r1.stderr, /is not an iPhone backup \(it holds none of: Manifest\.db/);

  const badInfo = copyTree(MVT_BACKUP, join(tempDir(), "b"));
  writeFileSync(join(badInfo, "Info.plist"), "\u0000garbage");
  const out = join(tempDir(), "o");
  const r2 = spyglass(["check-backup", badInfo, "-o", out, "--no-indicators"]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.match(r2.stdout, /Info\.plist could not be read/);

  const enc = tempDir();
  writeFileSync(join(enc, "Manifest.db"), new Uint8Array(4096).fill(7));
  mkdirSync(join(enc, "00"));
  const r3 = spyglass(["check-backup", enc, "-o", join(tempDir(), "o")]);
  assert.equal(r3.code, 1);
  assert.match(r3.stderr, /encrypted or damaged/);
  assert.equal(r3.stderr.trim().split("\n").length, 1);
});

test("--json prints a machine-readable summary; --list-modules lists the table", () => {
  const r = spyglass(["check-backup", MVT_BACKUP, "-o", join(tempDir(), "o"), "--iocs", TEST_STIX2, "--json"]);
  assert.equal(r.code, 10);
  const s = JSON.parse(r.stdout);
  assert.equal(s.alerts.CRITICAL, 3);
  assert.ok(s.modules.find((m: { module: string; records: number }) => m.module === "manifest" && m.records === 3721));
  const l = spyglass(["check-backup", "--list-modules"]);
  assert.equal(l.code, 0);
  for (const name of ["SMS", "Manifest", "TCC", "Whatsapp", "InteractionC"]) assert.match(l.stdout, new RegExp(`^${name}\\b`, "m"));
});

test("check-iocs re-matches a saved results folder without the evidence", () => {
  const out = join(tempDir(), "o");
  assert.equal(spyglass(["check-backup", MVT_BACKUP, "-o", out, "--no-indicators"]).code, 0);
  const r = spyglass(["check-iocs", out, "--iocs", TEST_STIX2, "--json"]);
  assert.equal(r.code, 10, r.stderr);
  const alerts = JSON.parse(r.stdout).alerts as { module: string }[];
  const per = (m: string) => alerts.filter((a) => a.module === m).length;
  assert.deepEqual([per("whatsapp"), per("sms"), per("tcc"), per("global_preferences"), per("datausage")], [1, 1, 1, 1, 0]);
  assert.equal(alerts.filter((a) => !["links", "versions"].includes(a.module)).length, 4, "MVT's 4 detections");
  assert.ok(per("versions") >= 1, "the cross checks run again on saved results (iOS 14.3 from info.json)");
});

test("indicators lists the bundled bundles; indicators check validates a file", () => {
  const r = spyglass(["indicators", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.files.length, 20);
  assert.ok(s.collections.some((c: { name: string; count: number }) => c.name === "Pegasus" && c.count === 1549));
  const c = spyglass(["indicators", "check", TEST_STIX2]);
  assert.equal(c.code, 0);
  assert.match(c.stdout, /9 indicators/);
  const bad = join(tempDir(), "bad.stix2");
  writeFileSync(bad, "{ not json");
  const b = spyglass(["indicators", "check", bad]);
  assert.equal(b.code, 1);
  assert.match(b.stderr, /bad\.stix2/);
});
