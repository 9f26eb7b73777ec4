/**
 * Writes sms.db as iOS writes it: the iOS 16/17 schema (message with nanosecond dates, attributedBody typedstream
 * blobs, handle, chat, chat_message_join, attachment, message_attachment_join) or, with `legacy`, the iOS 10 one
 * (dates in seconds, no attachment tables). Fast enough for the benchmark: one prepared statement, one transaction.
 */
import type { Db } from "../ios-backup.ts";
import { appleTime } from "../ios-backup.ts";

export interface SmsMessage {
  text?: string | null;
  /** The other party (handle.id): a phone number or an email; none → handle_id 0. */
  handle?: string;
  /** UTC, "YYYY-MM-DD HH:MM:SS". */
  date: string;
  dateRead?: string;
  isFromMe?: boolean;
  service?: string;
  account?: string;
  destinationCallerId?: string;
  /** Writes a typedstream attributedBody holding this text (iOS 16+ often leaves `text` NULL). */
  attributedBodyText?: string;
  guid?: string;
}

export interface SmsAttachment {
  /** ROWID of the message (1-based insertion order) it belongs to. */
  messageRowId: number;
  filename: string | null;
  transferName?: string;
  mimeType?: string;
  totalBytes?: number;
  isOutgoing?: boolean;
  isSticker?: boolean;
  userInfo?: Uint8Array;
  createdDate: string;
  startDate?: string;
}

export interface SmsDbOptions {
  /** iOS 10 schema: `date` in seconds, fewer columns, no attachment tables. */
  legacy?: boolean;
  /** Leave out the attachment tables (as in MVT's test backup). */
  noAttachments?: boolean;
}

const MESSAGE_COLUMNS_IOS10 = `ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, text TEXT, replace INTEGER DEFAULT 0,
  service_center TEXT, handle_id INTEGER DEFAULT 0, subject TEXT, country TEXT, attributedBody BLOB, version INTEGER DEFAULT 0,
  type INTEGER DEFAULT 0, service TEXT, account TEXT, account_guid TEXT, error INTEGER DEFAULT 0, date INTEGER, date_read INTEGER,
  date_delivered INTEGER, is_delivered INTEGER DEFAULT 0, is_finished INTEGER DEFAULT 0, is_emote INTEGER DEFAULT 0,
  is_from_me INTEGER DEFAULT 0, is_empty INTEGER DEFAULT 0, is_delayed INTEGER DEFAULT 0, is_auto_reply INTEGER DEFAULT 0,
  is_prepared INTEGER DEFAULT 0, is_read INTEGER DEFAULT 0, is_system_message INTEGER DEFAULT 0, is_sent INTEGER DEFAULT 0,
  has_dd_results INTEGER DEFAULT 0, is_service_message INTEGER DEFAULT 0, is_forward INTEGER DEFAULT 0, was_downgraded INTEGER DEFAULT 0,
  is_archive INTEGER DEFAULT 0, cache_has_attachments INTEGER DEFAULT 0, cache_roomnames TEXT, was_data_detected INTEGER DEFAULT 0,
  was_deduplicated INTEGER DEFAULT 0, is_audio_message INTEGER DEFAULT 0, is_played INTEGER DEFAULT 0, date_played INTEGER,
  item_type INTEGER DEFAULT 0, other_handle INTEGER DEFAULT 0, group_title TEXT, group_action_type INTEGER DEFAULT 0,
  share_status INTEGER DEFAULT 0, share_direction INTEGER DEFAULT 0, is_expirable INTEGER DEFAULT 0, expire_state INTEGER DEFAULT 0,
  message_action_type INTEGER DEFAULT 0, message_source INTEGER DEFAULT 0`;

// iOS 11–17 additions (balloon/app messages, CloudKit sync, edit/unsend in iOS 16).
const MESSAGE_COLUMNS_IOS17 = `${MESSAGE_COLUMNS_IOS10}, associated_message_guid TEXT, associated_message_type INTEGER DEFAULT 0,
  balloon_bundle_id TEXT, payload_data BLOB, expressive_send_style_id TEXT, associated_message_range_location INTEGER DEFAULT 0,
  associated_message_range_length INTEGER DEFAULT 0, time_expressive_send_played INTEGER, message_summary_info BLOB,
  ck_sync_state INTEGER DEFAULT 0, ck_record_id TEXT, ck_record_change_tag TEXT, destination_caller_id TEXT, is_corrupt INTEGER DEFAULT 0,
  reply_to_guid TEXT DEFAULT NULL, sort_id INTEGER DEFAULT 0, is_spam INTEGER DEFAULT 0, has_unseen_mention INTEGER DEFAULT 0,
  thread_originator_guid TEXT DEFAULT NULL, thread_originator_part TEXT DEFAULT NULL, syndication_ranges TEXT DEFAULT NULL,
  synced_syndication_ranges TEXT DEFAULT NULL, was_delivered_quietly INTEGER DEFAULT 0, did_notify_recipient INTEGER DEFAULT 0,
  date_retracted INTEGER DEFAULT 0, date_edited INTEGER DEFAULT 0, was_detonated INTEGER DEFAULT 0, part_count INTEGER,
  is_stewie INTEGER DEFAULT 0, is_kt_verified INTEGER DEFAULT 0, is_sos INTEGER DEFAULT 0, is_critical INTEGER DEFAULT 0,
  bia_reference_id TEXT DEFAULT NULL, fallback_hash TEXT DEFAULT NULL`;

