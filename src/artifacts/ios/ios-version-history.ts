/** iOS versions the device ran, from the first line of each analytics journal (Analytics-Journal-*.ips). */
import { defineArtifact } from "../../core/artifact.ts";
import { SpyglassError } from "../../core/errors.ts";
import { ev } from "../../core/events.ts";
import type { SourceFile } from "../../core/source.ts";
import { formatMicros } from "../../core/time.ts";
import { sortedOverEveryFile } from "../_shared/every-file.ts";

export interface IosVersionHistoryRecord {
  isodate: string;
  os_version: unknown;
}

/** The first line is a small JSON header (~300 bytes); the report after it can be megabytes and is not read. */
const MAX_HEADER = 64 * 1024;
// Python's "%Y-%m-%d %H:%M:%S.%f %z": 1–6 fraction digits; an offset "+0100", "+01:00" (with optional seconds) or "Z".
const TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{1,6}) (?:(Z)|([+-])(\d{2}):?(\d{2})(?::?(\d{2}))?)$/;

/** The header's local time with its offset → canonical UTC text; undefined when it is not in that format. */
export function journalTime(text: string): string | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const offset = m[8] ? 0 : (m[9] === "-" ? -1 : 1) * (Number(m[10]) * 3600 + Number(m[11]) * 60 + Number(m[12] ?? 0));
  const seconds = Date.UTC(y, mo - 1, d, h, mi, s) / 1000 - offset;
  return formatMicros(seconds * 1e6 + Number(m[7]!.padEnd(6, "0")));
}

/** The record of one journal, from its first line; throws for a journal in another format. */
async function readJournal(file: SourceFile): Promise<IosVersionHistoryRecord[]> {
  const head = new TextDecoder().decode(await file.slice(0, Math.min(file.size, MAX_HEADER)));
  const end = head.indexOf("\n");
  if (end === -1 && file.size > MAX_HEADER) throw new SpyglassError("E_LIMIT", `no line break in the first ${MAX_HEADER} bytes`, { file: file.path });
  let header: unknown;
  try {
    header = JSON.parse((end === -1 ? head : head.slice(0, end)).trim());
  } catch (err) {
    throw new SpyglassError("E_CORRUPT", "the first line is not JSON", { file: file.path, cause: err });
  }
  const h = (typeof header === "object" && header !== null ? header : {}) as Record<string, unknown>;
  const isodate = typeof h.timestamp === "string" ? journalTime(h.timestamp) : undefined;
  if (isodate === undefined) throw new SpyglassError("E_SCHEMA", `the header has no timestamp in the journal format: ${JSON.stringify(h.timestamp ?? null).slice(0, 80)}`, { file: file.path });
  if (!("os_version" in h)) throw new SpyglassError("E_SCHEMA", "the header has no os_version", { file: file.path });
  return [{ isodate, os_version: h.os_version }];
}

const SOURCES = [{ from: "ios-fs", glob: "private/var/db/analyticsd/Analytics-Journal-*.ips" }] as const;

export default defineArtifact<IosVersionHistoryRecord>({
  id: "ios.ios-version-history",
  platform: "ios",
  mvt: "IOSVersionHistory",
  slug: "ios_version_history",
  description: "iOS versions the device ran and when, from the analytics journals",
  sources: SOURCES,
  parse: (input, ctx) => sortedOverEveryFile(input, ctx, SOURCES, readJournal),
  timeline: (r) => [ev(r.isodate, "ios_version", `Recorded iOS version ${typeof r.os_version === "string" ? r.os_version : JSON.stringify(r.os_version)}`)],
});
