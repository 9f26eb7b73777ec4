import { test } from "node:test";
import assert from "node:assert/strict";
import smsAttachments from "./sms-attachments.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder } from "../../../test/builders/ios-backup.ts";
import { addSmsAttachments, buildSmsDb, type SmsAttachment } from "../../../test/builders/ios/sms.ts";

const SMS_DB = "Library/SMS/sms.db";

function backupWith(attachments: SmsAttachment[]): string {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", SMS_DB, (db) => {
    buildSmsDb(db, [
      { text: null, handle: "+15555550131", date: "2024-01-10 10:00:00", service: "iMessage" },
      { text: null, handle: "+15555550131", date: "2024-01-10 10:05:00", isFromMe: true, service: "iMessage" },
    ]);
    addSmsAttachments(db, attachments);
  });
  return b.finish();
}

test("MVT backup: sms.db has no attachment table → 0 records, no warning", async () => {
  const run = await runBackupModule(smsAttachments, MVT_BACKUP, testIocs());
  assert.equal(run.records.length, 0);
  assert.equal(run.timeline.length, 0);
  assert.equal(run.alerts.length, 0);
  assert.deepEqual(run.warnings, []);
});

test("fixture: records, keys, defaults and the sms_attachment timeline", async () => {
  const dir = backupWith([
    { messageRowId: 1, filename: "~/Library/SMS/Attachments/0a/10/IMG_0001.jpeg", transferName: "IMG_0001.jpeg", totalBytes: 1234,
      createdDate: "2024-01-10 10:00:01", startDate: "2024-01-10 10:00:02", userInfo: new Uint8Array([1, 2, 3]) },
    { messageRowId: 2, filename: null, transferName: "sticker.heic", totalBytes: 99, isOutgoing: true, isSticker: true, createdDate: "2024-01-10 10:05:01" },
    { messageRowId: 99, filename: "~/Library/SMS/Attachments/orphan.pdf", transferName: "orphan.pdf", createdDate: "2024-01-11 00:00:00" },
  ]);
  const run = await runBackupModule(smsAttachments, dir);
  assert.equal(run.records.length, 3);
  const [a, b, c] = run.records;
  assert.deepEqual(Object.keys(a).slice(0, 3), ["attachment_id", "ROWID", "guid"]);
  assert.deepEqual(Object.keys(a).slice(-5), ["service", "phone_number", "isodate", "direction", "has_user_info"]);
  assert.deepEqual([a.attachment_id, a.isodate, a.start_date, a.direction, a.has_user_info, a.service, a.phone_number, a.user_info],
    [1, "2024-01-10 10:00:01.000000", "2024-01-10 10:00:02.000000", "received", true, "iMessage", "+15555550131", "AQID"]);
  assert.deepEqual([b.filename, b.direction, b.has_user_info, b.start_date], ["NULL", "sent", false, ""]);
  assert.deepEqual([c.service, c.phone_number], ["Unknown", null]);
  assert.deepEqual(run.timeline.map((e) => [e.timestamp, e.event, e.data]), [
    ["2024-01-10 10:00:01.000000", "sms_attachment", "iMessage: Attachment 'IMG_0001.jpeg' received from +15555550131 with 1234 bytes (is_sticker: 0, has_user_info: True)"],
    ["2024-01-10 10:05:01.000000", "sms_attachment", "iMessage: Attachment 'sticker.heic' sent from +15555550131 with 99 bytes (is_sticker: 1, has_user_info: False)"],
    ["2024-01-11 00:00:00.000000", "sms_attachment", "Unknown: Attachment 'orphan.pdf' received from None with 0 bytes (is_sticker: 0, has_user_info: False)"],
  ]);
  assert.equal(run.alerts.length, 0);
});

test("fixture: a received /var/tmp/…-1 attachment raises MEDIUM; sent or other names do not", async () => {
  const dir = backupWith([
    { messageRowId: 1, filename: "/var/tmp/com.apple.messages/ABCD-1", transferName: "image.gif", createdDate: "2021-03-01 12:00:00" },
    { messageRowId: 2, filename: "/var/tmp/com.apple.messages/ABCD-1", isOutgoing: true, createdDate: "2021-03-01 12:01:00" },
    { messageRowId: 1, filename: "/var/tmp/com.apple.messages/ABCD-2", createdDate: "2021-03-01 12:02:00" },
  ]);
  const run = await runBackupModule(smsAttachments, dir);
  assert.deepEqual(run.alerts.map((a) => [a.level, a.event_time, a.message]), [
    ["MEDIUM", "2021-03-01 12:00:00.000000", "Suspicious iMessage attachment /var/tmp/com.apple.messages/ABCD-1 on 2021-03-01 12:00:00.000000"],
  ]);
});

test("fixture: the stored path and the transfer name are checked as files (HIGH); near misses are not", async () => {
  const dir = backupWith([
    { messageRowId: 1, filename: "~/Library/SMS/Attachments/aa/01/evil.pdf", transferName: "evil.pdf", createdDate: "2024-01-12 00:00:00" },
    { messageRowId: 1, filename: "~/Library/SMS/Attachments/aa/02/renamed.gif", transferName: "payload.gif", createdDate: "2024-01-12 00:01:00" },
    { messageRowId: 1, filename: "~/Library/SMS/Attachments/aa/03/evil.pdf.txt", transferName: "evil.pdf.txt", createdDate: "2024-01-12 00:02:00" },
  ]);
  const run = await runBackupModule(smsAttachments, dir, testIocs(["file:name", "evil.pdf"], ["file:name", "payload.gif"]));
  assert.deepEqual(run.alerts.map((a) => [a.level, a.matched_indicator?.value, (a.event as { isodate: string }).isodate]), [
    ["HIGH", "evil.pdf", "2024-01-12 00:00:00.000000"],
    ["HIGH", "payload.gif", "2024-01-12 00:01:00.000000"],
  ]);
});

test("fixture: an iOS 10 sms.db (no attachment tables) gives nothing; a corrupt one one warning", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", SMS_DB, (db) => buildSmsDb(db, [{ text: "x", handle: "+15555550132", date: "2016-01-01 00:00:00" }], { legacy: true }));
  const old = await runBackupModule(smsAttachments, b.finish());
  assert.equal(old.records.length, 0);
  assert.deepEqual(old.warnings, []);

  const c = new IosBackupBuilder(tempDir());
  c.file("HomeDomain", SMS_DB, new Uint8Array(1024).fill(0xff));
  const run = await runBackupModule(smsAttachments, c.finish());
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /HomeDomain\/Library\/SMS\/sms\.db/);
});
