import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import whatsapp from "./whatsapp.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder, appleTime } from "../../../test/builders/ios-backup.ts";
import { WA_GROUP, chatStorage, lidTable } from "../../../test/builders/ios/whatsapp.ts";

const byType = (records: any[], t: string | undefined) => records.filter((r) => r.record_type === t);
const tl = (run: { timeline: { timestamp: string; event: string; data: string }[] }, event: string, ts?: string) =>
  run.timeline.filter((e) => e.event === event && (ts === undefined || e.timestamp === ts));

test("MVT backup: 3 messages, 1 LID pair, 2 chat sessions, 9 timeline events, no alert", async () => {
  const run = await runBackupModule(whatsapp, MVT_BACKUP);
  assert.equal(run.records.length, 6);
  assert.deepEqual(run.warnings, []);
  assert.equal(run.alerts.length, 0);
  assert.equal(run.records.filter((r) => "ZTEXT" in r).length, 3);
  assert.equal(byType(run.records, "chat_session").length, 2);
  const pairs = byType(run.records, "lid_phone_number_pair");
  assert.deepEqual(pairs, [{ record_type: "lid_phone_number_pair", lid: "100000000000001", phone_number: "14155550100", pair_timestamp: "2025-08-25 07:33:20.000000" }]);

  const withLinks = run.records.filter((r) => r.links?.length);
  assert.equal(withLinks.length, 1);
  assert.deepEqual(withLinks[0].links, ["https://example.org/news"]);
  assert.equal(withLinks[0].isodate, "2025-08-28 18:53:20.000000");
  const hi = run.records.find((r) => r.ZTEXT === "Hi");
  assert.equal("links" in hi, false); // text without links: no `links` key
  assert.equal(hi.isodate, "2025-08-27 15:06:40.000000");
  assert.equal(hi.ZFROMJID, "14155550100@s.whatsapp.net");

  const alice = run.records.find((r) => r.partner_name === "Alice Example");
  assert.equal(alice.contact_jid, "100000000000001@lid");
  assert.equal(alice.partner_resolved_phone_number, "+14155550100");
  assert.equal(alice.first_stored_message_date, "2025-08-27 15:06:40.000000");
  assert.equal(alice.last_message_date, "2025-08-28 18:53:20.000000");
  assert.equal(alice.group_creation_date, null);
  assert.equal(alice.stored_message_count, 2);
  const group = run.records.find((r) => r.partner_name === "Example Group");
  assert.equal(group.group_creation_date, "2025-08-21 20:13:20.000000");
  assert.equal(group.first_stored_message_date, "2025-08-29 22:40:00.000000");
  assert.equal(group.last_stored_message_date, "2025-08-29 22:40:00.000000");
  assert.equal(group.last_message_date, "2025-08-31 02:26:40.000000");
  assert.equal(group.partner_resolved_phone_number, null);
  assert.deepEqual(Object.keys(alice), ["session_pk", "contact_jid", "partner_name", "session_type", "archived", "removed", "message_counter",
    "last_message_date", "group_creation_date", "first_stored_message_date", "last_stored_message_date", "stored_message_count", "record_type",
    "partner_resolved_phone_number"]);

  assert.equal(run.timeline.length, 9);
  const count = (e: string) => tl(run, e).length;
  assert.deepEqual([count("message"), count("chat_first_message"), count("chat_last_message"), count("group_created"), count("lid_pair_recorded")], [3, 2, 2, 1, 1]);
  assert.equal(tl(run, "chat_first_message", "2025-08-27 15:06:40.000000")[0]!.data, "First stored message in WhatsApp chat with 'Alice Example' (+14155550100)");
  assert.equal(tl(run, "chat_last_message", "2025-08-28 18:53:20.000000")[0]!.data, "Last message in WhatsApp chat with 'Alice Example' (+14155550100)");
  assert.equal(tl(run, "lid_pair_recorded", "2025-08-25 07:33:20.000000")[0]!.data, "WhatsApp associated LID 100000000000001 with phone number 14155550100");
  assert.equal(tl(run, "group_created", "2025-08-21 20:13:20.000000")[0]!.data, "WhatsApp group chat 'Example Group' (120000000000000001@g.us) was created");
  assert.equal(tl(run, "chat_first_message", "2025-08-29 22:40:00.000000").length, 1);
  assert.equal(tl(run, "chat_last_message", "2025-08-31 02:26:40.000000").length, 1);
  assert.equal(tl(run, "message", "2025-08-28 18:53:20.000000")[0]!.data, "'Check https://example.org/news' from None - Embedded links: https://example.org/news");
  assert.deepEqual(run.urls, [{ url: "https://example.org/news", expanded_url: null, timestamp: "2025-08-28 18:53:20.000000", source: "whatsapp" }]);
});

