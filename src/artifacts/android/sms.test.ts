import { test } from "node:test";
import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";
import sms from "./sms.ts";
import { runFolderModule, runOn, SHARED } from "../../../test/helpers/run-module.ts";
import { openAndroidBackup } from "../../inputs/android-backup.ts";
import { localFile } from "../../node/fs-source.ts";
import { nodeHost } from "../../node/host.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { smsBackup } from "../../../test/builders/android-logs.ts";

const MVT_ANDROID_BACKUP = SHARED + "peer-artifacts/mvt/android_backup";

test("MVT android_backup folder: 2 records, SMS first, the values MVT observes, no timeline", async () => {
  const run = await runFolderModule(sms, MVT_ANDROID_BACKUP, "android-backup");
  assert.equal(run.records.length, 2);
  assert.deepEqual(run.records[0].links, ["https://google.com/"]);
  assert.deepEqual(run.records[0], {
    address: "06543219",
    body: "Hi this is a test message to https://google.com/",
    date: "1645543781956",
    date_sent: "0",
    status: "-1",
    type: "6",
    recipients: ["06543219"],
    read: "1",
    isodate: "2022-02-22 15:29:41.956000",
    direction: "received",
    links: ["https://google.com/"],
  });
  const mms = run.records[1];
  assert.equal(mms.body, "Very suspicious MMS, click on this link http://google.com");
  assert.ok(!("mms_body" in mms));
  assert.equal(mms.date, "1579531789");
  assert.equal(mms.isodate, "1970-01-19 06:45:31.789000");
  assert.equal(mms.date_sent, "1579531786");
  assert.equal(mms.direction, "sent");
  assert.deepEqual(mms.links, ["http://google.com"]);
  // body moves to the end, as MVT's dict assignment does, then MVT's added keys.
  assert.deepEqual(Object.keys(mms).slice(-5), ["mms_charset", "body", "isodate", "direction", "links"]);
  assert.deepEqual(run.timeline, []);
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.alerts, []);
  assert.deepEqual(run.urls, [
    { url: "https://google.com/", expanded_url: null, timestamp: "2022-02-22 15:29:41.956000", source: "sms" },
    { url: "http://google.com", expanded_url: null, timestamp: "1970-01-19 06:45:31.789000", source: "sms" },
  ]);
});

test("MVT android_backup folder with test.stix2: google.com is no indicator, no alert", async () => {
  const run = await runFolderModule(sms, MVT_ANDROID_BACKUP, "android-backup", testIocs());
  assert.equal(run.records.length, 2);
  assert.deepEqual(run.alerts, []);
});

test("MVT .ab files through the backup input: backup.ab 2, backup2.ab (123456) 1, backup3.ab 1 record, each first with 1 link", async () => {
  for (const [name, count, password] of [["backup.ab", 2, undefined], ["backup2.ab", 1, "123456"], ["backup3.ab", 1, undefined]] as const) {
    const acq = await openAndroidBackup(localFile(`${MVT_ANDROID_BACKUP}/${name}`, name), nodeHost, password ? { password: async () => password } : {});
    const run = await runOn(acq, sms);
    acq.close();
    assert.equal(run.records.length, count, name);
    assert.equal(run.records[0].links.length, 1, name);
    assert.deepEqual(run.warnings, [], name);
  }
});

test("fixture: a link to a subdomain of example.org is CRITICAL; a near miss and a body-less record are not", async () => {
  const dir = smsBackup({
    "000000_sms_backup": [
      { address: "+15555550100", body: "Update now https://login.example.org/x", date: "1700000000000", date_sent: "0", type: "1" },
      { address: "+15555550101", body: "see https://example.com/ and https://notexample.org/", date: "1700000001000", date_sent: "0", type: "1" },
      // No body: MVT does not check it, whatever its (here forged) links say.
      { address: "+15555550102", links: ["https://example.org/"], date: "1700000002000", date_sent: "0", type: "1" },
    ],
  });
  const run = await runFolderModule(sms, dir, "android-backup", testIocs());
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.level, "CRITICAL");
  assert.equal(run.alerts[0]!.matched_indicator?.value, "example.org");
  assert.equal(run.alerts[0]!.event_time, "");
  assert.deepEqual(run.alerts[0]!.event, run.records[0]);
  assert.equal(run.urls.length, 3);
});

