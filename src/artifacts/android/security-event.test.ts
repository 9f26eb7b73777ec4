import { test } from "node:test";
import assert from "node:assert/strict";
import securityEvent from "./security-event.ts";
import { ExactInteger } from "../../core/exact-int.ts";
import { toJson } from "../../outputs/json.ts";
import { runFolderModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { intrusionLogs, mixedLines } from "../../../test/builders/android-logs.ts";

const NS = "1700000000000000000";
/** A security_event line with a nanosecond time written as a bare 19-digit number, as the device writes it. */
const sec = (payload: Record<string, unknown>, id?: number) =>
  JSON.stringify({ security_event: { ...(id === undefined ? {} : { event_id: id }), event_time: "<ns>", ...payload } }).replace('"<ns>"', NS);

// The payload shapes of Google's export (MVT's tests/artifacts/android_data/intrusion_logs*/exported-events.txt), tag → payload.
const EXPORTED: [string, unknown][] = [
  ["adb_shell_cmd", { command: "com.example.app" }],
  ["adb_sync_recv_file", { path: "/sdcard/Download/example.txt" }],
  ["adb_sync_send_file", { path: "/sdcard/Download/example.txt" }],
  ["app_process_start", { process: "com.example.app", start_time: 1, uid: 10000, pid: 1234, seinfo: "default", sha256: "example_hash" }],
  ["keyguard_dismissed", {}],
  ["keyguard_dismiss_auth_attempt", { success: true, method_strength: 0 }],
  ["keyguard_secured", {}],
  ["os_startup", { boot_state: "green", verity_mode: "enforcing" }],
  ["logging_started", {}],
  ["key_generated", { success: true, key_id: "example_key", uid: 10000 }],
  ["key_imported", { success: true, key_id: "example_key", uid: 10000 }],
  ["key_destruction", { success: true, key_id: "example_key", uid: 10000 }],
  ["user_restriction_added", { package: "com.example.admin", admin_user: 0, restriction: "no_install_apps" }],
  ["user_restriction_removed", { package: "com.example.admin", admin_user: 0, restriction: "no_install_apps" }],
  ["crypto_self_test_completed", { success: true }],
  ["package_installed", { package_name: "com.example.app", version_code: 1, user_id: 0 }],
  ["package_updated", { package_name: "com.example.app", version_code: 2, user_id: 0 }],
  ["package_uninstalled", { package_name: "com.example.app", version_code: 2, user_id: 0 }],
  ["adb_shell_interactive", {}],
  ["os_shutdown", {}],
  ["logging_stopped", {}],
  ["media_mounted", { path: "/storage/example", label: "Example" }],
  ["media_unmounted", { path: "/storage/example", label: "Example" }],
  ["log_buffer_size_critical", {}],
  ["password_expiration_set", { package: "com.example.admin", admin_user: 0, target_user: 10, timeout: 0 }],
  ["password_complexity_set", { package: "com.example.admin", admin_user: 0, target_user: 10, length: 12, quality: 0 }],
  ["password_history_length_set", { package: "com.example.admin", admin_user: 0, target_user: 10, length: 5 }],
  ["max_screen_lock_timeout_set", { package: "com.example.admin", admin_user: 0, target_user: 10, timeout: 60000 }],
  ["max_password_attempts_set", { package: "com.example.admin", admin_user: 0, target_user: 10, num_failures: 0 }],
  ["keyguard_disabled_features_set", { package: "com.example.admin", admin_user: 0, target_user: 10, features: 0 }],
  ["remote_lock", { package: "com.example.admin", admin_user: 0, target_user: 10 }],
  ["wipe_failure", {}],
  ["cert_authority_installed", { success: true, subject: "CN=Example CA", target_user: 10 }],
  ["cert_authority_removed", { success: true, subject: "CN=Example CA", target_user: 10 }],
  ["key_integrity_violation", { key_id: "example_key", uid: 10000 }],
  ["cert_validation_failure", { reason: "chain validation failed" }],
  ["camera_policy_set", { package: "com.example.admin", admin_user: 0, target_user: 10, disabled: false }],
  ["password_complexity_required", { package: "com.example.admin", admin_user: 0, target_user: 10, complexity: 0 }],
  ["password_changed", { password_complexity: 0, target_user: 10 }],
  ["wifi_connection", { bssid: "02:00:00:00:00:01", event_type: "connected", reason: "example reason" }],
  ["wifi_disconnection", { bssid: "02:00:00:00:00:01", reason: "example reason" }],
  ["bluetooth_connection", { addr: "02:00:00:00:00:02", success: true, reason: "example reason" }],
  ["bluetooth_disconnection", { addr: "02:00:00:00:00:02", reason: "example reason" }],
  ["backup_service_toggled", { package: "com.example.admin", admin_user: 0, enabled: false }],
  ["nfc_enabled", {}],
  ["nfc_disabled", {}],
];
// MVT's asserted timeline text for those events (tests/android/test_check_intrusion_logs.py).
const EXPECTED_DATA: Record<string, string> = {
  adb_shell_cmd: "ADB shell command: com.example.app",
  adb_sync_recv_file: "File pulled via ADB: /sdcard/Download/example.txt",
  adb_sync_send_file: "File pushed via ADB: /sdcard/Download/example.txt",
  app_process_start: "Process started: com.example.app (UID: 10000, PID: 1234)",
  keyguard_dismissed: "Keyguard dismissed",
  keyguard_dismiss_auth_attempt: "Auth attempt: Success (method strength: 0)",
  keyguard_secured: "Device locked",
  os_startup: "OS startup (verified boot: green, dm-verity: enforcing)",
  logging_started: "Audit logging started",
  key_generated: "Key generated: example_key (UID: 10000)",
  key_imported: "Key imported: example_key",
  key_destruction: "Key destroyed: example_key (UID: 10000)",
  user_restriction_added: "User restriction added by com.example.admin: no_install_apps",
  user_restriction_removed: "User restriction removed by com.example.admin: no_install_apps",
  crypto_self_test_completed: "Crypto self test: passed",
  package_installed: "Package Installed: com.example.app (v1, user: 0)",
  package_updated: "Package Updated: com.example.app (v2, user: 0)",
  package_uninstalled: "Package Uninstalled: com.example.app (v2, user: 0)",
  adb_shell_interactive: "ADB interactive shell opened",
  os_shutdown: "OS shutdown",
  logging_stopped: "Audit logging stopped",
  media_mounted: "Media mounted: /storage/example (Example)",
  media_unmounted: "Media unmounted: /storage/example (Example)",
  log_buffer_size_critical: "Log buffer at 90% capacity",
  password_expiration_set: "Password expiration set by com.example.admin: 0ms",
  password_complexity_set: "Password complexity set by com.example.admin",
  password_history_length_set: "Password history length set by com.example.admin: 5",
  max_screen_lock_timeout_set: "Max screen lock timeout set by com.example.admin: 60000ms",
  max_password_attempts_set: "Max password attempts set by com.example.admin: 0",
  keyguard_disabled_features_set: "Keyguard features disabled by com.example.admin: 0",
  remote_lock: "Device remotely locked by com.example.admin",
  wipe_failure: "Device wipe failed",
  cert_authority_installed: "Cert installed: CN=Example CA",
  cert_authority_removed: "Cert removed: CN=Example CA",
  key_integrity_violation: "Key integrity violation: example_key",
  cert_validation_failure: "Certificate validation failure: chain validation failed",
  camera_policy_set: "Camera enabled by com.example.admin",
  password_complexity_required: "Password complexity required by com.example.admin: 0",
  password_changed: "Password changed (complexity: 0, user: 10)",
  wifi_connection: "WiFi connection: connected (BSSID: 02:00:00:00:00:01) - example reason",
  wifi_disconnection: "WiFi disconnection (BSSID: 02:00:00:00:00:01) - example reason",
  bluetooth_connection: "Bluetooth connected: 02:00:00:00:00:02 - example reason",
  bluetooth_disconnection: "Bluetooth disconnected: 02:00:00:00:00:02 - example reason",
  backup_service_toggled: "Backup service disabled by com.example.admin",
  nfc_enabled: "NFC enabled",
  nfc_disabled: "NFC disabled",
};

const run = (lines: string[], iocs?: ReturnType<typeof testIocs>) => runFolderModule(securityEvent, intrusionLogs({ "intrusion.txt": lines }), "intrusion-logs", iocs);
const alertsOf = async (payloads: Record<string, unknown>[]) => (await run(payloads.map((p) => sec(p)))).alerts.map((a) => a.message);

test("MVT generated fixture: 2 records in order, the unknown tag kept, in the timeline and named once in a warning", async () => {
  const r = await run([...mixedLines(), ...mixedLines()]);
  assert.equal(r.records.length, 2);
  assert.deepEqual(r.records[0], { event_time: new ExactInteger("1700000002000000000"), app_process_start: { process: "com.example.app", uid: 10000, pid: 1234 }, timestamp: "2023-11-14 22:13:22.000000" });
  assert.match(toJson(r.records[0], 0), /"event_time":1700000002000000000,/);
  assert.deepEqual(r.records[1].future_google_event, { field: "value" });
  assert.deepEqual(r.timeline.map((e) => [e.timestamp, e.module, e.event, e.data]), [
    ["2023-11-14 22:13:22.000000", "SecurityEvent", "app_process_start", "Process started: com.example.app (UID: 10000, PID: 1234)"],
    ["2023-11-14 22:13:23.000000", "SecurityEvent", "future_google_event", "future_google_event: {'field': 'value'}"],
  ]);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0]!.message, /unknown intrusion logging security event type\(s\): future_google_event/);
  assert.deepEqual(r.alerts, []);
});

