import { test } from "node:test";
import assert from "node:assert/strict";
import iosVersionHistory, { journalTime } from "./ios-version-history.ts";
import { runFsModule } from "../../../test/helpers/run-fs-module.ts";
import { join } from "node:path";
import { IosFsBuilder } from "../../../test/builders/ios-fs.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const DIR = "private/var/db/analyticsd";

/** An analytics journal as analyticsd writes it: a one-line JSON header, then the report body. */
function journal(timestamp: string, osVersion: string): string {
  const header = { bug_type: "211", timestamp, os_version: osVersion, incident_id: "5B7E1C9A-2D3F-4E5A-8B6C-7D8E9F0A1B2C", name: "Analytics-Journal" };
  return JSON.stringify(header) + "\n" + JSON.stringify({ _marker: "<metadata>", startTimestamp: "2021-11-01T00:00:00Z" }) + "\n" + "x".repeat(100_000);
}

test("one record per journal: the header's local time in UTC and the OS version; timeline ios_version", async () => {
  const d = new IosFsBuilder(join(tempDir(), "dump"));
  // Named in the other order than their times: the list is sorted by time over all journals, as MVT's.
  d.file(`${DIR}/Analytics-Journal-A.ips`, journal("2022-03-19 21:30:00.000000 -0700", "iPhone OS 15.4 (19E241)"));
  d.file(`${DIR}/Analytics-Journal-B.ips`, journal("2021-11-02 00:00:12.34 +0100", "iPhone OS 15.1 (19B74)"));
  d.file(`${DIR}/Analytics-Journal-2022-03-21.ips.ca.synced`, "not selected");
  const run = await runFsModule(iosVersionHistory, d.finish());
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.records, [
    { isodate: "2021-11-01 23:00:12.340000", os_version: "iPhone OS 15.1 (19B74)" },
    { isodate: "2022-03-20 04:30:00.000000", os_version: "iPhone OS 15.4 (19E241)" },
  ]);
  assert.deepEqual(run.timeline.map((e) => [e.timestamp, e.module, e.event, e.data])[1], ["2022-03-20 04:30:00.000000", "IOSVersionHistory", "ios_version", "Recorded iOS version iPhone OS 15.4 (19E241)"]);
});

test("a journal that is not JSON, has another time format or no version: one warning each, the others read", async () => {
  const d = new IosFsBuilder(join(tempDir(), "dump"));
  d.file(`${DIR}/Analytics-Journal-a.ips`, "garbage\n{}");
  d.file(`${DIR}/Analytics-Journal-b.ips`, journal("2022-03-19T21:30:00Z", "iPhone OS 15.4 (19E241)"));
  d.file(`${DIR}/Analytics-Journal-c.ips`, JSON.stringify({ timestamp: "2022-03-19 21:30:00.00 +0000" }));
  d.file(`${DIR}/Analytics-Journal-d.ips`, "");
  d.file(`${DIR}/Analytics-Journal-e.ips`, journal("2023-01-01 00:00:00.00 +0000", "iPhone OS 16.2 (20C65)"));
  const run = await runFsModule(iosVersionHistory, d.finish());
  assert.equal(run.records.length, 1);
  assert.equal(run.records[0].os_version, "iPhone OS 16.2 (20C65)");
  assert.deepEqual(run.warnings.map((w) => w.file.slice(-5)), ["a.ips", "b.ips", "c.ips", "d.ips"]);
});

test("a first line over 64 KiB is refused (E_LIMIT), not read whole", async () => {
  const d = new IosFsBuilder(join(tempDir(), "dump"));
  d.file(`${DIR}/Analytics-Journal-big.ips`, "{" + " ".repeat(200_000) + "}");
  const run = await runFsModule(iosVersionHistory, d.finish());
  assert.equal(run.records.length, 0);
  assert.match(run.warnings[0]!.message, /no line break in the first 65536 bytes/);
});

test("journalTime: Python's %Y-%m-%d %H:%M:%S.%f %z forms", () => {
  assert.equal(journalTime("2021-11-02 00:00:12.34 +0100"), "2021-11-01 23:00:12.340000");
  assert.equal(journalTime("2021-11-02 00:00:12.000001 +05:30"), "2021-11-01 18:30:12.000001");
  assert.equal(journalTime("2021-11-02 00:00:12.5 Z"), "2021-11-02 00:00:12.500000");
  assert.equal(journalTime("2021-11-02 00:00:12 +0100"), undefined); // %f is required
  assert.equal(journalTime("2021-13-02 00:00:12.1 +0100"), undefined);
});
