import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import profileEvents from "./profile-events.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder } from "../../../test/builders/ios-backup.ts";

const DOMAIN = "SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles";
const PATH = "Library/ConfigurationProfiles/MCProfileEvents.plist";

const EVENTS = {
  ProfileEvents: [
    { "com.example.mdm.profile": { timestamp: new Date("2024-02-03T04:05:06Z"), operation: "install", process: "/usr/libexec/mdmd", ProfileUUID: "ABC" } },
    { "com.evil.profile": { timestamp: new Date("2024-02-04T00:00:00Z"), operation: "remove", process: "/private/var/tmp/Launch" } },
    { "com.example.bare": "not a dictionary" },
  ],
};

function backupWith(value: unknown, format: "binary" | "xml" = "binary"): IosBackupBuilder {
  const b = new IosBackupBuilder(tempDir());
  b.plist(DOMAIN, PATH, value, format);
  b.finish();
  return b;
}

test("MVT backup: no MCProfileEvents.plist, so nothing", async () => {
  const run = await runBackupModule(profileEvents, MVT_BACKUP);
  assert.deepEqual([run.records.length, run.timeline.length, run.alerts.length, run.warnings.length], [0, 0, 0, 0]);
});

test("fixture: one record per event, other keys lowercased; timeline; every event is LOW", async () => {
  const run = await runBackupModule(profileEvents, backupWith(EVENTS).dir);
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.records, [
    { profile_id: "com.example.mdm.profile", timestamp: "2024-02-03 04:05:06.000000", operation: "install", process: "/usr/libexec/mdmd", profileuuid: "ABC" },
    { profile_id: "com.evil.profile", timestamp: "2024-02-04 00:00:00.000000", operation: "remove", process: "/private/var/tmp/Launch" },
    { profile_id: "com.example.bare", timestamp: "", operation: "", process: "" },
  ]);
  assert.deepEqual(run.timeline.map((e) => [e.timestamp, e.event, e.data]), [
    ["2024-02-03 04:05:06.000000", "profile_operation", "Process /usr/libexec/mdmd started operation install of profile com.example.mdm.profile"],
    ["2024-02-04 00:00:00.000000", "profile_operation", "Process /private/var/tmp/Launch started operation remove of profile com.evil.profile"],
    ["", "profile_operation", "Process  started operation  of profile com.example.bare"],
  ]);
  assert.deepEqual(run.alerts.map((a) => [a.level, a.event_time]), [["LOW", "2024-02-03 04:05:06.000000"], ["LOW", "2024-02-04 00:00:00.000000"], ["LOW", ""]]);
  assert.equal(run.alerts[0]!.message, 'On 2024-02-03 04:05:06.000000 process "/usr/libexec/mdmd" started operation "install" of profile "com.example.mdm.profile"');
});

test("fixture: process Launch (basename) is CRITICAL, mdmd is not; a known profile id is CRITICAL", async () => {
  const run = await runBackupModule(profileEvents, backupWith(EVENTS, "xml").dir, testIocs(["configuration-profile:id", "com.example.bare"]));
  const critical = run.alerts.filter((a) => a.level === "CRITICAL");
  assert.deepEqual(critical.map((a) => [(a.event as any).profile_id, a.matched_indicator?.type]), [
    ["com.evil.profile", "processes"],
    ["com.example.bare", "ios_profile_ids"],
  ]);
  assert.equal(run.alerts.filter((a) => a.level === "LOW").length, 3);
});

test("fixture: a plist without ProfileEvents gives nothing; a corrupt one exactly one warning naming it", async () => {
  const empty = await runBackupModule(profileEvents, backupWith({ Other: [] }).dir);
  assert.deepEqual([empty.records.length, empty.warnings.length], [0, 0]);
  const b = backupWith(EVENTS);
  writeFileSync(b.pathOf(DOMAIN, PATH), new Uint8Array([0x62, 0x70, 0x6c, 0x69, 0x73, 0x74, 0x30, 0x30, 1, 2, 3]));
  const run = await runBackupModule(profileEvents, b.dir);
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /MCProfileEvents\.plist/);
});