test("MVT exported schemas: every field kept, event_id is no tag, MVT's timeline text, 4 MEDIUM alerts", async () => {
  const r = await run(EXPORTED.map(([tag, payload], id) => sec({ [tag]: payload }, id)));
  assert.equal(r.records.length, EXPORTED.length);
  assert.deepEqual(r.warnings, []);
  for (const [i, [tag, payload]] of EXPORTED.entries()) {
    assert.deepEqual(r.records[i], { event_id: i, event_time: new ExactInteger(NS), [tag]: payload, timestamp: "2023-11-14 22:13:20.000000" });
  }
  assert.deepEqual(Object.fromEntries(r.timeline.map((e) => [e.event, e.data])), EXPECTED_DATA);
  assert.deepEqual(new Set(r.timeline.map((e) => e.timestamp)), new Set(["2023-11-14 22:13:20.000000"]));
  assert.deepEqual(r.alerts.map((a) => [a.level, a.message, a.event_time]), [
    ["MEDIUM", "Device wipe failure detected", "2023-11-14 22:13:20.000000"],
    ["MEDIUM", "Certificate authority installed: CN=Example CA", "2023-11-14 22:13:20.000000"],
    ["MEDIUM", "Key integrity violation detected: {'key_id': 'example_key', 'uid': 10000}", "2023-11-14 22:13:20.000000"],
    ["MEDIUM", "Certificate validation failure detected: chain validation failed", "2023-11-14 22:13:20.000000"],
  ]);
});

