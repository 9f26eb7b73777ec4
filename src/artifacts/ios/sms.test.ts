import { test } from "node:test";
import { ExactInteger } from "../../core/exact-int.ts";
import { toJson } from "../../outputs/json.ts";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import sms from "./sms.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder } from "../../../test/builders/ios-backup.ts";
import { buildSmsDb, type SmsMessage, typedStreamAttributedBody } from "../../../test/builders/ios/sms.ts";
import { decodeTypedStreamString } from "../../formats/nskeyed.ts";

const SMS_DB = "Library/SMS/sms.db";
const THREAT = "ALERT: Apple detected a targeted mercenary spyware attack against your iPhone. Attackers may be targeting you";

function backupWith(messages: SmsMessage[], opts: { legacy?: boolean } = {}): string {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", SMS_DB, (db) => buildSmsDb(db, messages, opts));
  return b.finish();
}

test("MVT backup: 1 message, 2 timeline events, the link in urls.json, no alert without indicators", async () => {
  const run = await runBackupModule(sms, MVT_BACKUP);
  assert.equal(run.records.length, 1);
  assert.equal(run.timeline.length, 2);
  assert.equal(run.alerts.length, 0);
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.urls, [{ url: "https://badbadbad.example.org/", expanded_url: null, timestamp: "2019-08-29 23:13:30.000000", source: "sms" }]);
  const m = run.records[0];
  assert.equal(String(m.date), "588813210539788032"); // exact: a double would give ...788000
  assert.match(JSON.stringify(toJson(m)), /"date\\": 588813210539788032,/);
  assert.equal(m.isodate, "2019-08-29 23:13:30.000000");
  assert.equal(m.isodate_read, "2019-08-29 23:13:30.000000");
  assert.equal(m.direction, "received");
  assert.equal(m.phone_number, "apple");
  assert.equal(m.text, "Please click here https://badbadbad.example.org/");
  assert.deepEqual(m.links, ["https://badbadbad.example.org/"]);
  assert.equal(m.attributedBody, null);
  assert.deepEqual(Object.keys(m).slice(-6), ["thread_originator_part", "phone_number", "isodate", "isodate_read", "direction", "links"]);
  assert.deepEqual(run.timeline.map((e) => e.event).sort(), ["sms_read", "sms_received"]);
  assert.equal(run.timeline[0]!.data, 'None: FDC6EC94-9D5A-434D-90FA-BF170E10A311 "Please click here https://badbadbad.example.org/" from apple (None)');
});

test("MVT backup: test.stix2 gives 1 CRITICAL through the parent domain example.org", async () => {
  const run = await runBackupModule(sms, MVT_BACKUP, testIocs());
  assert.equal(run.records.length, 1);
  assert.equal(run.timeline.length, 2);
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.level, "CRITICAL");
  assert.equal(run.alerts[0]!.matched_indicator?.value, "example.org");
  assert.equal(run.alerts[0]!.event_time, "");
});

test("MVT backup: with domain badbadbad.example.org added, 1 CRITICAL matching it", async () => {
  const run = await runBackupModule(sms, MVT_BACKUP, testIocs(["domain-name:value", "badbadbad.example.org"]));
  assert.equal(run.records.length, 1);
  assert.equal(run.timeline.length, 2);
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.level, "CRITICAL");
  assert.deepEqual(run.alerts[0]!.matched_indicator && { ...run.alerts[0]!.matched_indicator, id: undefined }, {
    value: "badbadbad.example.org", type: "domains", name: "TestMalware", stix2_file_name: "test.stix2", id: undefined,
  });
});

test("fixture: records, keys, directions, dates and the timeline of a modern sms.db", async () => {
  const dir = backupWith([
    { text: "Hi\nthere", handle: "+15555550101", date: "2024-01-02 03:04:05", dateRead: "2024-01-02 03:05:00", service: "SMS" },
    { text: "sent by me", handle: "+15555550101", date: "2024-01-02 04:00:00", isFromMe: true, service: "SMS" },
    { text: "no handle, left out as in MVT", date: "2024-01-02 05:00:00", isFromMe: true },
  ]);
  const run = await runBackupModule(sms, dir);
  assert.equal(run.records.length, 2);
  const [a, b] = run.records;
  assert.equal(a.isodate, "2024-01-02 03:04:05.000000");
  assert.equal(a.isodate_read, "2024-01-02 03:05:00.000000");
  assert.equal(a.direction, "received");
  assert.equal(b.direction, "sent");
  assert.equal(b.isodate_read, "");
  assert.equal(a.service, "SMS");
  assert.equal(a.account, "p:+15555550000");
  assert.equal(a.message_summary_info, null);
  assert.ok(a.date instanceof ExactInteger && String(a.date).length === 18);
  assert.deepEqual(a.links, []);
  assert.deepEqual(run.urls, []);
  assert.equal(run.timeline.length, 3);
  const read = run.timeline.find((e) => e.event === "sms_read")!;
  assert.equal(read.timestamp, "2024-01-02 03:05:00.000000");
  assert.equal(read.data, `SMS: ${a.guid} "Hi\\nthere" from +15555550101 (p:+15555550000)`);
});

