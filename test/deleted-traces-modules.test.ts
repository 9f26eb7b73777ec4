/**
 * Each module's carve declaration (issue 16) with the real carver (formats/sqlite-carve.ts): a row holding a trace
 * is written among others and deleted as the app deletes it; the module's deleted record carries the trace, the
 * module's own indicator check matches it, and the alert says DELETED. When the carver cannot parse the row (its first
 * bytes overwritten), the trace may still come back as a string from the free space, matched by its kind. SMS, Safari
 * and DataUsage are covered end to end in deleted-traces.test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { scan } from "../src/core/scan.ts";
import type { Alert } from "../src/core/events.ts";
import { openIosBackup } from "../src/inputs/ios-backup.ts";
import { localDir } from "../src/node/fs-source.ts";
import { nodeHost } from "../src/node/host.ts";
import { ARTIFACTS } from "../src/artifacts/index.ts";
import { carveDatabase } from "../src/formats/sqlite-carve.ts";
import { IosBackupBuilder, type Db } from "./builders/ios-backup.ts";
import { chatStorage, WA_GROUP } from "./builders/ios/whatsapp.ts";
import { interactionC } from "./builders/ios/interaction-c.ts";
import { buildChromeHistoryDb, chromeTimeOf } from "./builders/ios/chrome-history.ts";
import { buildSafariHistoryDb, fsDumpAcquisition } from "./builders/ios/safari-history.ts";
import { buildFirefoxBrowserDb, FIREFOX_DB, FIREFOX_DOMAIN } from "./builders/ios/firefox-history.ts";
import { tempDir } from "./helpers/tmp.ts";
import { testIocs } from "./helpers/indicators.ts";

interface Case {
  module: string;
  domain: string;
  path: string;
  fill: (db: Db) => void;
  /** The indicator, and what the deleted record holds it in. */
  ioc: [string, string];
  field: (r: Record<string, unknown>) => unknown;
}

const many = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

const CASES: Case[] = [
  {
    module: "whatsapp", domain: WA_GROUP, path: "ChatStorage.sqlite", ioc: ["domain-name:value", "wa-lure-spy.example"], field: (r) => r.links,
    fill: (db) => {
      chatStorage(db, { messages: many(40, (i) => ({ pk: i + 1, from: `3933${i}@s.whatsapp.net`, text: i === 20 ? "check https://wa-lure-spy.example/i/9" : `ciao ${i}`, date: 700_000_000 + i })) });
      db.prepare("DELETE FROM ZWAMESSAGE WHERE Z_PK = 21").run();
    },
  },
  {
    module: "interaction_c", domain: "HomeDomain", path: "Library/CoreDuet/People/interactionC.db", ioc: ["email-addr:value", "handler@ic-spy.example"], field: (r) => r.contact_identifier,
    fill: (db) => {
      interactionC(db, {
        // The newest contact, deleted with its interaction (see the TCC case on rows deleted mid-page).
        contacts: many(30, (i) => ({ pk: i + 1, name: `Contact ${i}`, id: i === 29 ? "mailto:handler@ic-spy.example" : `+3933300${i}` })),
        interactions: many(30, (i) => ({ pk: i + 1, sender: i + 1, start: 700_000_000 + i, bundle: "com.apple.MobileSMS", direction: 0 })),
      });
      db.prepare("DELETE FROM ZINTERACTIONS WHERE ZSENDER = 30").run();
      db.prepare("DELETE FROM ZCONTACTS WHERE Z_PK = 30").run();
    },
  },
  {
    module: "chrome_history", domain: "AppDomain-com.google.chrome.ios", path: "Library/Application Support/Google/Chrome/Default/History",
    ioc: ["domain-name:value", "chrome-lure-spy.example"], field: (r) => r.url,
    fill: (db) => {
      buildChromeHistoryDb(db, many(40, (i) => ({ url: i === 17 ? "https://chrome-lure-spy.example/go" : `https://www.wikipedia.org/wiki/P${i}`, time: chromeTimeOf("2024-01-01 10:00:00") + BigInt(i) })));
      const id = db.prepare("SELECT id FROM urls WHERE url LIKE '%chrome-lure%'").pluck().get();
      db.prepare("DELETE FROM visits WHERE url = ?").run(id);
      db.prepare("DELETE FROM urls WHERE id = ?").run(id);
    },
  },
  {
    module: "firefox_history", domain: FIREFOX_DOMAIN, path: FIREFOX_DB, ioc: ["domain-name:value", "fx-lure-spy.example"], field: (r) => r.url,
    fill: (db) => {
      buildFirefoxBrowserDb(db, many(30, (i) => ({ url: i === 9 ? "https://fx-lure-spy.example/a" : `https://www.wikipedia.org/wiki/F${i}`, visits: [{ date: 1.7e15 + i }] })));
      db.prepare("DELETE FROM history WHERE url LIKE '%fx-lure%'").run(); // visits go with it (ON DELETE CASCADE)
    },
  },
  {
    module: "tcc", domain: "HomeDomain", path: "Library/TCC/TCC.db", ioc: ["process:name", "com.spy.recorder"], field: (r) => r.client,
    fill: (db) => {
      db.exec("CREATE TABLE access (service TEXT, client TEXT, client_type INTEGER, auth_value INTEGER, auth_reason INTEGER, auth_version INTEGER, last_modified INTEGER)");
      const add = db.prepare("INSERT INTO access VALUES (?, ?, 0, 2, 2, 1, 1700000000)");
      // The newest grant: deleted, its bytes stay whole at the start of the page's content. (A row deleted from the
      // middle of a page loses its first bytes; with a text first column the carver then finds only a string.)
      for (let i = 0; i < 30; i++) add.run("kTCCServiceMicrophone", i === 29 ? "com.spy.recorder" : `com.example.app${i}`);
      db.prepare("DELETE FROM access WHERE client = 'com.spy.recorder'").run();
    },
  },
];