test("legacy payload fields (admin_package, timeout_ms, mount_point…) still read; exported names win", async () => {
  const r = await run([
    sec({ password_expiration_set: { package: "com.example.admin", admin_package: "legacy.admin", timeout: 0, timeout_ms: 60000 } }),
    sec({ media_mount: { mount_point: "/storage/example", volume_label: "Example" } }),
    sec({ os_startup: { verified_boot_state: "green", dm_verity_mode: "enforcing" } }),
    sec({ bluetooth_connection: { mac_address: "02:00:00:00:00:02", success: false } }),
    sec({ cert_validation_failure: "chain validation failed" }),
  ]);
  assert.deepEqual(r.timeline.map((e) => e.data), [
    "Password expiration set by com.example.admin: 0ms",
    "Media mounted: /storage/example (Example)",
    "OS startup (verified boot: green, dm-verity: enforcing)",
    "Bluetooth connection failed: 02:00:00:00:00:02",
    "Certificate validation failure: chain validation failed",
  ]);
});

test("heuristics: cert_authority_installed with success true or missing is MEDIUM; a failed install only warns", async () => {
  assert.deepEqual(await alertsOf([{ cert_authority_installed: { subject: "CN=Unexpected Root CA", success: true } }]), ["Certificate authority installed: CN=Unexpected Root CA"]);
  assert.deepEqual(await alertsOf([{ cert_authority_installed: { subject: "CN=No Flag CA" } }]), ["Certificate authority installed: CN=No Flag CA"]);
  for (const success of [false, 0]) {
    const r = await run([sec({ cert_authority_installed: { subject: "CN=Unexpected Root CA", success } })]);
    assert.deepEqual(r.alerts, []);
    assert.deepEqual(r.warnings.map((w) => w.message), ["Failed certificate authority install attempt: CN=Unexpected Root CA"]);
  }
  assert.deepEqual(await alertsOf([{ cert_authority_removed: { subject: "CN=Example CA", success: true } }]), []);
});

test("heuristics: cert_validation_failure, key_integrity_violation and wipe_failure (also AOSP's wipe_failed) are MEDIUM", async () => {
  const r = await run([sec({ cert_validation_failure: "chain validation failed" }), sec({ key_integrity_violation: { key_id: "k1" } }), sec({ wipe_failure: { reason: "x" } }), sec({ wipe_failed: {} })]);
  assert.deepEqual(r.alerts.map((a) => [a.level, a.message]), [
    ["MEDIUM", "Certificate validation failure detected: chain validation failed"],
    ["MEDIUM", "Key integrity violation detected: {'key_id': 'k1'}"],
    ["MEDIUM", "Device wipe failure detected"],
    ["MEDIUM", "Device wipe failure detected"],
  ]);
  assert.equal(r.timeline[3]!.event, "wipe_failed");
  assert.deepEqual(r.warnings, []);
});

