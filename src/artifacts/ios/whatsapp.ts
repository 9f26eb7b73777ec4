/** WhatsApp messages (with links), chat sessions and LID↔phone pairs from ChatStorage.sqlite and LID.sqlite; WhatsApp 2.2x–25.x schemas. */
import { findLinks } from "../_shared/links.ts";
import { defineArtifact } from "../../core/artifact.ts";
import type { ArtifactInput, ParseContext, Selector } from "../../core/artifact.ts";
import { describeError } from "../../core/errors.ts";
import { ev } from "../../core/events.ts";
import type { SqliteDb, SqlRow, SqlValue } from "../../core/host.ts";
import { displayName } from "../../core/source.ts";
import type { SourceFile } from "../../core/source.ts";
import { fromAppleTime } from "../../core/time.ts";
import { jsonRow, text } from "../_shared/sql.ts";
import type { CarvedColumns } from "../../core/carve-port.ts";

const GROUP = "AppDomainGroup-group.net.whatsapp.WhatsApp.shared";
const LINK_FIELDS = ["ZTEXT", "ZMATCHEDTEXT", "ZMEDIAURL", "ZCONTENT1", "ZCONTENT2"] as const;
const MEDIA_HOSTS = ["https://mmg-fna.whatsapp.net/", "https://mmg.whatsapp.net/"]; // WhatsApp's own media CDN
const JOINED = { ZWAMEDIAITEM: ["ZAUTHORNAME", "ZMEDIAURL"], ZWAMESSAGEDATAITEM: ["ZCONTENT1", "ZCONTENT2", "ZMATCHEDTEXT", "ZSUMMARY", "ZTITLE"] } as const;
const SESSION_COLS = [["session_pk", "Z_PK"], ["contact_jid", "ZCONTACTJID"], ["partner_name", "ZPARTNERNAME"], ["session_type", "ZSESSIONTYPE"],
  ["archived", "ZARCHIVED"], ["removed", "ZREMOVED"], ["message_counter", "ZMESSAGECOUNTER"], ["last_message_date", "ZLASTMESSAGEDATE"]] as const;

/** A ZWAMESSAGE row (every column of the table) plus joined media/data-item columns. */
export interface WhatsappMessage {
  ZTEXT: string;
  ZFROMJID?: string | null;
  isodate: string;
  /** Present only when links were found or the text is empty (as MVT). */
  links?: string[];
  [column: string]: unknown;
}
export interface WhatsappLidPair { record_type: "lid_phone_number_pair"; lid: string | null; phone_number: string | null; pair_timestamp: string | null }
export interface WhatsappChatSession {
  session_pk: number; contact_jid: string | null; partner_name: string | null; session_type: number | null; archived: number | null;
  removed: number | null; message_counter: number | null; last_message_date: string | null; group_creation_date: string | null;
  first_stored_message_date: string | null; last_stored_message_date: string | null; stored_message_count: number;
  record_type: "chat_session"; partner_resolved_phone_number: string | null;
}
export type WhatsappRecord = WhatsappMessage | WhatsappLidPair | WhatsappChatSession;

/** Messages carry no record_type (as MVT): they are ZWAMESSAGE rows. */
const isMessage = (r: WhatsappRecord): r is WhatsappMessage => (r as { record_type?: unknown }).record_type === undefined;
const iso = (v: unknown) => fromAppleTime(v) || null;
const py = (v: unknown) => (v === null || v === undefined ? "None" : String(v)); // MVT prints Python's None

function* readMessages(db: SqliteDb, tables: Set<string>): Iterable<WhatsappMessage> {
  const cols: string[] = [];
  const joins: string[] = [];
  for (const [table, wanted] of Object.entries(JOINED)) {
    const have = tables.has(table) ? new Set(db.columns(table)) : new Set<string>();
    const joined = have.has("ZMESSAGE");
    if (joined) joins.push(`LEFT JOIN ${table} ON ${table}.ZMESSAGE = ZWAMESSAGE.Z_PK`);
    for (const c of wanted) cols.push(joined && have.has(c) ? `${table}.${c}` : `NULL AS ${c}`);
  }
  for (const row of db.rows<SqlRow>(`SELECT ZWAMESSAGE.*, ${cols.join(", ")} FROM ZWAMESSAGE ${joins.join(" ")}`)) {
    const m = jsonRow(row) as WhatsappMessage;
    m.isodate = fromAppleTime(row.ZMESSAGEDATE ?? 0);
    m.ZTEXT = text(row.ZTEXT ?? null) || "";
    const links = linksOf(row);
    if (links.length || m.ZTEXT.trim() === "") m.links = links;
    yield m;
  }
}

