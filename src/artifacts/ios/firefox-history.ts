// Firefox for iOS visits from browser.db (visits ⋈ history; the pre-v100 schema, before history moved to places.db).
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import type { SqliteDb, SqlRow } from "../../core/host.ts";
import { fromUnix } from "../../core/time.ts";
import { hasTables, jsonValue, text } from "../_shared/sql.ts";
import type { CarvedColumns, PartialRecord } from "../../core/carve-port.ts";

export interface FirefoxHistoryRecord {
  id: number;
  isodate: string;
  url: string | null;
  title: string | null;
  /** visits.is_local under MVT's (sic) key name. */
  i1000000s_local: number | null;
  type: number | null;
}

/** Firefox's browser.db: backup domain and path, and the fs-dump globs (MVT's own path plus the real app-group one). */
export const FIREFOX_BROWSER_DB = [
  { from: "ios-backup", domain: "AppDomainGroup-group.org.mozilla.ios.Firefox", path: "profile.profile/browser.db" },
  { from: "ios-fs", glob: "private/var/mobile/profile.profile/browser.db" },
  { from: "ios-fs", glob: "private/var/mobile/Containers/Shared/AppGroup/*/profile.profile/browser.db" },
] as const;

/** A column of `table` when it exists, else NULL (older browser.db versions lack some). */
export function colOrNull(db: SqliteDb, table: string, col: string): string {
  return db.columns(table).includes(col) ? `${table}.${col}` : "NULL";
}

/** A deleted `history` row (issue 16): the URL and title, without its visits (rows of another table). */
function deletedPage(h: CarvedColumns): PartialRecord<FirefoxHistoryRecord> | undefined {
  if (typeof h.url !== "string" || h.url === "") return undefined;
  return { id: null, isodate: "", url: h.url, title: typeof h.title === "string" ? h.title : null, i1000000s_local: null, type: null };
}

export default defineArtifact<FirefoxHistoryRecord>({
  id: "ios.firefox-history",
  platform: "ios",
  mvt: "FirefoxHistory",
  slug: "firefox_history",
  description: "Firefox for iOS browsing history",
  sources: FIREFOX_BROWSER_DB,
  async *parse({ file }, ctx) {
    const db = await ctx.sqlite(file);
    if (!hasTables(db, "visits", "history")) return;
    // visits.date is µs since 1970; dividing in SQL keeps MVT's arithmetic (integer division for integer dates).
    const sql = `SELECT visits.id AS id, visits.date/1000000 AS date, history.url AS url, ${colOrNull(db, "history", "title")} AS title,
      ${colOrNull(db, "visits", "is_local")} AS is_local, ${colOrNull(db, "visits", "type")} AS type
      FROM visits JOIN history ON visits.siteID = history.id`;
    for (const r of db.rows<SqlRow>(sql)) {
      yield {
        id: jsonValue(r.id!) as number,
        isodate: fromUnix(r.date),
        url: text(r.url),
        title: text(r.title),
        i1000000s_local: jsonValue(r.is_local!) as number | null,
        type: jsonValue(r.type!) as number | null,
      };
    }
  },
  timeline: (r) => [ev(r.isodate, "firefox_history", `Firefox visit with ID ${r.id} to URL: ${r.url ?? "None"}`)],
  indicators: [{ kind: "url", values: (r) => r.url }],
  carve: [{ table: "history", toRecord: deletedPage }],
});
