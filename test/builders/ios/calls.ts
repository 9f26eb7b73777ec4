/**
 * Writes CallHistory.storedata as Core Data does (Z_PRIMARYKEY, Z_METADATA, ZCALLRECORD with TIMESTAMP/FLOAT columns).
 * `legacy`: an early-iOS-8 style store where ZADDRESS holds a UTF-8 blob and ZLOCATION is absent.
 */
import type { Db } from "../ios-backup.ts";
import { appleTime } from "../ios-backup.ts";

export interface Call {
  /** UTC "YYYY-MM-DD HH:MM:SS". */
  date: string;
  duration: number;
  address: string;
  provider?: string;
  location?: string;
  originated?: boolean;
}

export function buildCallHistoryDb(db: Db, calls: readonly Call[], opts: { legacy?: boolean } = {}): void {
  db.exec(`CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER);
    CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB);
    CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZANSWERED INTEGER, ZCALLTYPE INTEGER,
      ZDISCONNECTED_CAUSE INTEGER, ZFACE_TIME_DATA_USAGE INTEGER, ZHANDLE_TYPE INTEGER, ZNUMBER_AVAILABILITY INTEGER, ZORIGINATED INTEGER,
      ZREAD INTEGER, ZJUNKCONFIDENCE INTEGER, ZVERIFICATIONSTATUS INTEGER, ZDATE TIMESTAMP, ZDURATION FLOAT,
      ZADDRESS ${opts.legacy ? "BLOB" : "VARCHAR"}, ZDEVICE_ID VARCHAR, ZISO_COUNTRY_CODE VARCHAR,${opts.legacy ? "" : " ZLOCATION VARCHAR,"}
      ZNAME VARCHAR, ZSERVICE_PROVIDER VARCHAR, ZUNIQUE_ID VARCHAR);
    INSERT INTO Z_PRIMARYKEY VALUES (2, 'CallRecord', 0, 0);`);
  const cols = `Z_ENT, Z_OPT, ZANSWERED, ZCALLTYPE, ZORIGINATED, ZREAD, ZDATE, ZDURATION, ZADDRESS, ZISO_COUNTRY_CODE, ZSERVICE_PROVIDER, ZUNIQUE_ID`;
  const insert = db.prepare(
    opts.legacy
      ? `INSERT INTO ZCALLRECORD (${cols}) VALUES (2, 1, 1, ?, ?, 1, ?, ?, ?, 'us', ?, ?)`
      : `INSERT INTO ZCALLRECORD (${cols}, ZLOCATION) VALUES (2, 1, 1, ?, ?, 1, ?, ?, ?, 'us', ?, ?, ?)`,
  );
  db.transaction(() => {
    calls.forEach((c, i) => {
      const provider = c.provider ?? "com.apple.Telephony";
      const type = provider === "com.apple.FaceTime" ? 8 : 1;
      const address = opts.legacy ? Buffer.from(c.address, "utf8") : c.address;
      const args: unknown[] = [type, c.originated ? 1 : 0, appleTime(c.date) + 0.25, c.duration, address, provider,
        `0B1C2D3E-0000-4000-8000-${String(i + 1).padStart(12, "0")}`];
      if (!opts.legacy) args.push(c.location ?? null);
      insert.run(...args);
    });
    db.prepare("UPDATE Z_PRIMARYKEY SET Z_MAX = ? WHERE Z_ENT = 2").run(calls.length);
  })();
}
