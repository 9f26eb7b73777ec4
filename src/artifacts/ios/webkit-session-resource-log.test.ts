import type { HeuristicContext } from "../../core/artifact.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { relative } from "node:path";
import def, { redirectPath, suspiciousRedirect, type WebkitSessionResourceLogRecord } from "./webkit-session-resource-log.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder } from "../../../test/builders/ios-backup.ts";
import { resourceLogPlist, type ResourceLogItem } from "../../../test/builders/ios/webkit-session-resource-log.ts";

const REL = "Library/WebKit/WebsiteData/ResourceLoadStatistics/full_browsing_session_resourceLog.plist";
const items: ResourceLogItem[] = [
  {
    origin: "tracker.example.net",
    redirectsFrom: ["start.example.net"],
    redirectsTo: ["landing.example.net", "next.example.net"],
    subresourceUnder: ["cdn.example.net"],
    hadUserInteraction: true,
    mostRecentUserInteraction: new Date("2023-04-01T10:00:00.250Z"),
    lastSeen: new Date("2023-04-01T10:05:00Z"),
  },
  { origin: "plain.example.net" },
];

function backup(format: "binary" | "xml" = "binary") {
  const b = new IosBackupBuilder(tempDir());
  const p = b.plist("AppDomain-com.apple.mobilesafari", REL, resourceLogPlist(items), format);
  return { dir: b.finish(), key: relative(b.dir, p) };
}

test("MVT backup: the file is absent → no result", async () => {
  const run = await runBackupModule(def, MVT_BACKUP, testIocs());
  assert.equal(run.records.length, 0);
  assert.equal(run.alerts.length, 0);
});

test("one dict entry per file, keyed by the payload path (a5/a500…), entries in MVT's shape; no timeline", async () => {
  const { dir, key } = backup();
  assert.equal(key, "a5/a500ee38053454a02e990957be8a251935e28d3f");
  const run = await runBackupModule(def, dir);
  assert.equal(run.records.length, 1);
  const [k, entries] = run.records[0] as WebkitSessionResourceLogRecord;
  assert.equal(k, key);
  assert.deepEqual(entries, [
    {
      origin: "tracker.example.net",
      redirect_source: ["start.example.net"],
      redirect_destination: ["landing.example.net", "next.example.net"],
      subframe_under_origin: [],
      subresource_under_origin: ["cdn.example.net"],
      user_interaction: true,
      most_recent_interaction: "2023-04-01 10:00:00.250000",
      last_seen: "2023-04-01 10:05:00.000000",
    },
    {
      origin: "plain.example.net", redirect_source: "", redirect_destination: "", subframe_under_origin: [], subresource_under_origin: [],
      user_interaction: false, most_recent_interaction: null, last_seen: null,
    },
  ]);
  assert.equal(run.timeline.length, 0);
  assert.equal(redirectPath(entries[0]!), 'SOURCE: "start.example.net" -> ORIGIN: "tracker.example.net" -> DESTINATION: "landing.example.net", "next.example.net"');
});

test("indicators: a redirect destination matches → 1 CRITICAL per file; look-alikes do not", async () => {
  const hit = await runBackupModule(def, backup("xml").dir, testIocs(["domain-name:value", "next.example.net"]));
  assert.equal(hit.alerts.length, 1);
  assert.equal(hit.alerts[0]!.level, "CRITICAL");
  assert.equal(hit.alerts[0]!.matched_indicator?.value, "next.example.net");
  const miss = await runBackupModule(def, backup().dir, testIocs(["domain-name:value", "xnext.example.net"]));
  assert.equal(miss.alerts.length, 0);
  const sub = await runBackupModule(def, backup().dir, testIocs(["domain-name:value", "cdn.example.net"]));
  assert.equal(sub.alerts.length, 1); // sub-resource origins are checked too (beyond MVT)
});

test("HIGH redirect between suspicious domains: origin and a redirect end both match ", () => {
  const iocs = testIocs(["domain-name:value", "tracker.example.net"], ["domain-name:value", "landing.example.net"]);
  const record: WebkitSessionResourceLogRecord = ["a5/x", [
    { origin: "tracker.example.net", redirect_source: ["start.example.net"], redirect_destination: ["landing.example.net"], subframe_under_origin: [], subresource_under_origin: [], user_interaction: false, most_recent_interaction: null, last_seen: "2023-04-01 10:05:00.000000" },
    { origin: "tracker.example.net", redirect_source: "", redirect_destination: ["plain.example.net"], subframe_under_origin: [], subresource_under_origin: [], user_interaction: false, most_recent_interaction: null, last_seen: null },
  ]];
  const ctx: HeuristicContext = { indicatorsLoaded: true, match: (kind, v) => iocs.match(kind, v) };
  const found = suspiciousRedirect(record, ctx) as unknown as { level: string; message: string; event_time: string }[];
  assert.equal(found.length, 1);
  assert.equal(found[0]!.level, "HIGH");
  assert.equal(found[0]!.message, 'Found HTTP redirect between suspicious domains: SOURCE: "start.example.net" -> ORIGIN: "tracker.example.net" -> DESTINATION: "landing.example.net"');
  assert.equal(found[0]!.event_time, "2023-04-01 10:05:00.000000");
  assert.equal(suspiciousRedirect(record, { indicatorsLoaded: false }), undefined); // no indicators, no match function
});

test("a plist without browsingStatistics gives an empty list; a corrupt one a warning naming the file", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.plist("AppDomain-com.apple.mobilesafari", REL, { version: 17 });
  b.file("AppDomain-com.example.app", REL, "bplist00 this is broken");
  const run = await runBackupModule(def, b.finish());
  assert.equal(run.records.length, 1);
  assert.deepEqual((run.records[0] as WebkitSessionResourceLogRecord)[1], []);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /AppDomain-com\.example\.app\/Library\/WebKit/);
});
