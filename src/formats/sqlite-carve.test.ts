/** Tests for the SQLite carver on databases built with better-sqlite3: what an app's DELETE leaves, and what it must not invent. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { memoryFile } from "../core/source.ts";
import { carvedRow, carveTables } from "./sqlite-carve.ts";
import { carve, fillMessages, guids, records, SMS_SCHEMA, withDb } from "../../test/helpers/sqlite-carve.ts";

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
