import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import contacts from "./whatsapp-contacts.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder, appleTime } from "../../../test/builders/ios-backup.ts";
import { WA_GROUP } from "../../../test/builders/ios/whatsapp.ts";
import { contactsV2, type WaContact } from "../../../test/builders/ios/whatsapp-contacts.ts";

const KEYS = ["row_pk", "whatsapp_id", "lid", "phone_number", "localized_phone_number", "full_name", "given_name", "last_name", "user_name",
  "business_name", "about_text", "about_emoji", "notes", "disappearing_mode_duration", "disappearing_mode_timestamp", "about_timestamp",
  "about_expiration_timestamp", "last_updated", "phone_status", "sync_policy", "disappearing_mode_is_on", "disappearing_mode_label"];

test("MVT backup: Alice and Bob, 5 timeline events, no alert", async () => {
  const run = await runBackupModule(contacts, MVT_BACKUP, testIocs());
  assert.equal(run.records.length, 2);
  assert.deepEqual(run.warnings, []);
  assert.equal(run.alerts.length, 0);
  const alice = run.records.find((r) => r.full_name === "Alice Example");
  assert.deepEqual(Object.keys(alice), KEYS);
  assert.equal(alice.phone_number, "+14155550100");
  assert.equal(alice.whatsapp_id, "14155550100@s.whatsapp.net");
  assert.equal(alice.lid, "100000000000001@lid");
  assert.equal(alice.user_name, "alice.example");
  assert.equal(alice.disappearing_mode_duration, 86400);
  assert.equal(alice.disappearing_mode_is_on, true);
  assert.equal(alice.disappearing_mode_label, "24 hours");
  assert.equal(alice.disappearing_mode_timestamp, "2025-07-23 21:46:40.000000");
  assert.equal(alice.about_timestamp, "2025-07-12 08:00:00.000000");
  assert.equal(alice.about_expiration_timestamp, "2025-08-16 01:20:00.000000");
  assert.equal(alice.last_updated, "2025-08-04 11:33:20.000000");
  const bob = run.records.find((r) => r.full_name === "Bob Example");
  assert.equal(bob.lid, null);
  assert.equal(bob.disappearing_mode_duration, null);
  assert.equal(bob.disappearing_mode_is_on, false);
  assert.equal(bob.disappearing_mode_label, "off");
  assert.equal(bob.disappearing_mode_timestamp, null);

  assert.equal(run.timeline.length, 5);
  const at = (event: string) => run.timeline.filter((e) => e.event === event);
  const set = at("disappearing_mode_set");
  assert.equal(set.length, 1);
  assert.equal(set[0]!.timestamp, "2025-07-23 21:46:40.000000");
  assert.equal(set[0]!.data, "WhatsApp disappearing messages timer set to '24 hours' for 14155550100@s.whatsapp.net (Alice Example)");
  assert.equal(at("about_changed")[0]!.timestamp, "2025-07-12 08:00:00.000000");
  assert.match(at("about_changed")[0]!.data, /changed to "Hey there! I am using WhatsApp\."/);
  assert.equal(at("about_expiration")[0]!.timestamp, "2025-08-16 01:20:00.000000");
  assert.match(at("about_expiration")[0]!.data, /scheduled to expire/);
  const updated = at("contact_last_updated");
  assert.equal(updated.length, 2);
  assert.deepEqual(updated.map((e) => e.timestamp), ["2025-08-04 11:33:20.000000", "2025-08-04 11:33:20.000000"]);
  assert.ok(updated.some((e) => e.data.includes("14155550101@s.whatsapp.net (Bob Example)")));
});

test("missing ContactsV2.sqlite (no WhatsApp, or an incremental backup): no records, no alert, no warning", async () => {
  const run = await runBackupModule(contacts, new IosBackupBuilder(tempDir()).finish());
  assert.equal(run.records.length, 0);
  assert.equal(run.alerts.length, 0);
  assert.equal(run.timeline.length, 0);
  assert.equal(run.warnings.length, 0, "an absent app is not a problem (MVT logs a warning here; we keep warnings for damaged evidence)");
});

