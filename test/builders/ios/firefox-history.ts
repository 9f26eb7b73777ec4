/**
 * Writes Firefox for iOS's browser.db as versions before v100 wrote it (history, visits with µs dates, domains,
 * favicons, favicon_sites, bookmarks stub), an older variant with integer visit dates, or the v100+ one where
 * history and favicons moved out (to places.db) and browser.db keeps only tabs/queue tables.
 */
import { IosBackupBuilder, type Db } from "../ios-backup.ts";

export interface FirefoxSite {
  url: string;
  title?: string;
  /** Visit dates: µs since 1970. */
  visits?: { date: number; type?: number; isLocal?: boolean }[];
  favicons?: { url: string; width?: number; height?: number; type?: number; /** Unix seconds */ date: number }[];
}

export type BrowserDbSchema = "v40" | "old-int-dates" | "v100";

const V40 = (dateType: string) => `
CREATE TABLE domains (id INTEGER PRIMARY KEY AUTOINCREMENT, domain TEXT NOT NULL UNIQUE, showOnTopSites TINYINT NOT NULL DEFAULT 1);
CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT NOT NULL UNIQUE, url TEXT UNIQUE, title TEXT NOT NULL,
  server_modified INTEGER, local_modified INTEGER, is_deleted TINYINT NOT NULL, should_upload TINYINT NOT NULL,
  domain_id INTEGER REFERENCES domains(id) ON DELETE CASCADE, CONSTRAINT urlOrDeleted CHECK (url IS NOT NULL OR is_deleted = 1));
CREATE TABLE visits (id INTEGER PRIMARY KEY AUTOINCREMENT, siteID INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE,
  date ${dateType} NOT NULL, type INTEGER NOT NULL, is_local TINYINT NOT NULL, UNIQUE (siteID, date, type));
CREATE TABLE favicons (id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE, width INTEGER, height INTEGER, type INTEGER NOT NULL, date REAL NOT NULL);
CREATE TABLE favicon_sites (id INTEGER PRIMARY KEY AUTOINCREMENT, siteID INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE,
  faviconID INTEGER NOT NULL REFERENCES favicons(id) ON DELETE CASCADE, UNIQUE (siteID, faviconID));
CREATE TABLE bookmarksLocal (id INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT NOT NULL UNIQUE, type TINYINT NOT NULL, bmkUri TEXT, title TEXT);
CREATE INDEX idx_visits_siteID_is_local_date ON visits (siteID, is_local, date);`;

const V100 = `
CREATE TABLE tabs (id INTEGER PRIMARY KEY AUTOINCREMENT, client_guid TEXT, url TEXT NOT NULL, title TEXT, history TEXT, last_used INTEGER);
CREATE TABLE queue (url TEXT NOT NULL UNIQUE, title TEXT);`;

export function buildFirefoxBrowserDb(db: Db, sites: readonly FirefoxSite[], schema: BrowserDbSchema = "v40"): void {
  db.exec(schema === "v100" ? V100 : V40(schema === "v40" ? "REAL" : "INTEGER"));
  if (schema === "v100") return;
  sites.forEach((s, i) => {
    const host = new URL(s.url).hostname;
    db.prepare("INSERT OR IGNORE INTO domains (domain) VALUES (?)").run(host);
    const domainId = (db.prepare("SELECT id FROM domains WHERE domain = ?").get(host) as { id: number }).id;
    const siteId = Number(
      db.prepare("INSERT INTO history (guid, url, title, local_modified, is_deleted, should_upload, domain_id) VALUES (?, ?, ?, ?, 0, 1, ?)")
        .run(`guid-${String(i).padStart(6, "0")}`, s.url, s.title ?? "", 0, domainId).lastInsertRowid,
    );
    for (const v of s.visits ?? []) db.prepare("INSERT INTO visits (siteID, date, type, is_local) VALUES (?, ?, ?, ?)").run(siteId, v.date, v.type ?? 1, v.isLocal === false ? 0 : 1);
    for (const f of s.favicons ?? []) {
      db.prepare("INSERT OR IGNORE INTO favicons (url, width, height, type, date) VALUES (?, ?, ?, ?, ?)").run(f.url, f.width ?? 32, f.height ?? 32, f.type ?? 1, f.date);
      const favId = (db.prepare("SELECT id FROM favicons WHERE url = ?").get(f.url) as { id: number }).id;
      db.prepare("INSERT INTO favicon_sites (siteID, faviconID) VALUES (?, ?)").run(siteId, favId);
    }
  });
}

/** Where Firefox for iOS keeps browser.db in a backup. */
export const FIREFOX_DOMAIN = "AppDomainGroup-group.org.mozilla.ios.Firefox";
export const FIREFOX_DB = "profile.profile/browser.db";

/** A backup holding only a Firefox browser.db with these sites. */
export function firefoxBackup(dir: string, sites: readonly FirefoxSite[], schema: BrowserDbSchema = "v40"): string {
  const b = new IosBackupBuilder(dir);
  b.sqlite(FIREFOX_DOMAIN, FIREFOX_DB, (db) => buildFirefoxBrowserDb(db, sites, schema));
  return b.finish();
}
