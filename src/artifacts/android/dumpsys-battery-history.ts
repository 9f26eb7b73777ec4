/**
 * Jobs, alarm wake-ups and foreground apps from the "Battery History" of the `batterystats` dumpsys section
 * (bugreport dumpstate, AndroidQF dumpsys.txt; elapsed-time lines "+47s645ms (2) 100 +job=…" and the
 * absolute-time form "07-15 20:27:39.431 (2) 100 +job=…").
 */
import { defineArtifact } from "../../core/artifact.ts";
import { serviceSectionRecords } from "../_shared/dumpsys-section.ts";

export interface BatteryHistoryRecord {
  /** The line's time: elapsed ("+47s645ms") or device-local "MM-DD HH:MM:SS.mmm". */
  time_elapsed: string;
  event: "start_job" | "end_job" | "wake" | "start_top" | "end_top";
  /** "u0a94", "1000"… */
  uid: string;
  package_name: string;
  /** "pkg/.Service" for jobs and alarms, "" for top-app changes. */
  service: string;
}

/** "uid:\"pkg/.Svc\"" after a marker → [uid, service] (MVT: split at the first ":", quotes and spaces trimmed). */
function job(line: string, marker: string): [string, string] | undefined {
  const at = line.indexOf(marker);
  if (at < 0) return undefined;
  const payload = line.slice(at + marker.length);
  const colon = payload.indexOf(":");
  if (colon < 0) return undefined;
  return [payload.slice(0, colon), payload.slice(colon + 1).trim().replace(/^"+|"+$/g, "")];
}

function toRecord(line: string): Omit<BatteryHistoryRecord, "time_elapsed"> | undefined {
  const start = line.indexOf("+job") > 0;
  if (start || line.indexOf("-job") > 0) {
    const j = job(line, start ? "+job=" : "-job=");
    if (!j) return undefined;
    return { event: start ? "start_job" : "end_job", uid: j[0], package_name: j[1].split("/")[0]!, service: j[1] };
  }
  if (line.indexOf("+running +wake_lock=") > 0) {
    const j = job(line, "+running +wake_lock=");
    const alarm = line.indexOf("*walarm*:");
    if (!j || alarm < 0) return undefined;
    const service = line.slice(alarm + 9).split(" ")[0]!.replace(/^"+|"+$/g, "").trim();
    if (!service.includes("/")) return undefined;
    return { event: "wake", uid: j[0], package_name: service.split("/")[0]!, service };
  }
  const top = line.indexOf("+top=") > 0 ? line.indexOf("+top=") : line.indexOf("-top=") > 0 ? line.indexOf("-top=") : -1;
  if (top < 0) return undefined;
  const colon = line.indexOf(":", top);
  if (colon < 0) return undefined;
  return { event: line[top] === "+" ? "start_top" : "end_top", uid: line.slice(top + 5, colon), package_name: line.slice(colon + 1).replace(/^"+|"+$/g, ""), service: "" };
}

/** MVT's reading: from the section's start (the "Battery History" title skipped) to the first blank line. */
export async function* parseBatteryHistory(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<BatteryHistoryRecord> {
  for await (const line of lines) {
    if (line.startsWith("Battery History ")) continue;
    if (line.trim() === "") return;
    const parts = line.trim().split(/\s+/);
    // An absolute time is two words: "07-15 20:27:39.431".
    const absolute = parts.length > 1 && parts[0]!.length === 5 && parts[0]![2] === "-" && parts[1]!.includes(":");
    const rec = toRecord(line);
    if (rec) yield { time_elapsed: absolute ? `${parts[0]} ${parts[1]}` : parts[0]!, ...rec };
  }
}

export default defineArtifact<BatteryHistoryRecord>({
  id: "android.dumpsys-battery-history",
  platform: "android",
  mvt: "DumpsysBatteryHistory",
  slug: "dumpsys_battery_history",
  description: "Background jobs, alarm wake-ups and foreground apps (dumpsys batterystats, history)",
  sources: [
    { from: "bugreport", glob: "@dumpstate" },
    { from: "androidqf", glob: "dumpsys.txt" },
  ],
  parse: ({ file }, ctx) => serviceSectionRecords(file, ctx, "batterystats", parseBatteryHistory),
  indicators: [{ kind: "app_id", values: (r) => r.package_name }],
});
