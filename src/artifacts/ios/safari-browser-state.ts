// Open Safari tabs and their back/forward history from BrowserState.db: tabs ⋈ tab_sessions (iOS 12+) or tabs alone (iOS ≤ 11), every profile.
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import type { SqliteDb, SqlRow } from "../../core/host.ts";
import { fromAppleTime } from "../../core/time.ts";
import { parsePlist, type PlistValue } from "../../formats/plist.ts";
import { text } from "../_shared/sql.ts";

export interface SafariSessionEntry {
  /** MVT fills this from SessionHistoryEntryOriginalURL (kept for compatibility). */
  entry_title: string | null;
  entry_url: string | null;
  /** Size of the entry's SessionHistoryEntryData blob. */
  data_length: number;
}

export interface SafariBrowserStateRecord {
  tab_title: string | null;
  tab_url: string | null;
  tab_visible_url: string | null;
  last_viewed_timestamp: string;
  session_data: SafariSessionEntry[];
  /** The database's path as MVT shows it (backup: "3a/3a47…"; fs dump: relative path). */
  safari_browser_state_db: string;
}

/** Python's str() of a value in an f-string. */
const py = (v: unknown) => (v === null || v === undefined ? "None" : String(v));
const isDict = (v: PlistValue | undefined): v is { [k: string]: PlistValue } =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);
const str = (v: PlistValue | undefined) => (typeof v === "string" ? v : null);

/** The session blob: a 4-byte header, then a plist with SessionHistory.SessionHistoryEntries. Unreadable → no entries (as MVT). */
export function sessionEntries(blob: Uint8Array | null, file: string): SafariSessionEntry[] {
  if (!blob || blob.length <= 4) return [];
  let plist: PlistValue;
  try {
    plist = parsePlist(blob.subarray(4), { file });
  } catch {
    return []; // newer Safari compresses the blob; MVT skips those too
  }
  const history = isDict(plist) ? plist["SessionHistory"] : undefined;
  const entries = isDict(history) ? history["SessionHistoryEntries"] : undefined;
  if (!Array.isArray(entries)) return [];
  return entries.filter(isDict).map((e) => {
    const data = e["SessionHistoryEntryData"];
    return {
      entry_title: str(e["SessionHistoryEntryOriginalURL"]),
      entry_url: str(e["SessionHistoryEntryURL"]),
      data_length: data instanceof Uint8Array || typeof data === "string" ? data.length : 0,
    };
  });
}

function query(db: SqliteDb): string | undefined {
  const tables = db.tables();
  if (!tables.has("tabs")) return undefined;
  const have = new Set(db.columns("tabs"));
  const col = (c: string) => (have.has(c) ? `tabs.${c} AS ${c}` : `NULL AS ${c}`);
  const cols = ["title", "url", "user_visible_url", "last_viewed_time"].map(col).join(", ");
  const order = have.has("last_viewed_time") ? " ORDER BY tabs.last_viewed_time" : "";
  // MVT's inner join: a tab without a session row is not reported.
  if (tables.has("tab_sessions") && have.has("uuid")) {
    return `SELECT ${cols}, tab_sessions.session_data AS session_data FROM tabs JOIN tab_sessions ON tabs.uuid = tab_sessions.tab_uuid${order}`;
  }
  return `SELECT ${cols}, ${col("session_data")} FROM tabs${order}`;
}

export default defineArtifact<SafariBrowserStateRecord>({
  id: "ios.safari-browser-state",
  platform: "ios",
  mvt: "SafariBrowserState",
  slug: "safari_browser_state",
  description: "Open Safari tabs and each tab's back/forward history (every profile)",
  sources: [
    { from: "ios-backup", path: "Library/Safari/BrowserState.db" },
    { from: "ios-backup", pathLike: "Library/Safari/Profiles/*/BrowserState.db" },
    { from: "ios-fs", glob: "private/var/mobile/Library/Safari/BrowserState.db" },
    { from: "ios-fs", glob: "private/var/mobile/Library/Safari/Profiles/*/BrowserState.db" },
    { from: "ios-fs", glob: "private/var/mobile/Containers/Data/Application/*/Library/Safari/BrowserState.db" },
    { from: "ios-fs", glob: "private/var/mobile/Containers/Data/Application/*/Library/Safari/Profiles/*/BrowserState.db" },
  ],
  async *parse({ file }, ctx) {
    const db = await ctx.sqlite(file);
    const sql = query(db);
    if (!sql) return;
    for (const r of db.rows<SqlRow>(sql)) {
      const blob = r.session_data instanceof Uint8Array ? r.session_data : null;
      yield {
        tab_title: text(r.title),
        tab_url: text(r.url),
        tab_visible_url: text(r.user_visible_url),
        last_viewed_timestamp: fromAppleTime(r.last_viewed_time),
        session_data: sessionEntries(blob, file.path),
        safari_browser_state_db: file.path,
      };
    }
  },
  timeline: (r) => [ev(r.last_viewed_timestamp, "tab", `${py(r.tab_title)} - ${py(r.tab_url)}`)],
  // MVT checks tab_url, then each entry_url; the visible URL and the entries' original URLs are checked too.
  indicators: [
    { kind: "url", values: (r) => r.tab_url },
    { kind: "url", values: (r) => r.session_data.map((e) => e.entry_url) },
    { kind: "url", values: (r) => [r.tab_visible_url, ...r.session_data.map((e) => e.entry_title)] },
  ],
});
