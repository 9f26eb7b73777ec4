/** Every verdict rule on the alerts the modules write (their messages and records), and the outcome from counts. */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Alert, AlertLevel } from "../core/events.ts";
import { classify, classifyWarning, outcomeOf, RULES, SideloadPairs, decidesWith, reasonOf, updateAdviceOf, MAX_SIDELOAD_PACKAGES } from "./verdict-rules.ts";
import { computeVerdict } from "./verdict.ts";
import { DELETED_KEY, deletedPlace } from "../core/carve-place.ts";

const alert = (level: AlertLevel, module: string, message: string, event: unknown = {}, extra: Partial<Alert> = {}): Alert =>
  ({ level, module, message, event_time: "", event, matched_indicator: null, ...extra });
const match = { value: "evil.example", type: "domains" as const, name: "Pegasus", stix2_file_name: "pegasus.stix2", id: "indicator--1" };
/** A record recovered from deleted data, as the engine writes it into an alert's event (core/carve-scan.ts). */
const deleted = (record: object) => ({ ...record, [DELETED_KEY]: deletedPlace("HomeDomain/Library/SMS/sms.db (3d/3d0d)", "message", { where: "freelist", page: 12, offset: 45056 }, ["ROWID"]) });

/** [rule id, whether it decides, an alert as the module writes it]. */
const CASES: [string, boolean, Alert][] = [
  ["indicator", true, alert("CRITICAL", "sms", 'Found a known domain "evil.example" of Pegasus in SMS', {}, { matched_indicator: match })],
  ["indicator", true, alert("INFORMATIONAL", "whatever", "an indicator at any level", {}, { matched_indicator: match })],
  ["indicator-in-deleted-record", true, alert("CRITICAL", "sms", 'Found a known domain "evil.example" of Pegasus in SMS: https://evil.example/x (DELETED record recovered from freelist page 12 of sms.db, byte offset 45056)', deleted({ text: "https://evil.example/x" }), { matched_indicator: match })],
  // A heuristic on a deleted record keeps its own rule: only an indicator match makes "known spyware".
  ["apple-threat-notification", true, alert("HIGH", "sms", "Apple warning about state-sponsored attack received on the 2021-11-23 19:02:11.000000 (DELETED record recovered from free space of page 3 of sms.db, byte offset 12000)", deleted({ text: "ALERT: …" }))],
  ["lookalike-link", true, alert("MEDIUM", "links", "Link to icrcworld.com imitates icrc.org")],
  ["lookalike-link", true, alert("HIGH", "links", "Link to xn--pple-43d.com uses look-alike letters for apple.com")],
  ["hidden-link", false, alert("LOW", "links", "Shortened link through bit.ly: the real destination is hidden")],
  ["hidden-link", false, alert("INFORMATIONAL", "links", "Stopped tracking new suspicious link domains after 10,000")],
  ["exploited-version", false, alert("HIGH", "versions", "iOS 16.6.1 has 9 vulnerabilities exploited in attacks", { product: "iOS", advice: "Settings → General → Software Update" })],
  ["old-patch-level", false, alert("MEDIUM", "aqf_get_prop", "This phone has not received security updates for more than six months (last update: 2026-02-01)", { name: "ro.build.version.security_patch", value: "2026-02-01" })],
  ["old-patch-level", false, alert("MEDIUM", "dumpsys_get_prop", "This phone has not received security updates for more than six months (last update: 2026-02-01)", { name: "ro.build.version.security_patch", value: "2026-02-01" })],
  ["apple-threat-notification", true, alert("HIGH", "sms", "Apple warning about state-sponsored attack received on the 2021-11-23 19:02:11.000000")],
  ["deleted-process-record", true, alert("HIGH", "datausage", "Found manipulated process entry 42. Entry on 2021-01-01 10:00:00.000000")],
  ["process-id-gap", false, alert("LOW", "datausage", 'Missing process 7. Previous process at "2021-01-01" (\'backboardd\')')],
  ["root-binary", true, alert("HIGH", "root_binaries", 'Found root binary "su" at path "/system/xbin/su"')],
  ["rooting-app", true, alert("MEDIUM", "aqf_packages", 'Found an installed package related to rooting/jailbreaking: "com.topjohnwu.magisk"')],
  ["rooting-app", true, alert("MEDIUM", "dumpsys_packages", 'Found an installed package related to rooting/jailbreaking: "eu.chainfire.supersu"')],
  ["system-partition-writable", true, alert("HIGH", "mounts", "Root detected /system partition is mounted as read-write (rw)")],
  ["mount-options", false, alert("MEDIUM", "mounts", "Suspicious mount options found for /system: noatime")],
  ["file-in-local-tmp", true, alert("HIGH", "aqf_files", 'Found executable file at suspicious path "/data/local/tmp/exploit"')],
  ["accessibility-enabled-third-party", true, alert("MEDIUM", "dumpsys_accessibility", 'Found an installed accessibility service "com.spy.Svc" of package "com.android.systemservice"', { package_name: "com.android.systemservice", service: "com.spy.Svc" })],
  ["accessibility-installed-or-system", false, alert("MEDIUM", "dumpsys_accessibility", "installed only", { package_name: "com.spy.app", service: "com.spy.app/.Svc" })],
  ["accessibility-installed-or-system", false, alert("MEDIUM", "dumpsys_accessibility", "enabled, Samsung's own", { package_name: "com.samsung.accessibility", service: "com.samsung.android.app.talkback.TalkBackService" })],
  ["sideloaded-app", false, alert("MEDIUM", "aqf_packages", 'Found a non-system package installed via adb or another method: "com.example.app"', { name: "com.example.app", installer: "null", system: false })],
  ["sideloaded-app", true, alert("MEDIUM", "aqf_packages", 'Found a package installed via a browser (installer="com.google.android.packageinstaller"): "com.spy"', { name: "com.spy", requested_permissions: ["android.permission.READ_SMS"] })],
  ["risky-app-op", false, alert("MEDIUM", "dumpsys_appops", "Package 'com.android.chrome' had risky permission 'REQUEST_INSTALL_PACKAGES' set to 'Access' at 2021-05-19", { package_name: "com.android.chrome" })],
  ["risky-app-op", false, alert("MEDIUM", "dumpsys_appops", "Risky package 'com.android.shell' had 'READ_CLIPBOARD' permission set to 'Access' at 2021-05-19", { package_name: "com.android.shell" })],
  ["ios-app-outside-app-store", true, alert("MEDIUM", "applications", "Suspicious app not installed from the App Store or MDM: com.example.enterprise", { sourceApp: "com.apple.Preferences" })],
  ["ios-app-note", false, alert("MEDIUM", "applications", "Suspicious app not installed from the App Store or MDM: com.example.beta", { sourceApp: "com.apple.TestFlight" })],
  ["ios-app-note", false, alert("MEDIUM", "applications", "Suspicious application identified without softwareVersionBundleId")],
  ["notification-profile", true, alert("MEDIUM", "configuration_profiles", 'Found a potentially suspicious configuration profile "X" with payload type com.apple.notificationsettings')],
  ["id-status-nul-lookup", true, alert("HIGH", "id_status_cache", "Found an ID Status Cache entry with suspicious patterns: mailto:a\\x00\\x00@b")],
  ["tmp-attachment", true, alert("MEDIUM", "sms_attachments", "Suspicious iMessage attachment /var/tmp/com.apple.messages/x.gif-1 on 2021-01-01")],
  ["crashreporter-plist", true, alert("MEDIUM", "manifest", 'Found a potentially suspicious "com.apple.CrashReporter.plist" file created in RootDomain')],
  ["redirect-between-indicator-domains", true, alert("HIGH", "webkit_session_resource_log", "Found HTTP redirect between suspicious domains: a → b")],
  ["quadream-calendar-event", true, alert("HIGH", "calendar", "Potential Quadream exploit event identified: 'X'")],
  ["fast-redirect", false, alert("MEDIUM", "safari_history", "Redirect took less than a second! (12.5 milliseconds)")],
  ["system-crash", false, alert("MEDIUM", "tombstones", "Potentially suspicious crash in process 'system_server' running as UID '1000'")],
  ["key-integrity-violation", true, alert("MEDIUM", "security_event", "Key integrity violation detected: x")],
  ["certificate-authority-installed", true, alert("MEDIUM", "security_event", "Certificate authority installed: CN=Mitm")],
  ["security-log-note", false, alert("MEDIUM", "security_event", "Certificate validation failure detected: expired")],
  ["weakened-protection", false, alert("MEDIUM", "aqf_settings", 'Found suspicious "global" setting "package_verifier_enable = 0" (disabled Google Play Protect)')],
  ["weakened-protection", false, alert("MEDIUM", "aqf_packages", 'System OTA update package "com.wssyncmldm" disabled on the phone')],
  ["package-history", false, alert("MEDIUM", "dumpsys_battery_daily", "Detected uninstall of package com.example (vers 0)")],
  ["unknown-at-medium", true, alert("MEDIUM", "a_future_module", "Something new and alarming")],
  ["low-or-informational", false, alert("LOW", "dumpsys_adb_state", "Found a trusted ADB host key different from the AndroidQF acquisition host")],
  ["low-or-informational", false, alert("INFORMATIONAL", "global_preferences", "Lockdown mode enabled")],
];

