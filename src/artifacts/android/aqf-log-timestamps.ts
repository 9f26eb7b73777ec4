/** Modification times of the device logs AndroidQF copied into logs/ (file or zip-member times; AndroidQF ≥ 1.6). */
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import type { SourceFile } from "../../core/source.ts";
import { fromUnix } from "../../core/time.ts";
import { wallClock } from "../_shared/getprop.ts";

export interface LogTimestampRecord {
  /** Relative to the acquisition root (MVT: relative to its parent, so with the acquisition folder's name first). */
  path: string;
  modified_time: string;
}

let hostClock: ((s: unknown) => string) | undefined;

/**
 * As MVT: a zip member's time is the DOS wall clock it stores (the zip layer gives it read as UTC), a loose
 * file's mtime is shown in the analysing machine's local zone (Python's naive `fromtimestamp`).
 */
export function modifiedTime(file: SourceFile): string {
  if (file.mtime === undefined) return "";
  if (file.evidence) return fromUnix(file.mtime);
  hostClock ??= wallClock(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
  return hostClock(file.mtime);
}

export default defineArtifact<LogTimestampRecord>({
  id: "android.aqf-log-timestamps",
  platform: "android",
  mvt: "AQFLogTimestamps",
  slug: "aqf_log_timestamps",
  description: "When the device logs collected by AndroidQF (logs/) were last modified",
  // MVT's fnmatch "*/logs/*" lets "*" cross "/": any file below a logs/ folder.
  sources: [{ from: "androidqf", glob: "**/logs/**" }],
  async *parse({ file }) {
    yield { path: file.path, modified_time: modifiedTime(file) };
  },
  timeline: (r) => [ev(r.modified_time, "M---", r.path)],
});
