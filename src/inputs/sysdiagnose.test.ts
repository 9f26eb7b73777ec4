import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { randomBytes } from "node:crypto";
import { openSysdiagnose } from "./sysdiagnose.ts";
import { folderFacts } from "./sysdiagnose-device.ts";
import { sysdiagnoseCoverage } from "./sysdiagnose-identify.ts";
import { identifyInput } from "./identify.ts";
import { localDir, localFile } from "../node/fs-source.ts";
import { nodeHost } from "../node/host.ts";
import { readText } from "../core/source.ts";
import { tempDir } from "../../test/helpers/tmp.ts";
import { buildTar } from "../../test/builders/android.ts";
import { SysdiagnoseBuilder } from "../../test/builders/sysdiagnose.ts";

function built(): SysdiagnoseBuilder {
  return new SysdiagnoseBuilder()
    .basics("16.6", "20G75", "iPhone14,2")
    .shutdownLog([{ at: 1695112140, blocks: [{ after: 0.05, clients: [[61, "/usr/libexec/backboardd"]] }] }])
    .ps([{ pid: 1, ppid: 0, command: "/sbin/launchd" }])
    .file("logs/Accessibility/TCC.db", new Uint8Array(4096).fill(7))
    .file("system_logs.logarchive/00/0000000000000001.tracev3", "x".repeat(5000));
}

const KEEP = (p: string) => p === "ps.txt" || p.endsWith("shutdown.log") || p.endsWith(".db");

test("the folder name gives the build and the local time it was taken", () => {
  assert.deepEqual(folderFacts("sysdiagnose_2024.01.15_10-20-30-0800_iPhone-OS_iPhone_21C66"), { build_version: "21C66", sysdiagnose_time: "2024-01-15T10:20:30-08:00" });
  assert.deepEqual(folderFacts("sysdiagnose_2019.02.13_15-50-14+0100_iPhone_OS_iPhone_16C101"), { build_version: "16C101", sysdiagnose_time: "2019-02-13T15:50:14+01:00" });
  assert.deepEqual(folderFacts("my-logs"), {});
});

test("tar.gz and unpacked folder: the same paths under the top folder, the same device facts", async () => {
  const b = built();
  const dir = tempDir();
  const folder = await openSysdiagnose(localDir(dir + "/" + b.writeFolder(dir).split("/").pop()), nodeHost);
  const parent = await openSysdiagnose(localDir(dir), nodeHost);
  const archive = await openSysdiagnose(localFile(b.writeTarGz(tempDir()), "s.tar.gz"), nodeHost, { keep: KEEP });
  try {
    const device = { build_version: "20G75", sysdiagnose_time: "2024-01-15T10:20:30-08:00", sysdiagnose_folder: b.top, ios_version: "16.6", product_type: "iPhone14,2" };
    for (const acq of [folder, parent, archive]) assert.deepEqual(acq.device, device);
    assert.deepEqual(archive.warnings, []);
    // Only what a module reads (and the device files) is kept from the archive.
    assert.deepEqual([...archive.files].sort(), ["logs/Accessibility/TCC.db", "logs/SystemVersion/SystemVersion.plist", "ps.txt", "remotectl_dumpstate.txt", "system_logs.logarchive/Extra/shutdown.log"]);
    assert.ok(parent.files.includes("system_logs.logarchive/00/0000000000000001.tracev3"));
    const ps = await archive.root.file("ps.txt");
    assert.equal(await readText(ps!), readFileSync(join(dir, b.top, "ps.txt"), "utf8"));
    // A database is spilled to a scratch file (random access), with the same bytes.
    const db = (await archive.root.file("logs/Accessibility/TCC.db"))!;
    assert.deepEqual(await db.slice(4000, 4096), new Uint8Array(96).fill(7));
  } finally {
    for (const a of [folder, parent, archive]) a.close();
  }
});

test("identify: a sysdiagnose tar.gz, its top folder and the folder holding it; a lone ps.txt is still androidqf", async () => {
  const b = built();
  const dir = tempDir();
  const top = b.writeFolder(dir);
  assert.equal((await identifyInput(localFile(b.writeTarGz(tempDir()), "s.tar.gz"))).kind, "sysdiagnose");
  assert.equal((await identifyInput(localDir(top))).kind, "sysdiagnose");
  assert.equal((await identifyInput(localDir(dir))).kind, "sysdiagnose");
  const other = tempDir();
  writeFileSync(join(other, "ps.txt"), "USER PID\n");
  assert.equal((await identifyInput(localDir(other))).kind, "androidqf");
  const notSysdiagnose = join(tempDir(), "logs.tar.gz");
  writeFileSync(notSysdiagnose, gzipSync(buildTar([{ name: "var/log/x.txt", data: "x" }])));
  assert.equal((await identifyInput(localFile(notSysdiagnose, "logs.tar.gz"))).kind, "unknown");
});

