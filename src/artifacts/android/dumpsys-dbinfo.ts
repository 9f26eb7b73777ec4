/**
 * Recent SQL operations per app database from the `dbinfo` dumpsys section's "Connection pool for <db>:" →
 * "Most recently executed operations:" lists (bugreport dumpstate, AndroidQF dumpsys.txt; with or without the
 * "[Pid:(n)]" field and the year in "[YYYY-MM-DD HH:MM:SS.mmm]", across Android 9–16).
 */
import { defineArtifact } from "../../core/artifact.ts";
import { serviceSectionRecords } from "../_shared/dumpsys-section.ts";

export interface DbinfoRecord {
  /** As printed (device-local, the year missing on some versions): "2023-07-27 12:21:44.097" or "07-15 20:27:39.431". */
  isodate: string;
  /** The calling process, when printed. */
  pid?: string;
  /** "executeForCursorWindow", "prepare"… */
  action: string;
  sql: string;
  /** The database file (its folder names the app). */
  path: string;
}

// MVT's two patterns, with the year made optional (older dumps print "MM-DD HH:MM:SS.mmm").
const TIME = String.raw`((?:[0-9]{4}-)?[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3})`;
const WITH_PID = new RegExp(String.raw`.*\[${TIME}\].*\[Pid:\((\d+)\)\](\w+).*sql="(.+?)"`);
const NO_PID = new RegExp(String.raw`.*\[${TIME}\] (\w+).*sql="(.+?)"`);

/** MVT's reading: operation lines (indented 8) under "Most recently executed operations:" of each pool. */
export async function* parseDbinfo(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<DbinfoRecord> {
  let pool: string | undefined;
  let inOperations = false;
  for await (const line of lines) {
    if (line.startsWith("Connection pool for ")) pool = line.replace("Connection pool for ", "").replace(/:+$/, "");
    if (pool === undefined) continue;
    if (line.trim() === "Most recently executed operations:") {
      inOperations = true;
      continue;
    }
    if (!inOperations) continue;
    if (!line.startsWith("        ")) {
      inOperations = false;
      pool = undefined;
      continue;
    }
    const p = WITH_PID.exec(line);
    if (p) {
      yield { isodate: p[1]!, pid: p[2]!, action: p[3]!, sql: p[4]!, path: pool };
      continue;
    }
    const n = NO_PID.exec(line);
    if (n) yield { isodate: n[1]!, action: n[2]!, sql: n[3]!, path: pool };
  }
}

export default defineArtifact<DbinfoRecord>({
  id: "android.dumpsys-dbinfo",
  platform: "android",
  mvt: "DumpsysDBInfo",
  slug: "dbinfo",
  description: "Recent SQL operations on app databases (dumpsys dbinfo)",
  sources: [
    { from: "bugreport", glob: "@dumpstate" },
    { from: "androidqf", glob: "dumpsys.txt" },
  ],
  parse: ({ file }, ctx) => serviceSectionRecords(file, ctx, "dbinfo", parseDbinfo),
  // Each folder of the path, so /data/user/0/<app id>/databases/x.db matches the app id (MVT).
  indicators: [{ kind: "app_id", values: (r) => r.path.split("/") }],
});