test("every rule of the table classifies the alerts the modules write, and has a reason in words", () => {
  for (const [rule, decides, a] of CASES) {
    const c = classify(a);
    assert.equal(c.rule, rule, a.message);
    assert.equal(c.decides, decides, `${a.module}: ${a.message}`);
  }
  const tested = new Set(CASES.map(([r]) => r));
  assert.deepEqual(RULES.map((r) => r.id).filter((id) => !tested.has(id)), [], "a test case for every rule");
  for (const r of RULES) assert.ok(reasonOf(r.id).length > 20, r.id);
});

test("each deciding rule alone gives 'suspicious' (or 'known spyware' for a match); each other rule alone gives 'no known traces'", () => {
  for (const [rule, decides, a] of CASES) {
    const want = rule.startsWith("indicator") ? "known_spyware" : decides ? "needs_review" : "no_known_traces";
    assert.equal(computeVerdict({ alerts: [a] }).outcome, want, `${rule}: ${a.message}`);
  }
});

test("a sideloaded app decides with a dangerous permission from another alert of the same package, not from another package's", () => {
  const sideloaded = alert("MEDIUM", "aqf_packages", 'Found a non-system package installed via adb or another method: "com.spy"', { name: "com.spy", installer: "null", system: false });
  const installs = (pkg: string) => alert("MEDIUM", "dumpsys_appops", `Package '${pkg}' had risky permission 'REQUEST_INSTALL_PACKAGES' set to 'Access' at 2021-05-19`, { package_name: pkg });
  assert.equal(computeVerdict({ alerts: [sideloaded, installs("com.android.chrome")] }).outcome, "no_known_traces");
  const v = computeVerdict({ alerts: [installs("com.spy"), sideloaded] });
  assert.equal(v.outcome, "needs_review");
  assert.deepEqual(v.evidence.filter((e) => e.decides).map((e) => e.rule), ["sideloaded-app"], "the app decides; its app-op stays a note");
  // com.android.shell is adb itself: never paired.
  const shell = alert("MEDIUM", "aqf_packages", 'Found a non-system package installed via adb or another method: "com.android.shell"', { name: "com.android.shell" });
  assert.equal(computeVerdict({ alerts: [shell, installs("com.android.shell")] }).outcome, "no_known_traces");
  // Bounded: names past the cap are not remembered.
  const pairs = new SideloadPairs();
  for (let i = 0; i < MAX_SIDELOAD_PACKAGES + 5; i++) pairs.add({ package: `p${i}`, role: "sideloaded" });
  pairs.add({ package: `p${MAX_SIDELOAD_PACKAGES + 1}`, role: "dangerous_permission" });
  pairs.add({ package: "p1", role: "dangerous_permission" });
  assert.equal(pairs.count(), 1);
  assert.equal(decidesWith(classify(sideloaded), pairs), false);
});

