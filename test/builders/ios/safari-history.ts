/**
 * Writes Safari's History.db as iOS 15–18 writes it (history_items, history_visits with redirect links, tombstones,
 * metadata), or MVT's minimal test schema, or an old schema without redirect columns. Also a small filesystem-dump
 * acquisition for tests that need check-fs paths (a stand-in while no ios-fs input exists).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Acquisition } from "../../../src/core/acquisition.ts";
import type { SourceFile } from "../../../src/core/source.ts";
import { localDir, localFile } from "../../../src/node/fs-source.ts";
import type { Db } from "../ios-backup.ts";

export interface SafariVisit {
  url: string;
  /** visit_time: seconds since 2001-01-01 (see appleTime()). */
  time: number;
  /** history_visits.id; default: insertion order. */
  visitId?: number;
  title?: string;
  redirectSource?: number | null;
  redirectDestination?: number | null;
}

export type SafariHistorySchema = "ios17" | "mvt-minimal" | "no-redirects";

const IOS17 = `
CREATE TABLE history_items (id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE, domain_expansion TEXT NULL,
  visit_count INTEGER NOT NULL, daily_visit_counts BLOB NOT NULL, weekly_visit_counts BLOB NULL, autocomplete_triggers BLOB NULL,
  should_recompute_derived_visit_counts INTEGER NOT NULL, visit_count_score INTEGER NOT NULL, status_code INTEGER NOT NULL DEFAULT 0);
CREATE TABLE history_visits (id INTEGER PRIMARY KEY AUTOINCREMENT, history_item INTEGER NOT NULL REFERENCES history_items(id) ON DELETE CASCADE,
  visit_time REAL NOT NULL, title TEXT NULL, load_successful BOOLEAN NOT NULL DEFAULT 1, http_non_get BOOLEAN NOT NULL DEFAULT 0,
  synthesized BOOLEAN NOT NULL DEFAULT 0, redirect_source INTEGER NULL UNIQUE REFERENCES history_visits(id) ON DELETE CASCADE,
  redirect_destination INTEGER NULL UNIQUE REFERENCES history_visits(id) ON DELETE CASCADE, origin INTEGER NOT NULL DEFAULT 0,
  generation INTEGER NOT NULL DEFAULT 0, attributes INTEGER NOT NULL DEFAULT 0, score INTEGER NOT NULL DEFAULT 0);
CREATE INDEX history_visits__last_visit ON history_visits (history_item, visit_time DESC, synthesized ASC);
CREATE INDEX history_visits__origin ON history_visits (origin, generation);
CREATE TABLE history_tombstones (id INTEGER PRIMARY KEY AUTOINCREMENT, start_time REAL NOT NULL, end_time REAL NOT NULL,
  url TEXT, generation INTEGER NOT NULL DEFAULT 0);
CREATE TABLE metadata (key TEXT NOT NULL UNIQUE, value);
INSERT INTO metadata VALUES ('version', 20);`;

// MVT's own test fixture (tests/ios_backup/test_safari_history.py): the five columns the module reads.
const MINIMAL = `
CREATE TABLE history_items (id INTEGER PRIMARY KEY, url TEXT);
CREATE TABLE history_visits (id INTEGER PRIMARY KEY, history_item INTEGER, visit_time REAL, redirect_source INTEGER, redirect_destination INTEGER);`;

const NO_REDIRECTS = `
CREATE TABLE history_items (id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE, visit_count INTEGER NOT NULL);
CREATE TABLE history_visits (id INTEGER PRIMARY KEY AUTOINCREMENT, history_item INTEGER NOT NULL, visit_time REAL NOT NULL, title TEXT NULL);`;

/** Fills an empty database; visits of the same URL share one history item. Streams (one transaction) for the benchmark. */
export function buildSafariHistoryDb(db: Db, visits: Iterable<SafariVisit>, schema: SafariHistorySchema = "ios17"): void {
  // Safari links a visit to one inserted later (redirect_destination); better-sqlite3 enforces foreign keys by default.
  db.pragma("foreign_keys = OFF");
  db.exec(schema === "ios17" ? IOS17 : schema === "mvt-minimal" ? MINIMAL : NO_REDIRECTS);
  const items = new Map<string, number>();
  const addItem =
    schema === "ios17"
      ? db.prepare("INSERT INTO history_items (url, visit_count, daily_visit_counts, should_recompute_derived_visit_counts, visit_count_score) VALUES (?, 1, x'00', 0, 100)")
      : schema === "mvt-minimal"
        ? db.prepare("INSERT INTO history_items (url) VALUES (?)")
        : db.prepare("INSERT INTO history_items (url, visit_count) VALUES (?, 1)");
  const addVisit =
    schema === "no-redirects"
      ? db.prepare("INSERT INTO history_visits (id, history_item, visit_time, title) VALUES (?, ?, ?, ?)")
      : schema === "mvt-minimal"
        ? db.prepare("INSERT INTO history_visits (id, history_item, visit_time, redirect_source, redirect_destination) VALUES (?, ?, ?, ?, ?)")
        : db.prepare("INSERT INTO history_visits (id, history_item, visit_time, title, redirect_source, redirect_destination) VALUES (?, ?, ?, ?, ?, ?)");
  db.transaction(() => {
    let n = 0;
    for (const v of visits) {
      n++;
      let item = items.get(v.url);
      if (item === undefined) items.set(v.url, (item = Number(addItem.run(v.url).lastInsertRowid)));
      const id = v.visitId ?? n;
      if (schema === "no-redirects") addVisit.run(id, item, v.time, v.title ?? null);
      else if (schema === "mvt-minimal") addVisit.run(id, item, v.time, v.redirectSource ?? null, v.redirectDestination ?? null);
      else addVisit.run(id, item, v.time, v.title ?? null, v.redirectSource ?? null, v.redirectDestination ?? null);
    }
  })();
}

/** A filesystem-dump acquisition over a folder: `glob` selectors with `*` = one path segment. */
export function fsDumpAcquisition(dir: string): Acquisition {
  const all: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) all.push(p);
    }
  };
  walk("");
  all.sort();
  const toRegex = (glob: string) => new RegExp(`^${glob.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*")}$`);
  return {
    kind: "ios-fs",
    root: localDir(dir),
    device: {},
    opened: [],
    async *select(sel) {
      if (sel.from !== "ios-fs" || !("glob" in sel)) return;
      const re = toRegex(sel.glob);
      for (const p of all) if (re.test(p)) yield localFile(join(dir, p), p);
    },
    async sidecar(file: SourceFile, suffix: string) {
      const p = file.path + suffix;
      return all.includes(p) ? localFile(join(dir, p), p) : undefined;
    },
    close() {},
  };
}
