/**
 * Writes Calendar.sqlitedb: the iOS 15–17 CalendarItem/Participant/Calendar schema (as in MVT's test backup), or with
 * `legacy` an iOS 9-era CalendarItem without creation_date, action, created_by_id and unique_identifier.
 */
import type { Db } from "../ios-backup.ts";
import { appleTime } from "../ios-backup.ts";

export interface CalendarEvent {
  summary: string | null;
  description?: string | null;
  /** UTC "YYYY-MM-DD HH:MM:SS". */
  start: string;
  end: string;
  lastModified?: string;
  created?: string;
  url?: string;
  uuid?: string;
  organizer?: { email?: string; phone?: string; comment?: string; lastModified?: string };
}

const ITEM_IOS17 = `ROWID INTEGER PRIMARY KEY AUTOINCREMENT, summary TEXT, location_id INTEGER, client_location_id INTEGER, description TEXT,
  start_date REAL, start_tz TEXT, end_date REAL, end_tz TEXT, all_day INTEGER, calendar_id INTEGER, orig_item_id INTEGER, orig_date REAL,
  organizer_id INTEGER, self_attendee_id INTEGER, status INTEGER, invitation_status INTEGER, availability INTEGER, privacy_level INTEGER,
  url TEXT, last_modified REAL, sequence_num INTEGER, birthday_id INTEGER, modified_properties INTEGER, external_tracking_status INTEGER,
  external_id TEXT, external_mod_tag TEXT, unique_identifier TEXT, external_schedule_id TEXT, external_rep BLOB, response_comment TEXT,
  hidden INTEGER, has_recurrences INTEGER, has_attendees INTEGER, UUID TEXT, entity_type INTEGER, priority INTEGER, due_date REAL,
  due_tz TEXT, due_all_day INTEGER, completion_date REAL, creation_date REAL, action TEXT, app_link BLOB, display_order INTEGER,
  created_by_id INTEGER, modified_by_id INTEGER, conference_url TEXT, junk_status INTEGER, flags INTEGER`;
const ITEM_LEGACY = `ROWID INTEGER PRIMARY KEY AUTOINCREMENT, summary TEXT, location_id INTEGER, description TEXT, start_date REAL,
  start_tz TEXT, end_date REAL, end_tz TEXT, all_day INTEGER, calendar_id INTEGER, orig_item_id INTEGER, orig_date REAL, organizer_id INTEGER,
  self_attendee_id INTEGER, status INTEGER, invitation_status INTEGER, availability INTEGER, privacy_level INTEGER, url TEXT,
  last_modified REAL, sequence_num INTEGER, birthday_id INTEGER, modified_properties INTEGER, external_tracking_status INTEGER,
  external_id TEXT, external_mod_tag TEXT, external_schedule_id TEXT, external_rep BLOB, response_comment TEXT, hidden INTEGER,
  has_recurrences INTEGER, has_attendees INTEGER, UUID TEXT, entity_type INTEGER, priority INTEGER, due_date REAL, due_tz TEXT,
  due_all_day INTEGER, completion_date REAL`;
const PARTICIPANT = `CREATE TABLE Participant (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, entity_type INTEGER, type INTEGER, status INTEGER,
  pending_status INTEGER, role INTEGER, identity_id INTEGER, owner_id INTEGER, external_rep BLOB, UUID TEXT, email TEXT, phone_number TEXT,
  is_self INTEGER, comment TEXT, schedule_agent INTEGER, flags INTEGER, last_modified REAL, proposed_start_date REAL, invited_by TEXT,
  proposed_start_date_status INTEGER, comment_last_modified REAL)`;
const CALENDAR = `CREATE TABLE Calendar (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, store_id INTEGER, title TEXT, flags INTEGER, color TEXT,
  type TEXT, UUID TEXT, external_id TEXT)`;

const uuidOf = (n: number, tail = "0") => `FAE72C77-4932-47FD-885C-${String(n).padStart(11, "0")}${tail}`;

export function buildCalendarDb(db: Db, events: readonly CalendarEvent[], opts: { legacy?: boolean; noParticipant?: boolean } = {}): void {
  db.exec(`CREATE TABLE CalendarItem (${opts.legacy ? ITEM_LEGACY : ITEM_IOS17}); ${CALENDAR};` + (opts.noParticipant ? "" : PARTICIPANT));
  db.prepare("INSERT INTO Calendar (store_id, title, flags, type, UUID) VALUES (1, 'Calendar', 0, 'local', ?)").run(uuidOf(0, "C"));
  const addItem = db.prepare(
    opts.legacy
      ? `INSERT INTO CalendarItem (summary, description, start_date, end_date, all_day, calendar_id, organizer_id, url, last_modified, hidden, UUID)
         VALUES (?, ?, ?, ?, 0, 1, ?, ?, ?, 0, ?)`
      : `INSERT INTO CalendarItem (summary, description, start_date, end_date, all_day, calendar_id, organizer_id, url, last_modified, hidden, UUID,
         creation_date, unique_identifier) VALUES (?, ?, ?, ?, 0, 1, ?, ?, ?, 0, ?, ?, ?)`,
  );
  const addPerson = opts.noParticipant
    ? undefined
    : db.prepare("INSERT INTO Participant (entity_type, type, status, role, UUID, email, phone_number, comment, last_modified) VALUES (7, 1, 0, 0, ?, ?, ?, ?, ?)");
  const t = (s: string | undefined) => (s === undefined ? null : appleTime(s));
  db.transaction(() => {
    events.forEach((e, i) => {
      let organizer: number | null = null;
      if (e.organizer && addPerson) {
        const o = e.organizer;
        organizer = Number(addPerson.run(uuidOf(i + 1, "P").toLowerCase(), o.email ?? null, o.phone ?? null, o.comment ?? null, t(o.lastModified)).lastInsertRowid);
      }
      const uuid = e.uuid ?? uuidOf(i + 1);
      const args: unknown[] = [e.summary, e.description ?? null, t(e.start), t(e.end), organizer, e.url ?? null, t(e.lastModified), uuid];
      if (!opts.legacy) args.push(t(e.created), `${uuid}@example.invalid`);
      addItem.run(...args);
    });
  })();
}
