import { test } from "node:test";
import assert from "node:assert/strict";
import dnsEvent from "./dns-event.ts";
import { runFolderModule, runOn } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { intrusionLogs, mixedLines } from "../../../test/builders/android-logs.ts";
import { folderAcquisition } from "../../inputs/folder.ts";
import { localDir } from "../../node/fs-source.ts";

const dns = (hostname: string, ips: string[], extra: Record<string, unknown> = {}) => ({
  dns_event: { event_time: 1_700_000_000_000, hostname, package_name: "com.example.app", ip_addresses: ips, ...extra },
});

test("MVT generated fixture: 1 DNS record, its timestamp and timeline; the unknown top-level type is named once", async () => {
  const dir = intrusionLogs({ "intrusion.txt": [...mixedLines(), { future_event: { event_time: 1_700_000_000_000, field: "value" } }] });
  const run = await runFolderModule(dnsEvent, dir, "intrusion-logs");
  assert.deepEqual(run.records, [
    { event_time: 1_700_000_000_000, hostname: "example.com", package_name: "com.example.app", ip_addresses: ["/1.2.3.4"], timestamp: "2023-11-14 22:13:20.000000" },
  ]);
  assert.deepEqual(run.timeline, [
    { timestamp: "2023-11-14 22:13:20.000000", module: "DnsEvent", event: "dns_query", data: "DNS query for example.com by com.example.app [IPs: 1.2.3.4]" },
  ]);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.message, /unknown intrusion logging event type\(s\): future_event/);
  assert.match(run.warnings[0]!.file, /intrusion\.txt$/);
  assert.deepEqual(run.alerts, []);
});

test("MVT exported schema: extra keys kept, 0.0.0.0 left out of the timeline, no IPs → no bracket", async () => {
  const exported = { dns_event: { event_id: 0, event_time: 1700000000000, package_name: "com.example.app", hostname: "example.com", ip_addresses: ["/192.0.2.1", "/0.0.0.0"], ip_addresses_count: 2 } };
  const dir = intrusionLogs({ "a.txt": [exported, dns("blocked.example", ["/0.0.0.0"])] });
  const run = await runFolderModule(dnsEvent, dir, "intrusion-logs");
  assert.deepEqual(run.records[0], { ...exported.dns_event, timestamp: "2023-11-14 22:13:20.000000" });
  assert.deepEqual(run.timeline.map((e) => e.data), ["DNS query for example.com by com.example.app [IPs: 192.0.2.1]", "DNS query for blocked.example by com.example.app"]);
});

test("test.stix2: a hostname under example.org and the IP 198.51.100.1 are CRITICAL; near misses are not", async () => {
  const dir = intrusionLogs({
    "a.txt": [
      dns("c2.example.org", ["/203.0.113.5"]),
      dns("cdn.example.net", ["/0.0.0.0", "/198.51.100.1"]),
      dns("example.com", ["/198.51.100.10", "/0.0.0.0"]), // near misses: a URL-only indicator's host, a neighbour IP
      dns("benign.example.net", ["/203.0.113.6"], { package_name: "com.malware.blah" }),
    ],
  });
  const run = await runFolderModule(dnsEvent, dir, "intrusion-logs", testIocs(["app:id", "com.malware.blah"]));
  assert.deepEqual(run.alerts.map((a) => [a.level, a.matched_indicator?.type, a.matched_indicator?.value, (a.event as { hostname: string }).hostname]), [
    ["CRITICAL", "domains", "example.org", "c2.example.org"],
    ["CRITICAL", "domains", "198.51.100.1", "cdn.example.net"],
    ["CRITICAL", "app_ids", "com.malware.blah", "benign.example.net"],
  ]);
  assert.equal(run.alerts[0]!.event_time, "2023-11-14 22:13:20.000000");
});

test("identical events across files are dropped whatever their key order; an event differing in one field is kept", async () => {
  const a = dns("example.org", ["/192.0.2.1"]);
  const reordered = { dns_event: { ip_addresses: ["/192.0.2.1"], package_name: "com.example.app", hostname: "example.org", event_time: 1_700_000_000_000 } };
  const later = dns("example.org", ["/192.0.2.1"], { event_time: 1_700_000_000_001 });
  const dir = intrusionLogs({ "day1.txt": [a, later], "sub/day2.txt": [reordered, a, dns("other.example", [])] });
  const run = await runFolderModule(dnsEvent, dir, "intrusion-logs");
  assert.deepEqual(run.records.map((r) => [r.hostname, r.event_time]), [
    ["example.org", 1_700_000_000_000],
    ["example.org", 1_700_000_000_001],
    ["other.example", 1_700_000_000_000],
  ]);
  // A second run on the same acquisition starts afresh (the de-duplication state is per run).
  const again = await runFolderModule(dnsEvent, dir, "intrusion-logs");
  assert.equal(again.records.length, 3);
});

test("a garbled line gives one warning naming the file and line; the rest is read (CRLF endings too)", async () => {
  const dir = intrusionLogs({ "bad.txt": [dns("a.example", []), '{"dns_event": {"event_time": 17', dns("b.example", []), "", "[1, 2]"] }, "\r\n");
  const run = await runFolderModule(dnsEvent, dir, "intrusion-logs");
  assert.deepEqual(run.records.map((r) => r.hostname), ["a.example", "b.example"]);
  assert.equal(run.warnings.length, 2);
  assert.match(run.warnings[0]!.file, /bad\.txt$/);
  assert.match(run.warnings[0]!.message, /^line 2 skipped: not valid JSON/);
  assert.match(run.warnings[1]!.message, /^line 5 skipped: not a JSON object/);
});

test("times: device time zone from the acquisition, a bad zone warns once and falls back to UTC, no event_time → null", async () => {
  const dir = intrusionLogs({ "a.txt": [dns("a.example", []), dns("b.example", [], { event_time: 1_719_835_200_500 }), dns("c.example", [], { event_time: 0 })] });
  const withZone = async (timezone: string) => {
    const acq = await folderAcquisition(localDir(dir), { kind: "intrusion-logs", device: { timezone } });
    return runOn(acq, dnsEvent);
  };
  const paris = await withZone("Europe/Paris");
  assert.deepEqual(paris.records.map((r) => r.timestamp), ["2023-11-14 23:13:20.000000", "2024-07-01 14:00:00.500000", null]);
  assert.deepEqual(paris.warnings, []);
  assert.equal(paris.timeline.find((e) => e.data.includes("c.example"))!.timestamp, "");
  const bad = await withZone("Mars/Olympus_Mons");
  assert.deepEqual(bad.records.map((r) => r.timestamp), ["2023-11-14 22:13:20.000000", "2024-07-01 12:00:00.500000", null]);
  assert.equal(bad.warnings.length, 1);
  assert.match(bad.warnings[0]!.message, /unknown time zone "Mars\/Olympus_Mons"/);
});
