import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import tcc from "./tcc.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder, unix, type Db } from "../../../test/builders/ios-backup.ts";

test("MVT backup (EXPECTED #24/#25): 11 records, 11 events, Launch matches the process indicator", async () => {
  const run = await runBackupModule(tcc, MVT_BACKUP);
  assert.equal(run.records.length, 11);
  assert.equal(run.timeline.length, 11);
  assert.equal(run.alerts.length, 0);
  assert.deepEqual(
    { service: run.records[0].service, client: run.records[0].client, auth_value: run.records[0].auth_value },
    { service: "kTCCServiceUbiquity", client: "com.apple.Preferences", auth_value: "allowed" },
  );
  const hit = await runBackupModule(tcc, MVT_BACKUP, testIocs());
  assert.equal(hit.alerts.length, 1);
  assert.equal(hit.alerts[0]!.level, "CRITICAL");
  assert.equal(hit.alerts[0]!.event_time, "", "as MVT: only the datausage alert has an event time on this backup");
  assert.deepEqual([(hit.alerts[0]!.event as { service: string }).service, (hit.alerts[0]!.event as { client: string }).client], ["kTCCServiceLiverpool", "Launch"]);
  assert.equal(hit.alerts[0]!.matched_indicator?.type, "processes");
});

const v3 = (db: Db) => {
  db.exec(`CREATE TABLE access (service TEXT, client TEXT, client_type INTEGER, auth_value INTEGER, auth_reason INTEGER, auth_version INTEGER, last_modified INTEGER)`);
  const ins = db.prepare("INSERT INTO access VALUES (?, ?, ?, ?, ?, 1, ?)");
  ins.run("kTCCServiceMicrophone", "/private/var/tmp/roleaccountd", 1, 2, 4, unix("2021-07-01 09:16:02"));
  ins.run("kTCCServiceCamera", "net.whatsapp.WhatsApp", 0, 0, 99, unix("2021-03-02 10:00:00"));
};

test("generated v3: values and reasons decoded, path clients matched by base name, timeline text", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", "Library/TCC/TCC.db", v3);
  const run = await runBackupModule(tcc, b.finish(), testIocs(["process:name", "roleaccountd"]));
  assert.deepEqual(run.records[0], {
    service: "kTCCServiceMicrophone", client: "/private/var/tmp/roleaccountd", client_type: "absolute_path",
    auth_value: "allowed", auth_reason_desc: "system_set", last_modified: "2021-07-01 09:16:02.000000",
  });
  assert.equal(run.records[1].auth_reason_desc, "unknown");
  assert.equal(run.records[1].auth_value, "denied");
  assert.deepEqual(run.timeline.map((e) => e.data).sort(), [
    "Access to kTCCServiceCamera by net.whatsapp.WhatsApp denied",
    "Access to kTCCServiceMicrophone by /private/var/tmp/roleaccountd allowed",
  ]);
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.matched_indicator?.value, "roleaccountd");
});

test("generated v2 (allowed + prompt_count) and v1 (no last_modified) schemas", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", "Library/TCC/TCC.db", (db) => {
    db.exec("CREATE TABLE access (service TEXT, client TEXT, client_type INTEGER, allowed INTEGER, prompt_count INTEGER)");
    db.prepare("INSERT INTO access VALUES ('kTCCServicePhotos', 'com.example.app', 0, 1, 2)").run();
  });
  const run = await runBackupModule(tcc, b.finish());
  assert.deepEqual(run.records, [{ service: "kTCCServicePhotos", client: "com.example.app", client_type: "bundle_id", allowed_value: "allowed", prompt_count: 2 }]);
  assert.equal(run.timeline.length, 0, "no time, no event");
});

test("a corrupt TCC.db gives one warning naming the file", async () => {
  const b = new IosBackupBuilder(tempDir());
  const path = b.sqlite("HomeDomain", "Library/TCC/TCC.db", v3);
  writeFileSync(path, "SQLite format 3\u0000" + "x".repeat(5000));
  const run = await runBackupModule(tcc, b.finish());
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /HomeDomain\/Library\/TCC\/TCC\.db/);
});
