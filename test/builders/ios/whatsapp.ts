/** Builds WhatsApp ChatStorage.sqlite / LID.sqlite tables (current schema, and an older one without sessions or LID.sqlite). */
import type { Db } from "../ios-backup.ts";

export const WA_GROUP = "AppDomainGroup-group.net.whatsapp.WhatsApp.shared";

export interface WaMessage { pk: number; session?: number; from?: string | null; to?: string | null; text?: string | null; date: number }
export interface WaSession { pk: number; jid: string; name?: string; type?: number; lastDate?: number | null; groupCreated?: number }
export interface WaPair { lid: string; phone: string; ts?: number | null }

/** ZWAMESSAGE (+ media and data items) and, unless `old`, ZWACHATSESSION/ZWAGROUPINFO. */
export function chatStorage(db: Db, o: {
  messages: WaMessage[];
  media?: { message: number; author?: string; url?: string }[];
  data?: { message: number; content1?: string; content2?: string; matched?: string; summary?: string; title?: string }[];
  sessions?: WaSession[];
  /** Older WhatsApp: no sessions, no data items, the pair table inside ChatStorage. */
  old?: { pairs?: WaPair[] };
}): void {
  db.exec(`CREATE TABLE ZWAMESSAGE (Z_PK INTEGER PRIMARY KEY, ZCHATSESSION INTEGER, ZFROMJID TEXT, ZTOJID TEXT, ZTEXT TEXT, ZMESSAGEDATE REAL, ZMESSAGETYPE INTEGER, ZISFROMME INTEGER);
    CREATE TABLE ZWAMEDIAITEM (Z_PK INTEGER PRIMARY KEY, ZMESSAGE INTEGER, ZAUTHORNAME TEXT, ZMEDIAURL TEXT);`);
  const m = db.prepare("INSERT INTO ZWAMESSAGE VALUES (?, ?, ?, ?, ?, ?, 0, ?)");
  for (const x of o.messages) m.run(x.pk, x.session ?? null, x.from ?? null, x.to ?? null, x.text ?? null, x.date, x.from ? 0 : 1);
  const mi = db.prepare("INSERT INTO ZWAMEDIAITEM (ZMESSAGE, ZAUTHORNAME, ZMEDIAURL) VALUES (?, ?, ?)");
  for (const x of o.media ?? []) mi.run(x.message, x.author ?? null, x.url ?? null);
  if (o.old) {
    if (o.old.pairs) lidTable(db, o.old.pairs);
    return;
  }
  db.exec(`CREATE TABLE ZWAMESSAGEDATAITEM (Z_PK INTEGER PRIMARY KEY, ZMESSAGE INTEGER, ZCONTENT1 TEXT, ZCONTENT2 TEXT, ZMATCHEDTEXT TEXT, ZSUMMARY TEXT, ZTITLE TEXT);
    CREATE TABLE ZWACHATSESSION (Z_PK INTEGER PRIMARY KEY, ZCONTACTJID TEXT, ZPARTNERNAME TEXT, ZSESSIONTYPE INTEGER, ZARCHIVED INTEGER, ZREMOVED INTEGER,
      ZHIDDEN INTEGER, ZMESSAGECOUNTER INTEGER, ZLASTMESSAGEDATE REAL, ZGROUPINFO INTEGER);
    CREATE TABLE ZWAGROUPINFO (Z_PK INTEGER PRIMARY KEY, ZCHATSESSION INTEGER, ZCREATIONDATE REAL);`);
  const d = db.prepare("INSERT INTO ZWAMESSAGEDATAITEM (ZMESSAGE, ZCONTENT1, ZCONTENT2, ZMATCHEDTEXT, ZSUMMARY, ZTITLE) VALUES (?, ?, ?, ?, ?, ?)");
  for (const x of o.data ?? []) d.run(x.message, x.content1 ?? null, x.content2 ?? null, x.matched ?? null, x.summary ?? null, x.title ?? null);
  const s = db.prepare("INSERT INTO ZWACHATSESSION VALUES (?, ?, ?, ?, 0, 0, 0, ?, ?, ?)");
  const g = db.prepare("INSERT INTO ZWAGROUPINFO VALUES (?, ?, ?)");
  for (const x of o.sessions ?? []) {
    const count = o.messages.filter((msg) => msg.session === x.pk).length;
    s.run(x.pk, x.jid, x.name ?? null, x.type ?? 0, count, x.lastDate ?? null, x.groupCreated ? x.pk : null);
    if (x.groupCreated) g.run(x.pk, x.pk, x.groupCreated);
  }
}

/** ZWAPHONENUMBERLIDPAIR (LID.sqlite, or ChatStorage.sqlite in older versions). */
export function lidTable(db: Db, pairs: WaPair[]): void {
  db.exec("CREATE TABLE ZWAPHONENUMBERLIDPAIR (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZTIMESTAMP REAL, ZLID TEXT, ZPHONENUMBER TEXT)");
  const p = db.prepare("INSERT INTO ZWAPHONENUMBERLIDPAIR (Z_ENT, Z_OPT, ZTIMESTAMP, ZLID, ZPHONENUMBER) VALUES (3, 1, ?, ?, ?)");
  for (const x of pairs) p.run(x.ts ?? null, x.lid, x.phone);
}
