import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import manifest, { domainPieces } from "./manifest.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { fileIdOf, IosBackupBuilder, unix } from "../../../test/builders/ios-backup.ts";
import { binaryPlist } from "../../../test/builders/plist-writer.ts";
import { PlistUid } from "../../formats/plist.ts";

test("MVT backup: 3721 records, 5881 timeline events, no alert", async () => {
  const run = await runBackupModule(manifest, MVT_BACKUP);
  assert.equal(run.records.length, 3721);
  assert.equal(run.timeline.length, 5881);
  assert.equal(run.alerts.length, 0);
  assert.deepEqual(run.warnings, []);
  const r = run.records.find((x) => x.relative_path === "Library/Preferences/com.apple.CoreBrightness.plist");
  assert.deepEqual(r, {
    file_id: "9b03783a1bc15dd05c434aa7ad213eb68561c745", domain: "HomeDomain", relative_path: "Library/Preferences/com.apple.CoreBrightness.plist",
    flags: 1, created: "2021-06-11 08:53:46.000000", modified: "2021-06-11 08:53:46.000000", status_changed: "2021-06-11 08:53:46.000000",
    mode: "0o100600", owner: 501, size: 42,
  });
  assert.deepEqual(run.timeline.filter((e) => e.data === "Library/Preferences/com.apple.CoreBrightness.plist - HomeDomain").map((e) => [e.timestamp, e.event]), [
    ["2021-06-11 08:53:46.000000", "M-CB"],
  ]);
});

test("MVT backup: test.stix2 alone gives 0 alerts; with file name com.apple.CoreBrightness.plist, 1 HIGH", async () => {
  assert.equal((await runBackupModule(manifest, MVT_BACKUP, testIocs())).alerts.length, 0);
  const run = await runBackupModule(manifest, MVT_BACKUP, testIocs(["file:name", "com.apple.CoreBrightness.plist"]));
  assert.equal(run.records.length, 3721);
  assert.equal(run.timeline.length, 5881);
  assert.equal(run.alerts.length, 1);
  const a = run.alerts[0]!;
  assert.equal(a.level, "HIGH");
  assert.equal(a.matched_indicator?.type, "file_names");
  assert.equal(a.matched_indicator?.value, "com.apple.CoreBrightness.plist");
  assert.deepEqual([(a.event as any).domain, (a.event as any).relative_path], ["HomeDomain", "Library/Preferences/com.apple.CoreBrightness.plist"]);
});

const LOCAL_STORAGE = "Library/WebKit/WebsiteData/LocalStorage/https_www.badsite.example.org_0.localstorage";

/** Raw Manifest rows that the builder cannot write: a NULL blob, a garbage blob, an old backup's inline dates. */
function addRawRows(dir: string): void {
  const db = new Database(join(dir, "Manifest.db"));
  const insert = db.prepare("INSERT INTO Files VALUES (?, ?, ?, ?, ?)");
  insert.run(fileIdOf("HomeDomain", "no-meta"), "HomeDomain", "no-meta", 1, null);
  insert.run(fileIdOf("HomeDomain", "bad-meta"), "HomeDomain", "bad-meta", 1, Buffer.from("bplist00 garbage that is not a plist"));
  const old = binaryPlist({
    $version: 100000, $archiver: "NSKeyedArchiver", $top: { root: new PlistUid(1) },
    $objects: [
      "$null",
      { Birth: new Date("2012-05-01T10:00:00Z"), LastModified: new Date("2012-05-02T10:00:00Z"), LastStatusChange: new Date("2012-05-02T10:00:00Z"),
        Mode: 0o100644, UserID: 501, Size: 1234, $class: new PlistUid(2) },
      { $classname: "MBFile", $classes: ["MBFile", "NSObject"] },
    ],
  });
  insert.run(fileIdOf("HomeDomain", "old-backup.txt"), "HomeDomain", "old-backup.txt", 1, old);
  db.close();
}

function fixture(): string {
  const b = new IosBackupBuilder(tempDir());
  b.row("HomeDomain", "Library/Preferences", 2, unix("2024-01-01 00:00:00"));
  b.row("AppDomain-com.apple.mobilesafari", LOCAL_STORAGE, 1, unix("2024-01-02 00:00:00"));
  b.row("HomeDomain", "Library/Preferences/com.example.organizer.plist", 1);
  b.row("RootDomain", "Library/Preferences/com.apple.CrashReporter.plist", 1);
  b.row("HomeDomain", "Library/Preferences/com.apple.CrashReporter.plist", 1);
  const dir = b.finish();
  addRawRows(dir);
  return dir;
}

