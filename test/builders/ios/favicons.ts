/**
 * Writes Safari's Favicons.db (Image Cache/Favicons) in the layout MVT reads: page_url and
 * icon_info joined by uuid, and rejected_resources; times are Apple absolute time (REAL).
 */
import type { Db } from "../ios-backup.ts";
import { appleTime } from "../ios-backup.ts";

export interface Favicon {
  page: string;
  icon: string;
  /** UTC "YYYY-MM-DD HH:MM:SS". */
  time: string;
  rejected?: boolean;
}

export function buildFaviconsDb(db: Db, icons: Favicon[], opts: { noRejectedTable?: boolean } = {}): void {
  db.exec(`CREATE TABLE page_url (uuid TEXT NOT NULL ON CONFLICT FAIL, url TEXT NOT NULL UNIQUE ON CONFLICT REPLACE);
    CREATE TABLE icon_info (uuid TEXT NOT NULL UNIQUE ON CONFLICT REPLACE, url TEXT NOT NULL, timestamp REAL NOT NULL, width REAL, height REAL, has_generated_representations INTEGER);`);
  if (!opts.noRejectedTable) db.exec("CREATE TABLE rejected_resources (page_url TEXT NOT NULL, icon_url TEXT NOT NULL, timestamp REAL NOT NULL, UNIQUE (page_url, icon_url) ON CONFLICT REPLACE)");
  icons.forEach((f, i) => {
    if (f.rejected) {
      db.prepare("INSERT INTO rejected_resources VALUES (?, ?, ?)").run(f.page, f.icon, appleTime(f.time) + 0.5);
      return;
    }
    const uuid = `8C1E7A2B-0000-4000-8000-${String(i).padStart(12, "0")}`;
    db.prepare("INSERT INTO page_url VALUES (?, ?)").run(uuid, f.page);
    db.prepare("INSERT INTO icon_info VALUES (?, ?, ?, 32, 32, 0)").run(uuid, f.icon, appleTime(f.time) + 0.5);
  });
}