/** Links in a message's text and joined media and link-preview columns, WhatsApp's own media CDN left out. */
function linksOf(row: Readonly<Record<string, unknown>>): string[] {
  const links = new Set<string>();
  for (const f of LINK_FIELDS) {
    for (const url of findLinks(text((row[f] ?? null) as SqlValue))) if (!MEDIA_HOSTS.some((h) => url.startsWith(h))) links.add(url);
  }
  return [...links];
}

/**
 * A deleted row of ZWAMESSAGE, ZWAMEDIAITEM or ZWAMESSAGEDATAITEM (issue 16) as a message: its text columns and
 * links (each table holds some of LINK_FIELDS and of extraUrls' columns). Without text, no record.
 */
function deletedMessage(row: CarvedColumns): WhatsappMessage | undefined {
  const m: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (typeof v === "string" || typeof v === "number" || v === null) m[k] = v;
  if (!Object.values(m).some((v) => typeof v === "string" && v.trim() !== "")) return undefined;
  return { ...m, ZTEXT: typeof row.ZTEXT === "string" ? row.ZTEXT : "", isodate: fromAppleTime(row.ZMESSAGEDATE ?? 0), links: linksOf(row) };
}

/**
 * LID.sqlite beside ChatStorage.sqlite: in a backup, same domain (the input also finds a payload Manifest.db has
 * no row for, as in MVT's test backup); in a dump, the same folder.
 */
function lidFile({ file, kind }: ArtifactInput, ctx: ParseContext): Promise<SourceFile | undefined> {
  if (kind === "ios-backup") return ctx.find({ from: "ios-backup", domain: file.meta?.domain ?? GROUP, path: "LID.sqlite" });
  const slash = file.path.lastIndexOf("/");
  return ctx.find({ from: kind, glob: `${slash < 0 ? "" : file.path.slice(0, slash + 1)}LID.sqlite` } as Selector);
}

/** ZWAPHONENUMBERLIDPAIR from LID.sqlite, else from ChatStorage.sqlite (older WhatsApp versions). */
async function pairSource(input: ArtifactInput, chat: SqliteDb, ctx: ParseContext): Promise<SqliteDb | undefined> {
  const f = await lidFile(input, ctx);
  if (f) {
    try {
      const db = await ctx.sqlite(f);
      if (db.tables().has("ZWAPHONENUMBERLIDPAIR")) return db;
    } catch (err) {
      ctx.warn(`LID.sqlite could not be read, LID chat identifiers stay unresolved (${describeError(err)})`, displayName(f));
    }
  }
  return chat.tables().has("ZWAPHONENUMBERLIDPAIR") ? chat : undefined;
}

function* readPairs(db: SqliteDb): Iterable<WhatsappLidPair> {
  const have = new Set(db.columns("ZWAPHONENUMBERLIDPAIR"));
  const col = (c: string) => (have.has(c) ? c : "NULL");
  const sql = `SELECT ${col("ZLID")} AS lid, ${col("ZPHONENUMBER")} AS phone_number, ${col("ZTIMESTAMP")} AS ts FROM ZWAPHONENUMBERLIDPAIR`;
  for (const r of db.rows<SqlRow>(sql)) {
    yield { record_type: "lid_phone_number_pair", lid: text(r.lid ?? null), phone_number: text(r.phone_number ?? null), pair_timestamp: r.ts ? iso(r.ts) : null };
  }
}

function* readSessions(db: SqliteDb, tables: Set<string>, lids: ReadonlyMap<string, string>): Iterable<WhatsappChatSession> {
  const have = new Set(db.columns("ZWACHATSESSION"));
  const cols = SESSION_COLS.map(([k, c]) => `${have.has(c) ? "S." + c : "NULL"} AS ${k}`);
  const groups = tables.has("ZWAGROUPINFO") && have.has("ZGROUPINFO") && db.columns("ZWAGROUPINFO").includes("ZCREATIONDATE");
  const msg = tables.has("ZWAMESSAGE") ? new Set(db.columns("ZWAMESSAGE")) : new Set<string>();
  const stored = msg.has("ZCHATSESSION") && msg.has("ZMESSAGEDATE");
  const sql = `SELECT ${cols.join(", ")}, ${groups ? "G.ZCREATIONDATE" : "NULL"} AS group_creation_date,
    ${stored ? "MIN(M.ZMESSAGEDATE)" : "NULL"} AS first_stored_message_date, ${stored ? "MAX(M.ZMESSAGEDATE)" : "NULL"} AS last_stored_message_date,
    ${stored ? "COUNT(M.Z_PK)" : "0"} AS stored_message_count FROM ZWACHATSESSION S ${groups ? "LEFT JOIN ZWAGROUPINFO G ON S.ZGROUPINFO = G.Z_PK" : ""}
    ${stored ? "LEFT JOIN ZWAMESSAGE M ON M.ZCHATSESSION = S.Z_PK" : ""} GROUP BY S.Z_PK`;
  for (const r of db.rows<SqlRow>(sql)) {
    const jid = text(r.contact_jid ?? null);
    const phone = jid?.endsWith("@lid") ? lids.get(jid.split("@")[0]!) : undefined;
    yield {
      ...(jsonRow(r) as object), contact_jid: jid, partner_name: text(r.partner_name ?? null),
      last_message_date: iso(r.last_message_date), group_creation_date: iso(r.group_creation_date),
      first_stored_message_date: iso(r.first_stored_message_date), last_stored_message_date: iso(r.last_stored_message_date),
      record_type: "chat_session", partner_resolved_phone_number: phone ? `+${phone}` : null,
    } as WhatsappChatSession;
  }
}

