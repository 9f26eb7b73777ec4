// Firefox for iOS favicons from browser.db (favicons ⋈ favicon_sites ⋈ history; the pre-v100 schema).
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import type { SqlRow } from "../../core/host.ts";
import { fromUnix } from "../../core/time.ts";
import { hasTables, jsonValue, text } from "../_shared/sql.ts";
import { colOrNull, FIREFOX_BROWSER_DB } from "./firefox-history.ts";

export interface FirefoxFaviconRecord {
  id: number;
  /** The icon's URL. */
  url: string | null;
  width: number | null;
  height: number | null;
  type: number | null;
  /** favicons.date: Unix seconds. */
  isodate: string;
  history_id: number;
  /** The page the icon was fetched for. */
  history_url: string | null;
}

export default defineArtifact<FirefoxFaviconRecord>({
  id: "ios.firefox-favicon",
  platform: "ios",
  mvt: "FirefoxFavicon",
  slug: "firefox_favicon",
  description: "Firefox for iOS favicons and the pages they were fetched for",
  sources: FIREFOX_BROWSER_DB,
  async *parse({ file }, ctx) {
    const db = await ctx.sqlite(file);
    if (!hasTables(db, "favicons", "favicon_sites", "history")) return;
    const c = (col: string) => `${colOrNull(db, "favicons", col)} AS ${col}`;
    const sql = `SELECT favicons.id AS id, favicons.url AS url, ${["width", "height", "type", "date"].map(c).join(", ")},
        history.id AS history_id, history.url AS history_url
      FROM favicons JOIN favicon_sites ON favicon_sites.faviconID = favicons.id JOIN history ON favicon_sites.siteID = history.id`;
    for (const r of db.rows<SqlRow>(sql)) {
      yield {
        id: jsonValue(r.id!) as number,
        url: text(r.url),
        width: jsonValue(r.width!) as number | null,
        height: jsonValue(r.height!) as number | null,
        type: jsonValue(r.type!) as number | null,
        isodate: fromUnix(r.date),
        history_id: jsonValue(r.history_id!) as number,
        history_url: text(r.history_url),
      };
    }
  },
  timeline: (r) => [ev(r.isodate, "firefox_history", `Firefox favicon ${r.url ?? "None"} when visiting ${r.history_url ?? "None"}`)],
  indicators: [
    { kind: "url", values: (r) => r.url },
    { kind: "url", values: (r) => r.history_url },
  ],
});
