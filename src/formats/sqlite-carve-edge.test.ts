/**
 * The SQLite carver on hostile and unusual databases (random and damaged pages, bounds, UTF-16, evidence on disk only
 * read) and on the shapes of the tables modules carve (DataUsage, Safari): nothing invented, nothing written.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { SpyglassError } from "../core/errors.ts";
import { memoryFile } from "../core/source.ts";
import { localFile } from "../node/fs-source.ts";
import { carveDatabase } from "./sqlite-carve.ts";
import type { Carved } from "./sqlite-carve.ts";
import { carve, fillMessages, guids, records, SMS_SCHEMA, withDb } from "../../test/helpers/sqlite-carve.ts";

/** A deterministic byte stream (xorshift32): random pages that are the same on every run. */
function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

test("random pages on the freelist and random bytes in free space: nothing is recovered", () =>
  withDb(
    (db) => {
      fillMessages(db, 2000);
      db.exec("CREATE TABLE ZPROCESS (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZFIRSTTIMESTAMP TIMESTAMP, ZTIMESTAMP TIMESTAMP, ZBUNDLENAME VARCHAR, ZPROCNAME VARCHAR)");
      db.prepare("DELETE FROM message WHERE ROWID BETWEEN 100 AND 1900").run();
    },
    async (files) => {
      const bytes = Uint8Array.from(files.db);
      const pageSize = 4096;
      const trunk = new DataView(bytes.buffer).getUint32(32);
      const v = new DataView(bytes.buffer, (trunk - 1) * pageSize, pageSize);
      const leaves = Array.from({ length: v.getUint32(4) }, (_, i) => v.getUint32(8 + 4 * i));
      assert.ok(leaves.length > 20, `${leaves.length} freelist leaves`);
      leaves.forEach((p, i) => bytes.set(randomBytes(pageSize, 1000 + i), (p - 1) * pageSize));
      // The trunk's bytes past its list too.
      const listEnd = (trunk - 1) * pageSize + 8 + 4 * leaves.length;
      bytes.set(randomBytes(trunk * pageSize - listEnd, 7), listEnd);
      const got = await carve({ db: bytes });
      // Rows deleted from the pages that stayed in the table are real; nothing comes from the random pages.
      assert.ok(records(got).length > 0, "the partly emptied leaves still give their deleted rows");
      for (const r of records(got)) {
        const i = Number(String(r.values[1]).slice(5));
        assert.ok(r.where !== "freelist" && i >= 100 && i <= 1900, `${r.where} ${r.values[1]}`);
        assert.equal(r.values[2], `hello number ${i} see https://example${i}.com/x`);
      }
      const strings = got.filter((c) => c.kind !== "record");
      assert.deepEqual(strings.filter((c) => c.where === "freelist" && c.kind !== "process"), [], "no URL, domain or e-mail out of noise");
      assert.ok(strings.filter((c) => c.where === "freelist").length <= 2, `process-like strings out of ${leaves.length} random pages: ${JSON.stringify(strings)}`);
    },
  ));

test("a damaged page (pointers that leave the page) is skipped; the other pages are still carved", () =>
  withDb(
    (db) => {
      fillMessages(db, 300);
      db.prepare("DELETE FROM message WHERE ROWID IN (5, 290)").run();
    },
    async (files) => {
      const before = records(await carve(files));
      const pageOf = (guid: string) => before.find((r) => r.values[1] === guid)!.page;
      const damaged = pageOf("guid-5");
      assert.notEqual(damaged, pageOf("guid-290"));
      const bytes = Uint8Array.from(files.db);
      // Cell count far past the page: the pointer array would run off its end.
      new DataView(bytes.buffer).setUint16((damaged - 1) * 4096 + 3, 0x7fff);
      const got = await carve({ db: bytes });
      assert.deepEqual(guids(got), ["guid-290"]);
      // Damage in the middle of a freeblock: the row there is garbled and is not claimed.
      const other = Uint8Array.from(files.db);
      const at = Buffer.from(other).indexOf("hello number 290 ");
      other.set(randomBytes(12, 3), at + 3);
      assert.deepEqual(guids(await carve({ db: other })), ["guid-5"]);
    },
  ));

