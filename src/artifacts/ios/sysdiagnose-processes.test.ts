import { test } from "node:test";
import assert from "node:assert/strict";
import processes, { executableOf, parsePsListing, parseTaskinfo } from "./sysdiagnose-processes.ts";
import { runFolderModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { SysdiagnoseBuilder, psText } from "../../../test/builders/sysdiagnose.ts";

const ROWS = [
  { pid: 1, ppid: 0, command: "/sbin/launchd" },
  { user: "mobile", pid: 58, command: "/System/Library/CoreServices/SpringBoard.app/SpringBoard" },
  { user: "mobile", pid: 311, command: "/private/var/containers/Bundle/Application/0F1E2D3C-0000-4000-8000-00000000A11A/Signal.app/Signal" },
  { pid: 402, command: "/private/preboot/Cryptexes/OS/usr/libexec/webinspectord" },
  { pid: 977, command: "/private/var/db/com.apple.xpc.roleaccountd.staging/bh -x" },
  { pid: 978, command: "/private/var/tmp/UserEventAgent" },
];
const TASKINFO = 'process: "launchd" [1]\n\tthreads: 5\nprocess: "bh" [977]\n\tthreads: 2\n';

async function built(): Promise<string> {
  return new SysdiagnoseBuilder().ps(ROWS).file("taskinfo.txt", TASKINFO).file("ps_thread.txt", [
    "USER               PID   TT   %CPU STAT PRI     STIME     UTIME COMMAND",
    "root                 1   ??    0.0 S     31T   0:00.62   0:01.01 /sbin/launchd",
    "                         0.0 S     37T   0:00.00   0:00.00",
    "mobile              58   ??    0.2 S     47T   0:05.10   0:09.33 /System/Library/CoreServices/SpringBoard.app/SpringBoard",
  ].join("\n")).writeFolder(tempDir());
}

test("ps.txt columns: pid, ppid, user, the command line, the executable and its name", () => {
  const rows = [...parsePsListing(psText(ROWS), "ps.txt")];
  assert.equal(rows.length, 6);
  assert.deepEqual(rows[4], { source: "ps.txt", pid: 977, ppid: 1, user: "root", command: "/private/var/db/com.apple.xpc.roleaccountd.staging/bh -x", path: "/private/var/db/com.apple.xpc.roleaccountd.staging/bh", name: "bh" });
  assert.deepEqual([...parseTaskinfo(TASKINFO, "taskinfo.txt")].map((p) => [p.pid, p.name]), [[1, "launchd"], [977, "bh"]]);
});

test("ps.txt, ps_thread.txt (thread lines skipped) and taskinfo.txt; unusual paths are MEDIUM, Apple's and app folders are not", async () => {
  const run = await runFolderModule(processes, await built(), "sysdiagnose");
  assert.deepEqual(run.records.map((r) => r.source).reduce((n: Record<string, number>, s: string) => ({ ...n, [s]: (n[s] ?? 0) + 1 }), {}), { "ps.txt": 6, "ps_thread.txt": 2, "taskinfo.txt": 2 });
  assert.deepEqual(run.alerts.map((a) => [a.level, (a.event as { path: string }).path]), [
    ["MEDIUM", "/private/var/db/com.apple.xpc.roleaccountd.staging/bh"],
    ["MEDIUM", "/private/var/tmp/UserEventAgent"],
  ]);
});

test("a process indicator matches the name in ps.txt and taskinfo.txt (CRITICAL); a file path indicator the executable", async () => {
  const dir = await built();
  const run = await runFolderModule(processes, dir, "sysdiagnose", testIocs(["process:name", "bh"]));
  const critical = run.alerts.filter((a) => a.level === "CRITICAL");
  assert.deepEqual(critical.map((a) => (a.event as { source: string }).source), ["ps.txt", "taskinfo.txt"]);
  assert.equal(critical[0]!.matched_indicator?.type, "processes");
  const byPath = await runFolderModule(processes, dir, "sysdiagnose", testIocs(["file:path", "/private/var/tmp/UserEventAgent"]));
  assert.deepEqual(byPath.alerts.filter((a) => a.level === "CRITICAL").map((a) => a.matched_indicator?.type), ["file_paths"]);
});

test("the executable of a command line, app bundles with spaces in their names included", () => {
  const app = "/private/var/containers/Bundle/Application/0F1E2D3C/My App.app";
  assert.equal(executableOf(`${app}/My App -launchedByNotification`), `${app}/My App`);
  assert.equal(executableOf(`${app}/PlugIns/Tunnel Provider.appex/Tunnel Provider`), `${app}/PlugIns/Tunnel Provider.appex/Tunnel Provider`);
  assert.equal(executableOf("/usr/libexec/lsd -x"), "/usr/libexec/lsd");
  assert.equal(executableOf("kernel_task"), "");
});
