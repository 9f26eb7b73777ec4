import { test } from "node:test";
import assert from "node:assert/strict";
import analyticsIosVersions from "./analytics-ios-versions.ts";
import { iosVersionOfBuild } from "../_shared/ios-builds.ts";
import { runFsModule } from "../../../test/helpers/run-fs-module.ts";
import { join } from "node:path";
import { IosFsBuilder } from "../../../test/builders/ios-fs.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { buildKeychainAnalyticsDb } from "../../../test/builders/ios/keychain-analytics.ts";

const DIR = "private/var/Keychains/Analytics";

test("the earliest time of each build across every analytics database, with its version, sorted by time", async () => {
  const d = new IosFsBuilder(join(tempDir(), "dump"));
  d.sqlite(`${DIR}/ckks_analytics.db`, (db) => buildKeychainAnalyticsDb(db, [
    { table: "all_events", time: "2021-03-10 09:00:00", data: { build: "18D52" } },
    { table: "all_events", time: "2021-01-20 09:00:00", data: { build: "18C66" } },
    { table: "hard_failures", time: "2021-02-01 09:00:00", data: { build: "18C66" } },
    { table: "soft_failures", time: null, data: { build: "18B92" } }, // no time: skipped
    { table: "soft_failures", time: "2021-01-01 09:00:00", data: { build: "" } }, // no build: skipped
  ]));
  // Another database saw 18D52 earlier, and a build the table does not know.
  d.sqlite(`${DIR}/trust_analytics.db`, (db) => buildKeychainAnalyticsDb(db, [
    { table: "all_events", time: "2021-03-01 09:00:00", data: { build: "18D52" } },
    { table: "all_events", time: "2026-09-20 09:00:00", data: { build: "24A5260a" } },
  ]));
  const run = await runFsModule(analyticsIosVersions, d.finish());
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.records, [
    { isodate: "2021-01-20 09:00:00.125000", build: "18C66", version: "14.3" },
    { isodate: "2021-03-01 09:00:00.125000", build: "18D52", version: "14.4" },
    { isodate: "2026-09-20 09:00:00.125000", build: "24A5260a", version: "" },
  ]);
  assert.deepEqual(run.timeline.map((e) => [e.event, e.data]), [
    ["analytics_ios_version", "Seen iOS version 14.3 (18C66)"],
    ["analytics_ios_version", "Seen iOS version 14.4 (18D52)"],
    ["analytics_ios_version", "Seen iOS version  (24A5260a)"],
  ]);
  assert.equal(run.bySlug["analytics"], undefined); // it reads the databases itself: no Analytics run, no rows held
});

test("no analytics database: nothing", async () => {
  const run = await runFsModule(analyticsIosVersions, new IosFsBuilder(join(tempDir(), "dump")).finish());
  assert.deepEqual([run.records.length, run.warnings.length], [0, 0]);
});

test("build table: upper-cased lookup as MVT's; builds with a lower-case suffix are never found there", () => {
  assert.equal(iosVersionOfBuild("20H240"), "16.7.4");
  assert.equal(iosVersionOfBuild("22a3354"), "18");
  assert.equal(iosVersionOfBuild("14B72c"), "");
  assert.equal(iosVersionOfBuild("nonsense"), "");
});