test("DataUsage-like small rows (rowid alias first): the process name comes back even with the row's head overwritten", () =>
  withDb(
    (db) => {
      db.exec("CREATE TABLE ZPROCESS (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZFIRSTTIMESTAMP TIMESTAMP, ZTIMESTAMP TIMESTAMP, ZBUNDLENAME VARCHAR, ZPROCNAME VARCHAR)");
      const ins = db.prepare("INSERT INTO ZPROCESS VALUES (?, 7, 1, ?, ?, ?, ?)");
      for (let i = 1; i <= 60; i++) ins.run(i, 600000000.5 + i, 600000100.25 + i, `com.example.app${i}`, `app${i}`);
      ins.run(61, 600000000.5, 600000200.75, null, "bh");
      ins.run(200, 600000000.5, 600000300.75, "com.apple.spyish", "roleaccountd");
      db.prepare("DELETE FROM ZPROCESS WHERE Z_PK IN (61, 200)").run();
    },
    async (files) => {
      const got = records(await carve(files, { tables: ["ZPROCESS"] }));
      assert.deepEqual(got.map((r) => r.values.slice(1)).sort((a, b) => String(a[5]).localeCompare(String(b[5]))), [
        [7, 1, 600000000.5, 600000200.75, null, "bh"],
        [7, 1, 600000000.5, 600000300.75, "com.apple.spyish", "roleaccountd"],
      ]);
      // Row 200 was at the start of the content area: freed into the unallocated gap whole. Row 61's head was
      // overwritten by a freeblock header: its rowid is lost, the rest is there.
      assert.deepEqual(got.map((r) => [r.values.at(-1), r.rowid, r.lostColumns]).sort(), [["bh", undefined, 1], ["roleaccountd", 200, 0]]);
    },
  ));

test("rows alike but for a few characters (GUIDs with one prefix, numbered texts): each deleted one is told from the live ones", () =>
  withDb(
    (db) => {
      db.exec(SMS_SCHEMA);
      const ins = db.prepare("INSERT INTO message (guid, text, date) VALUES (?, ?, 1)");
      for (let i = 1; i <= 400; i++) ins.run(`00000000-0000-0000-0000-${String(i).padStart(12, "0")}`, `Message number ${i}: see you at ${i % 24}h`);
      db.prepare("DELETE FROM message WHERE ROWID % 40 = 7").run();
    },
    async (files) => {
      const got = records(await carve(files));
      assert.deepEqual(got.map((r) => Number(String(r.values[1]).slice(-12))).sort((a, b) => a - b), Array.from({ length: 10 }, (_, k) => 40 * k + 7));
    },
  ));

