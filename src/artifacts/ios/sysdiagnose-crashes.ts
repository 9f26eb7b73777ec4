/**
 * Crash, jetsam and spin reports in a sysdiagnose (iOS 14–18): `crashes_and_spins/**` `*.ips` (iOS 15+: a JSON
 * header line, then a JSON body with procName/procPath; JetsamEvent bodies list every process), older text reports
 * and `*.spin` files (`Process: name [pid]`, `Path: …`, `Date/Time: …`). Spyware crashes too: process names are
 * matched as process indicators and paths as file paths.
 */
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import { readText } from "../../core/source.ts";
import { fromIsoString } from "../../core/time.ts";

export interface CrashRecord {
  isodate: string;
  process: string;
  path: string;
  /** Apple's report type: 309 crash, 298 jetsam, 288 stackshot… ("" when the report does not say). */
  bug_type: string;
  file: string;
}

/** Reports are KB to a few MB (a jetsam event lists a few hundred processes); 32 MiB bounds a hostile one. */
const MAX_BYTES = 32 * 1024 * 1024;

/** "2024-01-15 10:20:30.00 +0100" (iOS's report time) → UTC canonical text; "" when it does not read. */
export function reportTime(text: unknown): string {
  if (typeof text !== "string") return "";
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?\s*([+-]\d{2}):?(\d{2})$/.exec(text.trim());
  return m ? fromIsoString(`${m[1]}T${m[2]}${m[3] ?? ""}${m[4]}:${m[5]}`) : fromIsoString(text);
}

const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

/** One report → its records: the crashed process, or each process a jetsam event lists. */
export function parseReport(text: string, file: string): CrashRecord[] {
  const nl = text.indexOf("\n");
  const first = (nl < 0 ? text : text.slice(0, nl)).trim();
  if (first.startsWith("{")) {
    let header: Record<string, unknown> = {};
    let body: Record<string, unknown> = {};
    try {
      header = JSON.parse(first) as Record<string, unknown>;
    } catch {
      return parseText(text, file);
    }
    try {
      body = nl < 0 ? {} : (JSON.parse(text.slice(nl + 1)) as Record<string, unknown>);
    } catch {
      // A body that is text (spin and stackshot reports) or damaged: the header still names the process.
      return parseText(text.slice(nl + 1), file, header);
    }
    const isodate = reportTime(body["captureTime"] ?? header["timestamp"]);
    const bug_type = str(header["bug_type"] ?? body["bug_type"]);
    const procs = Array.isArray(body["processes"]) ? (body["processes"] as Record<string, unknown>[]) : undefined;
    if (procs) return procs.filter((p) => p && typeof p === "object").map((p) => ({ isodate, process: str(p["name"] ?? p["procname"]), path: str(p["path"]), bug_type, file }));
    return [{ isodate, process: str(body["procName"] ?? header["name"] ?? header["app_name"]), path: str(body["procPath"]), bug_type, file }];
  }
  return parseText(text, file);
}

/** Text reports and spins: the first `Process:`, `Path:` and `Date/Time:` lines. */
function parseText(text: string, file: string, header: Record<string, unknown> = {}): CrashRecord[] {
  const field = (name: string) => new RegExp(`^${name}:\\s*(.+?)\\s*$`, "m").exec(text)?.[1] ?? "";
  const process = field("Process").replace(/\s*\[\d+\]$/, "") || str(header["name"] ?? header["app_name"]);
  if (!process) return [];
  return [{ isodate: reportTime(field("Date/Time") || header["timestamp"]), process, path: field("Path"), bug_type: str(header["bug_type"]), file }];
}

export default defineArtifact<CrashRecord>({
  id: "ios.sysdiagnose-crashes",
  platform: "ios",
  mvt: "SysdiagnoseCrashes",
  slug: "sysdiagnose_crashes",
  description: "Crash, jetsam and spin reports (crashes_and_spins/, *.ips, *.spin)",
  sources: [
    { from: "sysdiagnose", glob: "crashes_and_spins/**/*.ips" },
    { from: "sysdiagnose", glob: "crashes_and_spins/**/*.spin" },
  ],
  async *parse({ file }) {
    yield* parseReport(await readText(file, MAX_BYTES), file.path);
  },
  timeline: (r) => [ev(r.isodate, r.bug_type === "298" ? "jetsam" : "crash_report", `${r.process}${r.path ? ` (${r.path})` : ""} in ${r.file}`)],
  indicators: [
    { kind: "process", values: (r) => r.process },
    { kind: "file_path", values: (r) => r.path },
    { kind: "process_in_path", values: (r) => r.path },
  ],
});
