import { test } from "node:test";
import assert from "node:assert/strict";
import cacheFiles from "./cache-files.ts";
import { runFsModule } from "../../../test/helpers/run-fs-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { toJson } from "../../outputs/json.ts";
import { heuristicAlerts } from "../../core/check-record.ts";
import { join } from "node:path";
import { IosFsBuilder } from "../../../test/builders/ios-fs.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import type { Db } from "../../../test/builders/ios-backup.ts";

const APP = "private/var/mobile/Containers/Data/Application/5E1C2A8B-0D2E-4B8A-9C1F-3B7A1D2E4F60/Library/Caches/com.example.app/Cache.db";
const SYSTEM = "private/var/mobile/Library/Caches/com.apple.Maps/Cache.db";

/** CFNetwork's schema: the response table with request_key = the URL. */
function cfnetwork(db: Db, rows: [url: string | null, time: string][]): void {
  db.exec(`CREATE TABLE cfurl_cache_response(entry_ID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, version INTEGER, hash_value INTEGER,
      storage_policy INTEGER, request_key TEXT UNIQUE, time_stamp NOT NULL DEFAULT CURRENT_TIMESTAMP, partition TEXT);
    CREATE TABLE cfurl_cache_blob_data(entry_ID INTEGER PRIMARY KEY, response_object BLOB, request_object BLOB, proto_props BLOB, user_info BLOB);`);
  const ins = db.prepare("INSERT INTO cfurl_cache_response (version, hash_value, storage_policy, request_key, time_stamp) VALUES (0, ?, 0, ?, ?)");
  rows.forEach(([url, time], i) => ins.run(-1234567 + i, url, time));
}

function dump(): string {
  const d = new IosFsBuilder(join(tempDir(), "dump"));
  d.sqlite(APP, (db) => cfnetwork(db, [["https://api.example.net/v1/config", "2024-03-01 10:00:00"], ["http://example.com/thisisbad", "2024-03-01 10:05:00"]]));
  d.sqlite(SYSTEM, (db) => cfnetwork(db, []));
  d.sqlite("private/var/mobile/Library/Caches/com.apple.other/Cache.db", (db) => db.exec("CREATE TABLE unrelated (x)"));
  d.file("private/var/mobile/Library/Caches/com.apple.other/Cache.db.bak", "not selected");
  return d.finish();
}

test("every Cache.db: one dict entry per file with the table (an empty table gives []), rows by column position", async () => {
  const run = await runFsModule(cacheFiles, dump());
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.records.map(([k]) => k).sort(), [APP, SYSTEM].sort());
  const app = run.records.find(([k]) => k === APP)![1];
  assert.deepEqual(app[0], { entry_id: 1, version: 0, hash_value: -1234567, storage_policy: 0, url: "https://api.example.net/v1/config", isodate: "2024-03-01 10:00:00" });
  assert.deepEqual(run.records.find(([k]) => k === SYSTEM)![1], []);
  assert.deepEqual(run.timeline.map((e) => [e.timestamp, e.event, e.data]), [
    ["2024-03-01 10:00:00", "cache_response", `${APP} recorded visit to URL https://api.example.net/v1/config`],
    ["2024-03-01 10:05:00", "cache_response", `${APP} recorded visit to URL http://example.com/thisisbad`],
  ]);
  assert.deepEqual(run.alerts, []);
});

test("test.stix2: the bad URL → one CRITICAL per matching response, its event carrying cache_file", async () => {
  const run = await runFsModule(cacheFiles, dump(), testIocs());
  assert.equal(run.alerts.length, 1);
  const [a] = JSON.parse(toJson(run.alerts)) as Record<string, any>[];
  assert.equal(a!.level, "CRITICAL");
  assert.equal(a!.module, "cache_files");
  assert.equal(a!.event.cache_file, APP);
  assert.equal(a!.event.url, "http://example.com/thisisbad");
  assert.equal(a!.matched_indicator.value, "http://example.com/thisisbad");
  assert.equal(a!.matched_indicator.type, "urls");
});

test("a NULL URL is kept (timeline 'None') and never matched; a corrupt Cache.db is one warning, the others are read", async () => {
  const d = new IosFsBuilder(join(tempDir(), "dump"));
  d.sqlite(APP, (db) => cfnetwork(db, [[null, "2024-03-01 10:00:00"]]));
  d.file(SYSTEM, "garbage, not SQLite ".repeat(50));
  const run = await runFsModule(cacheFiles, d.finish(), testIocs());
  assert.equal(run.records.length, 1);
  assert.equal(run.timeline[0]!.data, `${APP} recorded visit to URL None`);
  assert.deepEqual(run.alerts, []);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /com\.apple\.Maps\/Cache\.db/);
});

test("MVT test_cache_files::test_detection: its saved dict, re-read as check-iocs does, gives one CRITICAL with cache_file", () => {
  const saved = { "Library/Caches/example/Cache.db": [{ entry_id: 1, version: 1, hash_value: 123, storage_policy: 0, url: "http://example.com/thisisbad", isodate: "2026-01-01 00:00:00.000000" }] };
  const alerts = Object.entries(saved).flatMap((entry) => heuristicAlerts(cacheFiles, entry, testIocs()));
  assert.equal(alerts.length, 1);
  assert.deepEqual(alerts[0]!.event, { ...saved["Library/Caches/example/Cache.db"][0], cache_file: "Library/Caches/example/Cache.db" });
  assert.equal(alerts[0]!.matched_indicator?.value, "http://example.com/thisisbad");
  assert.deepEqual(Object.entries(saved).flatMap((entry) => heuristicAlerts(cacheFiles, entry, undefined)), []); // no indicators, no alert
});