const OTHER_TABLES = `
  CREATE TABLE IF NOT EXISTS handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, country TEXT, service TEXT NOT NULL,
    uncanonicalized_id TEXT, person_centric_id TEXT, UNIQUE (id, service));
  CREATE TABLE IF NOT EXISTS chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, style INTEGER, state INTEGER,
    account_id TEXT, properties BLOB, chat_identifier TEXT, service_name TEXT, room_name TEXT, account_login TEXT, is_archived INTEGER DEFAULT 0,
    last_addressed_handle TEXT, display_name TEXT, group_id TEXT, is_filtered INTEGER DEFAULT 0, successful_query INTEGER);
  CREATE TABLE IF NOT EXISTS chat_handle_join (chat_id INTEGER, handle_id INTEGER, UNIQUE(chat_id, handle_id));
  CREATE TABLE IF NOT EXISTS chat_message_join (chat_id INTEGER, message_id INTEGER, message_date INTEGER DEFAULT 0, PRIMARY KEY (chat_id, message_id));`;

const ATTACHMENT_TABLES = `
  CREATE TABLE IF NOT EXISTS attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, created_date INTEGER DEFAULT 0,
    start_date INTEGER DEFAULT 0, filename TEXT, uti TEXT, mime_type TEXT, transfer_state INTEGER DEFAULT 0, is_outgoing INTEGER DEFAULT 0,
    user_info BLOB, transfer_name TEXT, total_bytes INTEGER DEFAULT 0, is_sticker INTEGER DEFAULT 0, sticker_user_info BLOB,
    attribution_info BLOB, hide_attachment INTEGER DEFAULT 0, ck_sync_state INTEGER DEFAULT 0, ck_server_change_token_blob BLOB,
    ck_record_id TEXT DEFAULT NULL, original_guid TEXT UNIQUE NOT NULL, is_commsafety_sensitive INTEGER DEFAULT 0);
  CREATE TABLE IF NOT EXISTS message_attachment_join (message_id INTEGER, attachment_id INTEGER, UNIQUE(message_id, attachment_id));`;

