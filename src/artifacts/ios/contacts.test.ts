import { test } from "node:test";
import assert from "node:assert/strict";
import contacts from "./contacts.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder } from "../../../test/builders/ios-backup.ts";
import { buildAddressBookDb, type Contact } from "../../../test/builders/ios/contacts.ts";

const AB_DB = "Library/AddressBook/AddressBook.sqlitedb";

function backupWith(list: Contact[]): string {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", AB_DB, (db) => buildAddressBookDb(db, list));
  return b.finish();
}

test("MVT backup: no AddressBook.sqlitedb → 0 records, no warning", async () => {
  const run = await runBackupModule(contacts, MVT_BACKUP, testIocs());
  assert.equal(run.records.length, 0);
  assert.equal(run.alerts.length, 0);
  assert.deepEqual(run.warnings, []);
});

test("fixture: one record per non-empty value, keys as the table spells them, no timeline", async () => {
  const dir = backupWith([
    { first: "Alice", last: "Example", organization: "ACME", phones: ["+15555550121"], emails: ["alice@example.net"] },
    { first: "Bob", middle: "Q", urls: ["https://bob.example.net"] },
  ]);
  const run = await runBackupModule(contacts, dir);
  assert.deepEqual(run.records, [
    { value: "+15555550121", First: "Alice", Middle: null, Last: "Example", Organization: "ACME" },
    { value: "alice@example.net", First: "Alice", Middle: null, Last: "Example", Organization: "ACME" },
    { value: "https://bob.example.net", First: "Bob", Middle: "Q", Last: null, Organization: null },
  ]);
  assert.equal(run.timeline.length, 0);
  assert.equal(run.alerts.length, 0);
});

test("fixture: emails and web addresses are checked (HIGH); near misses are not", async () => {
  const dir = backupWith([
    { first: "Op", emails: ["Handler@Bad.Example", "someone@bad.example"], phones: ["+15555550122"] },
    { first: "Site", urls: ["https://www.bad.example/contact", "https://good.example/"] },
  ]);
  const run = await runBackupModule(contacts, dir, testIocs(["email-addr:value", "handler@bad.example"], ["domain-name:value", "www.bad.example"]));
  assert.deepEqual(run.alerts.map((a) => [a.level, a.matched_indicator?.value, (a.event as { value: string }).value]), [
    ["HIGH", "handler@bad.example", "Handler@Bad.Example"],
    ["HIGH", "www.bad.example", "https://www.bad.example/contact"],
  ]);
});

test("fixture: an older ABPerson without Middle leaves that key out; no ABMultiValue gives nothing", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", AB_DB, (db) => {
    db.exec(`CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, First TEXT, Last TEXT, Organization TEXT);
      CREATE TABLE ABMultiValue (UID INTEGER PRIMARY KEY, record_id INTEGER, property INTEGER, identifier INTEGER, label INTEGER, value TEXT);
      INSERT INTO ABPerson VALUES (1, 'Old', 'Timer', NULL); INSERT INTO ABMultiValue VALUES (1, 1, 3, 0, 1, '555-0100');`);
  });
  const run = await runBackupModule(contacts, b.finish());
  assert.deepEqual(run.records, [{ value: "555-0100", First: "Old", Last: "Timer", Organization: null }]);

  const c = new IosBackupBuilder(tempDir());
  c.sqlite("HomeDomain", AB_DB, (db) => db.exec("CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY, First TEXT)"));
  const none = await runBackupModule(contacts, c.finish());
  assert.equal(none.records.length, 0);
  assert.deepEqual(none.warnings, []);
});

test("fixture: a corrupt AddressBook.sqlitedb gives exactly one warning naming the file", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.file("HomeDomain", AB_DB, "not a database at all");
  const run = await runBackupModule(contacts, b.finish());
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /HomeDomain\/Library\/AddressBook\/AddressBook\.sqlitedb/);
});
