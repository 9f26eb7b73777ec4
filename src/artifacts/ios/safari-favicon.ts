/** Pages Safari fetched a favicon for (Favicons.db: page_url ⋈ icon_info, and rejected_resources). */
import { defineArtifact, type ParseContext } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import type { SqlValue } from "../../core/host.ts";
import type { SourceFile } from "../../core/source.ts";
import { fromAppleTime } from "../../core/time.ts";
import { sortedOverEveryFile } from "../_shared/every-file.ts";
import { jsonValue } from "../_shared/sql.ts";

export interface SafariFaviconRecord {
  url: unknown;
  icon_url: unknown;
  /** Raw Apple absolute time. */
  timestamp: unknown;
  isodate: string;
  type: "valid" | "rejected";
  /** The database, relative to the dump (MVT writes the path on the analysing machine). */
  safari_favicon_db_path: string;
}

const VALID = `SELECT page_url.url AS url, icon_info.url AS icon_url, icon_info.timestamp AS timestamp
  FROM page_url JOIN icon_info ON page_url.uuid = icon_info.uuid ORDER BY icon_info.timestamp`;
const REJECTED = "SELECT page_url AS url, icon_url, timestamp FROM rejected_resources ORDER BY timestamp";

type Row = { url: SqlValue; icon_url: SqlValue; timestamp: SqlValue };

const SOURCES = [
  { from: "ios-fs", glob: "private/var/mobile/Library/Image Cache/Favicons/Favicons.db" },
  { from: "ios-fs", glob: "private/var/mobile/Containers/Data/Application/*/Library/Image Cache/Favicons/Favicons.db" },
] as const;

/** Valid icons (page ⋈ icon), then rejected ones, each by time; a table an iOS version lacks gives no rows (MVT stops there). */
async function readFavicons(file: SourceFile, ctx: Pick<ParseContext, "sqlite">): Promise<SafariFaviconRecord[]> {
  const db = await ctx.sqlite(file);
  const tables = db.tables();
  const record = (r: Row, type: SafariFaviconRecord["type"]): SafariFaviconRecord => ({
    url: jsonValue(r.url), icon_url: jsonValue(r.icon_url), timestamp: jsonValue(r.timestamp), isodate: fromAppleTime(r.timestamp), type, safari_favicon_db_path: file.path,
  });
  const out: SafariFaviconRecord[] = [];
  if (tables.has("page_url") && tables.has("icon_info")) for (const r of db.rows<Row>(VALID)) out.push(record(r, "valid"));
  if (tables.has("rejected_resources")) for (const r of db.rows<Row>(REJECTED)) out.push(record(r, "rejected"));
  return out;
}

export default defineArtifact<SafariFaviconRecord>({
  id: "ios.safari-favicon",
  platform: "ios",
  mvt: "SafariFavicon",
  slug: "safari_favicon",
  description: "Pages Safari and in-app browsers fetched a favicon for (Favicons.db), valid and rejected icons",
  sources: SOURCES,
  parse: (input, ctx) => sortedOverEveryFile(input, ctx, SOURCES, (f) => readFavicons(f, ctx)),
  timeline: (r) => [ev(r.isodate, "safari_favicon", `Safari favicon from ${r.url ?? "None"} with icon URL ${r.icon_url ?? "None"} (${r.type})`)],
  indicators: [
    { kind: "url", values: (r) => r.url },
    { kind: "url", values: (r) => r.icon_url },
  ],
});
