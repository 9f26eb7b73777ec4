import { test } from "node:test";
import assert from "node:assert/strict";
import installs, { logTime, toUtc } from "./sysdiagnose-mobile-installation.ts";
import { runFolderModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { SysdiagnoseBuilder, installLogText } from "../../../test/builders/sysdiagnose.ts";

const BUNDLE = "/private/var/containers/Bundle/Application/0F1E2D3C-0000-4000-8000-00000000A11A";

async function built(): Promise<string> {
  return new SysdiagnoseBuilder()
    .file("logs/MobileInstallation/mobile_installation.log.0", installLogText([
      { time: "Mon Jan  8 09:00:01 2024", text: "Installing <MIInstallableBundle ID=com.example.flashlight; Version=1.0, ShortVersion=1.0>" },
      { time: "Mon Jan  8 09:00:03 2024", text: `Made container live for com.example.flashlight at ${BUNDLE}` },
      { time: "Mon Jan  8 09:00:04 2024", text: "Install Successful for (Placeholder:com.example.flashlight); Staging: 0.01s; Waiting: 0.00s" },
    ]))
    .file("logs/MobileInstallation/mobile_installation.log.1", installLogText([
      { time: "Sun Jan 14 23:10:00 2024", text: "Uninstalling identifier com.example.flashlight" },
      { time: "Sun Jan 14 23:10:01 2024", text: "Destroying container with identifier com.example.flashlight at /private/var/mobile/Containers/Data/Application/AB" },
    ]))
    .writeFolder(tempDir());
}

test("the log's local time, and UTC with the offset of the sysdiagnose's folder name", () => {
  assert.equal(logTime("Mon Jan  8 09:00:01 2024 [142] <notice>"), "2024-01-08 09:00:01.000000");
  assert.equal(logTime("garbage"), "");
  assert.equal(toUtc("2024-01-08 09:00:01.000000", "-08:00"), "2024-01-08 17:00:01.000000");
  assert.equal(toUtc("2024-01-08 00:30:00.000000", "+01:00"), "2024-01-07 23:30:00.000000");
  assert.equal(toUtc("2024-01-08 09:00:01.000000", undefined), "2024-01-08 09:00:01.000000");
});

test("installs, container creation, uninstalls and container removal, with times, from every rotated log", async () => {
  // runFolderModule passes no device facts: the times stay local (the CLI makes them UTC, see check-sysdiagnose.test.ts).
  const run = await runFolderModule(installs, await built(), "sysdiagnose");
  assert.deepEqual(run.records.map((r) => [r.isodate, r.action, r.bundle_id]), [
    ["2024-01-08 09:00:03.000000", "container_live", "com.example.flashlight"],
    ["2024-01-08 09:00:04.000000", "installed", "com.example.flashlight"],
    ["2024-01-14 23:10:00.000000", "uninstalled", "com.example.flashlight"],
    ["2024-01-14 23:10:01.000000", "container_destroyed", "com.example.flashlight"],
  ]);
  assert.equal(run.records[0].local_time, "2024-01-08 09:00:03.000000");
  assert.equal(run.records[0].path, BUNDLE);
  assert.deepEqual(run.timeline.map((e) => e.event), ["app_container_created", "app_installed", "app_uninstalled", "app_container_removed"]);
  assert.equal(run.alerts.length, 0);
});

test("a bundle id indicator (app id) matches each record naming it, CRITICAL", async () => {
  const run = await runFolderModule(installs, await built(), "sysdiagnose", testIocs(["app:id", "com.example.flashlight"]));
  assert.equal(run.alerts.length, 4);
  assert.ok(run.alerts.every((a) => a.level === "CRITICAL" && a.matched_indicator?.type === "app_ids"));
});