test("fixture: links key only for found links or a blank body; MMS without text part kept; sent/received", async () => {
  const dir = smsBackup({
    "000000_sms_backup": [
      { address: "a", body: "", date: "1700000000000", date_sent: "0" },
      { address: "b", body: "   ", date: "1700000000000", date_sent: "0" },
      { address: "c", body: "no link here", date: "1700000000000", date_sent: "1700000000000" },
    ],
    "000000_mms_backup": [{ date: "1700000000", date_sent: "0", mms_addresses: [{ address: "+1555", type: 137 }] }],
  });
  const run = await runFolderModule(sms, dir, "android-backup");
  assert.equal(run.records.length, 4);
  const [empty, blank, plain, image] = run.records;
  assert.equal(empty.links, null);
  assert.deepEqual(blank.links, []);
  assert.ok(!("links" in plain));
  assert.equal(plain.direction, "sent");
  assert.equal(empty.direction, "received");
  assert.ok(!("body" in image) && !("links" in image));
  assert.equal(image.isodate, "1970-01-20 16:13:20.000000");
  assert.deepEqual(run.urls, []);
  assert.deepEqual(run.warnings, []);
});

test("fixture (beyond MVT): an email address among the parties is checked; a different address is not", async () => {
  const dir = smsBackup({
    "000000_sms_backup": [
      { address: "foobar@example.org", body: "hi", date: "1700000000000", date_sent: "0" },
      { address: "other@example.org", body: "hi", date: "1700000000000", date_sent: "0" },
    ],
    "000001_mms_backup": [{ date: "1700000000", date_sent: "1", mms_body: "x", mms_addresses: [{ address: "FooBar@example.org", type: 151 }] }],
  });
  const run = await runFolderModule(sms, dir, "android-backup", testIocs());
  assert.deepEqual(run.alerts.map((a) => [a.matched_indicator?.type, (a.event as { address?: string }).address ?? "mms"]), [
    ["emails", "foobar@example.org"],
    ["emails", "mms"],
  ]);
});

test("fixture: a corrupt member gives one warning naming it; the other member is still read", async () => {
  const dir = smsBackup({
    "000000_sms_backup": new Uint8Array(64).fill(0x41),
    "000001_sms_backup": [{ address: "x", body: "ok https://a.example.net/", date: "1700000000000", date_sent: "0" }],
  });
  const run = await runFolderModule(sms, dir, "android-backup");
  assert.equal(run.records.length, 1);
  assert.equal(run.warnings.length, 1);
  assert.equal(run.warnings[0]!.module, "sms");
  assert.match(run.warnings[0]!.file, /000000_sms_backup$/);
  assert.match(run.warnings[0]!.message, /zlib/);
});

test("fixture: truncated zlib, zlib that is not JSON, and a JSON object each give one warning", async () => {
  const good = deflateSync(JSON.stringify([{ address: "x", body: "y", date: "1", date_sent: "0" }]));
  const dir = smsBackup({
    "000000_sms_backup": good.subarray(0, good.length - 6),
    "000001_sms_backup": deflateSync("{not json"),
    "000002_sms_backup": deflateSync(JSON.stringify({ address: "x" })),
    "000003_sms_backup": [{ address: "x", body: "y", date: "1", date_sent: "0" }, 42, "junk"],
  });
  const run = await runFolderModule(sms, dir, "android-backup");
  assert.equal(run.records.length, 1);
  assert.deepEqual(run.warnings.map((w) => w.file.replace(/.*\//, "")), ["000000_sms_backup", "000001_sms_backup", "000002_sms_backup", "000003_sms_backup"]);
  assert.match(run.warnings[3]!.message, /2 entries/);
});
