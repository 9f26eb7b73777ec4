/** Builds CoreDuet interactionC.db: the current schema (join tables Z_<n>… with configurable entity numbers) or an older one without attachments/recipients. */
import type { Db } from "../ios-backup.ts";

export interface IcContact { pk: number; name?: string; id?: string; created?: number; firstIn?: number; lastIn?: number; firstOut?: number; lastOut?: number }
export interface IcInteraction {
  pk: number; sender?: number; start: number; end?: number; created?: number; bundle: string; account?: string; direction: 0 | 1;
  domain?: string; group?: string; recipients?: number[]; attachment?: { text?: string; url?: string; id?: Uint8Array };
}

export function interactionC(db: Db, o: { contacts: IcContact[]; interactions: IcInteraction[]; old?: boolean; entity?: { att: number; rcp: number; int: number } }): void {
  const e = o.entity ?? { att: 1, rcp: 2, int: 3 };
  const newer = o.old ? "" : ", ZTARGETBUNDLEID TEXT, ZGROUPNAME TEXT, ZDERIVEDINTENTIDENTIFIER TEXT";
  db.exec(`CREATE TABLE ZINTERACTIONS (Z_PK INTEGER PRIMARY KEY, ZSENDER INTEGER, ZSTARTDATE REAL, ZENDDATE REAL, ZCREATIONDATE REAL, ZBUNDLEID TEXT,
      ZACCOUNT TEXT, ZDIRECTION INTEGER, ZRECIPIENTCOUNT INTEGER, ZDOMAINIDENTIFIER TEXT, ZISRESPONSE INTEGER, ZCONTENTURL TEXT, ZLOCATIONUUID TEXT, ZMECHANISM INTEGER${newer});
    CREATE TABLE ZCONTACTS (Z_PK INTEGER PRIMARY KEY, ZDISPLAYNAME TEXT, ZIDENTIFIER TEXT, ZPERSONID TEXT, ZCUSTOMIDENTIFIER TEXT, ZINCOMINGRECIPIENTCOUNT INTEGER,
      ZINCOMINGSENDERCOUNT INTEGER, ZOUTGOINGRECIPIENTCOUNT INTEGER, ZCREATIONDATE REAL, ZFIRSTINCOMINGRECIPIENTDATE REAL, ZFIRSTINCOMINGSENDERDATE REAL,
      ZFIRSTOUTGOINGRECIPIENTDATE REAL, ZLASTINCOMINGSENDERDATE REAL, ZLASTINCOMINGRECIPIENTDATE REAL, ZLASTOUTGOINGRECIPIENTDATE REAL);`);
  if (!o.old) {
    db.exec(`CREATE TABLE ZATTACHMENT (Z_PK INTEGER PRIMARY KEY, ZCONTENTTEXT TEXT, ZUTI TEXT, ZCONTENTURL TEXT, ZSIZEINBYTES INTEGER, ZPHOTOLOCALIDENTIFIER TEXT, ZIDENTIFIER BLOB, ZCLOUDIDENTIFIER TEXT);
      CREATE TABLE Z_${e.att}INTERACTIONS (Z_${e.att}ATTACHMENTS INTEGER, Z_${e.int}INTERACTIONS INTEGER);
      CREATE TABLE Z_${e.rcp}INTERACTIONRECIPIENT (Z_${e.rcp}RECIPIENTS INTEGER, Z_${e.int}INTERACTIONRECIPIENT INTEGER);`);
  }
  const c = db.prepare(`INSERT INTO ZCONTACTS (Z_PK, ZDISPLAYNAME, ZIDENTIFIER, ZCREATIONDATE, ZFIRSTINCOMINGSENDERDATE, ZLASTINCOMINGSENDERDATE,
    ZFIRSTOUTGOINGRECIPIENTDATE, ZLASTOUTGOINGRECIPIENTDATE) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const x of o.contacts) c.run(x.pk, x.name ?? null, x.id ?? null, x.created ?? null, x.firstIn ?? null, x.lastIn ?? null, x.firstOut ?? null, x.lastOut ?? null);
  const cols = "Z_PK, ZSENDER, ZSTARTDATE, ZENDDATE, ZCREATIONDATE, ZBUNDLEID, ZACCOUNT, ZDIRECTION, ZRECIPIENTCOUNT, ZDOMAINIDENTIFIER, ZISRESPONSE";
  const i = db.prepare(`INSERT INTO ZINTERACTIONS (${cols}${o.old ? "" : ", ZGROUPNAME"}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0${o.old ? "" : ", ?"})`);
  for (const x of o.interactions) {
    const args = [x.pk, x.sender ?? null, x.start, x.end ?? x.start, x.created ?? x.start, x.bundle, x.account ?? null, x.direction, x.recipients?.length ?? 1, x.domain ?? null];
    i.run(...args, ...(o.old ? [] : [x.group ?? null]));
    if (o.old) continue;
    for (const r of x.recipients ?? []) db.prepare(`INSERT INTO Z_${e.rcp}INTERACTIONRECIPIENT VALUES (?, ?)`).run(r, x.pk);
    if (x.attachment) {
      const a = db.prepare("INSERT INTO ZATTACHMENT (ZCONTENTTEXT, ZCONTENTURL, ZIDENTIFIER) VALUES (?, ?, ?)").run(x.attachment.text ?? null, x.attachment.url ?? null, x.attachment.id ?? null);
      db.prepare(`INSERT INTO Z_${e.att}INTERACTIONS VALUES (?, ?)`).run(a.lastInsertRowid, x.pk);
    }
  }
}
