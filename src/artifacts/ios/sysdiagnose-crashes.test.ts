import { test } from "node:test";
import assert from "node:assert/strict";
import crashes, { parseReport } from "./sysdiagnose-crashes.ts";
import { runFolderModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { SysdiagnoseBuilder, ipsCrash, ipsJetsam } from "../../../test/builders/sysdiagnose.ts";

const SPIN = "Date/Time:        2024-01-14 22:01:02.500 +0100\nOS Version:       iPhone OS 17.2 (Build 21C62)\n\nProcess:          assistantd [812]\nPath:             /System/Library/PrivateFrameworks/AssistantServices.framework/assistantd\n";

async function built(): Promise<string> {
  return new SysdiagnoseBuilder()
    .file("crashes_and_spins/bh-2024-01-14-211500.ips", ipsCrash({ name: "bh", path: "/private/var/db/com.apple.xpc.roleaccountd.staging/bh", time: "2024-01-14 21:15:00.00 +0100" }))
    .file("crashes_and_spins/JetsamEvent-2024-01-14-220000.ips", ipsJetsam("2024-01-14 22:00:00.00 +0100", ["SpringBoard", "backboardd", "roleaccountd"]))
    .file("crashes_and_spins/Panics/assistantd_2024-01-14-220102.spin", SPIN)
    .writeFolder(tempDir());
}

test("an .ips crash: header time (UTC), process, path, bug type; a text spin report; a damaged body falls back to the header", () => {
  assert.deepEqual(parseReport(ipsCrash({ name: "bh", path: "/private/var/tmp/bh", time: "2024-01-14 21:15:00.00 +0100" }), "a.ips"), [
    { isodate: "2024-01-14 20:15:00.000000", process: "bh", path: "/private/var/tmp/bh", bug_type: "309", file: "a.ips" },
  ]);
  assert.deepEqual(parseReport(SPIN, "s.spin"), [{ isodate: "2024-01-14 21:01:02.500000", process: "assistantd", path: "/System/Library/PrivateFrameworks/AssistantServices.framework/assistantd", bug_type: "", file: "s.spin" }]);
  assert.deepEqual(parseReport('{"name":"x","bug_type":"309","timestamp":"2024-01-14 21:15:00.00 +0100"}\n{not json', "d.ips").map((r) => [r.process, r.isodate]), [["x", "2024-01-14 20:15:00.000000"]]);
});

test("crashes_and_spins: one record per crash, per process a jetsam event lists, per spin; timeline", async () => {
  const run = await runFolderModule(crashes, await built(), "sysdiagnose");
  assert.equal(run.records.length, 5);
  assert.deepEqual(run.records.filter((r) => r.bug_type === "298").map((r) => r.process), ["SpringBoard", "backboardd", "roleaccountd"]);
  assert.equal(run.alerts.length, 0);
  assert.ok(run.timeline.some((e) => e.event === "jetsam" && e.data.startsWith("roleaccountd")));
});

test("indicators: a process name in a jetsam list and a crashed process's path (component) match CRITICAL", async () => {
  const dir = await built();
  const run = await runFolderModule(crashes, dir, "sysdiagnose", testIocs(["process:name", "roleaccountd"]));
  assert.deepEqual(run.alerts.map((a) => [a.level, (a.event as { process: string }).process]), [["CRITICAL", "roleaccountd"]]);
  const bh = await runFolderModule(crashes, dir, "sysdiagnose", testIocs(["process:name", "bh"]));
  assert.deepEqual(bh.alerts.map((a) => (a.event as { file: string }).file), ["crashes_and_spins/bh-2024-01-14-211500.ips"]);
});
