import { test } from "node:test";
import assert from "node:assert/strict";
import connectEvent from "./connect-event.ts";
import { runFolderModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { intrusionLogs, mixedLines } from "../../../test/builders/android-logs.ts";

const conn = (ip_address: string, extra: Record<string, unknown> = {}) => ({
  connect_event: { event_time: 1_700_000_000_000, ip_address, port: 443, package_name: "com.example.app", ...extra },
});

test("MVT generated fixture: 1 connection record, its timestamp and timeline; no warning of its own", async () => {
  const run = await runFolderModule(connectEvent, intrusionLogs({ "intrusion.txt": mixedLines() }), "intrusion-logs");
  assert.deepEqual(run.records, [{ event_time: 1_700_000_001_000, ip_address: "/5.6.7.8", port: 443, package_name: "com.example.app", timestamp: "2023-11-14 22:13:21.000000" }]);
  assert.deepEqual(run.timeline, [
    { timestamp: "2023-11-14 22:13:21.000000", module: "ConnectEvent", event: "network_connection", data: "Connection to 5.6.7.8:443 by com.example.app" },
  ]);
  assert.deepEqual(run.warnings, []);
});

test("MVT exported schema: event_id kept; host/ip and missing port in the timeline", async () => {
  const exported = { connect_event: { event_id: 1, event_time: 1700000000000, package_name: "com.example.app", port: 443, ip_address: "/192.0.2.1" } };
  const dir = intrusionLogs({ "a.txt": [exported, { connect_event: { event_time: 1700000000000, ip_address: "ip6-localhost/::1", package_name: "android" } }] });
  const run = await runFolderModule(connectEvent, dir, "intrusion-logs");
  assert.deepEqual(run.records[0], { ...exported.connect_event, timestamp: "2023-11-14 22:13:20.000000" });
  assert.deepEqual(run.timeline.map((e) => e.data).sort(), ["Connection to 192.0.2.1:443 by com.example.app", "Connection to ::1:0 by android"]);
});

test("test.stix2: 198.51.100.1 (also as host/ip) and a known package are CRITICAL; localhost never checked; near miss none", async () => {
  const dir = intrusionLogs({
    "a.txt": [
      conn("/198.51.100.1"),
      conn("c2.example.net/198.51.100.1", { port: 8443 }),
      conn("/198.51.100.10"), // near miss
      conn("localhost/127.0.0.1"), // an indicator for 127.0.0.1 is ignored, as MVT skips loopback
      conn("/203.0.113.7", { package_name: "com.malware.blah" }),
    ],
  });
  const run = await runFolderModule(connectEvent, dir, "intrusion-logs", testIocs(["ipv4-addr:value", "127.0.0.1"], ["app:id", "com.malware.blah"]));
  assert.deepEqual(run.alerts.map((a) => [a.level, a.matched_indicator?.value, (a.event as { ip_address: string }).ip_address]), [
    ["CRITICAL", "198.51.100.1", "/198.51.100.1"],
    ["CRITICAL", "198.51.100.1", "c2.example.net/198.51.100.1"],
    ["CRITICAL", "com.malware.blah", "/203.0.113.7"],
  ]);
  assert.equal(run.alerts[0]!.event_time, "2023-11-14 22:13:20.000000");
});

test("a garbled connect_event line gives one warning naming the file and line; the other files and lines are read", async () => {
  const escaped = JSON.stringify(conn("/192.0.2.9")).replace("connect_event", "connect\\u005fevent");
  const dir = intrusionLogs({ "1.txt": [escaped, conn("/192.0.2.1"), '{"connect_event": {"ip_address": "/192.0', "\u0000garbage for DnsEvent to report", conn("/192.0.2.2")], "2.txt": [conn("/192.0.2.3"), conn("/192.0.2.1")] });
  const run = await runFolderModule(connectEvent, dir, "intrusion-logs");
  // The first line spells its key with a JSON escape: still read.
  assert.deepEqual(run.records.map((r) => r.ip_address), ["/192.0.2.9", "/192.0.2.1", "/192.0.2.2", "/192.0.2.3"]);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /1\.txt$/);
  assert.match(run.warnings[0]!.message, /^line 3 skipped/);
});
