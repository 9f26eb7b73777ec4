/**
 * SecurityLog events from Android 16 Advanced Protection intrusion logs (`security_event` lines of the NDJSON
 * export; event_time in ns): one tag key per event (SecurityLog tags of API 24–36, under the names of Google's
 * export and of AOSP's SecurityLogTags.logtags), payloads with exported or legacy field names.
 */
import { defineArtifact } from "../../core/artifact.ts";
import type { Heuristic } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { ev } from "../../core/events.ts";
import { deviceTimeZone, eventTimestamp, INTRUSION_LOG_SOURCES, isObject, pyRepr, pyStr, pyTruthy, readEvents } from "../_shared/intrusion-logs.ts";

/** One event: `event_id`, `event_time`, one tag key with its payload, plus `timestamp` (device wall clock or null). */
export interface SecurityEventRecord {
  readonly [key: string]: unknown;
  readonly event_id?: unknown;
  readonly event_time?: unknown;
  readonly timestamp: string | null;
}

type Info = Record<string, unknown>;
/** First present key (exported names first: MVT lets them win over the legacy names, even when 0). */
const f = (i: Info, ...keys: string[]) => pyStr(i[keys.find((k) => k in i) ?? keys[0]!]);
const ok = (i: Info) => pyTruthy(i.success);
const reason = (i: Info) => ("reason" in i && pyTruthy(i.reason) ? ` - ${f(i, "reason")}` : "");
const pkg = (i: Info) => f(i, "package", "admin_package");
const media = (verb: string) => (i: Info) => `Media ${verb}: ${f(i, "path", "mount_point")} (${f(i, "label", "volume_label")})`;
const pkgEvent = (verb: string) => (i: Info) => `Package ${verb}: ${f(i, "package_name")} (v${f(i, "version_code")}, user: ${f(i, "user_id")})`;
const restriction = (verb: string) => (i: Info) => `User restriction ${verb} by ${pkg(i)}: ${f(i, "restriction")}`;

