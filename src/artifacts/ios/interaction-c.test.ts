import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import interactionC from "./interaction-c.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder, appleTime, fileIdOf } from "../../../test/builders/ios-backup.ts";
import { WA_GROUP } from "../../../test/builders/ios/whatsapp.ts";
import { contactsV2 } from "../../../test/builders/ios/whatsapp-contacts.ts";
import { interactionC as buildInteractionC } from "../../../test/builders/ios/interaction-c.ts";

const DB = "Library/CoreDuet/People/interactionC.db";
const datas = (run: { timeline: { data: string }[] }) => run.timeline.map((e) => e.data);

test("MVT backup with WhatsApp contacts: 3 records, LIDs and numbers resolved to names, 6 timeline events", async () => {
  const run = await runBackupModule(interactionC, MVT_BACKUP, testIocs());
  assert.equal(run.bySlug.whatsapp_contacts?.length, 2); // the dependency ran first
  assert.equal(run.records.length, 3);
  assert.deepEqual(run.warnings, []);
  assert.equal(run.alerts.length, 0);
  const incoming = run.records.find((r) => r.sender_identifier === "100000000000001@lid");
  assert.equal(incoming.direction, "INCOMING");
  assert.equal(incoming.sender_resolved_phone_number, "+14155550100");
  assert.equal(incoming.sender_resolved_name, "Alice Example");
  const outgoing = run.records.find((r) => r.direction === "OUTGOING");
  assert.equal(outgoing.recipient_identifier, "+14155550100");
  assert.equal(outgoing.recipient_resolved_name, "Alice Example");
  assert.equal(outgoing.domain_resolved_phone_number, "+14155550100");
  assert.equal(outgoing.domain_resolved_name, "Alice Example");
  const sms = run.records.find((r) => r.bundle_id === "com.apple.MobileSMS");
  assert.equal(sms.sender_resolved_name ?? null, null);
  assert.equal(sms.sender_display_name, "Bob Example");
  assert.equal(sms.start_date, "2025-09-10 12:26:40.000000");
  assert.equal(sms.attachment_id, "");

  assert.equal(run.timeline.length, 6);
  const all = datas(run);
  assert.ok(all.includes("[net.whatsapp.WhatsApp] INCOMING from Alice Example (+14155550100) to local user"));
  assert.ok(all.includes("[net.whatsapp.WhatsApp] OUTGOING from local user to Alice Example (+14155550100)"));
  assert.ok(all.includes("[com.apple.MobileSMS] INCOMING from Bob Example (+14155550101) to local user"));
  const created = run.timeline.filter((e) => e.event === "interactions_creation_date");
  assert.deepEqual(created, [{ timestamp: "2025-12-09 12:26:40.000000", module: "InteractionC", event: "interactions_creation_date",
    data: "Interaction record created 90 days after the event: [com.apple.MobileSMS] INCOMING from Bob Example (+14155550101) to local user" }]);
  const first = run.timeline.filter((e) => e.event === "first_incoming_sender_date");
  assert.equal(first.length, 1);
  assert.equal(first[0]!.timestamp, "2025-09-03 13:46:40.000000");
  assert.equal(first[0]!.data, "First incoming interaction from Bob Example (+14155550101)");
  assert.ok(all.includes("Last incoming interaction from Bob Example (+14155550101)"));
  assert.deepEqual(run.timeline.map((e) => `${e.timestamp} ${e.event}`).sort(), [
    "2025-09-03 13:46:40.000000 first_incoming_sender_date", "2025-09-08 04:53:20.000000 start_date", "2025-09-09 08:40:00.000000 start_date",
    "2025-09-10 12:26:40.000000 last_incoming_sender_date", "2025-09-10 12:26:40.000000 start_date", "2025-12-09 12:26:40.000000 interactions_creation_date",
  ]);
});

test("MVT's interactionC.db without WhatsApp contacts: unresolved LIDs and numbers shown as they are", async () => {
  const b = new IosBackupBuilder(tempDir());
  const id = fileIdOf("HomeDomain", DB);
  b.file("HomeDomain", DB, readFileSync(join(MVT_BACKUP, id.slice(0, 2), id)));
  const run = await runBackupModule(interactionC, b.finish());
  assert.equal(run.bySlug.whatsapp_contacts, undefined);
  assert.equal(run.records.length, 3);
  assert.equal(run.timeline.length, 6);
  assert.ok(datas(run).includes("[net.whatsapp.WhatsApp] INCOMING from 100000000000001@lid to local user"));
  assert.ok(datas(run).includes("[net.whatsapp.WhatsApp] OUTGOING from local user to +14155550100"));
  const incoming = run.records.find((r) => r.sender_identifier === "100000000000001@lid");
  assert.equal(incoming.sender_resolved_name, null);
  assert.equal(incoming.sender_resolved_phone_number, null);
});

const T = appleTime;

