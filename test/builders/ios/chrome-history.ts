/**
 * Writes Chrome for iOS's History database: the current Chromium schema (meta, urls, visits with opener/originator
 * columns, visit_source, keyword_search_terms, segments) or an old one (v30-era visits). Times are Chrome µs since 1601.
 */
import type { Db } from "../ios-backup.ts";
import { unix } from "../ios-backup.ts";

/** "YYYY-MM-DD HH:MM:SS[.ffffff]" UTC → Chrome time (µs since 1601-01-01), exact as a bigint. */
export function chromeTimeOf(text: string): bigint {
  const [whole, frac = ""] = text.split(".");
  return BigInt(unix(whole!)) * 1_000_000n + BigInt(frac.padEnd(6, "0")) + 11644473600000000n;
}

export interface ChromeVisit {
  url: string;
  title?: string;
  time: bigint;
  /** visits.from_visit (the referring/redirecting visit id), 0 = none. */
  fromVisit?: number;
  /** Page transition (core type | qualifiers); 0x30000000 = CHAIN_START|CHAIN_END of a link. */
  transition?: number;
}

const CURRENT = `
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
CREATE TABLE urls(id INTEGER PRIMARY KEY AUTOINCREMENT,url LONGVARCHAR,title LONGVARCHAR,visit_count INTEGER DEFAULT 0 NOT NULL,
  typed_count INTEGER DEFAULT 0 NOT NULL,last_visit_time INTEGER NOT NULL,hidden INTEGER DEFAULT 0 NOT NULL);
CREATE TABLE visits(id INTEGER PRIMARY KEY AUTOINCREMENT,url INTEGER NOT NULL,visit_time INTEGER NOT NULL,from_visit INTEGER,
  transition INTEGER DEFAULT 0 NOT NULL,segment_id INTEGER,visit_duration INTEGER DEFAULT 0 NOT NULL,
  incremented_omnibox_typed_score BOOLEAN DEFAULT FALSE NOT NULL,opener_visit INTEGER,originator_cache_guid TEXT,originator_visit_id INTEGER,
  originator_from_visit INTEGER,originator_opener_visit INTEGER,is_known_to_sync BOOLEAN DEFAULT FALSE NOT NULL,
  consider_for_ntp_most_visited BOOLEAN DEFAULT FALSE NOT NULL,external_referrer_url TEXT,visited_link_id INTEGER DEFAULT 0 NOT NULL,app_id TEXT);
CREATE TABLE visit_source(id INTEGER PRIMARY KEY,source INTEGER NOT NULL);
CREATE TABLE keyword_search_terms (keyword_id INTEGER NOT NULL,url_id INTEGER NOT NULL,term LONGVARCHAR NOT NULL,normalized_term LONGVARCHAR NOT NULL);
CREATE TABLE segments (id INTEGER PRIMARY KEY,name VARCHAR,url_id INTEGER NON NULL);
CREATE INDEX visits_url_index ON visits (url);
CREATE INDEX visits_time_index ON visits (visit_time);
INSERT INTO meta VALUES ('version', '69'), ('last_compatible_version', '16');`;

const OLD = `
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
CREATE TABLE urls(id INTEGER PRIMARY KEY,url LONGVARCHAR,title LONGVARCHAR,visit_count INTEGER DEFAULT 0 NOT NULL,typed_count INTEGER DEFAULT 0 NOT NULL,
  last_visit_time INTEGER NOT NULL,hidden INTEGER DEFAULT 0 NOT NULL,favicon_id INTEGER DEFAULT 0 NOT NULL);
CREATE TABLE visits(id INTEGER PRIMARY KEY,url INTEGER NOT NULL,visit_time INTEGER NOT NULL,from_visit INTEGER,transition INTEGER DEFAULT 0 NOT NULL,
  segment_id INTEGER,is_indexed BOOLEAN,visit_duration INTEGER DEFAULT 0 NOT NULL);
INSERT INTO meta VALUES ('version', '30');`;

export function buildChromeHistoryDb(db: Db, visits: readonly ChromeVisit[], schema: "current" | "old" = "current"): void {
  db.exec(schema === "current" ? CURRENT : OLD);
  const urlIds = new Map<string, number>();
  for (const v of visits) {
    let id = urlIds.get(v.url);
    if (id === undefined) {
      id = Number(db.prepare("INSERT INTO urls (url, title, visit_count, last_visit_time) VALUES (?, ?, 0, 0)").run(v.url, v.title ?? "").lastInsertRowid);
      urlIds.set(v.url, id);
    }
    db.prepare("INSERT INTO visits (url, visit_time, from_visit, transition) VALUES (?, ?, ?, ?)").run(id, v.time, v.fromVisit ?? 0, v.transition ?? 0x30000000);
    db.prepare("UPDATE urls SET visit_count = visit_count + 1, last_visit_time = MAX(last_visit_time, ?) WHERE id = ?").run(v.time, id);
  }
}
