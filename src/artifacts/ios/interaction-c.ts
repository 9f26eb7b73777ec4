/** Who-talked-to-whom records from CoreDuet interactionC.db (iOS 12–18, join tables found by name), WhatsApp parties resolved through WhatsApp's contacts. */
import { findLinks } from "../_shared/links.ts";
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import type { SqliteDb, SqlRow } from "../../core/host.ts";
import { fromAppleTime } from "../../core/time.ts";
import { jsonRow } from "../_shared/sql.ts";
import type { WhatsappContactRecord } from "./whatsapp-contacts.ts";
import type { CarvedColumns } from "../../core/carve-port.ts";

type Alias = "I" | "S" | "R" | "A";
/** Output key → [table alias, column]; I = ZINTERACTIONS, S/R = sender/recipient ZCONTACTS, A = ZATTACHMENT (APOLLO's query, as MVT). */
const COLUMNS: readonly [string, Alias, string][] = [
  ["start_date", "I", "ZSTARTDATE"], ["end_date", "I", "ZENDDATE"], ["bundle_id", "I", "ZBUNDLEID"], ["account", "I", "ZACCOUNT"],
  ["target_bundle_id", "I", "ZTARGETBUNDLEID"], ["direction", "I", "ZDIRECTION"], ["sender_display_name", "S", "ZDISPLAYNAME"],
  ["sender_identifier", "S", "ZIDENTIFIER"], ["sender_personid", "S", "ZPERSONID"], ["recipient_display_name", "R", "ZDISPLAYNAME"],
  ["recipient_identifier", "R", "ZIDENTIFIER"], ["recipient_personid", "R", "ZPERSONID"], ["recipient_count", "I", "ZRECIPIENTCOUNT"],
  ["domain_identifier", "I", "ZDOMAINIDENTIFIER"], ["is_response", "I", "ZISRESPONSE"], ["content", "A", "ZCONTENTTEXT"], ["uti", "A", "ZUTI"],
  ["attachment_content_url", "A", "ZCONTENTURL"], ["size", "A", "ZSIZEINBYTES"], ["photo_local_id", "A", "ZPHOTOLOCALIDENTIFIER"],
  ["attachment_id", "A", "ZIDENTIFIER"], ["cloud_id", "A", "ZCLOUDIDENTIFIER"], ["incoming_recipient_count", "S", "ZINCOMINGRECIPIENTCOUNT"],
  ["incoming_sender_count", "S", "ZINCOMINGSENDERCOUNT"], ["outgoing_recipient_count", "S", "ZOUTGOINGRECIPIENTCOUNT"],
  ["interactions_creation_date", "I", "ZCREATIONDATE"], ["contacts_creation_date", "S", "ZCREATIONDATE"],
  ["first_incoming_recipient_date", "S", "ZFIRSTINCOMINGRECIPIENTDATE"], ["first_incoming_sender_date", "S", "ZFIRSTINCOMINGSENDERDATE"],
  ["first_outgoing_recipient_date", "S", "ZFIRSTOUTGOINGRECIPIENTDATE"], ["last_incoming_sender_date", "S", "ZLASTINCOMINGSENDERDATE"],
  ["last_incoming_recipient_date", "S", "ZLASTINCOMINGRECIPIENTDATE"], ["last_outgoing_recipient_date", "S", "ZLASTOUTGOINGRECIPIENTDATE"],
  ["custom_id", "S", "ZCUSTOMIDENTIFIER"], ["interaction_content_url", "I", "ZCONTENTURL"], ["location_uuid", "I", "ZLOCATIONUUID"],
  ["group_name", "I", "ZGROUPNAME"], ["derivied_intent_id", "I", "ZDERIVEDINTENTIDENTIFIER"], ["table_id", "I", "Z_PK"],
];
/** Per-contact aggregate dates (of the sender contact) and their timeline sentence. */
const CONTACT_DATES: Record<string, (p: string) => string> = {
  contacts_creation_date: (p) => `Contact record created for ${p}`,
  first_incoming_sender_date: (p) => `First incoming interaction from ${p}`,
  last_incoming_sender_date: (p) => `Last incoming interaction from ${p}`,
  first_incoming_recipient_date: (p) => `First incoming interaction with ${p} as a recipient`,
  last_incoming_recipient_date: (p) => `Last incoming interaction with ${p} as a recipient`,
  first_outgoing_recipient_date: (p) => `First outgoing interaction to ${p}`,
  last_outgoing_recipient_date: (p) => `Last outgoing interaction to ${p}`,
};
const DATE_KEYS = new Set(["start_date", "end_date", "interactions_creation_date", ...Object.keys(CONTACT_DATES)]);
const PARTIES = ["sender", "recipient", "domain"] as const;

