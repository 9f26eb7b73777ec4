/**
 * Writes Chrome for iOS's Favicons database: the current schema (favicons, favicon_bitmaps with last_requested,
 * icon_mapping, meta) or an older one without last_requested. Times are Chrome µs since 1601 (see chromeTimeOf()).
 */
import type { Db } from "../ios-backup.ts";

export interface ChromeFaviconEntry {
  pageUrl: string;
  iconUrl: string;
  lastUpdated: bigint;
  lastRequested?: bigint;
}

const CURRENT = `
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
CREATE TABLE favicons(id INTEGER PRIMARY KEY,url LONGVARCHAR NOT NULL,icon_type INTEGER DEFAULT 1);
CREATE TABLE favicon_bitmaps(id INTEGER PRIMARY KEY,icon_id INTEGER NOT NULL,last_updated INTEGER DEFAULT 0,image_data BLOB,
  width INTEGER DEFAULT 0,height INTEGER DEFAULT 0,last_requested INTEGER NOT NULL DEFAULT 0);
CREATE TABLE icon_mapping(id INTEGER PRIMARY KEY,page_url LONGVARCHAR NOT NULL,icon_id INTEGER);
CREATE INDEX icon_mapping_page_url_idx ON icon_mapping(page_url);
CREATE INDEX favicon_bitmaps_icon_id ON favicon_bitmaps(icon_id);
INSERT INTO meta VALUES ('version', '8');`;

const OLD = `
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
CREATE TABLE favicons(id INTEGER PRIMARY KEY,url LONGVARCHAR NOT NULL,icon_type INTEGER DEFAULT 1);
CREATE TABLE favicon_bitmaps(id INTEGER PRIMARY KEY,icon_id INTEGER NOT NULL,last_updated INTEGER DEFAULT 0,image_data BLOB,width INTEGER DEFAULT 0,height INTEGER DEFAULT 0);
CREATE TABLE icon_mapping(id INTEGER PRIMARY KEY,page_url LONGVARCHAR NOT NULL,icon_id INTEGER);
INSERT INTO meta VALUES ('version', '7');`;

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function buildChromeFaviconsDb(db: Db, entries: readonly ChromeFaviconEntry[], schema: "current" | "old" = "current"): void {
  db.exec(schema === "current" ? CURRENT : OLD);
  const icons = new Map<string, number>();
  for (const e of entries) {
    let icon = icons.get(e.iconUrl);
    if (icon === undefined) {
      icon = Number(db.prepare("INSERT INTO favicons (url, icon_type) VALUES (?, 1)").run(e.iconUrl).lastInsertRowid);
      icons.set(e.iconUrl, icon);
      if (schema === "current") {
        db.prepare("INSERT INTO favicon_bitmaps (icon_id, last_updated, image_data, width, height, last_requested) VALUES (?, ?, ?, 16, 16, ?)").run(icon, e.lastUpdated, PNG, e.lastRequested ?? 0n);
      } else {
        db.prepare("INSERT INTO favicon_bitmaps (icon_id, last_updated, image_data, width, height) VALUES (?, ?, ?, 16, 16)").run(icon, e.lastUpdated, PNG);
      }
    }
    db.prepare("INSERT INTO icon_mapping (page_url, icon_id) VALUES (?, ?)").run(e.pageUrl, icon);
  }
}