test("fixture: iOS 16+ text only in attributedBody is decoded for text and links", async () => {
  const blob = typedStreamAttributedBody("Open https://Evil.example.net/x?y=1 now");
  assert.equal(decodeTypedStreamString(blob), "Open https://Evil.example.net/x?y=1 now");
  const dir = backupWith([{ text: null, attributedBodyText: "Open https://Evil.example.net/x?y=1 now", handle: "+15555550102", date: "2024-02-01 00:00:00" }]);
  const run = await runBackupModule(sms, dir, testIocs(["domain-name:value", "evil.example.net"]));
  const m = run.records[0];
  assert.equal(m.text, "Open https://Evil.example.net/x?y=1 now");
  assert.deepEqual(m.links, ["https://Evil.example.net/x?y=1"]);
  assert.equal(m.attributedBody, Buffer.from(blob).toString("base64"));
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.matched_indicator?.value, "evil.example.net");
  assert.deepEqual(run.urls, [{ url: "https://Evil.example.net/x?y=1", expanded_url: null, timestamp: "2024-02-01 00:00:00.000000", source: "sms" }]);
  // A long text needs the 0x81 two-byte length form.
  const long = "x".repeat(300) + " HTTP://long.example.org/";
  assert.equal(decodeTypedStreamString(typedStreamAttributedBody(long)), long);
});

test("fixture: one alert per record, the first link that matches; a near miss gives nothing", async () => {
  const dir = backupWith([
    { text: "see http://example.com/thisisbad", handle: "+15555550103", date: "2024-03-01 10:00:00" },
    { text: "see https://github.com and https://example.com/", handle: "+15555550103", date: "2024-03-01 10:01:00" },
  ]);
  const run = await runBackupModule(sms, dir, testIocs());
  assert.equal(run.records.length, 2);
  assert.equal(run.alerts.length, 1);
  assert.deepEqual(run.alerts[0]!.event, run.records[0]);
  assert.equal(run.alerts[0]!.matched_indicator?.type, "urls");
  assert.equal(run.urls.length, 3);
});

test("fixture: an email handle and an e: account are checked as email addresses", async () => {
  const dir = backupWith([
    { text: "hello", handle: "operator@bad.example", date: "2024-03-02 10:00:00" },
    { text: "hello", handle: "someone@bad.example", date: "2024-03-02 10:01:00" }, // near miss
    { text: "from me", handle: "+15555550104", date: "2024-03-02 10:02:00", account: "e:Burner@Bad.Example", isFromMe: true },
  ]);
  const iocs = testIocs(["email-addr:value", "operator@bad.example"], ["email-addr:value", "burner@bad.example"]);
  const run = await runBackupModule(sms, dir, iocs);
  assert.equal(run.alerts.length, 2);
  assert.deepEqual(run.alerts.map((a) => [a.level, a.matched_indicator?.value, (a.event as { isodate: string }).isodate]), [
    ["CRITICAL", "operator@bad.example", "2024-03-02 10:00:00.000000"],
    ["CRITICAL", "burner@bad.example", "2024-03-02 10:02:00.000000"],
  ]);
});

test("fixture: Apple threat notifications raise HIGH without indicators; a quoted one does not", async () => {
  const dir = backupWith([
    { text: THREAT, handle: "threat-notifications@apple.example", date: "2024-04-10 17:00:00" },
    { text: "ALERT: State-sponsored attackers may be targeting your iPhone", handle: "+15555550105", date: "2021-11-23 20:00:00" },
    { text: `Fwd: ${THREAT}`, handle: "+15555550105", date: "2024-04-11 09:00:00" },
  ]);
  const run = await runBackupModule(sms, dir);
  assert.equal(run.records.length, 3);
  assert.deepEqual(run.alerts.map((a) => [a.level, a.event_time]), [
    ["HIGH", "2024-04-10 17:00:00.000000"],
    ["HIGH", "2021-11-23 20:00:00.000000"],
  ]);
  assert.match(run.alerts[0]!.message, /Apple warning about state-sponsored attack received on the 2024-04-10 17:00:00/);
  assert.equal(run.alerts[0]!.matched_indicator, null);
});

test("fixture: iOS 10 schema (dates in seconds, no payload columns) still reads", async () => {
  const dir = backupWith([{ text: "old https://old.example.org", handle: "+15555550106", date: "2016-05-06 07:08:09", dateRead: "2016-05-06 07:09:00" }], { legacy: true });
  const run = await runBackupModule(sms, dir);
  assert.equal(run.records.length, 1);
  assert.equal(run.records[0].isodate, "2016-05-06 07:08:09.000000");
  assert.equal(run.records[0].isodate_read, "2016-05-06 07:09:00.000000");
  assert.equal(run.records[0].date, 484211289);
  assert.ok(!("payload_data" in run.records[0]));
  assert.equal(run.timeline.length, 2);
});

test("fixture: a database without the message table gives 0 records and no warning", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", SMS_DB, (db) => db.exec("CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT)"));
  const run = await runBackupModule(sms, b.finish());
  assert.equal(run.records.length, 0);
  assert.deepEqual(run.warnings, []);
});

