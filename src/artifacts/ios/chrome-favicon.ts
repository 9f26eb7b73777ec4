// Chrome for iOS favicon cache (Favicons DB: icon_mapping ⋈ favicon_bitmaps ⋈ favicons; with or without favicon_bitmaps.last_requested).
import type { ExactInteger } from "../../core/exact-int.ts";
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import type { SqlRow } from "../../core/host.ts";
import { hasTables, jsonValue, text } from "../_shared/sql.ts";
import { chromeTime } from "./chrome-history.ts";

export interface ChromeFaviconRecord {
  /** The page the icon belongs to. */
  url: string | null;
  icon_url: string | null;
  /** last_updated, else last_requested: raw Chrome µs since 1601 (a bigint beyond 2^53). */
  timestamp: number | ExactInteger;
  isodate: string;
}

export default defineArtifact<ChromeFaviconRecord>({
  id: "ios.chrome-favicon",
  platform: "ios",
  mvt: "ChromeFavicon",
  slug: "chrome_favicon",
  description: "Chrome for iOS favicon cache: pages visited and their icons",
  sources: [
    { from: "ios-backup", domain: "AppDomain-com.google.chrome.ios", path: "Library/Application Support/Google/Chrome/Default/Favicons" },
    { from: "ios-fs", glob: "private/var/mobile/Containers/Data/Application/*/Library/Application Support/Google/Chrome/Default/Favicons" },
  ],
  async *parse({ file }, ctx) {
    const db = await ctx.sqlite(file);
    if (!hasTables(db, "icon_mapping", "favicon_bitmaps", "favicons")) return;
    const bitmap = new Set(db.columns("favicon_bitmaps"));
    const updated = bitmap.has("last_updated") ? "IFNULL(favicon_bitmaps.last_updated, 0)" : "0";
    const requested = bitmap.has("last_requested") ? "IFNULL(favicon_bitmaps.last_requested, 0)" : "0";
    // MVT sorts its records by isodate; ordering by the raw time in SQL gives the same order without holding the rows.
    const sql = `SELECT icon_mapping.page_url AS url, favicons.url AS icon_url,
        CASE WHEN ${updated} != 0 THEN ${updated} ELSE ${requested} END AS ts
      FROM icon_mapping JOIN favicon_bitmaps ON icon_mapping.icon_id = favicon_bitmaps.icon_id
      JOIN favicons ON icon_mapping.icon_id = favicons.id ORDER BY ts, icon_mapping.id`;
    for (const r of db.rows<SqlRow>(sql, [], { bigints: true })) {
      yield { url: text(r.url), icon_url: text(r.icon_url), timestamp: jsonValue(r.ts!) as number | ExactInteger, isodate: chromeTime(r.ts) };
    }
  },
  timeline: (r) => [ev(r.isodate, "new_favicon", `${r.icon_url ?? "None"} from ${r.url ?? "None"}`)],
  indicators: [
    { kind: "url", values: (r) => r.url },
    { kind: "url", values: (r) => r.icon_url },
  ],
});
