/** Tests for the SQLite carver on databases built with better-sqlite3: what an app's DELETE leaves, and what it must not invent. */
import { test } from "node:test";
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryFile } from "../core/source.ts";
import { carveDatabase, carveTables } from "./sqlite-carve.ts";
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
