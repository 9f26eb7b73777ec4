/**
 * Writes DataUsage.sqlite (Core Data tables ZPROCESS and ZLIVEUSAGE) as iOS writes it: the iOS ≤ 14 schema with
 * ZWIFIIN/ZWIFIOUT, or with `noWifi` the later one without them. Times are Apple absolute time (REAL), byte counts FLOAT.
 */
import type { Db } from "../ios-backup.ts";
import { appleTime } from "../ios-backup.ts";

export interface UsageProcess {
  pk: number;
  /** ZPROCNAME, e.g. "mDNSResponder/com.apple.AppStore" or "CumulativeUsageTracker". */
  name: string | null;
  bundle?: string | null;
  /** UTC "YYYY-MM-DD HH:MM:SS". */
  first: string;
  last?: string;
}

export interface LiveUsage {
  pk: number;
  /** ZHASPROCESS: a process Z_PK (possibly one that is not in ZPROCESS). */
  proc: number | null;
  time: string;
  wifiIn?: number;
  wifiOut?: number;
  wwanIn?: number;
  wwanOut?: number;
}

export function buildDataUsageDb(db: Db, processes: UsageProcess[], live: LiveUsage[], opts: { noWifi?: boolean } = {}): void {
  const wifi = opts.noWifi ? "" : "ZWIFIIN FLOAT, ZWIFIOUT FLOAT,";
  db.exec(`CREATE TABLE ZPROCESS ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZFIRSTTIMESTAMP TIMESTAMP, ZTIMESTAMP TIMESTAMP, ZBUNDLENAME VARCHAR, ZPROCNAME VARCHAR );
    CREATE TABLE ZLIVEUSAGE ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZKIND INTEGER, ZMETADATA INTEGER, ZTAG INTEGER, ZHASPROCESS INTEGER,
      ZBILLCYCLEEND TIMESTAMP, ZTIMESTAMP TIMESTAMP, ${wifi} ZWWANIN FLOAT, ZWWANOUT FLOAT );
    CREATE INDEX ZLIVEUSAGE_ZHASPROCESS_INDEX ON ZLIVEUSAGE (ZHASPROCESS);`);
  const p = db.prepare("INSERT INTO ZPROCESS (Z_PK, Z_ENT, Z_OPT, ZFIRSTTIMESTAMP, ZTIMESTAMP, ZBUNDLENAME, ZPROCNAME) VALUES (?, 9, 1, ?, ?, ?, ?)");
  for (const x of processes) p.run(x.pk, appleTime(x.first) + 0.25, appleTime(x.last ?? x.first) + 0.5, x.bundle ?? null, x.name);
  const l = opts.noWifi
    ? db.prepare("INSERT INTO ZLIVEUSAGE (Z_PK, Z_ENT, Z_OPT, ZKIND, ZHASPROCESS, ZTIMESTAMP, ZWWANIN, ZWWANOUT) VALUES (?, 5, 1, 0, ?, ?, ?, ?)")
    : db.prepare("INSERT INTO ZLIVEUSAGE (Z_PK, Z_ENT, Z_OPT, ZKIND, ZHASPROCESS, ZTIMESTAMP, ZWWANIN, ZWWANOUT, ZWIFIIN, ZWIFIOUT) VALUES (?, 5, 1, 0, ?, ?, ?, ?, ?, ?)");
  for (const x of live) {
    const base = [x.pk, x.proc, appleTime(x.time), x.wwanIn ?? 0, x.wwanOut ?? 0];
    l.run(...(opts.noWifi ? base : [...base, x.wifiIn ?? 0, x.wifiOut ?? 0]));
  }
}
