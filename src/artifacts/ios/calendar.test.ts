import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import calendar from "./calendar.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder } from "../../../test/builders/ios-backup.ts";
import { buildCalendarDb, type CalendarEvent } from "../../../test/builders/ios/calendar.ts";
import { localFile } from "../../node/fs-source.ts";
import { nodeHost } from "../../node/host.ts";
import type { ParseContext } from "../../core/artifact.ts";

const CAL_DB = "Library/Calendar/Calendar.sqlitedb";

function backupWith(events: CalendarEvent[], opts: { legacy?: boolean; noParticipant?: boolean } = {}): string {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", CAL_DB, (db) => buildCalendarDb(db, events, opts));
  return b.finish();
}

test("MVT backup: 1 event, 4 timeline events, no alert", async () => {
  const run = await runBackupModule(calendar, MVT_BACKUP);
  assert.equal(run.records.length, 1);
  assert.equal(run.timeline.length, 4);
  assert.equal(run.alerts.length, 0);
  const r = run.records[0];
  assert.equal(r.summary, "Super interesting meeting");
  assert.deepEqual(
    [r.id, r.description, r.start_date, r.end_date, r.last_modified, r.creation_date, r.participant_email, r.participant_phone, r.participant_last_modified],
    [1, "very very interesting things", "2023-04-18 09:15:00.000000", "2023-04-18 10:15:00.000000", "2023-04-11 18:30:38.000000",
      "2023-04-11 18:30:06.000000", "user@example.org", "12345678", null],
  );
  assert.deepEqual(Object.keys(r), [
    "id", "summary", "description", "start_date", "end_date", "all_day", "calendar_id", "organizer_id", "url", "last_modified",
    "external_id", "external_mod_tag", "unique_identifier", "hidden", "uuid", "creation_date", "action", "created_by_id",
    "participant_uuid", "participant_email", "participant_phone", "participant_comment", "participant_last_modified",
  ]);
  assert.deepEqual(run.timeline.map((e) => e.event).sort(), ["creation_date", "end_date", "last_modified", "start_date"]);
  assert.equal(run.timeline[0]!.data, "Calendar event Super interesting meeting (very very interesting things) (invitation by user@example.org)");
});

test("MVT backup: test.stix2 alone gives 0 alerts (foobar@example.org is not the organizer)", async () => {
  const run = await runBackupModule(calendar, MVT_BACKUP, testIocs());
  assert.equal(run.records.length, 1);
  assert.equal(run.alerts.length, 0);
});

test("MVT backup: with emails user@example.org added, 1 CRITICAL on participant_email", async () => {
  const run = await runBackupModule(calendar, MVT_BACKUP, testIocs(["email-addr:value", "user@example.org"]));
  assert.equal(run.records.length, 1);
  assert.equal(run.timeline.length, 4);
  assert.equal(run.alerts.length, 1);
  const a = run.alerts[0]!;
  assert.equal(a.level, "CRITICAL");
  assert.equal(a.matched_indicator?.value, "user@example.org");
  assert.equal(a.matched_indicator?.type, "emails");
  assert.equal((a.event as { participant_email: string }).participant_email, "user@example.org");
});

test("MVT backup: the database file given directly (fs source) gives the same record", async () => {
  const path = join(MVT_BACKUP, "20/2041457d5fe04d39d0ab481178355df6781e6858");
  const ctx = { host: nodeHost, sqlite: (f) => nodeHost.sqlite(f), indicatorsLoaded: false } as Partial<ParseContext> as ParseContext;
  const records = [];
  for await (const r of calendar.parse({ file: localFile(path, "Calendar.sqlitedb"), root: undefined as never, kind: "ios-fs" }, ctx)) records.push(r);
  assert.equal(records.length, 1);
  assert.equal(records[0]!.summary, "Super interesting meeting");
});