/** Timeline text per tag, as MVT words it. The tag names are SecurityLog's (MVT's table); aliases below. */
const DESCRIBE: Record<string, (info: Info, raw: unknown) => string> = {
  adb_shell_interactive: () => "ADB interactive shell opened",
  adb_shell_cmd: (i) => `ADB shell command: ${f(i, "command")}`,
  adb_sync_recv_file: (i) => `File pulled via ADB: ${f(i, "path")}`,
  adb_sync_send_file: (i) => `File pushed via ADB: ${f(i, "path")}`,
  app_process_start: (i) => `Process started: ${f(i, "process")} (UID: ${f(i, "uid")}, PID: ${f(i, "pid")})`,
  keyguard_dismissed: () => "Keyguard dismissed",
  keyguard_dismiss_auth_attempt: (i) => `Auth attempt: ${ok(i) ? "Success" : "Failed"} (method strength: ${pyStr(i.method_strength, "0")})`,
  keyguard_secured: () => "Device locked",
  os_startup: (i) => `OS startup (verified boot: ${f(i, "boot_state", "verified_boot_state")}, dm-verity: ${f(i, "verity_mode", "dm_verity_mode")})`,
  os_shutdown: () => "OS shutdown",
  logging_started: () => "Audit logging started",
  logging_stopped: () => "Audit logging stopped",
  media_mount: media("mounted"),
  media_unmount: media("unmounted"),
  log_buffer_size_critical: () => "Log buffer at 90% capacity",
  password_expiration_set: (i) => `Password expiration set by ${pkg(i)}: ${f(i, "timeout", "timeout_ms")}ms`,
  password_complexity_set: (i) => `Password complexity set by ${pkg(i)}`,
  password_history_length_set: (i) => `Password history length set by ${pkg(i)}: ${f(i, "length")}`,
  max_screen_lock_timeout_set: (i) => `Max screen lock timeout set by ${pkg(i)}: ${f(i, "timeout", "timeout_ms")}ms`,
  max_password_attempts_set: (i) => `Max password attempts set by ${pkg(i)}: ${f(i, "num_failures", "max_attempts")}`,
  keyguard_disabled_features_set: (i) => `Keyguard features disabled by ${pkg(i)}: ${f(i, "features", "disabled_features")}`,
  remote_lock: (i) => `Device remotely locked by ${pkg(i)}`,
  wipe_failure: () => "Device wipe failed",
  key_generated: (i) => `Key ${ok(i) ? "generated" : "generation failed"}: ${pyStr(i.key_id, "unknown")} (UID: ${f(i, "uid")})`,
  key_import: (i) => `Key ${ok(i) ? "imported" : "import failed"}: ${pyStr(i.key_id, "unknown")}`,
  key_destruction: (i) => `Key ${ok(i) ? "destroyed" : "destruction failed"}: ${pyStr(i.key_id, "unknown")} (UID: ${f(i, "uid")})`,
  user_restriction_added: restriction("added"),
  user_restriction_removed: restriction("removed"),
  cert_authority_installed: (i) => `Cert ${ok(i) ? "installed" : "install failed"}: ${pyStr(i.subject, "unknown")}`,
  cert_authority_removed: (i) => `Cert ${ok(i) ? "removed" : "removal failed"}: ${pyStr(i.subject, "unknown")}`,
  crypto_self_test_completed: (i, raw) => `Crypto self test: ${(isObject(raw) ? ok(i) : raw === 1 || raw === true) ? "passed" : "FAILED"}`,
  key_integrity_violation: (i) => `Key integrity violation: ${pyStr(i.key_id, "unknown")}`,
  cert_validation_failure: (i, raw) => `Certificate validation failure: ${validationReason(raw)}`,
  camera_policy_set: (i) => `Camera ${pyTruthy(i.disabled) ? "disabled" : "enabled"} by ${pkg(i)}`,
  password_complexity_required: (i) => `Password complexity required by ${pkg(i)}: ${f(i, "complexity")}`,
  password_changed: (i) => `Password changed (complexity: ${f(i, "password_complexity", "complexity")}, user: ${f(i, "target_user", "user_id")})`,
  wifi_connection: (i) => `WiFi connection: ${f(i, "event_type")} (BSSID: ${f(i, "bssid")})${reason(i)}`,
  wifi_disconnection: (i) => `WiFi disconnection (BSSID: ${f(i, "bssid")})${reason(i)}`,
  bluetooth_connection: (i) => `Bluetooth ${ok(i) ? "connected" : "connection failed"}: ${f(i, "addr", "mac_address")}${reason(i)}`,
  bluetooth_disconnection: (i) => `Bluetooth disconnected: ${f(i, "addr", "mac_address")}${reason(i)}`,
  package_installed: pkgEvent("Installed"),
  package_updated: pkgEvent("Updated"),
  package_uninstalled: pkgEvent("Uninstalled"),
  backup_service_toggled: (i) => `Backup service ${pyTruthy(i.enabled) ? "enabled" : "disabled"} by ${pkg(i)}`,
  nfc_enabled: () => "NFC enabled",
  nfc_disabled: () => "NFC disabled",
};

/** Names of the same tags in Google's export and in AOSP SecurityLogTags.logtags (tag ids 210002–210026). */
const ALIASES: Record<string, string> = {
  adb_shell_command: "adb_shell_cmd", adb_sync_recv: "adb_sync_recv_file", adb_sync_send: "adb_sync_send_file",
  media_mounted: "media_mount", media_unmounted: "media_unmount", wipe_failed: "wipe_failure",
  key_imported: "key_import", key_destroyed: "key_destruction",
};

/** Keys that describe the event rather than name it (`event_id` is metadata, not a tag). */
const METADATA = new Set(["event_id", "event_time", "event_type", "timestamp"]);

/** The tag key of an event (the first non-metadata key, known or not). */
export function eventTag(r: SecurityEventRecord): string | undefined {
  for (const k in r) if (!METADATA.has(k)) return k;
  return undefined;
}

/** The tag under MVT's name, and its payload as an object ({} for a scalar payload). */
function tagged(r: SecurityEventRecord): { tag: string; info: Info; raw: unknown } | undefined {
  const key = eventTag(r);
  if (key === undefined) return undefined;
  return { tag: ALIASES[key] ?? key, info: isObject(r[key]) ? (r[key] as Info) : {}, raw: r[key] };
}

function validationReason(raw: unknown): string {
  if (typeof raw === "string") return raw;
  return isObject(raw) && typeof raw.reason === "string" ? raw.reason : pyRepr(raw);
}

