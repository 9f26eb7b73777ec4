/**
 * check-sysdiagnose end to end, through the CLI as installed (bin/spyglass.js): a sysdiagnose .tar.gz with
 * Pegasus-like traces and an indicator (known spyware, exit 10; check-iocs on its results folder finds them again),
 * a clean one on an exploited iOS version (no known traces, "Update needed"), the refusals, evidence unchanged.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { tempDir } from "./helpers/tmp.ts";
import { hashTree } from "./helpers/cli.ts";
import { testBundle } from "./helpers/indicators.ts";
import { SysdiagnoseBuilder, installLogText, ipsCrash } from "./builders/sysdiagnose.ts";
import { IosBackupBuilder } from "./builders/ios-backup.ts";

const BIN = new URL("../bin/spyglass.js", import.meta.url).pathname;
const PEGASUS = "/private/var/db/com.apple.xpc.roleaccountd.staging/bh";

function installed(args: string[]) {
  const r = spawnSync(BIN, args, { encoding: "utf8", env: { ...process.env, SPYGLASS_IOCS: "" }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const json = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), "utf8"));

/** A TCC.db (schema v3) with one grant, as bytes. */
function tccDb(client: string): Uint8Array {
  const path = join(tempDir(), "TCC.db");
  const db = new Database(path);
  db.exec("CREATE TABLE access (service TEXT, client TEXT, client_type INTEGER, auth_value INTEGER, auth_reason INTEGER, auth_version INTEGER, last_modified INTEGER)");
  db.prepare("INSERT INTO access VALUES ('kTCCServiceMicrophone', ?, 1, 2, 4, 1, 1705300000)").run(client);
  db.close();
  return readFileSync(path);
}

function infected(): SysdiagnoseBuilder {
  return new SysdiagnoseBuilder()
    .basics("17.2", "21C62", "iPhone14,2")
    .shutdownLog([
      { at: 1705300000, blocks: [{ after: 0.04, clients: [[61, "/usr/libexec/backboardd"], [977, PEGASUS]] }] },
      { at: 1705400000, blocks: [{ after: 0.04, clients: [[61, "/usr/libexec/backboardd"]] }] },
    ])
    .ps([{ pid: 1, ppid: 0, command: "/sbin/launchd" }, { pid: 977, command: PEGASUS }])
    .file("crashes_and_spins/bh-2024-01-14-211500.ips", ipsCrash({ name: "bh", path: PEGASUS, time: "2024-01-14 21:15:00.00 +0100" }))
    .file("logs/Accessibility/TCC.db", tccDb(PEGASUS))
    .file("logs/MobileInstallation/mobile_installation.log.0", installLogText([{ time: "Mon Jan  8 09:00:04 2024", text: "Install Successful for (Placeholder:com.example.flashlight)" }]));
}

test("a sysdiagnose tar.gz with Pegasus-like traces and a matching indicator: known spyware (10); check-iocs finds it again", () => {
  const dir = tempDir();
  const archive = infected().writeTarGz(dir);
  const iocs = join(dir, "pegasus.stix2");
  writeFileSync(iocs, testBundle(["process:name", "bh"]));
  const before = hashTree(dir);
  const out = join(tempDir(), "results");
  const r = installed(["check-sysdiagnose", archive, "--iocs", iocs, "-o", out]);
  assert.equal(r.code, 10, r.stderr + r.stdout);
  assert.deepEqual(hashTree(dir), before, "the evidence is unchanged");
  const info = json(out, "info.json");
  assert.deepEqual([info.device.ios_version, info.device.build_version, info.device.product_type], ["17.2", "21C62", "iPhone14,2"]);
  const alerts = json(out, "alerts.json") as { level: string; module: string; matched_indicator: { value: string } | null }[];
  const critical = alerts.filter((a) => a.level === "CRITICAL").map((a) => a.module).sort();
  assert.deepEqual(critical, ["shutdown_log", "sysdiagnose_crashes", "sysdiagnose_processes", "tcc"]);
  assert.equal(json(out, "shutdown_log.json").length, 3);
  assert.equal(json(out, "tcc.json")[0].client, PEGASUS, "the TCC.db spilled from the archive was read");
  // The folder name says the phone was at -08:00: the installation log's local 09:00:04 is 17:00:04 UTC.
  assert.deepEqual(json(out, "sysdiagnose_mobile_installation.json").map((r: { isodate: string; local_time: string }) => [r.isodate, r.local_time]), [["2024-01-08 17:00:04.000000", "2024-01-08 09:00:04.000000"]]);

  const again = installed(["check-iocs", out, "--iocs", iocs]);
  assert.equal(again.code, 10, again.stderr + again.stdout);
  for (const m of ["shutdown_log", "sysdiagnose_processes", "sysdiagnose_crashes"]) assert.match(again.stdout, new RegExp(`CRITICAL ${m}:`));
});