test("heuristics: a failed crypto self test is MEDIUM (bool or SecurityLog int); a passed one is not", async () => {
  const failed = [{ crypto_self_test_completed: { success: false } }, { crypto_self_test_completed: 0 }];
  const passed = [{ crypto_self_test_completed: { success: true } }, { crypto_self_test_completed: 1 }, { crypto_self_test_completed: {} }];
  assert.deepEqual(await alertsOf(failed), ["Cryptographic self test failed", "Cryptographic self test failed"]);
  assert.deepEqual(await alertsOf(passed), []);
});

test("a failed key_generated only warns, except PinStorage_crossReboot_key with uid 1001, which stays silent", async () => {
  const kg = (key_id: string, uid: number, success: unknown = false) => sec({ key_generated: { success, key_id, uid } });
  const silent = await run([kg("PinStorage_crossReboot_key", 1001), kg("PinStorage_crossReboot_key", 1001, 0), kg("ok_key", 1001, true)]);
  assert.deepEqual(silent.warnings, []);
  assert.deepEqual(silent.alerts, []);
  assert.equal(silent.timeline[0]!.data, "Key generation failed: PinStorage_crossReboot_key (UID: 1001)");
  const loud = await run([kg("PinStorage_crossReboot_key", 10000), kg("another_key", 1001)]);
  assert.deepEqual(loud.warnings.map((w) => w.message), ["Failed key generation detected for key_id: PinStorage_crossReboot_key", "Failed key generation detected for key_id: another_key"]);
  assert.deepEqual(loud.alerts, []);
});

test("indicators: process (and its :components), package events, adb shell command, adb sync path; near misses none", async () => {
  const iocs = testIocs(["app:id", "com.malware.blah"], ["app:id", "sandboxed_evil"], ["file:path", "/data/local/tmp/suspicious"]);
  const r = await run(
    [
      sec({ app_process_start: { process: "com.malware.blah", uid: 10001, pid: 1 } }),
      sec({ app_process_start: { process: "com.google.android.webview:sandboxed_evil:org.chromium.Service0:0", uid: 10002, pid: 2 } }),
      sec({ package_installed: { package_name: "com.malware.blah", version_code: 1, user_id: 0 } }),
      sec({ adb_shell_cmd: { command: "com.malware.blah" } }),
      sec({ adb_sync_send_file: { path: "/data/local/tmp/suspicious" } }),
      sec({ adb_sync_recv: { path: "/data/local/tmp/suspicious/payload" } }),
      // near misses: a longer package, a command that only mentions the package, a sibling path
      sec({ app_process_start: { process: "com.malware.blahblah", uid: 10003, pid: 3 } }),
      sec({ adb_shell_cmd: { command: "pm uninstall com.malware.blah" } }),
      sec({ adb_sync_recv_file: { path: "/data/local/tmp/other" } }),
    ],
    iocs,
  );
  assert.deepEqual(r.alerts.map((a) => [a.level, a.matched_indicator?.type, a.matched_indicator?.value]), [
    ["CRITICAL", "app_ids", "com.malware.blah"],
    ["CRITICAL", "app_ids", "sandboxed_evil"],
    ["CRITICAL", "app_ids", "com.malware.blah"],
    ["CRITICAL", "app_ids", "com.malware.blah"],
    ["CRITICAL", "file_paths", "/data/local/tmp/suspicious"],
    ["CRITICAL", "file_paths", "/data/local/tmp/suspicious"],
  ]);
  assert.equal(r.alerts[0]!.event_time, "2023-11-14 22:13:20.000000");
});

test("an event with no tag is 'unknown' in the timeline; a garbled line warns once with file and line", async () => {
  const r = await run([sec({}), '{"security_event": {"event_time": 1700000000000000000, "os_shutdown": {}', sec({ os_shutdown: {} })]);
  assert.equal(r.records.length, 2);
  assert.deepEqual(r.timeline.map((e) => [e.event, e.data]), [
    ["unknown", "{'event_time': 1700000000000000000, 'timestamp': '2023-11-14 22:13:20.000000'}"],
    ["os_shutdown", "OS shutdown"],
  ]);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0]!.file, /intrusion\.txt$/);
  assert.match(r.warnings[0]!.message, /^line 2 skipped: not valid JSON/);
});
