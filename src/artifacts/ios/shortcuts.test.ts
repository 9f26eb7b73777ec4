import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import shortcuts from "./shortcuts.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder, appleTime } from "../../../test/builders/ios-backup.ts";
import { shortcutsDb, type ShortcutSpec } from "../../../test/builders/ios/shortcuts.ts";

const DB = "Library/Shortcuts/Shortcuts.sqlite";
const T = appleTime;

const SPECS: ShortcutSpec[] = [
  {
    pk: 1, name: "Morning news", description: "Opens the news", created: T("2024-04-01 07:00:00"), modified: T("2024-04-02 07:30:00"),
    actions: [
      { WFWorkflowActionIdentifier: "is.workflow.actions.openurl", WFWorkflowActionParameters: { WFInput: { Value: { string: "https://badbadbad.example.org/landing" } } } },
      { WFWorkflowActionIdentifier: "is.workflow.actions.gettext", WFWorkflowActionParameters: { WFTextActionText: "see https://news.example.net/today, then stop" } },
      { WFWorkflowActionIdentifier: "is.workflow.actions.notification", WFWorkflowActionParameters: { WFNotificationActionBody: "Done" } },
    ],
  },
  { pk: 2, name: "Look-alike", created: T("2024-04-03 07:00:00"), modified: T("2024-04-03 07:00:00"),
    actions: [{ WFWorkflowActionIdentifier: "is.workflow.actions.openurl", WFWorkflowActionParameters: { WFInput: "https://example.org.evil.net/x" } }] },
  { pk: 3, name: "Empty", created: T("2024-04-04 07:00:00"), modified: T("2024-04-05 07:00:00") },
  { pk: 4, name: "Broken plist", created: T("2024-04-06 07:00:00"), modified: T("2024-04-06 08:00:00"), actions: new Uint8Array([1, 2, 3, 4]) },
];

function backup(old = false): string {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", DB, (db) => shortcutsDb(db, SPECS, { old }));
  return b.finish();
}

test("MVT backup: no Shortcuts.sqlite, no records", async () => {
  const run = await runBackupModule(shortcuts, MVT_BACKUP, testIocs());
  assert.equal(run.records.length, 0);
  assert.equal(run.alerts.length, 0);
  assert.deepEqual(run.warnings, []);
});

test("generated: records, parsed actions, URLs from any parameter, timeline", async () => {
  const run = await runBackupModule(shortcuts, backup());
  assert.deepEqual(run.warnings, []);
  assert.equal(run.records.length, 4);
  const [news, look, empty, broken] = run.records;
  assert.deepEqual(news, {
    shortcut_id: 1, shortcut_name: "Morning news", modified_date: "2024-04-02 07:30:00.000000", description: "Opens the news",
    parsed_actions: 3, action_urls: ["https://badbadbad.example.org/landing", "https://news.example.net/today"], isodate: "2024-04-01 07:00:00.000000",
  });
  assert.deepEqual(look.action_urls, ["https://example.org.evil.net/x"]);
  assert.deepEqual([empty.parsed_actions, empty.action_urls, broken.parsed_actions, broken.action_urls], [0, null, 0, null]);
  assert.equal(run.timeline.length, 8);
  const created = run.timeline.find((e) => e.event === "shortcut_created" && e.timestamp === "2024-04-01 07:00:00.000000")!;
  assert.equal(created.data, "iOS Shortcut 'Morning news': Opens the news - URLs in actions: https://badbadbad.example.org/landing, https://news.example.net/today");
  const modified = run.timeline.find((e) => e.event === "shortcut_modified" && e.timestamp === "2024-04-05 07:00:00.000000")!;
  assert.equal(modified.data, "iOS Shortcut 'Empty':  ");
  assert.equal(run.alerts.length, 0);
});

test("generated: action URLs are checked (CRITICAL); a look-alike host is not under example.org", async () => {
  const run = await runBackupModule(shortcuts, backup(), testIocs());
  assert.equal(run.alerts.length, 1);
  const a = run.alerts[0]!;
  assert.equal(a.level, "CRITICAL");
  assert.equal(a.module, "shortcuts");
  assert.equal((a.event as any).shortcut_name, "Morning news");
  assert.equal(a.matched_indicator?.value, "example.org");
});

test("generated: older store without ZACTIONSDESCRIPTION", async () => {
  const run = await runBackupModule(shortcuts, backup(true));
  assert.deepEqual(run.warnings, []);
  assert.equal(run.records.length, 4);
  assert.equal(run.records[0].description, null);
  assert.equal(run.timeline[0]!.data, "iOS Shortcut 'Morning news':  - URLs in actions: https://badbadbad.example.org/landing, https://news.example.net/today");
});

test("generated: no ZSHORTCUT table → nothing; corrupt file → one warning naming it", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", DB, (db) => db.exec("CREATE TABLE ZOTHER (Z_PK INTEGER)"));
  const empty = await runBackupModule(shortcuts, b.finish());
  assert.equal(empty.records.length, 0);
  assert.deepEqual(empty.warnings, []);

  const c = new IosBackupBuilder(tempDir());
  writeFileSync(c.file("HomeDomain", DB, "x"), Buffer.alloc(1024, 0xff));
  const bad = await runBackupModule(shortcuts, c.finish());
  assert.equal(bad.records.length, 0);
  assert.equal(bad.warnings.length, 1);
  assert.match(bad.warnings[0]!.file, /Shortcuts\.sqlite/);
});
