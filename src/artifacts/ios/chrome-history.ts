// Chrome for iOS visits from its History DB (urls ⋈ visits; Chromium schema v30–v70, from_visit optional).
import type { ExactInteger } from "../../core/exact-int.ts";
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import type { SqlRow } from "../../core/host.ts";
import { formatMicros } from "../../core/time.ts";
import { hasTables, jsonValue, text } from "../_shared/sql.ts";
import type { CarvedColumns, PartialRecord } from "../../core/carve-port.ts";

export interface ChromeHistoryRecord {
  id: number;
  url: string | null;
  visit_id: number;
  /** Raw visit_time: microseconds since 1601-01-01 (beyond 2^53 it stays a bigint, written exactly). */
  timestamp: number | ExactInteger | null;
  isodate: string;
  /** visits.from_visit: the visit that led here (0 = none). */
  redirect_source: number | null;
}

/** Microseconds from 1601-01-01 to 1970-01-01: Chrome time minus this fits a double exactly (raw values do not). */
export const WEBKIT_TO_UNIX_US = 11644473600000000n;

/** Chrome/WebKit µs → canonical text, exact for bigint input (core fromWebkitTime rounds through a double). */
export function chromeTime(v: unknown): string {
  if (typeof v === "bigint") return v === 0n ? "" : formatMicros(Number(v - WEBKIT_TO_UNIX_US));
  if (typeof v === "number" && v !== 0) return formatMicros(v - Number(WEBKIT_TO_UNIX_US));
  return "";
}

/** A deleted `urls` row (issue 16): the URL, without its visits (rows of another table). */
function deletedUrl(u: CarvedColumns): PartialRecord<ChromeHistoryRecord> | undefined {
  if (typeof u.url !== "string" || u.url === "") return undefined;
  return { id: typeof u.id === "number" ? u.id : null, url: u.url, visit_id: null, timestamp: null, isodate: "", redirect_source: null };
}

export default defineArtifact<ChromeHistoryRecord>({
  id: "ios.chrome-history",
  platform: "ios",
  mvt: "ChromeHistory",
  slug: "chrome_history",
  description: "Chrome for iOS browsing history",
  sources: [
    { from: "ios-backup", domain: "AppDomain-com.google.chrome.ios", path: "Library/Application Support/Google/Chrome/Default/History" },
    { from: "ios-fs", glob: "private/var/mobile/Containers/Data/Application/*/Library/Application Support/Google/Chrome/Default/History" },
  ],
  async *parse({ file }, ctx) {
    const db = await ctx.sqlite(file);
    if (!hasTables(db, "urls", "visits")) return;
    const from = db.columns("visits").includes("from_visit") ? "visits.from_visit" : "NULL";
    const sql = `SELECT urls.id AS id, urls.url AS url, visits.id AS visit_id, visits.visit_time AS visit_time, ${from} AS from_visit
      FROM urls JOIN visits ON visits.url = urls.id ORDER BY visits.visit_time`;
    // bigints: visit_time (~1.3e16) is beyond 2^53.
    for (const r of db.rows<SqlRow>(sql, [], { bigints: true })) {
      yield {
        id: jsonValue(r.id!) as number,
        url: text(r.url),
        visit_id: jsonValue(r.visit_id!) as number,
        timestamp: jsonValue(r.visit_time!) as number | ExactInteger | null,
        isodate: chromeTime(r.visit_time),
        redirect_source: jsonValue(r.from_visit!) as number | null,
      };
    }
  },
  timeline: (r) => [ev(r.isodate, "visit", `${r.id} - ${r.url ?? "None"} (visit ID: ${r.visit_id}, redirect source: ${r.redirect_source ?? "None"})`)],
  indicators: [{ kind: "url", values: (r) => r.url }],
  carve: [{ table: "urls", toRecord: deletedUrl }],
});
