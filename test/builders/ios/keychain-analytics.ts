/**
 * Writes a keychain analytics database as securityd's SFAnalytics does (private/var/Keychains/Analytics/*.db):
 * hard_failures, soft_failures and (newer databases) all_events, each row a Unix time (REAL) and a binary plist (BLOB).
 */
import type { Db } from "../ios-backup.ts";
import { unix } from "../ios-backup.ts";
import { binaryPlist } from "../plist-writer.ts";

export interface AnalyticsRow {
  table: "hard_failures" | "soft_failures" | "all_events";
  /** UTC "YYYY-MM-DD HH:MM:SS"; null for a row without a time. */
  time: string | null;
  /** The event's plist (a dict as SFAnalytics writes), raw bytes, or null. */
  data: Record<string, unknown> | Uint8Array | null;
}

export function buildKeychainAnalyticsDb(db: Db, rows: AnalyticsRow[], opts: { allEvents?: boolean } = {}): void {
  const tables = ["hard_failures", "soft_failures", ...(opts.allEvents === false ? [] : ["all_events"])];
  for (const t of tables) db.exec(`CREATE TABLE ${t} (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp REAL, data BLOB)`);
  db.exec(`CREATE TABLE success_count (event_type STRING PRIMARY KEY, success_count INTEGER, hard_failure_count INTEGER, soft_failure_count INTEGER);
    CREATE TABLE metadata (key STRING PRIMARY KEY, value);`);
  for (const r of rows) {
    const data = r.data === null ? null : r.data instanceof Uint8Array ? r.data : binaryPlist(r.data as never);
    db.prepare(`INSERT INTO ${r.table} (timestamp, data) VALUES (?, ?)`).run(r.time === null ? null : unix(r.time) + 0.125, data);
  }
}
