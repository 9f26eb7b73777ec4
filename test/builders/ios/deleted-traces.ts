/**
 * An iPhone backup where traces were planted and then deleted as the apps delete rows (issue 16): two SMS with
 * links (Messages deletes the message row and its chat join), one Safari visit (history_visits then history_items,
 * as "Clear History" does), one DataUsage process row (what Pegasus removed: its ZLIVEUSAGE rows stay), and one SMS
 * that only an old frame of sms.db-wal still holds (written, then deleted with secure_delete so the newer frame
 * and the database keep none of it; the WAL was never checkpointed). Each trace has its own indicator.
 */
import { copyFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { appleTime, IosBackupBuilder, type Db } from "../ios-backup.ts";
import { buildSmsDb, type SmsMessage } from "./sms.ts";
import { buildSafariHistoryDb, type SafariVisit } from "./safari-history.ts";
import { buildDataUsageDb, type UsageProcess } from "./datausage.ts";

/** The planted traces: what an indicator names, and the text the record held. */
export const TRACES = {
  sms1: { indicator: ["domain-name:value", "parcel-track-spy.example"], text: "Your parcel is held, pay the fee: https://parcel-track-spy.example/p/8d2f" },
  sms2: { indicator: ["domain-name:value", "news-update-spy.example"], text: "Breaking: https://news-update-spy.example/a/55 read before it is removed" },
  safari: { indicator: ["domain-name:value", "landing-exploit-spy.example"], url: "https://landing-exploit-spy.example/x/1f3a" },
  process: { indicator: ["process:name", "bh_spyagentd"], name: "bh_spyagentd" },
  wal: { indicator: ["domain-name:value", "wal-only-spy.example"], text: "Verify your account now https://wal-only-spy.example/v/77" },
} as const;

export const TRACE_INDICATORS = Object.values(TRACES).map((t) => [...t.indicator] as [string, string]);

export interface DeletedTracesOptions {
  /** Delete with `PRAGMA secure_delete = ON`: SQLite zeroes what it frees; then nothing is left to recover. */
  secureDelete?: boolean;
  /** Plant and delete only benign rows (links to well-known sites, an Apple process): a clean phone. */
  benign?: boolean;
}

const at = (i: number) => new Date(Date.parse("2024-02-10T08:00:00Z") + i * 3_600_000).toISOString().replace("T", " ").slice(0, 19);

/** Benign messages around the traces, so the deleted rows sit among live ones on shared pages. */
function* everydayMessages(n: number): Iterable<SmsMessage> {
  for (let i = 0; i < n; i++) yield { text: `See you at ${i % 12 + 1} at the usual place (${i})`, handle: `+3933312345${i % 7}`, date: at(i) };
}

const deleteMessages = (db: Db, ids: readonly number[]) => {
  const join = db.prepare("DELETE FROM chat_message_join WHERE message_id = ?");
  const msg = db.prepare("DELETE FROM message WHERE ROWID = ?");
  db.transaction(() => ids.forEach((id) => (join.run(id), msg.run(id))))();
};

/** Writes the backup into `dir`; returns its folder. */
export function buildDeletedTracesBackup(dir: string, opts: DeletedTracesOptions = {}): string {
  const b = new IosBackupBuilder(dir);
  const secure = (db: Db) => db.pragma(`secure_delete = ${opts.secureDelete ? "ON" : "OFF"}`);
  const t = opts.benign
    ? { sms1: "Lunch menu: https://www.apple.com/newsroom/", sms2: "The slides https://www.wikipedia.org/wiki/SQLite", url: "https://www.wikipedia.org/wiki/Rome", proc: "com.apple.weather.widget", wal: "Call me back https://www.apple.com/support/" }
    : { sms1: TRACES.sms1.text, sms2: TRACES.sms2.text, url: TRACES.safari.url, proc: TRACES.process.name, wal: TRACES.wal.text };

  // sms.db: the two messages deleted and checkpointed into the database; then, in WAL mode and never checkpointed,
  // one more message written and deleted: the database file and the -wal are copied while the connection is open
  // (closing would checkpoint and remove the WAL).
  const smsPath = b.pathOf("HomeDomain", "Library/SMS/sms.db");
  const kept = join(dir, "..", "sms-kept");
  b.sqlite("HomeDomain", "Library/SMS/sms.db", (db) => {
    secure(db);
    const [, a, , c] = buildSmsDb(db, [...everydayMessages(1), { text: t.sms1, handle: "+15550001111", date: at(40) }, ...everydayMessages(1), { text: t.sms2, handle: "+15550002222", date: at(41) }]);
    buildSmsDb(db, everydayMessages(120));
    deleteMessages(db, [a!, c!]);
    db.pragma("journal_mode = WAL");
    db.pragma("wal_autocheckpoint = 0");
    const [w] = buildSmsDb(db, [{ text: t.wal, handle: "+15550003333", date: at(200) }]);
    db.pragma("secure_delete = ON"); // the newer frame of the page keeps nothing of it: only the old frame does
    deleteMessages(db, [w!]);
    // secure_delete does not reach an old WAL frame: only a checkpoint (which empties the -wal) does.
    if (opts.secureDelete) db.pragma("wal_checkpoint(TRUNCATE)");
    copyFileSync(smsPath, kept);
    copyFileSync(`${smsPath}-wal`, `${kept}-wal`);
  });
  copyFileSync(kept, smsPath);
  b.file("HomeDomain", "Library/SMS/sms.db-wal", readFileSync(`${kept}-wal`));
  for (const f of [kept, `${kept}-wal`]) if (existsSync(f)) rmSync(f);

  // History.db: the visit row, then its history item, as Safari's "Clear History" deletes them.
  b.sqlite("HomeDomain", "Library/Safari/History.db", (db) => {
    secure(db);
    const visits: SafariVisit[] = [];
    for (let i = 0; i < 60; i++) visits.push({ url: `https://www.wikipedia.org/wiki/Page_${i}`, time: appleTime(at(i)) });
    visits.push({ url: t.url, time: appleTime(at(70)) });
    buildSafariHistoryDb(db, visits);
    const id = db.prepare("SELECT id FROM history_items WHERE url = ?").pluck().get(t.url);
    db.prepare("DELETE FROM history_visits WHERE history_item = ?").run(id);
    db.prepare("DELETE FROM history_items WHERE id = ?").run(id);
  });

  // DataUsage.sqlite: the process row deleted, its network-usage rows left (Amnesty's Pegasus finding).
  b.sqlite("WirelessDomain", "Library/Databases/DataUsage.sqlite", (db) => {
    secure(db);
    const procs: UsageProcess[] = ["backboardd", "mDNSResponder/com.apple.AppStore", t.proc, "CumulativeUsageTracker", "nsurlsessiond"].map((name, i) => ({ pk: i + 1, name, bundle: name.includes(".") ? name : null, first: at(i) }));
    buildDataUsageDb(db, procs, procs.map((p) => ({ pk: p.pk, proc: p.pk, time: at(p.pk + 10), wwanIn: 1000 * p.pk })));
    // On a clean phone iOS removes a process with its usage rows; Pegasus removed only the process row.
    if (opts.benign) db.prepare("DELETE FROM ZLIVEUSAGE WHERE ZHASPROCESS = (SELECT Z_PK FROM ZPROCESS WHERE ZPROCNAME = ?)").run(t.proc);
    db.prepare("DELETE FROM ZPROCESS WHERE ZPROCNAME = ?").run(t.proc);
  });
  return b.finish();
}