test("fixture: record keys, Python-style mode, MACB events; a NULL blob keeps the base keys; old inline dates", async () => {
  const run = await runBackupModule(manifest, fixture());
  assert.equal(run.records.length, 8);
  assert.deepEqual(run.alerts, []);
  const dirRow = run.records.find((r) => r.relative_path === "Library/Preferences");
  assert.deepEqual(Object.keys(dirRow), ["file_id", "domain", "relative_path", "flags", "created", "modified", "status_changed", "mode", "owner", "size"]);
  assert.equal(dirRow.mode, "0o40755");
  assert.equal(dirRow.flags, 2);
  assert.equal(dirRow.file_id, fileIdOf("HomeDomain", "Library/Preferences"));
  assert.deepEqual(run.timeline.filter((e) => e.data === "Library/Preferences - HomeDomain").map((e) => [e.timestamp, e.event]).sort(), [
    ["2023-12-31 23:00:00.000000", "---B"],
    ["2024-01-01 00:00:00.000000", "M-C-"],
  ]);
  assert.deepEqual(run.records.find((r) => r.relative_path === "no-meta"), {
    file_id: fileIdOf("HomeDomain", "no-meta"), domain: "HomeDomain", relative_path: "no-meta", flags: 1, created: "",
  });
  assert.equal(run.timeline.some((e) => e.data.startsWith("no-meta")), false);
  const old = run.records.find((r) => r.relative_path === "old-backup.txt");
  assert.deepEqual([old.created, old.modified, old.mode, old.size], ["2012-05-01 10:00:00.000000", "2012-05-02 10:00:00.000000", "0o100644", 1234]);
  assert.deepEqual(run.timeline.filter((e) => e.data.startsWith("old-backup.txt")).map((e) => e.event).sort(), ["---B", "M-C-"]);
});

test("fixture: an unreadable metadata blob gives exactly one warning naming the row, and the row is kept", async () => {
  const run = await runBackupModule(manifest, fixture());
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.message, /1 Manifest\.db rows have unreadable file metadata; first: HomeDomain\/bad-meta/);
  assert.match(run.warnings[0]!.file, /Manifest\.db/);
  assert.deepEqual(Object.keys(run.records.find((r) => r.relative_path === "bad-meta")), ["file_id", "domain", "relative_path", "flags", "created"]);
});

test("fixture: a domain inside a WebKit folder name is a HIGH match; 'com.example.organizer' is not", async () => {
  assert.deepEqual(domainPieces(LOCAL_STORAGE), ["www.badsite.example.org"]);
  assert.deepEqual(domainPieces("Library/Preferences/com.example.organizer.plist"), []);
  const run = await runBackupModule(manifest, fixture(), testIocs());
  const url = run.alerts.filter((a) => a.matched_indicator?.type === "domains");
  assert.equal(url.length, 1);
  assert.equal(url[0]!.level, "HIGH");
  assert.equal(url[0]!.matched_indicator?.value, "example.org");
  assert.equal(url[0]!.message, `Found mention of domain "www.badsite.example.org" in a backup file with path: ${LOCAL_STORAGE.toLowerCase()}`);
});

test("fixture: com.apple.CrashReporter.plist in RootDomain is MEDIUM with indicators loaded only, not in HomeDomain", async () => {
  const run = await runBackupModule(manifest, fixture(), testIocs());
  const crash = run.alerts.filter((a) => a.message.includes("CrashReporter"));
  assert.equal(crash.length, 1);
  assert.equal(crash[0]!.level, "MEDIUM");
  assert.equal((crash[0]!.event as any).domain, "RootDomain");
  assert.equal(crash[0]!.event_time, "2024-02-01 12:00:00.000000");
  assert.equal(run.alerts.length, 2); // + the domain match above
  const none = await runBackupModule(manifest, fixture());
  assert.equal(none.alerts.length, 0);
});

test("fixture: rows only in Manifest.db-wal are read", async () => {
  const src = new IosBackupBuilder(tempDir()).row("HomeDomain", "in-main-file", 1).finish();
  const dir = tempDir();
  const db = new Database(join(src, "Manifest.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("wal_autocheckpoint = 0");
  db.prepare("INSERT INTO Files VALUES (?, ?, ?, ?, ?)").run(fileIdOf("HomeDomain", "only-in-wal"), "HomeDomain", "only-in-wal", 1, null);
  // Copy while the connection is open, so the WAL is not checkpointed into the main file.
  for (const f of readdirSync(src)) if (f !== "Manifest.db-shm") copyFileSync(join(src, f), join(dir, f));
  db.close();
  assert.ok(existsSync(join(dir, "Manifest.db-wal")));
  const run = await runBackupModule(manifest, dir);
  assert.deepEqual(run.records.map((r) => r.relative_path).sort(), ["in-main-file", "only-in-wal"]);
});