function describeChat(s: WhatsappChatSession): string {
  const jid = s.contact_jid || "unknown";
  const id = s.partner_resolved_phone_number || jid;
  const label = s.partner_name ? `'${s.partner_name}' (${id})` : id;
  return jid.endsWith("@g.us") || s.group_creation_date ? `WhatsApp group chat ${label}` : `WhatsApp chat with ${label}`;
}

/** Link-like text outside MVT's link fields (preview titles/summaries, scheme-less matched text such as "evil.example/x"). */
function extraUrls(m: WhatsappMessage): string[] {
  const out: string[] = [];
  for (const f of ["ZTITLE", "ZSUMMARY", "ZMATCHEDTEXT", "ZCONTENT1", "ZCONTENT2"]) {
    const v = typeof m[f] === "string" ? (m[f] as string).trim() : "";
    if (f === "ZTITLE" || f === "ZSUMMARY") out.push(...(findLinks(v)));
    if (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(\/\S*)?$/i.test(v)) out.push(v);
  }
  return out;
}

export default defineArtifact<WhatsappRecord>({
  id: "ios.whatsapp",
  platform: "ios",
  mvt: "Whatsapp",
  slug: "whatsapp",
  description: "WhatsApp messages and their links, chat sessions, LID to phone number pairs",
  sources: [
    { from: "ios-backup", domain: GROUP, path: "ChatStorage.sqlite" },
    { from: "ios-fs", glob: "private/var/mobile/Containers/Shared/AppGroup/*/ChatStorage.sqlite" },
  ],
  async *parse(input, ctx) {
    const db = await ctx.sqlite(input.file);
    const tables = db.tables();
    if (tables.has("ZWAMESSAGE")) yield* readMessages(db, tables);
    // Sessions show LIDs as phone numbers: the (small) pair table is kept as a map until they are read.
    const lids = new Map<string, string>();
    const pairDb = await pairSource(input, db, ctx);
    for (const p of pairDb ? readPairs(pairDb) : []) {
      if (p.lid && p.phone_number) lids.set(p.lid.split("@")[0]!, p.phone_number.split("@")[0]!.replace(/^\++/, ""));
      yield p;
    }
    if (tables.has("ZWACHATSESSION")) yield* readSessions(db, tables, lids);
  },
  timeline(r) {
    if (isMessage(r)) {
      const links = r.links?.length ? ` - Embedded links: ${r.links.join(", ")}` : "";
      return [ev(r.isodate, "message", `'${r.ZTEXT.replaceAll("\n", "\\n")}' from ${"ZFROMJID" in r ? py(r.ZFROMJID) : "Unknown"}${links}`)];
    }
    if (r.record_type === "lid_phone_number_pair") {
      return [!!r.pair_timestamp && ev(r.pair_timestamp, "lid_pair_recorded", `WhatsApp associated LID ${py(r.lid)} with phone number ${py(r.phone_number)}`)];
    }
    const chat = describeChat(r);
    const last = r.last_message_date || r.last_stored_message_date; // the session's own date outlives deleted messages
    return [
      !!r.group_creation_date && ev(r.group_creation_date, "group_created", `${chat} was created`),
      !!r.first_stored_message_date && ev(r.first_stored_message_date, "chat_first_message", `First stored message in ${chat}`),
      !!last && ev(last, "chat_last_message", `Last message in ${chat}`),
    ];
  },
  indicators: [
    { kind: "url", values: (r) => (isMessage(r) ? r.links : undefined) },
    { kind: "url", values: (r) => (isMessage(r) ? extraUrls(r) : undefined) },
  ],
  urls: (r) => (isMessage(r) ? (r.links ?? []).map((url) => ({ url, timestamp: r.isodate })) : []),
  urlSource: "whatsapp",
  carve: ["ZWAMESSAGE", "ZWAMEDIAITEM", "ZWAMESSAGEDATAITEM"].map((table) => ({ table, toRecord: deletedMessage })),
});
