/** Tests for the SQLite carver on databases built with better-sqlite3: what an app's DELETE leaves, and what it must not invent. */
import { test } from "node:test";
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { SpyglassError } from "../core/errors.ts";
import { memoryFile } from "../core/source.ts";
import { localFile } from "../node/fs-source.ts";
import { carveDatabase, carvedRow, carveTables } from "./sqlite-carve.ts";
import type { Carved, CarvedRecord, CarveOptions } from "./sqlite-carve.ts";

const SMS_SCHEMA = "CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, text TEXT, date INTEGER, is_from_me INTEGER DEFAULT 0)";

/** A database made in a temp folder of its own; `files` reads it (and its -wal) back as evidence. */
function withDb<T>(build: (db: Database.Database) => void, use: (files: { db: Uint8Array; wal?: Uint8Array }) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "spyglass-carve-"));
  const path = join(dir, "test.db");
  const db = new Database(path);
  try {
    build(db);
    // Read while the connection is open: closing would checkpoint the WAL into the main file.
    const files = { db: readFileSync(path), ...(existsSync(path + "-wal") ? { wal: readFileSync(path + "-wal") } : {}) };
    return use(files).finally(() => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    });
  } catch (e) {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

async function carve(files: { db: Uint8Array; wal?: Uint8Array }, opts: Omit<CarveOptions, "wal"> = {}): Promise<Carved[]> {
  const out: Carved[] = [];
  const wal = files.wal ? memoryFile("test.db-wal", files.wal) : undefined;
  for await (const c of carveDatabase(memoryFile("test.db", files.db), { ...opts, ...(wal ? { wal } : {}) })) out.push(c);
  return out;
}

const records = (c: Carved[]) => c.filter((x): x is CarvedRecord => x.kind === "record");
const guids = (c: Carved[]) => records(c).map((r) => r.values[1]).sort();

function fillMessages(db: Database.Database, n: number, text = (i: number) => `hello number ${i} see https://example${i}.com/x`) {
  db.exec(SMS_SCHEMA);
  const ins = db.prepare("INSERT INTO message (guid, text, date) VALUES (?, ?, ?)");
  db.transaction(() => {
    for (let i = 1; i <= n; i++) ins.run(`guid-${i}`, text(i), 700000000 + i);
  })();
}

test("rows deleted without secure_delete come back from freeblocks, live rows never do", () =>
  withDb(
    (db) => {
      db.pragma("secure_delete = OFF");
      fillMessages(db, 300);
      db.prepare("DELETE FROM message WHERE ROWID IN (5, 77, 150, 151, 299)").run();
    },
    async (files) => {
      const got = await carve(files, { tables: ["message"] });
      assert.deepEqual(guids(got), ["guid-150", "guid-151", "guid-299", "guid-5", "guid-77"]);
      const r = records(got).find((x) => x.values[1] === "guid-77")!;
      assert.deepEqual(r.values.slice(1), ["guid-77", "hello number 77 see https://example77.com/x", 700000077, 0]);
      assert.equal(r.table, "message");
      assert.deepEqual(r.columns, ["ROWID", "guid", "text", "date", "is_from_me"]);
      assert.equal(r.where, "freeblock");
      // The freeblock header overwrote the cell's first 4 bytes: the rowid is lost and said so.
      assert.equal(r.values[0], undefined);
      assert.equal(r.lostColumns, 1);
      assert.deepEqual(carvedRow(r), { ROWID: undefined, guid: "guid-77", text: "hello number 77 see https://example77.com/x", date: 700000077, is_from_me: 0 });
      // The offset points at the cell: the text is right there in the file.
      const at = Buffer.from(files.db).indexOf("hello number 77 ", r.offset);
      assert.ok(at > r.offset && at - r.offset < 20, `offset ${r.offset}, text at ${at}`);
      assert.ok(!got.some((c) => c.kind === "url" && c.text.includes("example7.com")), "a live row's link is not reported as deleted");
    },
  ));

test("secure_delete on: the deleted rows' bytes are zeroed, nothing is recovered or invented", () =>
  withDb(
    (db) => {
      db.pragma("secure_delete = ON");
      fillMessages(db, 300);
      db.prepare("DELETE FROM message WHERE ROWID % 3 = 0").run();
    },
    async (files) => {
      assert.deepEqual(await carve(files), []);
    },
  ));

test("carveTables lists rowid tables with their stored columns; WITHOUT ROWID and virtual columns are left out", () =>
  withDb(
    (db) => {
      db.exec(SMS_SCHEMA);
      db.exec("CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID");
      db.exec('CREATE TABLE "odd name" ([a b] INTEGER, `c` TEXT, d INTEGER GENERATED ALWAYS AS (length(c)) VIRTUAL, CONSTRAINT pk PRIMARY KEY ([a b]))');
    },
    async (files) => {
      const tables = await carveTables(memoryFile("test.db", files.db));
      assert.deepEqual(tables.map((t) => [t.name, t.columns]), [
        ["message", ["ROWID", "guid", "text", "date", "is_from_me"]],
        ["odd name", ["a b", "c"]],
      ]);
    },
  ));

test("WAL mode without a checkpoint: deleted rows come back from the live copy in the -wal, with the frame named", () =>
  withDb(
    (db) => {
      db.pragma("journal_mode = WAL");
      db.pragma("wal_autocheckpoint = 0");
      db.pragma("secure_delete = OFF");
      fillMessages(db, 120);
      db.prepare("DELETE FROM message WHERE ROWID IN (10, 60)").run();
    },
    async (files) => {
      assert.ok(files.wal && files.wal.length > 0, "the rows are only in the -wal");
      const got = records(await carve(files));
      assert.deepEqual(got.map((r) => r.values[1]).sort(), ["guid-10", "guid-60"]);
      for (const r of got) {
        assert.ok(r.walFrame! >= 1 && (r.where === "wal" || r.where === "freeblock"), `${r.values[1]}: from a WAL frame`);
        // Offsets in the -wal file: the text is there.
        const at = Buffer.from(files.wal!).indexOf(`hello number ${r.values[1]!.toString().slice(5)} `, r.offset);
        assert.ok(at > r.offset && at - r.offset < 20, `offset ${r.offset}, text at ${at}`);
      }
    },
  ));

test("WAL mode after a checkpoint: the rows come back from the main file", () =>
  withDb(
    (db) => {
      db.pragma("journal_mode = WAL");
      db.pragma("wal_autocheckpoint = 0");
      fillMessages(db, 120);
      db.prepare("DELETE FROM message WHERE ROWID IN (10, 60)").run();
      db.pragma("wal_checkpoint(TRUNCATE)");
    },
    async (files) => {
      assert.equal(files.wal?.length ?? 0, 0);
      const got = records(await carve(files));
      assert.deepEqual(got.map((r) => r.values[1]).sort(), ["guid-10", "guid-60"]);
      assert.deepEqual(got.map((r) => [r.walFrame, r.where]), [[undefined, "freeblock"], [undefined, "freeblock"]]);
    },
  ));

test("an old WAL frame holds a row that exists nowhere else (secure_delete zeroed the newer copy)", () =>
  withDb(
    (db) => {
      db.pragma("journal_mode = WAL");
      db.pragma("wal_autocheckpoint = 0");
      db.pragma("secure_delete = ON");
      fillMessages(db, 20);
      db.prepare("INSERT INTO message (guid, text, date) VALUES ('only-in-wal', 'visit https://pegasus-like.example/a', 1)").run();
      db.prepare("UPDATE message SET is_from_me = 1 WHERE ROWID = 3").run();
      db.prepare("DELETE FROM message WHERE guid = 'only-in-wal'").run();
    },
    async (files) => {
      const got = await carve(files);
      const recs = records(got);
      assert.deepEqual(recs.map((r) => [r.values[1], r.where, r.rowid]), [["only-in-wal", "wal", 21]]);
      assert.deepEqual(recs[0]!.values, [21, "only-in-wal", "visit https://pegasus-like.example/a", 1, 0]);
      assert.equal(recs[0]!.lostColumns, 0);
      assert.ok(recs[0]!.walFrame! >= 1, "a WAL frame");
      // The old version of the updated row 3 is not a deleted row.
      assert.ok(!recs.some((r) => r.values[1] === "guid-3"));
    },
  ));

test("deleting many rows frees whole pages: their rows come back from the freelist", () =>
  withDb(
    (db) => {
      fillMessages(db, 2000);
      db.prepare("DELETE FROM message WHERE ROWID BETWEEN 200 AND 1800").run();
    },
    async (files) => {
      const got = records(await carve(files));
      const fromFreelist = got.filter((r) => r.where === "freelist");
      assert.ok(fromFreelist.length > 1000, `${fromFreelist.length} rows from freelist pages`);
      // Rows on freelist pages keep their rowid (their cells were never overwritten).
      const r = fromFreelist.find((x) => x.rowid === 1000);
      assert.deepEqual(r?.values, [1000, "guid-1000", "hello number 1000 see https://example1000.com/x", 700001000, 0]);
      const seen = new Set(got.map((x) => x.values[1]));
      for (const live of ["guid-1", "guid-199", "guid-1801", "guid-2000"]) assert.ok(!seen.has(live), `${live} is live`);
      for (const x of got) {
        const i = Number(String(x.values[1]).slice(5));
        assert.ok(i >= 200 && i <= 1800, `only deleted rows: ${x.values[1]}`);
        assert.equal(x.values[2], `hello number ${i} see https://example${i}.com/x`);
      }
    },
  ));

const big = (i: number) => `start ${i} ` + "lorem ipsum https://long.example/path ".repeat(300) + `end ${i}`;

test("a deleted row that spilled to overflow pages comes back whole from its freed chain", () =>
  withDb(
    (db) => {
      // A freelist already there (as on any phone): the chain's pages join it as leaves, their bytes untouched.
      db.exec("CREATE TABLE filler (b BLOB)");
      db.prepare("INSERT INTO filler VALUES (zeroblob(20000))").run();
      fillMessages(db, 10, (i) => (i === 4 || i === 7 ? big(i) : `short ${i}`));
      db.exec("DROP TABLE filler");
      db.prepare("DELETE FROM message WHERE ROWID IN (4)").run();
    },
    async (files) => {
      const got = await carve(files, { tables: ["message"] });
      const recs = records(got);
      assert.equal(recs.length, 1);
      assert.deepEqual(recs[0]!.values, [4, "guid-4", big(4), 700000004, 0]);
      assert.equal(recs[0]!.lostColumns, 0);
      // The chain's pages were the record's: not reported again as loose strings.
      assert.deepEqual(got.filter((c) => c.kind !== "record"), []);
    },
  ));

test("an overflow chain whose first page became a freelist trunk: the spilled columns are lost, not garbled", () =>
  withDb(
    (db) => {
      fillMessages(db, 10, (i) => (i === 4 || i === 7 ? big(i) : `short ${i}`));
      db.prepare("DELETE FROM message WHERE ROWID IN (4)").run();
    },
    async (files) => {
      const got = await carve(files, { tables: ["message"] });
      const recs = records(got);
      assert.equal(recs.length, 1);
      assert.deepEqual(recs[0]!.values, [4, "guid-4", undefined, undefined, 0]);
      assert.equal(recs[0]!.lostColumns, 2);
      // What the chain's pages still hold comes back as strings.
      assert.ok(got.some((c) => c.kind === "url" && c.text === "https://long.example/path"));
    },
  ));

test("a page reused by later rows: the new rows stay live, old rows come back only where intact, nothing garbled", () =>
  withDb(
    (db) => {
      fillMessages(db, 200);
      db.prepare("DELETE FROM message WHERE ROWID BETWEEN 50 AND 70").run();
      const ins = db.prepare("INSERT INTO message (guid, text, date) VALUES (?, ?, ?)");
      for (let i = 0; i < 15; i++) ins.run(`new-${i}`, `a newer row ${i}`, 800000000 + i);
      db.prepare("UPDATE message SET text = 'edited' WHERE ROWID = 30").run();
    },
    async (files) => {
      const got = records(await carve(files));
      for (const r of got) {
        const g = String(r.values[1]);
        assert.ok(!g.startsWith("new-"), `live row ${g} reported`);
        const i = Number(g.slice(5));
        assert.ok((i >= 50 && i <= 70) || i === 30, `unexpected ${g}`);
        if (i !== 30) assert.equal(r.values[2], `hello number ${i} see https://example${i}.com/x`);
      }
    },
  ));

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