test("fixture: a corrupt sms.db gives exactly one warning naming the file", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.file("HomeDomain", SMS_DB, new Uint8Array(4096).fill(0x5a));
  const run = await runBackupModule(sms, b.finish());
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.equal(run.warnings[0]!.module, "sms");
  assert.match(run.warnings[0]!.file, /HomeDomain\/Library\/SMS\/sms\.db/);
});

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p, createHash("sha256").update(readFileSync(p)).digest("hex"));
    }
  };
  walk(dir);
  return out;
}

test("fixture: rows only in sms.db-wal are read, and no backup file changes", async () => {
  const b = new IosBackupBuilder(tempDir());
  let mainBytes = new Uint8Array();
  let walBytes = new Uint8Array();
  const path = b.sqlite("HomeDomain", SMS_DB, (db) => {
    buildSmsDb(db, [{ text: "checkpointed", handle: "+15555550107", date: "2024-05-01 08:00:00" }]);
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.pragma("wal_autocheckpoint=0");
    mainBytes = readFileSync(path0());
    buildSmsDb(db, [{ text: "only in the WAL https://wal.example.org/p", handle: "+15555550108", date: "2024-05-02 09:00:00" }]);
    walBytes = readFileSync(path0() + "-wal");
  }, { wal: true });
  function path0() {
    return b.pathOf("HomeDomain", SMS_DB);
  }
  // Closing the builder's connection checkpointed the WAL into the file: put back the pre-WAL main file.
  writeFileSync(path, mainBytes);
  for (const s of ["-wal", "-shm"]) rmSync(path + s, { force: true });
  assert.ok(walBytes.length > 0);
  b.file("HomeDomain", SMS_DB + "-wal", walBytes);
  const dir = b.finish();
  const copy = join(tempDir(), "main-only.db");
  writeFileSync(copy, mainBytes);
  const plain = new Database(copy, { readonly: true });
  assert.equal(plain.prepare("SELECT count(*) FROM message").pluck().get(), 1); // the second row lives only in the WAL
  plain.close();
  const before = snapshot(dir);
  const run = await runBackupModule(sms, dir);
  assert.deepEqual(run.records.map((r) => r.text), ["checkpointed", "only in the WAL https://wal.example.org/p"]);
  assert.deepEqual(run.warnings, []);
  assert.equal(run.urls[0]!.url, "https://wal.example.org/p");
  assert.deepEqual(snapshot(dir), before);
  assert.ok(!existsSync(path + "-shm") && !existsSync(path + "-journal") && !existsSync(path + "-wal"));
});

test("fixture: a blob in a column declared TEXT (row 2 of 3): every row still read, in order, blobs as base64", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", SMS_DB, (db) => {
    buildSmsDb(db, [1, 2, 3].map((i) => ({ text: `message ${i} https://site${i}.example.org/`, handle: "+15555550109", date: `2024-06-0${i} 10:00:00` })));
    db.prepare("UPDATE message SET subject = ? WHERE ROWID = 2").run(Buffer.from("odd"));
  });
  const run = await runBackupModule(sms, b.finish());
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.records.map((r) => [r.text, r.subject, r.isodate]), [
    ["message 1 https://site1.example.org/", null, "2024-06-01 10:00:00.000000"],
    ["message 2 https://site2.example.org/", Buffer.from("odd").toString("base64"), "2024-06-02 10:00:00.000000"],
    ["message 3 https://site3.example.org/", null, "2024-06-03 10:00:00.000000"],
  ]);
  assert.ok(run.records[1].date instanceof ExactInteger);
  assert.deepEqual(Object.keys(run.records[0]), Object.keys(run.records[1]));
  assert.deepEqual(run.urls.map((u) => u.url), ["https://site1.example.org/", "https://site2.example.org/", "https://site3.example.org/"]);
});

test("fixture: a minimal old schema (no date_read, destination_caller_id or attributedBody) still reads", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", SMS_DB, (db) => {
    db.exec(`CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);
      CREATE TABLE message (ROWID INTEGER PRIMARY KEY, guid TEXT, text TEXT, handle_id INTEGER, service TEXT, account TEXT, date INTEGER, is_from_me INTEGER);
      INSERT INTO handle VALUES (1, 'someone@example.net');
      INSERT INTO message VALUES (1, 'G-1', 'old https://old.example.net/x', 1, 'iMessage', 'e:me@example.net', 300000000, 1);`);
  });
  const run = await runBackupModule(sms, b.finish());
  assert.deepEqual(run.warnings, []);
  assert.equal(run.records.length, 1);
  assert.deepEqual(Object.keys(run.records[0]), ["ROWID", "guid", "text", "handle_id", "service", "account", "date", "is_from_me", "phone_number", "isodate", "isodate_read", "direction", "links"]);
  assert.equal(run.records[0].isodate_read, "");
  assert.equal(run.records[0].direction, "sent");
  assert.deepEqual(run.records[0].links, ["https://old.example.net/x"]);
});