test("a process outside Apple's folders at 3 reboots: check-sysdiagnose says suspicious (11), and check-iocs on its results folder says it again", () => {
  const ODD = "/private/var/mobile/Library/Caches/com.apple.assistant/agentd";
  const folder = new SysdiagnoseBuilder()
    .basics("17.2", "21C62", "iPhone14,2")
    .shutdownLog([1705300000, 1705400000, 1705500000].map((at) => ({ at, blocks: [{ after: 0.04, clients: [[61, "/usr/libexec/backboardd"], [512, ODD]] as [number, string][] }] })))
    .writeFolder(tempDir());
  const out = join(tempDir(), "results");
  const first = installed(["check-sysdiagnose", folder, "--no-indicators", "-o", out]);
  assert.equal(first.code, 11, first.stderr + first.stdout);
  const sticky = (alerts: { level: string; module: string; message: string }[]) => alerts.filter((a) => a.module === "shutdown_log").map((a) => `${a.level} ${a.message}`);
  const found = sticky(json(out, "alerts.json"));
  assert.equal(found.length, 1);
  assert.match(found[0]!, new RegExp(`^MEDIUM Process ${ODD} delayed 3 reboots`));
  const iocs = join(tempDir(), "other.stix2");
  writeFileSync(iocs, testBundle(["process:name", "nothing-here"]));
  const again = installed(["check-iocs", out, "--iocs", iocs, "--json"]);
  assert.equal(again.code, 11, again.stderr + again.stdout);
  assert.deepEqual(sticky(JSON.parse(again.stdout).alerts), found);
});

test("a clean sysdiagnose folder on iOS 16.6: no known traces (0), with 'Update needed'; coverage lists what was there", () => {
  const b = new SysdiagnoseBuilder("sysdiagnose_2023.08.01_09-00-00+0200_iPhone-OS_iPhone_20G75")
    .basics("16.6", "20G75", "iPhone14,2")
    .shutdownLog([{ at: 1690873200, blocks: [{ after: 0.04, clients: [[61, "/usr/libexec/backboardd"]] }] }])
    .ps([{ pid: 1, ppid: 0, command: "/sbin/launchd" }])
    .file("logs/Accessibility/TCC.db", tccDb("com.apple.Preferences"));
  const folder = b.writeFolder(tempDir());
  const before = hashTree(folder);
  const out = join(tempDir(), "results");
  const r = installed(["check-sysdiagnose", folder, "--no-indicators", "-o", out]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.deepEqual(hashTree(folder), before, "the evidence is unchanged (no -wal or -shm beside TCC.db)");
  assert.equal(json(out, "tcc.json").length, 1);
  assert.match(r.stdout, /Update needed/);
  assert.match(r.stdout, /iOS 16\.6/);
  assert.deepEqual(json(out, "info.json").coverage.missing, ["app installation logs (logs/MobileInstallation/)"]);
});

test("refusals: check-backup on a sysdiagnose names check-sysdiagnose; check-sysdiagnose on a backup names check-backup", () => {
  const archive = infected().writeTarGz(tempDir());
  const a = installed(["check-backup", archive, "-o", join(tempDir(), "r")]);
  assert.equal(a.code, 2);
  assert.match(a.stderr, /this is an iPhone sysdiagnose, not an iPhone backup: use spyglass check-sysdiagnose/);
  const b = installed(["check-androidqf", archive, "-o", join(tempDir(), "r")]);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /this is an iPhone sysdiagnose, not an androidqf acquisition: use spyglass check-sysdiagnose/);
  const backup = new IosBackupBuilder(tempDir()).info({ "Product Version": "17.2" }).finish();
  const c = installed(["check-sysdiagnose", backup, "-o", join(tempDir(), "r")]);
  assert.equal(c.code, 2);
  assert.match(c.stderr, /this is an iPhone backup, not an iPhone sysdiagnose: use spyglass check-backup/);
});