test("a file on disk is only read: same bytes and modification time after carving, no sidecar created", async () => {
  const dir = mkdtempSync(join(tmpdir(), "spyglass-carve-"));
  try {
    const path = join(dir, "sms.db");
    const db = new Database(path);
    fillMessages(db, 200);
    db.prepare("DELETE FROM message WHERE ROWID = 9").run();
    db.close();
    const before = { hash: createHash("sha256").update(readFileSync(path)).digest("hex"), mtime: statSync(path).mtimeMs };
    const got: Carved[] = [];
    for await (const c of carveDatabase(localFile(path, "sms.db"))) got.push(c);
    assert.deepEqual(guids(got), ["guid-9"]);
    assert.deepEqual({ hash: createHash("sha256").update(readFileSync(path)).digest("hex"), mtime: statSync(path).mtimeMs }, before);
    assert.ok(!existsSync(path + "-wal") && !existsSync(path + "-shm") && !existsSync(path + "-journal"), "no sidecar appeared");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("bounds: past the record limit the carver stops with E_LIMIT after yielding what it found", () =>
  withDb(
    (db) => {
      fillMessages(db, 2000);
      db.prepare("DELETE FROM message WHERE ROWID % 10 = 0").run();
    },
    async (files) => {
      const got: Carved[] = [];
      let error: unknown;
      try {
        for await (const c of carveDatabase(memoryFile("test.db", files.db), { limits: { records: 5 } })) got.push(c);
      } catch (e) {
        error = e;
      }
      assert.ok(error instanceof SpyglassError && error.code === "E_LIMIT", String(error));
      assert.equal(records(got).length, 5);
    },
  ));

test("a UTF-16 database: deleted text decodes in the file's encoding", () =>
  withDb(
    (db) => {
      db.pragma("encoding = 'UTF-16le'");
      fillMessages(db, 100, (i) => `héllo ${i} — https://example${i}.com/x`);
      db.prepare("DELETE FROM message WHERE ROWID IN (3, 50)").run();
    },
    async (files) => {
      const got = records(await carve(files));
      assert.deepEqual(got.map((r) => r.values[2]).sort(), ["héllo 3 — https://example3.com/x", "héllo 50 — https://example50.com/x"]);
    },
  ));

test("Safari-like history_items (blobs beside the URL): a deleted visit's URL comes back", () =>
  withDb(
    (db) => {
      db.exec(`CREATE TABLE history_items (id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE, domain_expansion TEXT NULL,
        visit_count INTEGER NOT NULL, daily_visit_counts BLOB NOT NULL, weekly_visit_counts BLOB NULL, autocomplete_triggers BLOB NULL,
        should_recompute_derived_visit_counts INTEGER NOT NULL, visit_count_score INTEGER NOT NULL, status_code INTEGER NOT NULL DEFAULT 0)`);
      const ins = db.prepare("INSERT INTO history_items (url, domain_expansion, visit_count, daily_visit_counts, should_recompute_derived_visit_counts, visit_count_score) VALUES (?, ?, 1, x'0100', 0, 100)");
      for (let i = 1; i <= 150; i++) ins.run(i === 42 || i === 140 ? `https://bad${i}.example/x?id=${i}` : `https://site${i}.example/`, i % 2 ? `site${i}` : null);
      db.prepare("DELETE FROM history_items WHERE id IN (42, 140)").run();
    },
    async (files) => {
      const got = records(await carve(files, { tables: ["history_items"] }));
      assert.deepEqual(got.map((r) => r.values[1]).sort(), ["https://bad140.example/x?id=140", "https://bad42.example/x?id=42"]);
    },
  ));

test("a row deleted since the last checkpoint with secure_delete on: the main file's older copy of the page still has it", () =>
  withDb(
    (db) => {
      db.pragma("journal_mode = WAL");
      db.pragma("wal_autocheckpoint = 0");
      fillMessages(db, 60);
      db.pragma("wal_checkpoint(TRUNCATE)"); // the -wal starts again empty: its older frames are gone
      db.pragma("secure_delete = ON");
      db.prepare("DELETE FROM message WHERE ROWID = 33").run();
    },
    async (files) => {
      const got = records(await carve(files));
      assert.deepEqual(got.map((r) => [r.values[1], r.where, r.rowid, r.walFrame]), [["guid-33", "superseded", 33, undefined]]);
      assert.equal(Buffer.from(files.db).indexOf("hello number 33 ", got[0]!.offset) - got[0]!.offset < 20, true);
    },
  ));

test("bytes damaged anywhere in the database and its -wal: the carver ends, failing at worst with a SpyglassError", () =>
  withDb(
    (db) => {
      db.pragma("journal_mode = WAL");
      db.pragma("wal_autocheckpoint = 0");
      fillMessages(db, 300, (i) => (i % 50 === 0 ? "x".repeat(6000) : `hello ${i} https://e${i}.com`));
      db.prepare("DELETE FROM message WHERE ROWID % 7 = 0").run();
    },
    async (files) => {
      let seed = 7;
      const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
      for (let round = 0; round < 30; round++) {
        const db = Uint8Array.from(files.db);
        const wal = Uint8Array.from(files.wal!);
        for (let k = 0; k < 1 + round; k++) {
          const t = rnd() < 0.5 ? db : wal;
          t[Math.floor(rnd() * t.length)] = Math.floor(rnd() * 256);
        }
        try {
          await carve({ db, wal });
        } catch (e) {
          assert.ok(e instanceof SpyglassError, `round ${round}: ${e}`);
        }
      }
    },
  ));
