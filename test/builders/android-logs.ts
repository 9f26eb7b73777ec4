/** Android evidence made in code: intrusion-log folders (NDJSON *.txt) and unpacked backups with telephony members. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { deflateSync } from "node:zlib";
import { tempDir } from "../helpers/tmp.ts";

/** A line is an object (written as JSON) or raw text (a garbled line). */
export type LogLine = Record<string, unknown> | string;

/** A folder of intrusion-log files: { "2025-06-01.txt": [lines…] }; files may sit in sub-folders. */
export function intrusionLogs(files: Record<string, readonly LogLine[]>, eol = "\n"): string {
  const dir = tempDir("spyglass-il-");
  for (const [name, lines] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join(eol));
  }
  return dir;
}

/** MVT's generated check-intrusion-logs fixture: one line of each type plus an unknown security tag. */
const MVT_MIXED = [
  { dns_event: { event_time: 1_700_000_000_000, hostname: "example.com", package_name: "com.example.app", ip_addresses: ["/1.2.3.4"] } },
  { connect_event: { event_time: 1_700_000_001_000, ip_address: "/5.6.7.8", port: 443, package_name: "com.example.app" } },
  { security_event: { event_time: "<ns1>", app_process_start: { process: "com.example.app", uid: 10_000, pid: 1234 } } },
  { security_event: { event_time: "<ns2>", future_google_event: { field: "value" } } },
];
/** Writes MVT_MIXED with its nanosecond times as bare 19-digit JSON numbers (beyond 2^53, as on a device). */
export function mixedLines(): string[] {
  return MVT_MIXED.map((l) => JSON.stringify(l).replace('"<ns1>"', "1700000002000000000").replace('"<ns2>"', "1700000003000000000"));
}

export const TELEPHONY_DIR = "apps/com.android.providers.telephony/d_f";

/** An unpacked backup holding telephony members: { "000000_sms_backup": [messages…] } (zlib JSON) or raw bytes. */
export function smsBackup(members: Record<string, readonly unknown[] | Uint8Array>): string {
  const dir = tempDir("spyglass-ab-");
  mkdirSync(join(dir, TELEPHONY_DIR), { recursive: true });
  for (const [name, content] of Object.entries(members)) {
    const bytes = content instanceof Uint8Array ? content : deflateSync(JSON.stringify(content));
    writeFileSync(join(dir, TELEPHONY_DIR, name), bytes);
  }
  return dir;
}