test("a gzip that ends early: one warning naming the archive, the members before the cut are analysed", async () => {
  // The last member does not compress: cutting the archive in half cuts inside it.
  const b = built().file("system_logs.logarchive/Persist/0000000000000002.tracev3", randomBytes(100_000));
  const whole = readFileSync(b.writeTarGz(tempDir()));
  const path = join(tempDir(), "cut.tar.gz");
  writeFileSync(path, whole.subarray(0, Math.floor(whole.length / 2)));
  const acq = await openSysdiagnose(localFile(path, "cut.tar.gz"), nodeHost, { keep: KEEP });
  try {
    assert.equal(acq.warnings.length, 1);
    assert.match(acq.warnings[0]!, /^cut\.tar\.gz is damaged after \d+ member\(s\)/);
    assert.ok(acq.files.includes("ps.txt") && acq.files.includes("logs/Accessibility/TCC.db"));
  } finally {
    acq.close();
  }
});

test("../ and absolute member names: one warning each, never kept; the rest analysed", async () => {
  const b = built();
  const path = join(tempDir(), "evil.tar.gz");
  writeFileSync(path, gzipSync(buildTar(b.tarMembers([{ name: "../../escape.txt", data: "x" }, { name: "/etc/passwd", data: "x" }]))));
  const acq = await openSysdiagnose(localFile(path, "evil.tar.gz"), nodeHost);
  try {
    assert.equal(acq.warnings.length, 2);
    assert.match(acq.warnings[0]!, /evil\.tar\.gz: skipped tar member "\.\.\/\.\.\/escape\.txt": unsafe name/);
    assert.match(acq.warnings[1]!, /"\/etc\/passwd": unsafe name: its name is an absolute path/);
    assert.ok(acq.files.includes("ps.txt") && !acq.files.some((f) => f.includes("escape") || f.includes("passwd")));
  } finally {
    acq.close();
  }
});

test("a member over the bounds: one warning naming it, the rest read (limits lowered to stay fast)", async () => {
  const b = built().file("logs/MobileInstallation/mobile_installation.log.0", "y".repeat(20_000));
  const acq = await openSysdiagnose(localFile(b.writeTarGz(tempDir()), "big.tar.gz"), nodeHost, { limits: { member: 8192, spill: 2048 } });
  try {
    assert.deepEqual(acq.warnings, [
      'big.tar.gz: member "logs/Accessibility/TCC.db" (4096 bytes) not read: over the 2048-byte limit for a database',
      'big.tar.gz: member "logs/MobileInstallation/mobile_installation.log.0" (20000 bytes) not read: over the in-memory limit of 8192 bytes',
    ]);
    assert.ok(acq.files.includes("ps.txt") && acq.files.includes("system_logs.logarchive/Extra/shutdown.log"));
  } finally {
    acq.close();
  }
});

test("coverage: the main parts there and missing", () => {
  assert.deepEqual(sysdiagnoseCoverage(["ps.txt", "system_logs.logarchive/Extra/shutdown.log"]), {
    examined: ["reboot log (system_logs.logarchive/Extra/shutdown.log)", "running processes (ps.txt)"],
    missing: ["app installation logs (logs/MobileInstallation/)"],
  });
  assert.deepEqual(sysdiagnoseCoverage(["crashes_and_spins/a.ips", "logs/MobileInstallation/mobile_installation.log.0"]).examined, [
    "app installation logs (logs/MobileInstallation/)", "crash and spin reports (crashes_and_spins/)",
  ]);
});

test("not a gzip at all: an error naming the file", async () => {
  const path = join(tempDir(), "x.tar.gz");
  writeFileSync(path, "not gzip");
  await assert.rejects(openSysdiagnose(localFile(path, "x.tar.gz"), nodeHost), (e: Error & { code?: string; file?: string }) => e.code === "E_CORRUPT" && e.file === "x.tar.gz");
});
