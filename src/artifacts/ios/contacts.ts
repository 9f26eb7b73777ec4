/** Address book entries from AddressBook.sqlitedb (ABPerson × ABMultiValue; iOS 5–18 keep this schema). */
import { defineArtifact } from "../../core/artifact.ts";
import { hasTables, jsonRow, text } from "../_shared/sql.ts";

/**
 * One phone number, email, URL or other value of a contact (a contact with three values gives three records).
 * Keys are SQLite's names for MVT's un-aliased columns, i.e. as the table declares them: iOS writes
 * `First`, `Middle`, `Last`, `Organization` (the spec lists them lower-cased).
 */
export interface ContactRecord {
  readonly value: string;
  readonly First: string | null;
  readonly Middle: string | null;
  readonly Last: string | null;
  readonly Organization: string | null;
}

const NAME_COLUMNS = ["first", "middle", "last", "organization"];

export default defineArtifact<ContactRecord>({
  id: "ios.contacts",
  platform: "ios",
  mvt: "Contacts",
  slug: "contacts",
  description: "Contacts in the address book: names, organizations, phone numbers, emails",
  sources: [
    { from: "ios-backup", domain: "HomeDomain", path: "Library/AddressBook/AddressBook.sqlitedb" },
    { from: "ios-fs", glob: "private/var/mobile/Library/AddressBook/AddressBook.sqlitedb" },
  ],
  async *parse({ file }, ctx) {
    const db = await ctx.sqlite(file);
    if (!hasTables(db, "ABPerson", "ABMultiValue")) return;
    // No aliases on purpose: MVT's keys are whatever SQLite names these columns (the declared spelling).
    // A name column some schema lacks is left out.
    const have = new Set(db.columns("ABPerson").map((c) => c.toLowerCase()));
    const names = NAME_COLUMNS.filter((c) => have.has(c)).map((c) => `, person.${c}`).join("");
    const sql = `SELECT multi.value${names} FROM ABPerson person, ABMultiValue multi
      WHERE person.ROWID = multi.record_id AND multi.value NOT NULL ORDER BY person.ROWID ASC`;
    for (const row of db.rows(sql)) {
      const r = jsonRow(row);
      if (typeof r.value !== "string") r.value = text(row.value) ?? ""; // a blob or number value, as text
      yield r as unknown as ContactRecord;
    }
  },
  // MVT has no timeline and no check here. Beyond MVT: a contact's email or web address can be an operator's
  // (HIGH, not CRITICAL: saving a contact is weaker evidence than receiving a message from it).
  indicators: [
    { kind: "email", values: (r) => (r.value.includes("@") && !r.value.includes("/") ? r.value : []), level: "HIGH" },
    { kind: "url", values: (r) => (/^https?:\/\//i.test(r.value) ? r.value : []), level: "HIGH" },
  ],
});
