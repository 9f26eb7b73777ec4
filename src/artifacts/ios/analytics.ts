/**
 * Keychain analytics events (private/var/Keychains/Analytics/*.db: hard_failures, soft_failures and, in newer
 * databases, all_events; each row a Unix time and a plist), checked for known process names and domains.
 */
import { defineArtifact, type Heuristic, type ParseContext } from "../../core/artifact.ts";
import type { Finding } from "../../core/events.ts";
import { ev } from "../../core/events.ts";
import type { SqlValue } from "../../core/host.ts";
import type { SourceFile } from "../../core/source.ts";
import { fromUnix } from "../../core/time.ts";
import { parsePlist, type PlistValue } from "../../formats/plist.ts";
import { sortedOverEveryFile } from "../_shared/every-file.ts";
import { pyRepr } from "../_shared/intrusion-logs.ts";
import { isPlistDict, plainPlist } from "../_shared/plist.ts";

/** The row's plist keys, then `isodate` (Unix `timestamp`) and `artifact` (the database's file name). */
export type AnalyticsRecord = Record<string, unknown> & { isodate: string; artifact: string };

export const ANALYTICS_SOURCES = [{ from: "ios-fs", glob: "private/var/Keychains/Analytics/*.db" }] as const;
const TABLES = ["hard_failures", "soft_failures", "all_events"];

/** Python truthiness of a column (MVT skips 0, "" and empty blobs as missing). */
const present = (v: SqlValue): boolean => v !== null && v !== 0 && v !== 0n && v !== "" && !(v instanceof Uint8Array && v.length === 0);

/** The records of one database, in the database's order (MVT unions the tables; identical rows appear once). */
export async function readAnalyticsDb(file: SourceFile, ctx: Pick<ParseContext, "sqlite" | "countProblem">): Promise<AnalyticsRecord[]> {
  const db = await ctx.sqlite(file);
  const have = db.tables();
  const tables = TABLES.filter((t) => have.has(t)); // older databases lack all_events
  if (!tables.length) return [];
  const artifact = file.path.slice(file.path.lastIndexOf("/") + 1);
  const records: AnalyticsRecord[] = [];
  for (const row of db.rows<{ timestamp: SqlValue; data: SqlValue }>(tables.map((t) => `SELECT timestamp, data FROM "${t}"`).join(" UNION "))) {
    const hasTime = present(row.timestamp);
    if (!hasTime && !present(row.data)) continue;
    let data: Record<string, unknown> = {};
    if (present(row.data)) {
      const bytes = row.data instanceof Uint8Array ? row.data : new TextEncoder().encode(String(row.data));
      let plist: PlistValue;
      try {
        plist = parsePlist(bytes, { file: file.path });
      } catch (err) {
        ctx.countProblem("analytics rows hold an unreadable plist", `${artifact}: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      // MVT stops at such a row (it cannot add keys to it); the others are still worth reading.
      if (!isPlistDict(plist)) {
        ctx.countProblem("analytics rows hold a plist that is not a dictionary", `${artifact}: ${pyRepr(plainPlist(plist)).slice(0, 80)}`);
        continue;
      }
      data = plainPlist(plist) as Record<string, unknown>;
    }
    data.isodate = hasTime ? fromUnix(row.timestamp) : "";
    data.artifact = artifact;
    records.push(data as AnalyticsRecord);
  }
  return records;
}

/** Each top-level string value, as a process name then as a domain/URL: one CRITICAL per matching value (MVT). */
const valueIndicators: Heuristic<AnalyticsRecord> = (r, { match }) => {
  if (!match) return undefined;
  const out: Finding[] = [];
  for (const v of Object.values(r)) {
    if (typeof v !== "string" || v === "") continue;
    const process = match("process", v);
    const m = process ?? match("url", v);
    if (!m) continue;
    const what = process ? "process" : "domain";
    out.push({ level: "CRITICAL", message: `Found mention of a malicious ${what} "${v}" in ${r.artifact} file at ${r.isodate}`, event: r, matched_indicator: m });
  }
  return out;
};

export default defineArtifact<AnalyticsRecord>({
  id: "ios.analytics",
  platform: "ios",
  mvt: "Analytics",
  slug: "analytics",
  description: "Keychain analytics events (process names, domains, iOS builds) from private/var/Keychains/Analytics",
  sources: ANALYTICS_SOURCES,
  parse: (input, ctx) => sortedOverEveryFile(input, ctx, ANALYTICS_SOURCES, (f) => readAnalyticsDb(f, ctx)),
  timeline: (r) => [ev(r.isodate, r.artifact, pyRepr(r))],
  heuristics: [valueIndicators],
});