test("MVT backup: test.stix2 gives 1 CRITICAL for https://example.org/news (parent domain example.org)", async () => {
  const run = await runBackupModule(whatsapp, MVT_BACKUP, testIocs());
  assert.equal(run.records.length, 6);
  assert.equal(run.alerts.length, 1);
  const a = run.alerts[0]!;
  assert.equal(a.level, "CRITICAL");
  assert.equal(a.module, "whatsapp");
  assert.equal(a.event_time, "");
  assert.equal(a.matched_indicator?.value, "example.org");
  assert.equal(a.matched_indicator?.type, "domains");
  assert.deepEqual((a.event as any).links, ["https://example.org/news"]);
});

const T = (s: string) => appleTime(s);

function modernBackup(opts: { corruptLid?: boolean } = {}): string {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite(WA_GROUP, "ChatStorage.sqlite", (db) =>
    chatStorage(db, {
      messages: [
        { pk: 1, session: 1, from: "491700000001@s.whatsapp.net", text: "see https://badbadbad.example.org/a and https://badbadbad.example.org/a\nbye", date: T("2024-01-02 10:00:00") },
        { pk: 2, session: 1, to: "491700000001@s.whatsapp.net", text: "", date: T("2024-01-02 10:05:00") },
        { pk: 3, session: 2, from: "491700000002@s.whatsapp.net", text: "plain words", date: T("2024-01-03 09:00:00") },
        { pk: 4, session: 2, from: "491700000002@s.whatsapp.net", text: "look https://example.org.evil.net/x", date: T("2024-01-03 09:30:00") },
        { pk: 5, session: 2, from: "491700000002@s.whatsapp.net", text: "a preview", date: T("2024-01-03 09:40:00") },
      ],
      media: [{ message: 2, author: "Someone", url: "https://mmg.whatsapp.net/d/f/abc.enc" }, { message: 1, url: "https://mmg-fna.whatsapp.net/x.enc" }],
      data: [
        { message: 2, content1: "https://media.example.net/p.jpg", matched: "https://media.example.net/p.jpg" },
        { message: 5, title: "Read https://title.example.com/t now", matched: "preview.example.com/path" },
      ],
      sessions: [
        { pk: 1, jid: "200000000000009@lid", name: "Eve", lastDate: T("2024-01-04 00:00:00") },
        { pk: 2, jid: "120000000000000009@g.us", name: "Friends", type: 1, groupCreated: T("2023-12-24 18:00:00") },
        { pk: 3, jid: "300000000000001@lid" },
      ],
    }),
  );
  // LID.sqlite has no Manifest row (as in MVT's test backup): found by its computed file id.
  if (opts.corruptLid) b.file(WA_GROUP, "LID.sqlite", "this is not sqlite", { listed: false });
  else b.sqlite(WA_GROUP, "LID.sqlite", (db) => lidTable(db, [{ lid: "200000000000009", phone: "+491700000001", ts: T("2023-12-31 12:00:00") }, { lid: "300000000000001", phone: "491700000003" }]), { listed: false });
  return b.finish();
}

test("generated: links from every field, media hosts dropped, LID pairs from an unlisted LID.sqlite, sessions resolved", async () => {
  const run = await runBackupModule(whatsapp, modernBackup());
  assert.deepEqual(run.warnings, []);
  const msgs = run.records.filter((r) => r.record_type === undefined);
  assert.equal(msgs.length, 5);
  const m = (pk: number) => msgs.find((r) => r.Z_PK === pk);
  assert.deepEqual(m(1).links, ["https://badbadbad.example.org/a"]); // unique
  assert.deepEqual(m(2).links, ["https://media.example.net/p.jpg"]); // mmg.whatsapp.net dropped, duplicates merged
  assert.equal(m(2).ZAUTHORNAME, "Someone");
  assert.equal(m(2).ZTEXT, "");
  assert.equal("links" in m(3), false);
  assert.equal("links" in m(5), false); // scheme-less matched text and the title are not MVT link fields
  assert.equal(m(1).isodate, "2024-01-02 10:00:00.000000");
  assert.equal(tl(run, "message", "2024-01-02 10:00:00.000000")[0]!.data,
    "'see https://badbadbad.example.org/a and https://badbadbad.example.org/a\\nbye' from 491700000001@s.whatsapp.net - Embedded links: https://badbadbad.example.org/a");

  const pairs = byType(run.records, "lid_phone_number_pair");
  assert.deepEqual(pairs.map((p) => [p.lid, p.phone_number, p.pair_timestamp]), [["200000000000009", "+491700000001", "2023-12-31 12:00:00.000000"], ["300000000000001", "491700000003", null]]);
  assert.equal(tl(run, "lid_pair_recorded").length, 1); // the pair without a time has no event
  const sessions = byType(run.records, "chat_session");
  assert.deepEqual(sessions.map((s) => s.partner_resolved_phone_number), ["+491700000001", null, "+491700000003"]);
  assert.deepEqual(sessions.map((s) => s.stored_message_count), [2, 3, 0]);
  assert.equal(tl(run, "chat_last_message", "2024-01-04 00:00:00.000000")[0]!.data, "Last message in WhatsApp chat with 'Eve' (+491700000001)");
  // No session date: the newest stored message is the last one.
  assert.equal(tl(run, "chat_last_message", "2024-01-03 09:40:00.000000")[0]!.data, "Last message in WhatsApp group chat 'Friends' (120000000000000009@g.us)");
  assert.equal(tl(run, "group_created")[0]!.timestamp, "2023-12-24 18:00:00.000000");
  assert.equal(tl(run, "chat_first_message").length, 2); // session 3 has no stored message
  assert.deepEqual(run.urls.map((u) => u.url), ["https://badbadbad.example.org/a", "https://media.example.net/p.jpg", "https://example.org.evil.net/x"]);
  assert.equal(run.alerts.length, 0);
});