const T = appleTime;
const PEOPLE: WaContact[] = [
  { full: "Zoë Müller", phone: "+4915100000001", jid: "4915100000001@s.whatsapp.net", lid: "500000000000001@lid", duration: 604800, disappearingAt: T("2024-02-01 10:00:00"),
    about: "visit https://badbadbad.example.org/profile", aboutAt: T("2024-01-15 09:00:00"), status: 2 },
  { full: "Odd Timer", jid: "4915100000002@s.whatsapp.net", duration: 3600, disappearingAt: T("2024-02-02 10:00:00"), about: "https://example.org.evil.net/" },
  { lid: "500000000000003@lid", duration: 0, updated: T("2024-03-01 00:00:00") },
];

test("generated: UTF-8 blob strings, timer labels, about text with a link checked as URL", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite(WA_GROUP, "ContactsV2.sqlite", (db) => contactsV2(db, PEOPLE));
  const run = await runBackupModule(contacts, b.finish(), testIocs(["domain-name:value", "badbadbad.example.org"]));
  assert.deepEqual(run.warnings, []);
  assert.equal(run.records.length, 3);
  const [zoe, odd, anon] = run.records;
  assert.equal(zoe.full_name, "Zoë Müller");
  assert.deepEqual([zoe.disappearing_mode_label, odd.disappearing_mode_label, anon.disappearing_mode_label], ["7 days", "3600 seconds", "off"]);
  assert.deepEqual([zoe.disappearing_mode_is_on, odd.disappearing_mode_is_on, anon.disappearing_mode_is_on], [true, true, false]);
  assert.equal(zoe.phone_status, 2);
  assert.equal(run.timeline.find((e) => e.event === "disappearing_mode_set" && e.timestamp.startsWith("2024-02-01"))!.data,
    "WhatsApp disappearing messages timer set to '7 days' for 4915100000001@s.whatsapp.net (Zoë Müller)");
  assert.equal(run.timeline.find((e) => e.event === "contact_last_updated")!.data, "WhatsApp contact record for 500000000000003@lid updated");
  // One hit (the about link); "example.org.evil.net" is not under example.org.
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.level, "CRITICAL");
  assert.equal((run.alerts[0]!.event as any).full_name, "Zoë Müller");
  assert.equal(run.alerts[0]!.matched_indicator?.value, "badbadbad.example.org");
});

test("generated: older schema without the duration column (state unknown, one warning) and with ZPHONENUMBERSTATUS", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite(WA_GROUP, "ContactsV2.sqlite", (db) =>
    contactsV2(db, PEOPLE, { drop: ["ZDISAPPEARINGMODEDURATION", "ZABOUTEXPIRATIONTIMESTAMP", "ZUSERNAME"], rename: { ZPHONESTATUS: "ZPHONENUMBERSTATUS" } }));
  const run = await runBackupModule(contacts, b.finish());
  assert.equal(run.records.length, 3);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.message, /ZDISAPPEARINGMODEDURATION/);
  const zoe = run.records[0];
  assert.deepEqual(Object.keys(zoe), KEYS);
  assert.deepEqual([zoe.disappearing_mode_duration, zoe.disappearing_mode_is_on, zoe.disappearing_mode_label], [null, null, null]);
  assert.equal(zoe.user_name, null);
  assert.equal(zoe.about_expiration_timestamp, null);
  assert.equal(zoe.phone_status, 2);
  assert.equal(run.timeline.find((e) => e.event === "disappearing_mode_set")!.data,
    "WhatsApp disappearing messages timer set to 'None' for 4915100000001@s.whatsapp.net (Zoë Müller)");
});

test("generated: no contacts table → one warning, no records; corrupt file → one warning naming it", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite(WA_GROUP, "ContactsV2.sqlite", (db) => db.exec("CREATE TABLE ZOTHER (Z_PK INTEGER)"));
  const run = await runBackupModule(contacts, b.finish());
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.message, /ZWAADDRESSBOOKCONTACT/);

  const c = new IosBackupBuilder(tempDir());
  writeFileSync(c.file(WA_GROUP, "ContactsV2.sqlite", "x"), Buffer.from("garbage, not a database".repeat(50)));
  const bad = await runBackupModule(contacts, c.finish());
  assert.equal(bad.records.length, 0);
  assert.equal(bad.warnings.length, 1);
  assert.match(bad.warnings[0]!.file, /ContactsV2\.sqlite/);
});