const enc = new TextEncoder();
const latin = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** A typedstream length: one byte below 0x80, else 0x81 + 16-bit LE, else 0x82 + 32-bit LE. */
function tsLength(n: number): number[] {
  if (n < 0x80) return [n];
  if (n < 0x10000) return [0x81, n & 0xff, n >> 8];
  return [0x82, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
}

/**
 * An attributedBody blob as iMessage writes it: an NSAttributedString archived with NSArchiver ("streamtyped"),
 * its NSString first, then one run of attributes (`__kIMMessagePartAttributeName` = 0) over the whole text.
 */
export function typedStreamAttributedBody(text: string): Uint8Array {
  const utf8 = enc.encode(text);
  const bytes = [
    0x04, 0x0b, ...latin("streamtyped"), 0x81, 0xe8, 0x03, 0x84, 0x01, 0x40,
    0x84, 0x84, 0x84, 0x12, ...latin("NSAttributedString"), 0x00, 0x84, 0x84, 0x08, ...latin("NSObject"), 0x00, 0x85,
    0x92, 0x84, 0x84, 0x84, 0x08, ...latin("NSString"), 0x01, 0x94, 0x84, 0x01, 0x2b, ...tsLength(utf8.length), ...utf8,
    0x86, 0x84, 0x02, 0x69, 0x49, 0x01, ...tsLength(text.length), 0x92, 0x84, 0x84, 0x84, 0x0c, ...latin("NSDictionary"), 0x00,
    0x94, 0x84, 0x01, 0x69, 0x01, 0x92, 0x84, 0x96, 0x96, 0x1d, ...latin("__kIMMessagePartAttributeName"), 0x86,
    0x92, 0x84, 0x84, 0x84, 0x08, ...latin("NSNumber"), 0x00, 0x84, 0x84, 0x07, ...latin("NSValue"), 0x00, 0x94,
    0x84, 0x01, 0x2a, 0x84, 0x99, 0x99, 0x00, 0x86, 0x86, 0x86,
  ];
  return Uint8Array.from(bytes);
}

/** Apple time of a UTC text, in nanoseconds (iOS 11+) as an exact bigint; `legacy` → whole seconds. */
export function smsDate(text: string, legacy = false): bigint | number {
  const s = appleTime(text);
  return legacy ? s : BigInt(s) * 1_000_000_000n + 123_456_789n;
}

const guidOf = (n: number) => `5A0C9D2E-0000-4000-8000-${n.toString(16).toUpperCase().padStart(12, "0")}`;

/**
 * Creates the tables if missing and appends messages (so it can be called again, e.g. for rows that only live in
 * the -wal file). Returns the ROWIDs given to the messages.
 */
export function buildSmsDb(db: Db, messages: Iterable<SmsMessage>, opts: SmsDbOptions = {}): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS message (${opts.legacy ? MESSAGE_COLUMNS_IOS10 : MESSAGE_COLUMNS_IOS17});` + OTHER_TABLES);
  if (!opts.legacy && !opts.noAttachments) db.exec(ATTACHMENT_TABLES);
  const handles = new Map<string, number>();
  for (const h of db.prepare("SELECT ROWID AS id, id AS value FROM handle").all() as { id: number; value: string }[]) handles.set(h.value, h.id);
  const addHandle = db.prepare("INSERT INTO handle (id, country, service, uncanonicalized_id) VALUES (?, 'us', ?, ?)");
  const addChat = db.prepare("INSERT OR IGNORE INTO chat (guid, style, state, chat_identifier, service_name) VALUES (?, 45, 3, ?, ?)");
  const chatId = db.prepare("SELECT ROWID FROM chat WHERE guid = ?").pluck();
  const joinChat = db.prepare("INSERT OR IGNORE INTO chat_message_join VALUES (?, ?, ?)");
  const extra = opts.legacy ? "" : ", destination_caller_id, part_count";
  const insert = db.prepare(
    `INSERT INTO message (guid, text, handle_id, service, account, account_guid, date, date_read, date_delivered, is_from_me, is_read,
     is_sent, is_delivered, is_finished, attributedBody, cache_has_attachments${extra})
     VALUES (?, ?, ?, ?, ?, 'A1B2C3D4-0000-4000-8000-000000000001', ?, ?, ?, ?, ?, ?, ?, 1, ?, 0${opts.legacy ? "" : ", ?, 1"})`,
  );
  let next = (db.prepare("SELECT ifnull(max(ROWID), 0) FROM message").pluck().get() as number) + 1;
  const ids: number[] = [];
  db.transaction(() => {
    for (const m of messages) {
      const service = m.service ?? "iMessage";
      let handleId = 0;
      if (m.handle !== undefined) {
        handleId = handles.get(m.handle) ?? 0;
        if (!handleId) {
          handleId = Number(addHandle.run(m.handle, service, m.handle).lastInsertRowid);
          handles.set(m.handle, handleId);
        }
      }
      const date = smsDate(m.date, opts.legacy);
      const fromMe = m.isFromMe ? 1 : 0;
      const body = m.attributedBodyText !== undefined ? typedStreamAttributedBody(m.attributedBodyText) : null;
      const account = m.account ?? (service === "SMS" ? "p:+15555550000" : "e:owner@icloud.example");
      const args: unknown[] = [m.guid ?? guidOf(next), m.text ?? null, handleId, service, account, date,
        m.dateRead ? smsDate(m.dateRead, opts.legacy) : 0, fromMe ? 0 : date, fromMe, fromMe ? 0 : m.dateRead ? 1 : 0, fromMe, fromMe, body];
      if (!opts.legacy) args.push(m.destinationCallerId ?? account.replace(/^[ep]:/, ""));
      const id = Number(insert.run(...args).lastInsertRowid);
      ids.push(id);
      if (m.handle !== undefined) {
        const chatGuid = `${service};-;${m.handle}`;
        addChat.run(chatGuid, m.handle, service);
        joinChat.run(chatId.get(chatGuid), id, date);
      }
      next = id + 1;
    }
  })();
  return ids;
}

/** Adds attachment rows joined to messages (the iOS 16/17 attachment schema). */
export function addSmsAttachments(db: Db, attachments: readonly SmsAttachment[]): void {
  db.exec(ATTACHMENT_TABLES);
  const insert = db.prepare(
    `INSERT INTO attachment (guid, created_date, start_date, filename, uti, mime_type, transfer_state, is_outgoing, user_info, transfer_name,
     total_bytes, is_sticker, original_guid) VALUES (?, ?, ?, ?, 'public.jpeg', ?, 5, ?, ?, ?, ?, ?, ?)`,
  );
  const join = db.prepare("INSERT INTO message_attachment_join VALUES (?, ?)");
  db.transaction(() => {
    attachments.forEach((a, i) => {
      const guid = `at_0_${guidOf(i + 1)}`;
      const id = insert.run(guid, appleTime(a.createdDate), a.startDate ? appleTime(a.startDate) : 0, a.filename, a.mimeType ?? "image/jpeg",
        a.isOutgoing ? 1 : 0, a.userInfo ?? null, a.transferName ?? null, a.totalBytes ?? 0, a.isSticker ? 1 : 0, guid).lastInsertRowid;
      join.run(a.messageRowId, id);
    });
    db.prepare("UPDATE message SET cache_has_attachments = 1 WHERE ROWID IN (SELECT message_id FROM message_attachment_join)").run();
  })();
}
