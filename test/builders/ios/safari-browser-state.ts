/**
 * Writes Safari's BrowserState.db: the iOS 12–18 schema (browser_windows, tabs, tab_sessions) or the iOS ≤ 11 one
 * (session_data inside tabs), and session blobs (a 4-byte header, then a binary plist with SessionHistory).
 */
import type { Db } from "../ios-backup.ts";
import { binaryPlist } from "../plist-writer.ts";

export interface SessionHistoryEntry {
  url: string;
  originalUrl?: string;
  title?: string;
  /** SessionHistoryEntryData (WebKit's encoded back/forward state). */
  data?: Uint8Array;
}

export interface SafariTab {
  title: string | null;
  url: string | null;
  visibleUrl?: string | null;
  /** last_viewed_time: seconds since 2001-01-01, or null. */
  lastViewed: number | null;
  uuid?: string;
  /** The tab_sessions.session_data blob (see sessionBlob()); null writes a row with NULL data. */
  session?: Uint8Array | null;
  /** false: no tab_sessions row at all. */
  sessionRow?: boolean;
  privateBrowsing?: boolean;
}

/** A session blob as Safari stores it: a 4-byte version word, then the plist. */
export function sessionBlob(entries: readonly SessionHistoryEntry[], header = [0, 0, 0, 2]): Uint8Array {
  const plist = binaryPlist({
    IsAppInitiated: false,
    RenderTreeSize: 2048,
    SessionHistory: {
      SessionHistoryCurrentIndex: Math.max(0, entries.length - 1),
      SessionHistoryVersion: 1,
      SessionHistoryEntries: entries.map((e) => ({
        SessionHistoryEntryURL: e.url,
        SessionHistoryEntryOriginalURL: e.originalUrl ?? e.url,
        SessionHistoryEntryTitle: e.title ?? "",
        SessionHistoryEntryShouldOpenExternalURLsPolicyKey: 1,
        ...(e.data ? { SessionHistoryEntryData: e.data } : {}),
      })),
    },
  });
  return new Uint8Array([...header, ...plist]);
}

// As in MVT's test backup (3a47b098…, iOS 14).
const IOS14 = `
CREATE TABLE browser_windows (id INTEGER PRIMARY KEY AUTOINCREMENT,uuid TEXT NOT NULL,type INTEGER DEFAULT 0,active_document_index INTEGER DEFAULT 0,
  active_private_document_index INTEGER DEFAULT 0,active_document_is_valid BOOL DEFAULT 1,tab_state_successfully_loaded BOOL DEFAULT 0,
  legacy_plist_file_version INTEGER DEFAULT 0, scene_id TEXT,CONSTRAINT uuid_type_index UNIQUE(uuid, type));
CREATE TABLE tabs (id INTEGER PRIMARY KEY AUTOINCREMENT,uuid TEXT NOT NULL UNIQUE,title TEXT,url TEXT COLLATE NOCASE,user_visible_url TEXT COLLATE NOCASE,
  order_index INTEGER NOT NULL,last_viewed_time REAL DEFAULT NULL,readinglist_bookmark_id INTEGER DEFAULT 0,opened_from_link BOOL DEFAULT 0,
  showing_reader BOOL DEFAULT 0,reader_view_top_scroll_offset INTEGER DEFAULT 0,private_browsing BOOL DEFAULT 0,displaying_standalone_image BOOL DEFAULT 0,
  browser_window_uuid TEXT NOT NULL,browser_window_id INTEGER NOT NULL,FOREIGN KEY(browser_window_id) REFERENCES browser_windows(id) ON DELETE CASCADE);
CREATE TABLE tab_sessions (id INTEGER PRIMARY KEY AUTOINCREMENT,tab_uuid TEXT NOT NULL UNIQUE,session_data BLOB DEFAULT NULL,
  uncompressed_session_data_size INTEGER NOT NULL DEFAULT 0,FOREIGN KEY(tab_uuid) REFERENCES tabs(uuid) ON DELETE CASCADE ON UPDATE CASCADE);
CREATE INDEX tabs__uuid ON tabs (uuid);
CREATE INDEX tab_sessions__uuid ON tab_sessions (tab_uuid);
INSERT INTO browser_windows (uuid) VALUES ('F94D334B-619D-4B26-A266-8C55C17831D5');`;

// iOS 11: no tab_sessions table, the blob sits in tabs.session_data.
const IOS11 = `
CREATE TABLE tabs (id INTEGER PRIMARY KEY AUTOINCREMENT,uuid TEXT NOT NULL UNIQUE,title TEXT,url TEXT COLLATE NOCASE,user_visible_url TEXT COLLATE NOCASE,
  order_index INTEGER NOT NULL,last_viewed_time REAL DEFAULT NULL,opened_from_link BOOL DEFAULT 0,showing_reader BOOL DEFAULT 0,
  private_browsing BOOL DEFAULT 0,session_data BLOB DEFAULT NULL);`;

export function buildBrowserStateDb(db: Db, tabs: readonly SafariTab[], schema: "ios14" | "ios11" = "ios14"): void {
  db.exec(schema === "ios14" ? IOS14 : IOS11);
  tabs.forEach((t, i) => {
    const uuid = t.uuid ?? `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`;
    if (schema === "ios11") {
      db.prepare("INSERT INTO tabs (uuid, title, url, user_visible_url, order_index, last_viewed_time, private_browsing, session_data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .run(uuid, t.title, t.url, t.visibleUrl ?? t.url, i, t.lastViewed, t.privateBrowsing ? 1 : 0, t.session ?? null);
      return;
    }
    db.prepare(`INSERT INTO tabs (uuid, title, url, user_visible_url, order_index, last_viewed_time, private_browsing, browser_window_uuid, browser_window_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'F94D334B-619D-4B26-A266-8C55C17831D5', 1)`).run(uuid, t.title, t.url, t.visibleUrl ?? t.url, i, t.lastViewed, t.privateBrowsing ? 1 : 0);
    if (t.sessionRow !== false) {
      db.prepare("INSERT INTO tab_sessions (tab_uuid, session_data, uncompressed_session_data_size) VALUES (?, ?, ?)").run(uuid, t.session ?? null, t.session?.length ?? 0);
    }
  });
}