type Str = string | null | undefined;
/** MVT's keys; a key is absent when this iOS version's schema has no such column. */
export interface InteractionCRecord {
  start_date?: Str; end_date?: Str; bundle_id?: Str; account?: Str; direction?: "INCOMING" | "OUTGOING" | null;
  sender_display_name?: Str; sender_identifier?: Str; recipient_display_name?: Str; recipient_identifier?: Str;
  domain_identifier?: Str; content?: Str; group_name?: Str; interactions_creation_date?: Str; attachment_content_url?: Str; interaction_content_url?: Str;
  /** WhatsApp rows only: from WhatsApp's contacts (LID, JID or +number). */
  sender_resolved_phone_number?: Str; sender_resolved_name?: Str; recipient_resolved_phone_number?: Str; recipient_resolved_name?: Str;
  domain_resolved_phone_number?: Str; domain_resolved_name?: Str;
  [key: string]: unknown;
}

/** LEFT JOINs through the many-to-many table Core Data names Z_<n><REL> (entity numbers differ across iOS versions). */
function viaJoinTable(db: SqliteDb, tables: Set<string>, rel: string, toTarget: string, toInteraction: string, target: string): string | undefined {
  for (const t of [...tables].filter((x) => new RegExp(`^Z_\\d+${rel}$`).test(x)).sort()) {
    const cols = db.columns(t);
    const l = cols.find((c) => new RegExp(`^Z_\\d+${toTarget}$`).test(c));
    const r = cols.find((c) => new RegExp(`^Z_\\d+${toInteraction}$`).test(c));
    if (l && r) return `LEFT JOIN "${t}" ON I.Z_PK = "${t}".${r} LEFT JOIN ${target} ON "${t}".${l} = ${target.slice(-1)}.Z_PK`;
  }
  return undefined;
}

function buildQuery(db: SqliteDb): string | undefined {
  const tables = db.tables();
  if (!tables.has("ZINTERACTIONS")) return undefined;
  const has: Record<Alias, Set<string>> = { I: new Set(db.columns("ZINTERACTIONS")), S: new Set(), R: new Set(), A: new Set() };
  const joins: string[] = [];
  if (tables.has("ZCONTACTS") && has.I.has("ZSENDER")) {
    has.S = new Set(db.columns("ZCONTACTS"));
    joins.push("LEFT JOIN ZCONTACTS S ON I.ZSENDER = S.Z_PK");
  }
  const att = tables.has("ZATTACHMENT") ? viaJoinTable(db, tables, "INTERACTIONS", "ATTACHMENTS", "INTERACTIONS", "ZATTACHMENT A") : undefined;
  if (att) (has.A = new Set(db.columns("ZATTACHMENT"))), joins.push(att);
  const rcp = tables.has("ZCONTACTS") ? viaJoinTable(db, tables, "INTERACTIONRECIPIENT", "RECIPIENTS", "INTERACTIONRECIPIENT", "ZCONTACTS R") : undefined;
  if (rcp) (has.R = new Set(db.columns("ZCONTACTS"))), joins.push(rcp);
  const cols = COLUMNS.filter(([, a, c]) => has[a].has(c)).map(([k, a, c]) =>
    k === "direction" ? `CASE I.ZDIRECTION WHEN 0 THEN 'INCOMING' WHEN 1 THEN 'OUTGOING' END AS direction`
    : k === "attachment_id" ? `HEX(A.ZIDENTIFIER) AS attachment_id` : `${a}.${c} AS ${k}`);
  return `SELECT ${cols.join(", ")} FROM ZINTERACTIONS I ${joins.join(" ")}`;
}

interface Person { name: string | null; phone: string | null }
const digits = (s: string) => s.split("@")[0]!.replace(/\D/g, "");

/** WhatsApp contacts by LID digits and by phone digits (from the phone number and the @s.whatsapp.net JID). */
function contactIndex(contacts: readonly WhatsappContactRecord[]): (id: Str) => Person | undefined {
  const byLid = new Map<string, Person>();
  const byPhone = new Map<string, Person>();
  for (const c of contacts) {
    const phoneDigits = digits(c.phone_number ?? "") || digits(c.whatsapp_id ?? "");
    const p: Person = { name: c.full_name || c.business_name || null, phone: phoneDigits ? `+${phoneDigits}` : null };
    if (c.lid && digits(c.lid)) byLid.set(digits(c.lid), p);
    for (const v of [c.phone_number, c.whatsapp_id]) if (v && digits(v) && !v.endsWith("@lid")) byPhone.set(digits(v), p);
  }
  return (id) => {
    if (!id || !digits(id)) return undefined;
    if (id.endsWith("@lid")) return byLid.get(digits(id));
    if (/@s\.whatsapp\.net$|^\+?[\d\s()-]+$/.test(id)) return byPhone.get(digits(id)) ?? byLid.get(digits(id));
    return undefined;
  };
}

function party(r: InteractionCRecord, who: "sender" | "recipient"): string {
  const name = r[`${who}_display_name`] || r[`${who}_resolved_name`];
  const id = r[`${who}_resolved_phone_number`] || r[`${who}_identifier`];
  if (name || id) return name && id ? `${name} (${id})` : String(name || id);
  const local = who === "sender" ? "OUTGOING" : "INCOMING";
  return r.direction === local ? "local user" : "unknown";
}