test("generated: indicator hits on links and on link-like preview text; a look-alike host does not match", async () => {
  const iocs = testIocs(["domain-name:value", "badbadbad.example.org"], ["domain-name:value", "title.example.com"], ["domain-name:value", "preview.example.com"]);
  const run = await runBackupModule(whatsapp, modernBackup(), iocs);
  const hits = run.alerts.map((a) => [(a.event as any).Z_PK, a.level, a.matched_indicator?.value]);
  assert.deepEqual(hits, [[1, "CRITICAL", "badbadbad.example.org"], [5, "CRITICAL", "title.example.com"]]);
  // Message 4 links to example.org.evil.net: example.org is in test.stix2 but is not a parent of that host.
  assert.equal(run.alerts.some((a) => (a.event as any).Z_PK === 4), false);
});

test("generated: preview matched text without a scheme is checked when nothing else matches", async () => {
  const run = await runBackupModule(whatsapp, modernBackup(), testIocs(["domain-name:value", "preview.example.com"]));
  // Message 1 matches test.stix2's example.org as a parent domain; message 5 only through its scheme-less matched text.
  assert.deepEqual(run.alerts.map((a) => [(a.event as any).Z_PK, a.matched_indicator?.value]), [[1, "example.org"], [5, "preview.example.com"]]);
});

test("generated: older schema (no sessions, no data items, LID pairs inside ChatStorage.sqlite)", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite(WA_GROUP, "ChatStorage.sqlite", (db) =>
    chatStorage(db, {
      messages: [{ pk: 7, from: "15550000001@s.whatsapp.net", text: "old https://old.example.org", date: T("2021-05-01 08:00:00") }],
      old: { pairs: [{ lid: "999@lid", phone: "15550000001@s.whatsapp.net", ts: T("2021-04-01 00:00:00") }] },
    }),
  );
  const run = await runBackupModule(whatsapp, b.finish());
  assert.deepEqual(run.warnings, []);
  assert.equal(run.records.length, 2);
  assert.deepEqual(run.records[0].links, ["https://old.example.org"]);
  assert.equal(run.records[0].ZCONTENT1, null); // joined columns stay present as null
  assert.deepEqual(run.records[1], { record_type: "lid_phone_number_pair", lid: "999@lid", phone_number: "15550000001@s.whatsapp.net", pair_timestamp: "2021-04-01 00:00:00.000000" });
  assert.equal(byType(run.records, "chat_session").length, 0);
  assert.equal(run.timeline.length, 2);
});

test("generated: a damaged LID.sqlite gives one warning naming it; messages and sessions still come out", async () => {
  const run = await runBackupModule(whatsapp, modernBackup({ corruptLid: true }));
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /LID\.sqlite/);
  assert.equal(run.records.filter((r) => r.record_type === undefined).length, 5);
  assert.equal(byType(run.records, "lid_phone_number_pair").length, 0);
  assert.deepEqual(byType(run.records, "chat_session").map((s) => s.partner_resolved_phone_number), [null, null, null]);
});

test("generated: a corrupt ChatStorage.sqlite gives exactly one warning naming the file and no records", async () => {
  const b = new IosBackupBuilder(tempDir());
  writeFileSync(b.file(WA_GROUP, "ChatStorage.sqlite", "x"), Buffer.alloc(4096, 0xa5));
  const run = await runBackupModule(whatsapp, b.finish());
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /ChatStorage\.sqlite/);
});