test("update advice: what, why and how for a versions alert and an old Android patch", () => {
  const patch = updateAdviceOf(alert("MEDIUM", "aqf_get_prop", "This phone has not received security updates for more than six months (last update: 2026-02-01)", { name: "ro.build.version.security_patch", value: "2026-02-01" }))!;
  assert.equal(patch.what, "Android");
  assert.match(patch.why, /^The last security update is from 2026-02-01: flaws fixed since then/);
  assert.match(patch.how, /^Settings → System → Software update.*If no update is offered, the maker no longer sends this phone security fixes/);
  const ios = updateAdviceOf(alert("HIGH", "versions", "iOS 16.6.1 has …", { product: "iOS", installed_version: "16.6.1", fixed_version: "26.7.1", cve: "CVE-1, CVE-2, CVE-3, CVE-4, CVE-5", advice: "Settings → General → Software Update" }))!;
  assert.deepEqual([ios.what, ios.how], ["iOS", "Update to 26.7.1 or later: Settings → General → Software Update."]);
  assert.equal(ios.why, "iOS 16.6.1 has flaws that were used in spyware attacks (CVE-1, CVE-2, CVE-3 and 2 more); updating closes them.");
  // A newer release than the fix: the newest is named first, the fix beside it.
  const newer = updateAdviceOf(alert("HIGH", "versions", "iOS 16.6.1 has …", { product: "iOS", installed_version: "16.6.1", fixed_version: "26.7.1", newest_version: "27.2", cve: "CVE-1", advice: "Settings → General → Software Update" }))!;
  assert.equal(newer.how, "Update to the newest, 27.2 (26.7.1 or later closes these flaws): Settings → General → Software Update.");
  assert.equal(updateAdviceOf(alert("HIGH", "root_binaries", "Found root binary")), undefined);
});