for (const c of CASES) {
  test(`${c.module}: a deleted row is recovered, matched by the module's own check, and said to be deleted`, async () => {
    const b = new IosBackupBuilder(join(tempDir(), "backup"));
    b.sqlite(c.domain, c.path, c.fill);
    const backup = await openIosBackup(localDir(b.finish()), nodeHost);
    const deleted: Record<string, unknown>[] = [];
    const live: string[] = [];
    const alerts: Alert[] = [];
    try {
      await scan({
        acquisition: backup, artifacts: ARTIFACTS, host: nodeHost, indicators: testIocs(c.ioc), only: [c.module], carve: carveDatabase,
        sink: { deleted: (m, r) => m.slug === c.module && deleted.push(r as Record<string, unknown>), record: (m, r) => m.slug === c.module && live.push(JSON.stringify(r)), alert: (a) => alerts.push(a) },
      });
    } finally {
      backup.close();
    }
    const value = c.ioc[1];
    const holding = deleted.filter((r) => JSON.stringify(c.field(r) ?? null).includes(value) || (r.record_type === "carved_string" && r.text === value));
    assert.ok(holding.length >= 1, `a deleted record holds ${value}: ${JSON.stringify(deleted).slice(0, 400)}`);
    assert.ok(!live.some((r) => r.includes(value)), "not among the live records");
    const hit = alerts.filter((a) => a.matched_indicator?.value === value);
    assert.equal(hit.length, 1, JSON.stringify(alerts.map((a) => a.message)));
    assert.match(hit[0]!.message, /\(DELETED record recovered from .*, byte offset \d+\)$/);
  });
}

test("a filesystem dump: the databases are carved as in a backup (a deleted Safari visit, with its -wal beside it)", async () => {
  const dir = tempDir();
  const rel = "private/var/mobile/Library/Safari/History.db";
  mkdirSync(join(dir, rel, ".."), { recursive: true });
  const db = new Database(join(dir, rel));
  db.pragma("journal_mode = WAL");
  buildSafariHistoryDb(db, many(40, (i) => ({ url: i === 39 ? "https://fs-lure-spy.example/x" : `https://www.wikipedia.org/wiki/S${i}`, time: 700_000_000 + i })));
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.pragma("wal_autocheckpoint = 0");
  db.prepare("DELETE FROM history_visits WHERE history_item = (SELECT id FROM history_items WHERE url LIKE '%fs-lure%')").run();
  db.prepare("DELETE FROM history_items WHERE url LIKE '%fs-lure%'").run();
  // The dump holds the database and its -wal as the phone left them (copied while the connection was open).
  copyFileSync(join(dir, rel), join(dir, `${rel}.copy`));
  copyFileSync(join(dir, `${rel}-wal`), join(dir, `${rel}-wal.copy`));
  db.close();
  renameSync(join(dir, `${rel}.copy`), join(dir, rel));
  renameSync(join(dir, `${rel}-wal.copy`), join(dir, `${rel}-wal`));
  const deleted: Record<string, unknown>[] = [];
  const alerts: Alert[] = [];
  await scan({
    acquisition: fsDumpAcquisition(dir), artifacts: ARTIFACTS, host: nodeHost, indicators: testIocs(["domain-name:value", "fs-lure-spy.example"]), only: ["safari_history"], carve: carveDatabase,
    sink: { deleted: (_m, r) => deleted.push(r as Record<string, unknown>), alert: (a) => alerts.push(a) },
  });
  assert.ok(deleted.some((r) => r.url === "https://fs-lure-spy.example/x"), JSON.stringify(deleted).slice(0, 300));
  const hit = alerts.find((a) => a.matched_indicator?.value === "fs-lure-spy.example");
  assert.match(hit?.message ?? "", /\(DELETED record recovered from .* of private\/var\/mobile\/Library\/Safari\/History\.db(-wal)?, byte offset \d+\)$/);
});