function generated(old = false): string {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", DB, (db) =>
    buildInteractionC(db, {
      old,
      entity: { att: 4, rcp: 5, int: 7 }, // Core Data entity numbers differ across iOS versions
      contacts: [
        { pk: 1, id: "4915100000001@s.whatsapp.net", firstIn: T("2024-01-01 08:00:00"), lastIn: T("2024-01-05 08:00:00"), created: T("2023-12-31 00:00:00") },
        { pk: 2, name: "Mallory", id: "mailto:foobar@example.org", firstOut: T("2024-01-02 00:00:00"), lastOut: T("2024-01-03 00:00:00") },
        { pk: 3, id: "+4915100000002" },
        { pk: 4, name: "Carol", id: "carol@example.org.evil.net" },
      ],
      interactions: [
        { pk: 10, sender: 1, start: T("2024-01-05 08:00:00"), end: T("2024-01-05 08:10:00"), created: T("2024-01-05 05:00:00"),
          bundle: "net.whatsapp.WhatsApp", direction: 0, group: "Family", recipients: [3],
          attachment: { text: "look https://badbadbad.example.org/x", id: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) } },
        { pk: 11, start: T("2024-01-06 09:00:00"), bundle: "com.apple.MobileSMS", account: "e:me@icloud.example", direction: 1, recipients: [2] },
        { pk: 12, sender: 4, start: T("2024-01-07 09:00:00"), bundle: "com.apple.MobileSMS", direction: 0, attachment: { url: "https://example.org.evil.net/a" } },
      ],
    }),
  );
  b.sqlite(WA_GROUP, "ContactsV2.sqlite", (db) =>
    contactsV2(db, [{ full: "Dieter", phone: "+49 151 00000001", jid: "4915100000001@s.whatsapp.net" }, { full: "Erika", jid: "4915100000002@s.whatsapp.net" }]));
  return b.finish();
}

test("generated: join tables found by name, attachments and recipients, JID/number resolution, timeline sentences", async () => {
  const run = await runBackupModule(interactionC, generated());
  assert.deepEqual(run.warnings, []);
  assert.equal(run.records.length, 3);
  const [wa, sms, other] = run.records;
  assert.equal(wa.sender_resolved_name, "Dieter");
  assert.equal(wa.sender_resolved_phone_number, "+4915100000001");
  assert.equal(wa.recipient_resolved_name, "Erika");
  assert.equal(wa.recipient_resolved_phone_number, "+4915100000002");
  assert.equal(wa.attachment_id, "DEADBEEF");
  assert.equal(wa.group_name, "Family");
  assert.equal("sender_resolved_name" in sms, false); // resolution only for WhatsApp rows
  assert.equal(other.attachment_content_url, "https://example.org.evil.net/a");
  const main = "[net.whatsapp.WhatsApp] INCOMING from Dieter (+4915100000001) to Erika (+4915100000002) (group: Family): look https://badbadbad.example.org/x";
  const ev = (event: string) => run.timeline.filter((e) => e.event === event).map((e) => [e.timestamp, e.data]);
  assert.deepEqual(ev("start_date")[0], ["2024-01-05 08:00:00.000000", main]);
  assert.deepEqual(ev("end_date"), [["2024-01-05 08:10:00.000000", main]]); // differs from start: emitted
  assert.deepEqual(ev("interactions_creation_date"), [["2024-01-05 05:00:00.000000", `Interaction record created 3 hours before the event: ${main}`]]);
  assert.deepEqual(ev("first_incoming_sender_date"), [["2024-01-01 08:00:00.000000", "First incoming interaction from Dieter (+4915100000001)"]]);
  assert.deepEqual(ev("contacts_creation_date"), [["2023-12-31 00:00:00.000000", "Contact record created for Dieter (+4915100000001)"]]);
  assert.ok(datas(run).includes("[com.apple.MobileSMS] e:me@icloud.example OUTGOING from local user to Mallory (mailto:foobar@example.org)"));
  assert.equal(run.alerts.length, 0);
});

test("generated: with indicators, a link in an attachment and an email handle match; look-alikes do not", async () => {
  const run = await runBackupModule(interactionC, generated(), testIocs(["domain-name:value", "badbadbad.example.org"]));
  const hits = run.alerts.map((a) => [(a.event as any).table_id, a.level, a.matched_indicator?.type, a.matched_indicator?.value]);
  assert.deepEqual(hits, [[10, "CRITICAL", "domains", "badbadbad.example.org"], [11, "CRITICAL", "emails", "foobar@example.org"]]);
});

test("generated: older schema without attachments or recipients: those keys are absent, parties still described", async () => {
  const run = await runBackupModule(interactionC, generated(true));
  assert.deepEqual(run.warnings, []);
  assert.equal(run.records.length, 3);
  const wa = run.records[0];
  assert.equal("content" in wa, false);
  assert.equal("recipient_identifier" in wa, false);
  assert.equal("group_name" in wa, false);
  assert.equal(wa.sender_resolved_name, "Dieter");
  assert.ok(datas(run).includes("[net.whatsapp.WhatsApp] INCOMING from Dieter (+4915100000001) to local user"));
  assert.ok(datas(run).includes("[com.apple.MobileSMS] e:me@icloud.example OUTGOING from local user to unknown"));
});

test("generated: a corrupt interactionC.db gives exactly one warning naming the file and no records", async () => {
  const b = new IosBackupBuilder(tempDir());
  writeFileSync(b.file("HomeDomain", DB, "x"), Buffer.alloc(2048, 0x5a));
  const run = await runBackupModule(interactionC, b.finish());
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /interactionC\.db/);
});
