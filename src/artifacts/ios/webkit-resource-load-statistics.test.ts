import { test } from "node:test";
import assert from "node:assert/strict";
import def from "./webkit-resource-load-statistics.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder, unix } from "../../../test/builders/ios-backup.ts";
import { buildObservationsDb, type ObservationsSchema, type ObservedDomain } from "../../../test/builders/ios/webkit-resource-load-statistics.ts";

const REL = "Library/WebKit/WebsiteData/ResourceLoadStatistics/observations.db";

test("#26 MVT backup: 2 domains, 2 timeline events, 0 alerts; the interaction iso key only when ≥ 0", async () => {
  const run = await runBackupModule(def, MVT_BACKUP);
  assert.equal(run.records.length, 2);
  assert.equal(run.timeline.length, 2);
  assert.equal(run.alerts.length, 0);
  const by = Object.fromEntries(run.records.map((r) => [r.registrable_domain, r]));
  assert.ok(by["google.com"].most_recent_user_interaction_time > 0);
  assert.ok("most_recent_user_interaction_time_isodate" in by["google.com"]);
  assert.equal(by["gstatic.com"].most_recent_user_interaction_time, -1.0);
  assert.ok(!("most_recent_user_interaction_time_isodate" in by["gstatic.com"]));
  assert.ok(run.records.every((r) => !("most_recent_web_push_interaction_time" in r)));
  assert.deepEqual(by["google.com"], {
    domain_id: 1,
    registrable_domain: "google.com",
    last_seen: 1634560250,
    had_user_interaction: true,
    last_seen_isodate: "2021-10-18 12:30:50.000000",
    domain: "AppDomain-com.google.chrome.ios",
    path: REL,
    most_recent_user_interaction_time: 1634560030.76862,
    most_recent_user_interaction_time_isodate: "2021-10-18 12:27:10.768620",
  });
  assert.deepEqual(run.timeline.find((e) => e.data.includes("gstatic")), {
    timestamp: "2021-10-18 12:27:10.000000", module: "WebkitResourceLoadStatistics", event: "visit",
    data: "Webkit resource loaded from gstatic.com by app in domain AppDomain-com.google.chrome.ios",
  });
  const withIocs = await runBackupModule(def, MVT_BACKUP, testIocs());
  assert.equal(withIocs.alerts.length, 0); // §1.5: 2 records / 0 alerts with test.stix2
});

function backup(domains: ObservedDomain[], schema: ObservationsSchema, appDomain = "AppDomain-com.example.browser") {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite(appDomain, REL, (db) => buildObservationsDb(db, domains, schema));
  return b.finish();
}

test("#27 both optional columns: user interaction with isodate, web push -1.0 without", async () => {
  const run = await runBackupModule(def, backup([{ domain: "example.com", lastSeen: 1634560250.0, hadUserInteraction: true, mostRecentUserInteraction: 1634560030.0, mostRecentWebPushInteraction: -1.0 }], "mvt-full"));
  assert.equal(run.records.length, 1);
  const [r] = run.records;
  assert.equal(r.most_recent_user_interaction_time, 1634560030.0);
  assert.equal(r.most_recent_user_interaction_time_isodate, "2021-10-18 12:27:10.000000");
  assert.equal(r.most_recent_web_push_interaction_time, -1.0);
  assert.ok(!("most_recent_web_push_interaction_time_isodate" in r));
});

test("iOS 17 table with a web-push time ≥ 0, and an early table without either time column", async () => {
  const seen = unix("2024-02-02 10:00:00");
  const ios17 = await runBackupModule(def, backup([{ domain: "push.example.net", lastSeen: seen, mostRecentWebPushInteraction: seen - 60 }], "ios17"));
  assert.equal(ios17.records[0].most_recent_web_push_interaction_time_isodate, "2024-02-02 09:59:00.000000");
  assert.equal(ios17.records[0].most_recent_user_interaction_time, -1);
  const early = await runBackupModule(def, backup([{ domain: "old.example.net", lastSeen: seen }], "early"));
  assert.deepEqual(early.records, [{
    domain_id: 1, registrable_domain: "old.example.net", last_seen: seen, had_user_interaction: false,
    last_seen_isodate: "2024-02-02 10:00:00.000000", domain: "AppDomain-com.example.browser", path: REL,
  }]);
});

test("indicator: a listed domain → CRITICAL; a look-alike is not matched", async () => {
  const run = await runBackupModule(
    def,
    backup([{ domain: "badbadbad.example.net", lastSeen: 1700000000 }, { domain: "notbadbadbad.example.net", lastSeen: 1700000001 }], "ios15"),
    testIocs(["domain-name:value", "badbadbad.example.net"]),
  );
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.level, "CRITICAL");
  assert.equal((run.alerts[0]!.event as { registrable_domain: string }).registrable_domain, "badbadbad.example.net");
});

test("a table missing a required column gives no records; a corrupt file one warning", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("AppDomain-com.example.a", REL, (db) => db.exec("CREATE TABLE ObservedDomains (domainID INTEGER PRIMARY KEY, registrableDomain TEXT)"));
  b.file("AppDomain-com.example.b", REL, "garbage ".repeat(100));
  const run = await runBackupModule(def, b.finish());
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /AppDomain-com\.example\.b\/Library\/WebKit/);
});