/** Values of `field` in the payload when the tag is one of `tags`. */
const field = (tags: string[], name: string) => (r: SecurityEventRecord) => {
  const t = tagged(r);
  return t && tags.includes(t.tag) && typeof t.info[name] === "string" ? (t.info[name] as string) : "";
};

/** app_process_start: the full process name, then each ":"-component after the package (sandboxed services). */
function processIds(r: SecurityEventRecord): string[] {
  const p = field(["app_process_start"], "process")(r);
  return p ? [p, ...p.split(":").slice(1).filter((c) => c !== "")] : [];
}

// MEDIUM findings that need no indicators (MVT's intrusion-log heuristics).
const medium = (message: string, r: SecurityEventRecord) => finding("MEDIUM", message, r, r.timestamp ?? "");
const HEURISTICS: Heuristic<SecurityEventRecord>[] = [
  (r) => {
    const t = tagged(r);
    if (!t) return undefined;
    switch (t.tag) {
      case "key_integrity_violation":
        return medium(`Key integrity violation detected: ${pyStr(t.raw)}`, r);
      case "cert_validation_failure":
        return medium(`Certificate validation failure detected: ${validationReason(t.raw)}`, r);
      case "wipe_failure":
        return medium("Device wipe failure detected", r);
      case "cert_authority_installed":
        // A root CA in the trusted store can intercept TLS; a failed install attempt only warns (in parse).
        return pyTruthy("success" in t.info ? t.info.success : true) && medium(`Certificate authority installed: ${pyStr(t.info.subject, "unknown")}`, r);
      case "crypto_self_test_completed": {
        const passed = isObject(t.raw) ? pyTruthy("success" in t.info ? t.info.success : true) : t.raw === 1 || t.raw === true;
        return !passed && medium("Cryptographic self test failed", r);
      }
    }
    return undefined;
  },
];

export default defineArtifact<SecurityEventRecord>({
  id: "android.security-event",
  platform: "android",
  mvt: "SecurityEvent",
  slug: "security_event",
  description: "Security log events (ADB use, app starts, keys, certificates, packages…) from intrusion logs (Android 16 Advanced Protection)",
  sources: INTRUSION_LOG_SOURCES,
  async *parse(input, ctx) {
    const tz = deviceTimeZone(ctx);
    for await (const { event, once } of readEvents(input, ctx, "security_event")) {
      event.timestamp = eventTimestamp(event.event_time, "ns", ctx, tz, once);
      const r = event as SecurityEventRecord;
      const t = tagged(r);
      if (t && !(t.tag in DESCRIBE) && once(`tag:${t.tag}`)) {
        ctx.warn(`Found unknown intrusion logging security event type(s): ${t.tag} (kept in the results, described generically)`);
      }
      if (t?.tag === "key_generated" && !pyTruthy("success" in t.info ? t.info.success : true)) {
        // Telephony's PinStorage fails this key on every boot of devices without a SIM PIN: noise, as in MVT.
        const benign = t.info.key_id === "PinStorage_crossReboot_key" && t.info.uid === 1001;
        if (!benign && once(`keygen:${pyStr(t.info.key_id)}`)) ctx.warn(`Failed key generation detected for key_id: ${pyStr(t.info.key_id, "unknown")}`);
      }
      if (t?.tag === "cert_authority_installed" && !pyTruthy("success" in t.info ? t.info.success : true) && once(`ca:${pyStr(t.info.subject)}`)) {
        ctx.warn(`Failed certificate authority install attempt: ${pyStr(t.info.subject, "unknown")}`);
      }
      yield r;
    }
  },
  timeline: (r) => {
    const key = eventTag(r);
    if (key === undefined) return [ev(r.timestamp, "unknown", pyRepr(r))];
    const t = tagged(r)!;
    const describe = DESCRIBE[t.tag];
    return [ev(r.timestamp, key, describe ? describe(t.info, t.raw) : `${key}: ${pyStr(t.raw)}`)];
  },
  indicators: [
    { kind: "app_id", values: processIds },
    { kind: "app_id", values: field(["package_installed", "package_updated", "package_uninstalled"], "package_name") },
    { kind: "app_id", values: field(["adb_shell_cmd"], "command") },
    { kind: "file_path", values: field(["adb_sync_recv_file", "adb_sync_send_file"], "path") },
  ],
  matchTime: (r) => r.timestamp ?? "",
  heuristics: HEURISTICS,
});
