// Safari visits from History.db (history_items ⋈ history_visits; iOS 8–18, default profile and the iOS 17+ per-profile DBs) and fast cross-domain HTTP redirects.
import { defineArtifact, rangeSql, type ParseContext } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { ev } from "../../core/events.ts";
import type { SqliteDb, SqlRow } from "../../core/host.ts";
import { APPLE_EPOCH, fromAppleTime } from "../../core/time.ts";
import { jsonValue } from "../_shared/sql.ts";
import type { CarvedColumns, PartialRecord } from "../../core/carve-port.ts";

export interface SafariHistoryRecord {
  id: number;
  url: string;
  visit_id: number;
  /** Raw visit_time: seconds since 2001-01-01. */
  timestamp: number | null;
  isodate: string;
  redirect_source: number | null;
  redirect_destination: number | null;
  /** The database's path as MVT shows it (backup: "1a/1a0e…"; fs dump: relative path). */
  safari_history_db: string;
}

/** MVT's URL(...).domain: the lowercased network location (port kept) without leading "w"/"." characters. */
export function mvtDomain(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url);
  return m ? m[1]!.toLowerCase().replace(/^[w.]+/, "") : "";
}

/** Python's float text for a millisecond count (100 → "100.0", 123.456 → "123.456"). */
const pyFloat = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : String(n));
const micros = (t: unknown) => Math.round((Number(t) + APPLE_EPOCH) * 1e6);

function columns(db: SqliteDb) {
  const visit = new Set(db.columns("history_visits"));
  const col = (c: string, alias: string) => (visit.has(c) ? `v.${c} AS ${alias}` : `NULL AS ${alias}`);
  return { visit, select: `i.id AS id, i.url AS url, v.id AS visit_id, v.visit_time AS visit_time, ${col("redirect_source", "redirect_source")}, ${col("redirect_destination", "redirect_destination")}` };
}

function toRecord(r: SqlRow, db: string): SafariHistoryRecord {
  return {
    id: jsonValue(r.id!) as number,
    url: String(r.url ?? ""),
    visit_id: jsonValue(r.visit_id!) as number,
    timestamp: r.visit_time as number | null,
    isodate: fromAppleTime(r.visit_time),
    redirect_source: jsonValue(r.redirect_source!) as number | null,
    redirect_destination: jsonValue(r.redirect_destination!) as number | null,
    safari_history_db: db,
  };
}

/**
 * Possible network injection (MVT): an http:// visit redirected within < 1 s to a visit on another domain. Visit ids are
 * local to one History.db, so the target is looked up with a self-join inside this database: nothing is kept in memory,
 * and ids that collide across profile databases can never pair up.
 */
function findInjections(db: SqliteDb, select: string, path: string, ctx: ParseContext): void {
  const sql = `SELECT ${select}, dv.visit_time AS dest_time, di.url AS dest_url FROM history_visits v
    JOIN history_items i ON i.id = v.history_item
    JOIN history_visits dv ON dv.id = v.redirect_destination JOIN history_items di ON di.id = dv.history_item
    WHERE v.redirect_destination IS NOT NULL AND v.redirect_destination != 0 AND lower(i.url) LIKE 'http://%' ORDER BY v.visit_time`;
  for (const r of db.rows(sql)) {
    if (mvtDomain(String(r.url)) === mvtDomain(String(r.dest_url ?? ""))) continue; // same host: an HTTPS upgrade
    if (r.visit_time === null || r.dest_time === null) continue;
    const elapsed = micros(r.dest_time) - micros(r.visit_time);
    if (elapsed < 0 || elapsed >= 1_000_000) continue;
    const rec = toRecord(r, path);
    ctx.alert(finding("MEDIUM", `Redirect took less than a second! (${pyFloat(elapsed / 1000)} milliseconds)`, rec, rec.isodate));
  }
}

/** A deleted history_items row (issue 16): the URL, without its visits (they are rows of another table). */
function deletedItem(i: CarvedColumns): PartialRecord<SafariHistoryRecord> | undefined {
  if (typeof i.url !== "string" || i.url === "") return undefined;
  return { id: typeof i.id === "number" ? i.id : null, url: i.url, visit_id: null, timestamp: null, isodate: "", redirect_source: null, redirect_destination: null, safari_history_db: null };
}

export default defineArtifact<SafariHistoryRecord>({
  id: "ios.safari-history",
  platform: "ios",
  mvt: "SafariHistory",
  slug: "safari_history",
  description: "Safari browsing history (every profile), with fast cross-domain HTTP redirects flagged",
  sources: [
    { from: "ios-backup", path: "Library/Safari/History.db" },
    { from: "ios-backup", pathLike: "Library/Safari/Profiles/*/History.db" },
    { from: "ios-fs", glob: "private/var/mobile/Library/Safari/History.db" },
    { from: "ios-fs", glob: "private/var/mobile/Library/Safari/Profiles/*/History.db" },
    { from: "ios-fs", glob: "private/var/mobile/Containers/Data/Application/*/Library/Safari/History.db" },
    { from: "ios-fs", glob: "private/var/mobile/Containers/Data/Application/*/Library/Safari/Profiles/*/History.db" },
  ],
  splitRows: { table: "history_visits", key: "visit_time" },
  async *parse({ file, rows }, ctx) {
    const db = await ctx.sqlite(file);
    const tables = db.tables();
    if (!tables.has("history_items") || !tables.has("history_visits")) return;
    const { visit, select } = columns(db);
    // Once per database: with the first range when the visits are split.
    if (visit.has("redirect_destination") && (!rows || rows.first)) findInjections(db, select, file.path, ctx);
    // MVT orders by visit time; equal times by visit id, so the order is the same whole or in ranges.
    const range = rangeSql("v.visit_time", rows);
    const sql = `SELECT ${select} FROM history_items i JOIN history_visits v ON v.history_item = i.id WHERE ${range.sql} ORDER BY v.visit_time, v.id`;
    for (const r of db.rows(sql, range.params)) yield toRecord(r, file.path);
  },
  timeline: (r) => [ev(r.isodate, "safari_history", `Safari visit to ${r.url} (ID: ${r.id}, Visit ID: ${r.visit_id})`)],
  indicators: [{ kind: "url", values: (r) => r.url }],
  matchTime: (r) => r.isodate,
  carve: [{ table: "history_items", toRecord: deletedItem }],
});
