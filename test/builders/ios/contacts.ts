/** Writes AddressBook.sqlitedb with the ABPerson / ABMultiValue / ABMultiValueLabel tables iOS uses (property 3 = phone, 4 = email, 22 = URL). */
import type { Db } from "../ios-backup.ts";

export interface Contact {
  first?: string;
  middle?: string;
  last?: string;
  organization?: string;
  phones?: string[];
  emails?: string[];
  urls?: string[];
}

export function buildAddressBookDb(db: Db, contacts: readonly Contact[]): void {
  db.exec(`CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, First TEXT, Last TEXT, Middle TEXT, FirstPhonetic TEXT,
      MiddlePhonetic TEXT, LastPhonetic TEXT, Organization TEXT, Department TEXT, Note TEXT, Kind INTEGER, Birthday TEXT, JobTitle TEXT,
      Nickname TEXT, Prefix TEXT, Suffix TEXT, FirstSort TEXT, LastSort TEXT, CreationDate INTEGER, ModificationDate INTEGER,
      CompositeNameFallback TEXT, ExternalIdentifier TEXT, ExternalModificationTag TEXT, ExternalUUID TEXT, StoreID INTEGER,
      DisplayName TEXT, ExternalRepresentation BLOB, guid TEXT, PersonLink INTEGER DEFAULT -1, ImageType TEXT, ImageHash BLOB);
    CREATE TABLE ABMultiValue (UID INTEGER PRIMARY KEY, record_id INTEGER, property INTEGER, identifier INTEGER, label INTEGER, value TEXT, guid TEXT);
    CREATE TABLE ABMultiValueLabel (value TEXT, UNIQUE(value));
    INSERT INTO ABMultiValueLabel VALUES ('_$!<Mobile>!$_'), ('_$!<Home>!$_'), ('_$!<HomePage>!$_');`);
  const person = db.prepare("INSERT INTO ABPerson (First, Middle, Last, Organization, Kind, CreationDate, guid) VALUES (?, ?, ?, ?, 0, 726000000, ?)");
  const value = db.prepare("INSERT INTO ABMultiValue (record_id, property, identifier, label, value, guid) VALUES (?, ?, ?, ?, ?, ?)");
  db.transaction(() => {
    contacts.forEach((c, i) => {
      const id = person.run(c.first ?? null, c.middle ?? null, c.last ?? null, c.organization ?? null, `C0000000-0000-4000-8000-${String(i).padStart(12, "0")}`).lastInsertRowid;
      let n = 0;
      const add = (property: number, label: number, v: string | null) => value.run(id, property, n++, label, v, `MV-${i}-${n}`);
      (c.phones ?? []).forEach((p) => add(3, 1, p));
      (c.emails ?? []).forEach((e) => add(4, 2, e));
      (c.urls ?? []).forEach((u) => add(22, 3, u));
      add(3, 1, null); // iOS keeps value-less rows (deleted fields); MVT skips them
    });
  })();
}
