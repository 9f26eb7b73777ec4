import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import configurationProfiles from "./configuration-profiles.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { fileIdOf, IosBackupBuilder } from "../../../test/builders/ios-backup.ts";

const DOMAIN = "SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles";
const HIDER = "Library/ConfigurationProfiles/profile-1f2e3d.stub";
const VPN = "Library/ConfigurationProfiles/profile-vpn.stub";
const HIDER_UUID = "8A5C0D6E-1111-4222-8333-944455556666";

const hider = {
  PayloadType: "Configuration",
  PayloadUUID: HIDER_UUID,
  PayloadDisplayName: "Notifications",
  PayloadDescription: "Quiet mode",
  InstallDate: new Date("2024-03-04T05:06:07Z"),
  SignerCerts: [new Uint8Array([0x30, 0x82, 0x01])],
  PushTokenDataSentToServerKey: new Uint8Array([1, 2, 3, 4]),
  PayloadContent: [{ PayloadType: "com.apple.notificationsettings", PERSISTENT_REF: new Uint8Array([9, 9]), NotificationSettings: [] }],
};
const vpn = { PayloadType: "Configuration", PayloadUUID: "00000000-AAAA-4BBB-8CCC-DDDDDDDDDDDD", PayloadDisplayName: "Work VPN", PayloadContent: [{ PayloadType: "com.apple.vpn.managed" }] };

function fixture(): { dir: string; b: IosBackupBuilder } {
  const b = new IosBackupBuilder(tempDir());
  b.plist(DOMAIN, HIDER, hider);
  b.plist(DOMAIN, VPN, vpn, "xml"); // older profiles: XML, no InstallDate
  b.plist(DOMAIN, "Library/ConfigurationProfiles/MCMeta.plist", { not: "a profile" });
  b.plist("HomeDomain", "Library/ConfigurationProfiles/profile-elsewhere.stub", hider);
  return { dir: b.finish(), b };
}

test("MVT backup: no profile-* file, so no records, alerts or warnings", async () => {
  const run = await runBackupModule(configurationProfiles, MVT_BACKUP, testIocs());
  assert.deepEqual([run.records.length, run.timeline.length, run.alerts.length, run.warnings.length], [0, 0, 0, 0]);
});

test("fixture: profile-* files of the domain only; record keys; data as base64; install timeline", async () => {
  const run = await runBackupModule(configurationProfiles, fixture().dir);
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.alerts, []); // the notification check needs indicators
  assert.deepEqual(run.records.map((r) => r.relative_path).sort(), [HIDER, VPN]);
  const r = run.records.find((x) => x.relative_path === HIDER);
  assert.deepEqual(Object.keys(r), ["file_id", "relative_path", "domain", "plist", "install_date"]);
  assert.equal(r.file_id, fileIdOf(DOMAIN, HIDER));
  assert.equal(r.domain, DOMAIN);
  assert.equal(r.install_date, "2024-03-04 05:06:07.000000");
  assert.deepEqual(r.plist.SignerCerts, ["MIIB"]);
  assert.equal(r.plist.PushTokenDataSentToServerKey, "AQIDBA==");
  assert.equal(r.plist.PayloadContent[0].PERSISTENT_REF, "CQk=");
  assert.equal(r.plist.InstallDate, "2024-03-04 05:06:07.000000");
  const v = run.records.find((x) => x.relative_path === VPN);
  assert.equal(v.install_date, "");
  assert.deepEqual(run.timeline, [
    { timestamp: "2024-03-04 05:06:07.000000", module: "ConfigurationProfiles", event: "configuration_profile_install", data: `Configuration installed: ${HIDER_UUID} - Notifications: Quiet mode` },
  ]);
});

test("fixture: with indicators, the notification-hiding profile is MEDIUM; the VPN profile is not", async () => {
  const run = await runBackupModule(configurationProfiles, fixture().dir, testIocs());
  assert.deepEqual(run.alerts.map((a) => [a.level, a.message]), [
    ["MEDIUM", 'Found a potentially suspicious configuration profile "Notifications" with payload type com.apple.notificationsettings'],
  ]);
  assert.equal((run.alerts[0]!.event as any).relative_path, HIDER);
});

test("fixture: a known profile UUID is CRITICAL; another UUID is not", async () => {
  const run = await runBackupModule(configurationProfiles, fixture().dir, testIocs(["configuration-profile:id", "00000000-AAAA-4BBB-8CCC-DDDDDDDDDDDD"]));
  const critical = run.alerts.filter((a) => a.level === "CRITICAL");
  assert.equal(critical.length, 1);
  assert.equal(critical[0]!.message, 'Found a known malicious configuration profile "Work VPN" with UUID "00000000-AAAA-4BBB-8CCC-DDDDDDDDDDDD"');
  assert.equal(critical[0]!.matched_indicator?.type, "ios_profile_ids");
  assert.equal((critical[0]!.event as any).relative_path, VPN);
});

test("fixture: a corrupt profile gives exactly one warning naming it, and is still listed with an empty plist", async () => {
  const { b } = fixture();
  writeFileSync(b.pathOf(DOMAIN, HIDER), "garbage, not a plist at all");
  const run = await runBackupModule(configurationProfiles, b.dir);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /profile-1f2e3d\.stub/);
  const r = run.records.find((x) => x.relative_path === HIDER);
  assert.deepEqual([r.plist, r.install_date], [{}, ""]);
  assert.equal(run.records.length, 2);
});

test("fixture: a notification-hiding profile whose UUID is known gets its CRITICAL only (as MVT)", async () => {
  const run = await runBackupModule(configurationProfiles, fixture().dir, testIocs(["configuration-profile:id", HIDER_UUID]));
  assert.deepEqual(run.alerts.map((a) => [a.level, (a.event as any).relative_path]), [["CRITICAL", HIDER]]);
});