test("fixture: the Quadream pattern (Meeting / Notes) raises HIGH; near misses do not", async () => {
  const dir = backupWith([
    { summary: "Meeting", description: "Notes", start: "2023-01-05 10:00:00", end: "2023-01-05 11:00:00", uuid: "QUADREAM-UUID-1",
      organizer: { email: "inviter@example.net" } },
    { summary: "Meeting", description: "Agenda", start: "2023-01-06 10:00:00", end: "2023-01-06 11:00:00" },
    { summary: "meeting", description: "Notes", start: "2023-01-07 10:00:00", end: "2023-01-07 11:00:00" },
  ]);
  const run = await runBackupModule(calendar, dir);
  assert.equal(run.records.length, 3);
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.level, "HIGH");
  assert.equal(run.alerts[0]!.message, "Potential Quadream exploit event identified: QUADREAM-UUID-1");
  assert.equal(run.alerts[0]!.event_time, "");
});

test("fixture: timeline names each non-empty time field; organizer email and event URL are checked", async () => {
  const dir = backupWith([
    { summary: "Lunch", description: null, start: "2024-06-01 12:00:00", end: "2024-06-01 13:00:00", lastModified: "2024-05-30 09:00:00",
      created: "2024-05-29 08:00:00", organizer: { email: "Boss@Corp.Example", lastModified: "2024-05-29 08:30:00" } },
    { summary: "Call", start: "2024-06-02 12:00:00", end: "2024-06-02 12:30:00", url: "https://meet.bad.example/x" },
    { summary: "Near miss", start: "2024-06-03 12:00:00", end: "2024-06-03 12:30:00", url: "https://meet.good.example/x",
      organizer: { email: "other@corp.example" } },
  ]);
  const run = await runBackupModule(calendar, dir, testIocs(["email-addr:value", "boss@corp.example"], ["domain-name:value", "bad.example"]));
  assert.equal(run.records.length, 3);
  const lunch = run.records[0];
  assert.equal(lunch.participant_last_modified, "2024-05-29 08:30:00.000000");
  const lunchEvents = run.timeline.filter((e) => e.data.includes("Lunch")).map((e) => [e.event, e.timestamp]).sort();
  assert.deepEqual(lunchEvents, [
    ["creation_date", "2024-05-29 08:00:00.000000"], ["end_date", "2024-06-01 13:00:00.000000"], ["last_modified", "2024-05-30 09:00:00.000000"],
    ["participant_last_modified", "2024-05-29 08:30:00.000000"], ["start_date", "2024-06-01 12:00:00.000000"],
  ]);
  assert.equal(run.timeline.find((e) => e.data.includes("Lunch"))!.data, "Calendar event Lunch (None) (invitation by Boss@Corp.Example)");
  assert.equal(run.timeline.length, 5 + 2 + 2);
  assert.deepEqual(run.alerts.map((a) => [a.level, a.matched_indicator?.value]), [["CRITICAL", "boss@corp.example"], ["CRITICAL", "bad.example"]]);
});

test("fixture: an older schema (no creation_date/action, no Participant table) leaves those keys out", async () => {
  const dir = backupWith([{ summary: "Old", description: "x", start: "2016-01-01 09:00:00", end: "2016-01-01 10:00:00" }], { legacy: true, noParticipant: true });
  const run = await runBackupModule(calendar, dir);
  assert.equal(run.records.length, 1);
  const r = run.records[0];
  assert.equal(r.start_date, "2016-01-01 09:00:00.000000");
  assert.ok(!("creation_date" in r) && !("action" in r) && !("participant_email" in r));
  assert.equal(run.timeline.length, 2);
  assert.equal(run.timeline[0]!.data, "Calendar event Old (x) (invitation by None)");
});

test("fixture: a corrupt Calendar.sqlitedb gives exactly one warning naming the file", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.file("HomeDomain", CAL_DB, "SQLite format 3\u0000" + "garbage".repeat(200));
  const run = await runBackupModule(calendar, b.finish());
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /Library\/Calendar\/Calendar\.sqlitedb/);
});
