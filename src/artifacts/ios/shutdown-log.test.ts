import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import shutdownLog, { parseShutdownLog } from "./shutdown-log.ts";
import { runFolderModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { SysdiagnoseBuilder, shutdownLogText, type Reboot } from "../../../test/builders/sysdiagnose.ts";

// Times of four reboots (Unix seconds): 2023-09-19 08:29:00Z and the days after.
const T = [1695112140, 1695198540, 1695284940, 1695371340];
const BENIGN = "/usr/libexec/backboardd";
const PEGASUS = "/private/var/db/com.apple.xpc.roleaccountd.staging/rolexd";
const PREDATOR = "/private/var/tmp/UserEventAgent";
const APP = "/private/var/containers/Bundle/Application/0F1E2D3C-0000-4000-8000-00000000A11A/Notes+.app/Notes+";

/** Benign: the same system daemon delays every reboot; once a second block. */
const benign: Reboot[] = T.map((at, i) => ({
  at,
  blocks: [{ after: 0.03, clients: [[61, BENIGN]] }, ...(i === 0 ? [{ after: 1.02, clients: [[61, BENIGN]] as [number, string][] }] : [])],
}));

async function sysdiagnose(reboots: readonly Reboot[]): Promise<string> {
  return new SysdiagnoseBuilder().shutdownLog(reboots).writeFolder(tempDir());
}

test("parser: MVT's record per client per block, delays summed, the block count, times from [secs] and @secs, sorted", () => {
  const text = shutdownLogText([
    { at: T[1]!, blocks: [{ after: 0.1, clients: [[7, BENIGN]] }, { after: 0.2, clients: [[7, BENIGN], [88, "/usr/sbin/mDNSResponder"]] }] },
    { at: T[0]!, atSign: true, blocks: [{ after: 0.5, clients: [[9, BENIGN]] }] },
  ]);
  assert.deepEqual(parseShutdownLog(text), [
    { isodate: "2023-09-19 08:29:00.000000", pid: "9", client: BENIGN, delay: 0.5, times_delayed: 1 },
    { isodate: "2023-09-20 08:29:00.000000", pid: "7", client: BENIGN, delay: 0.1, times_delayed: 1 },
    { isodate: "2023-09-20 08:29:00.000000", pid: "7", client: BENIGN, delay: 0.3, times_delayed: 2 },
    { isodate: "2023-09-20 08:29:00.000000", pid: "88", client: "/usr/sbin/mDNSResponder", delay: 0.3, times_delayed: 2 },
  ]);
});

test("parser: a SIGTERM line without a time gives an empty isodate; clients after the last SIGTERM are no record", () => {
  const text = "After 0.10s, these clients are still here:\n  remaining client pid: 5 (/usr/libexec/x)\nSIGTERM: unknown\nAfter 0.10s, these clients are still here:\n  remaining client pid: 6 (/usr/libexec/y)\n";
  assert.deepEqual(parseShutdownLog(text), [{ isodate: "", pid: "5", client: "/usr/libexec/x", delay: 0.1, times_delayed: 1 }]);
});

test("benign delays (a system daemon at every reboot): records and timeline, no alert", async () => {
  const run = await runFolderModule(shutdownLog, await sysdiagnose(benign), "sysdiagnose");
  assert.equal(run.records.length, 5);
  assert.equal(run.alerts.length, 0);
  assert.equal(run.timeline.length, 4, "identical events (same reboot, same client) counted once, as MVT");
  assert.deepEqual(run.timeline[0], { timestamp: "2023-09-19 08:29:00.000000", module: "ShutdownLog", event: "shutdown", data: `Client ${BENIGN} with PID 61 was running when the device was shut down` });
});

test("Pegasus-like (/private/var/db/…) and Predator-like (/private/var/tmp/…) clients: one HIGH per record, without indicators", async () => {
  const reboots: Reboot[] = [
    { at: T[0]!, blocks: [{ after: 0.05, clients: [[61, BENIGN], [412, PEGASUS]] }] },
    { at: T[1]!, blocks: [{ after: 0.05, clients: [[977, PREDATOR]] }] },
  ];
  const run = await runFolderModule(shutdownLog, await sysdiagnose(reboots), "sysdiagnose");
  assert.deepEqual(run.alerts.map((a) => [a.level, (a.event as { client: string }).client, a.event_time]), [
    ["HIGH", PEGASUS, "2023-09-19 08:29:00.000000"],
    ["HIGH", PREDATOR, "2023-09-20 08:29:00.000000"],
  ]);
  assert.match(run.alerts[0]!.message, /Pegasus ran from \/private\/var\/db\//);
  assert.match(run.alerts[1]!.message, /Predator ran from \/private\/var\/tmp\//);
});

test("indicators: a process indicator equal to a path component, and a file path, match CRITICAL; a part of a name does not", async () => {
  const dir = await sysdiagnose([{ at: T[0]!, blocks: [{ after: 0.05, clients: [[61, BENIGN], [412, PEGASUS]] }] }]);
  const byProcess = await runFolderModule(shutdownLog, dir, "sysdiagnose", testIocs(["process:name", "rolexd"]));
  const critical = byProcess.alerts.filter((a) => a.level === "CRITICAL");
  assert.equal(critical.length, 1);
  assert.equal(critical[0]!.matched_indicator?.type, "processes");
  assert.equal((critical[0]!.event as { client: string }).client, PEGASUS);
  const byPath = await runFolderModule(shutdownLog, dir, "sysdiagnose", testIocs(["file:path", "/private/var/db/com.apple.xpc.roleaccountd.staging/"]));
  assert.equal(byPath.alerts.filter((a) => a.level === "CRITICAL")[0]?.matched_indicator?.type, "file_paths");
  const none = await runFolderModule(shutdownLog, dir, "sysdiagnose", testIocs(["process:name", "rolex"]));
  assert.equal(none.alerts.filter((a) => a.level === "CRITICAL").length, 0);
});

test("a process outside Apple's and apps' folders at 3 distinct reboots: one MEDIUM; at 2 reboots, none; an app: LOW", async () => {
  const ODD = "/private/var/mobile/Library/Caches/com.apple.assistant/agentd";
  const sticky = (n: number, client = ODD): Reboot[] => T.slice(0, n).map((at) => ({ at, blocks: [{ after: 0.05, clients: [[61, BENIGN], [500, client]] }, { after: 0.5, clients: [[500, client]] }] }));
  const three = await runFolderModule(shutdownLog, await sysdiagnose(sticky(3)), "sysdiagnose");
  assert.deepEqual(three.alerts.map((a) => a.level), ["MEDIUM"]);
  assert.match(three.alerts[0]!.message, /agentd delayed 3 reboots/);
  assert.deepEqual((three.alerts[0]!.event as { reboots: string[] }).reboots.length, 3);
  const two = await runFolderModule(shutdownLog, await sysdiagnose(sticky(2)), "sysdiagnose");
  assert.equal(two.alerts.length, 0);
  const app = await runFolderModule(shutdownLog, await sysdiagnose(sticky(4, APP)), "sysdiagnose");
  assert.deepEqual(app.alerts.map((a) => a.level), ["LOW"]);
  assert.match(app.alerts[0]!.message, /Notes\+ delayed 4 reboots/);
});

test("filesystem dump source: shutdown.log and rotated shutdown.*.log under private/var/db/diagnostics/", async () => {
  const dir = tempDir();
  const diag = join(dir, "private/var/db/diagnostics");
  mkdirSync(diag, { recursive: true });
  writeFileSync(join(diag, "shutdown.log"), shutdownLogText([benign[1]!]));
  writeFileSync(join(diag, "shutdown.0.log"), shutdownLogText([{ at: T[0]!, blocks: [{ after: 0.05, clients: [[412, PEGASUS]] }] }]));
  const run = await runFolderModule(shutdownLog, dir, "ios-fs");
  assert.deepEqual(run.records.map((r) => r.client).sort(), [PEGASUS, BENIGN].sort());
  assert.equal(run.alerts.length, 1);
});

test("MVT test_shutdownlog (EXPECTED §1.6): rotated logs discovered, 2 records; a file-path indicator matches a client with a trailing UUID by prefix", async () => {
  const dir = tempDir();
  const diag = join(dir, "private/var/db/diagnostics");
  mkdirSync(diag, { recursive: true });
  writeFileSync(join(diag, "shutdown.log"), shutdownLogText([{ at: T[1]!, blocks: [{ after: 0.1, clients: [[10, "/usr/libexec/first"]] }] }]));
  writeFileSync(join(diag, "shutdown.0.log"), shutdownLogText([{ at: T[0]!, blocks: [{ after: 0.1, clients: [[11, "/usr/libexec/second"]] }] }]));
  const run = await runFolderModule(shutdownLog, dir, "ios-fs");
  assert.equal(run.records.length, 2);
  assert.deepEqual(new Set(run.records.map((r) => r.client)), new Set(["/usr/libexec/first", "/usr/libexec/second"]));

  const uuid = await sysdiagnose([{ at: T[0]!, blocks: [{ after: 0.1, clients: [[12, "/usr/sbin/filecoordinationd/123e4567-e89b-12d3-a456-426614174000"]] }] }]);
  const hit = await runFolderModule(shutdownLog, uuid, "sysdiagnose", testIocs(["file:path", "/usr/sbin/filecoordinationd"]));
  assert.equal(hit.alerts.length, 1);
  assert.equal(hit.alerts[0]!.matched_indicator?.value, "/usr/sbin/filecoordinationd");
});

test("a process at 3 reboots spread over shutdown.log and a rotated log: one MEDIUM over both; the saved records give it again (check-iocs)", async () => {
  const ODD = "/private/var/mobile/Library/Caches/com.apple.assistant/agentd";
  const at = (t: number): Reboot => ({ at: t, blocks: [{ after: 0.05, clients: [[61, BENIGN], [500, ODD]] }] });
  const dir = tempDir();
  const diag = join(dir, "private/var/db/diagnostics");
  mkdirSync(diag, { recursive: true });
  writeFileSync(join(diag, "shutdown.log"), shutdownLogText([at(T[2]!)]));
  writeFileSync(join(diag, "shutdown.0.log"), shutdownLogText([at(T[0]!), at(T[1]!)]));
  const run = await runFolderModule(shutdownLog, dir, "ios-fs");
  assert.deepEqual(run.alerts.map((a) => [a.level, a.message]), [["MEDIUM", `Process ${ODD} delayed 3 reboots (from 2023-09-19 08:29:00.000000 to 2023-09-21 08:29:00.000000): a process outside Apple's and apps' folders that keeps running at shutdown is worth an expert's look`]]);
  // The records as a results folder holds them (JSON), checked again without the evidence: the same finding.
  const saved = JSON.parse(JSON.stringify(run.records)) as typeof run.records;
  const again = [...shutdownLog.acrossRecords!(saved)];
  assert.deepEqual(again.map((f) => [f.level, f.message, f.event_time, f.event]), run.alerts.map((a) => [a.level, a.message, a.event_time, a.event]));
  assert.deepEqual([...shutdownLog.acrossRecords!(saved.filter((r) => r.isodate !== saved[0]!.isodate))], [], "2 reboots: nothing");
});