test("warnings: damaged files could not be read; the outdated-iOS warning and other facts are notes", () => {
  for (const m of [
    "iOS 16.6.1 is outdated; the newest is 27.2: update in Settings → General → Software Update",
    'device time zone "Mars/Base" is unknown; file times are in UTC',
    "Found unknown intrusion logging event type(s): foo (first on line 3); no module reads it",
    "Failed key generation detected for key_id: 5",
    "over 1 GiB: not hashed in info.json (hash it with sha256sum if you need its digest)",
  ]) assert.equal(classifyWarning({ message: m }), "note", m);
  for (const m of ["database disk image is malformed", "packages.json is not valid JSON", "3 line(s) that are not ps columns were skipped", ""]) {
    assert.equal(classifyWarning({ message: m }), "could_not_read", m);
  }
});

test("the outcome from counts: a match, then deciding alerts, then whether anything was examined", () => {
  assert.equal(outcomeOf({ matches: 1, deciding: 5, examined: 0 }), "known_spyware");
  assert.equal(outcomeOf({ matches: 0, deciding: 1, examined: 0 }), "needs_review");
  assert.equal(outcomeOf({ matches: 0, deciding: 0, examined: 0 }), "nothing_examined");
  assert.equal(outcomeOf({ matches: 0, deciding: 0, examined: 3 }), "no_known_traces");
  assert.equal(outcomeOf({ matches: 0, deciding: 0 }), "no_known_traces", "coverage unknown: as before");
});

test("an indicator match in a deleted record: known spyware, and the verdict says the record was deleted and where", () => {
  const live = alert("CRITICAL", "sms", 'Found a known domain "evil.example" of Pegasus in SMS: https://evil.example/', {}, { matched_indicator: match });
  const gone = alert("CRITICAL", "sms", 'Found a known domain "evil.example" of Pegasus in SMS: https://evil.example/x (DELETED …)', deleted({ text: "https://evil.example/x" }), { matched_indicator: match });
  const only = computeVerdict({ alerts: [gone] });
  assert.equal(only.outcome, "known_spyware");
  assert.deepEqual(only.malware, ["Pegasus"]);
  assert.match(only.summary, /^1 record on this phone matches public indicators of Pegasus\. It was deleted from the phone and recovered/);
  assert.equal(only.evidence[0]!.rule, "indicator-in-deleted-record");
  assert.equal(only.evidence[0]!.deleted, "freelist page 12 of HomeDomain/Library/SMS/sms.db (3d/3d0d), byte offset 45056");
  const both = computeVerdict({ alerts: [live, gone] });
  assert.match(both.summary, /^2 records .* 1 of them was deleted from the phone/);
  assert.equal(both.evidence.find((e) => e.rule === "indicator")!.deleted, undefined, "a live match is not marked deleted");
  assert.doesNotMatch(computeVerdict({ alerts: [live] }).summary, /deleted/);
});