function summary(r: InteractionCRecord): string {
  return `[${r.bundle_id ?? ""}]${r.account ? " " + r.account : ""} ${r.direction ?? "UNKNOWN"} from ${party(r, "sender")} to ${party(r, "recipient")}` +
    `${r.group_name ? ` (group: ${r.group_name})` : ""}${r.content ? `: ${r.content}` : ""}`;
}

const seconds = (t: string) => Date.parse(t.slice(0, 23).replace(" ", "T") + "Z") / 1000;

function creationEvent(r: InteractionCRecord) {
  const created = r.interactions_creation_date;
  if (!created) return undefined;
  if (!r.start_date) return ev(created, "interactions_creation_date", summary(r));
  const diff = seconds(created) - seconds(r.start_date);
  if (!(Math.abs(diff) >= 3600)) return undefined; // the usual case: the record is written when the interaction happens
  const span = Math.abs(diff) >= 86400 ? `${Math.floor(Math.abs(diff) / 86400)} days` : `${Math.floor(Math.abs(diff) / 3600)} hours`;
  return ev(created, "interactions_creation_date", `Interaction record created ${span} ${diff > 0 ? "after" : "before"} the event: ${summary(r)}`);
}

const EMAIL = /^(mailto:)?[^@\s:]+@[^@\s]+\.[a-z]{2,}$/i;

/**
 * A deleted row of ZINTERACTIONS, ZCONTACTS or ZATTACHMENT (issue 16) under MVT's keys for that table's columns. A
 * contact row alone does not say whether it was a sender or a recipient: its keys say `contact_`.
 */
const deletedRow = (alias: Alias) => (row: CarvedColumns): InteractionCRecord | undefined => {
  const r: InteractionCRecord = {};
  for (const [k, a, c] of COLUMNS) {
    const v = row[c];
    if (a !== alias || v === undefined || v instanceof Uint8Array) continue;
    r[alias === "S" ? k.replace(/^sender_/, "contact_") : k] = DATE_KEYS.has(k) && v !== null ? fromAppleTime(v) : v;
  }
  if (alias === "I" && typeof row.ZDIRECTION === "number") r.direction = row.ZDIRECTION === 0 ? "INCOMING" : row.ZDIRECTION === 1 ? "OUTGOING" : null;
  return Object.values(r).some((v) => typeof v === "string" && v !== "") ? r : undefined;
};

export default defineArtifact<InteractionCRecord>({
  id: "ios.interaction-c",
  platform: "ios",
  mvt: "InteractionC",
  slug: "interaction_c",
  description: "Messaging and call interactions recorded by CoreDuet (interactionC.db)",
  sources: [
    { from: "ios-backup", domain: "HomeDomain", path: "Library/CoreDuet/People/interactionC.db" },
    { from: "ios-fs", glob: "private/var/mobile/Library/CoreDuet/People/interactionC.db" },
  ],
  dependsOn: ["ios.whatsapp-contacts"],
  async *parse({ file }, ctx) {
    const db = await ctx.sqlite(file);
    const sql = buildQuery(db);
    if (!sql) return;
    const lookup = contactIndex(ctx.resultsOf("ios.whatsapp-contacts") as WhatsappContactRecord[]);
    for (const row of db.rows<SqlRow>(sql)) {
      const r = jsonRow(row) as InteractionCRecord;
      for (const k of DATE_KEYS) if (k in r && r[k] !== null && typeof r[k] !== "string") r[k] = fromAppleTime(r[k]);
      if (typeof r.bundle_id === "string" && r.bundle_id.startsWith("net.whatsapp.")) {
        for (const p of PARTIES) {
          const hit = lookup(r[`${p}_identifier`] as Str);
          r[`${p}_resolved_phone_number`] = hit?.phone ?? null;
          r[`${p}_resolved_name`] = hit?.name ?? null;
        }
      }
      yield r;
    }
  },
  timeline(r) {
    const text = summary(r);
    const sender = party(r, "sender");
    return [
      !!r.start_date && ev(r.start_date, "start_date", text),
      !!r.end_date && r.end_date !== r.start_date && ev(r.end_date, "end_date", text),
      creationEvent(r),
      ...Object.entries(CONTACT_DATES).map(([k, say]) => !!r[k] && typeof r[k] === "string" && ev(r[k] as string, k, say(sender))),
    ];
  },
  indicators: [
    { kind: "url", values: (r) => [r.content, r.attachment_content_url, r.interaction_content_url].flatMap((v) => (typeof v === "string" ? findLinks(v) : [])) },
    { kind: "email", values: (r) => [r.sender_identifier, r.recipient_identifier, r.contact_identifier].flatMap((v) => (typeof v === "string" && EMAIL.test(v) ? [v.replace(/^mailto:/i, "")] : [])) },
  ],
  carve: [
    { table: "ZINTERACTIONS", toRecord: deletedRow("I") },
    { table: "ZCONTACTS", toRecord: deletedRow("S") },
    { table: "ZATTACHMENT", toRecord: deletedRow("A") },
  ],
});
