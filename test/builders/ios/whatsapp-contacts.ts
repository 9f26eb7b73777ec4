/** Builds WhatsApp's ContactsV2.sqlite ZWAADDRESSBOOKCONTACT table; `drop` leaves columns out (older WhatsApp versions). */
import type { Db } from "../ios-backup.ts";

export interface WaContact {
  full?: string; given?: string; last?: string; user?: string; business?: string; phone?: string; localized?: string; jid?: string; lid?: string;
  about?: string; duration?: number | null; disappearingAt?: number; aboutAt?: number; aboutExpires?: number; updated?: number; status?: number;
}

const COLUMNS: [string, string, keyof WaContact | null][] = [
  ["ZFULLNAME", "BLOB", "full"], ["ZGIVENNAME", "BLOB", "given"], ["ZLASTNAME", "BLOB", "last"], ["ZUSERNAME", "BLOB", "user"],
  ["ZBUSINESSNAME", "BLOB", "business"], ["ZPHONENUMBER", "BLOB", "phone"], ["ZLOCALIZEDPHONENUMBER", "BLOB", "localized"],
  ["ZWHATSAPPID", "BLOB", "jid"], ["ZLID", "BLOB", "lid"], ["ZABOUTTEXT", "BLOB", "about"], ["ZABOUTEMOJI", "BLOB", null], ["ZNOTES", "BLOB", null],
  ["ZDISAPPEARINGMODEDURATION", "REAL", "duration"], ["ZDISAPPEARINGMODETIMESTAMP", "REAL", "disappearingAt"], ["ZABOUTTIMESTAMP", "REAL", "aboutAt"],
  ["ZABOUTEXPIRATIONTIMESTAMP", "REAL", "aboutExpires"], ["ZLASTUPDATED", "REAL", "updated"], ["ZPHONESTATUS", "INTEGER", "status"], ["ZSYNCPOLICY", "INTEGER", null],
];

/** Strings are stored as UTF-8 blobs, as WhatsApp's Core Data store does. */
export function contactsV2(db: Db, contacts: WaContact[], opts: { drop?: string[]; rename?: Record<string, string> } = {}): void {
  const cols = COLUMNS.filter(([c]) => !opts.drop?.includes(c));
  const name = (c: string) => opts.rename?.[c] ?? c;
  db.exec(`CREATE TABLE ZWAADDRESSBOOKCONTACT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ${cols.map(([c, t]) => `${name(c)} ${t}`).join(", ")})`);
  const ins = db.prepare(`INSERT INTO ZWAADDRESSBOOKCONTACT (Z_ENT, Z_OPT, ${cols.map(([c]) => name(c)).join(", ")}) VALUES (1, 1, ${cols.map(() => "?").join(", ")})`);
  for (const x of contacts) {
    ins.run(...cols.map(([, t, k]) => {
      const v = k ? x[k] : undefined;
      return v === undefined || v === null ? null : t === "BLOB" ? Buffer.from(String(v), "utf8") : v;
    }));
  }
}
