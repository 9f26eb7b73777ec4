/** Databases built with better-sqlite3 for the SQLite carver's tests (src/formats/sqlite-carve*.test.ts), and how they are carved. */
import Database from "better-sqlite3";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryFile } from "../../src/core/source.ts";
import { carveDatabase } from "../../src/formats/sqlite-carve.ts";
import type { Carved, CarvedRecord, CarveOptions } from "../../src/formats/sqlite-carve.ts";

export const SMS_SCHEMA = "CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, text TEXT, date INTEGER, is_from_me INTEGER DEFAULT 0)";

/** A database made in a temp folder of its own; `files` reads it (and its -wal) back as evidence. */
export function withDb<T>(build: (db: Database.Database) => void, use: (files: { db: Uint8Array; wal?: Uint8Array }) => Promise<T>): Promise<T> {
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

export async function carve(files: { db: Uint8Array; wal?: Uint8Array }, opts: Omit<CarveOptions, "wal"> = {}): Promise<Carved[]> {
  const out: Carved[] = [];
  const wal = files.wal ? memoryFile("test.db-wal", files.wal) : undefined;
  for await (const c of carveDatabase(memoryFile("test.db", files.db), { ...opts, ...(wal ? { wal } : {}) })) out.push(c);
  return out;
}

export const records = (c: Carved[]) => c.filter((x): x is CarvedRecord => x.kind === "record");
export const guids = (c: Carved[]) => records(c).map((r) => r.values[1]).sort();

export function fillMessages(db: Database.Database, n: number, text = (i: number) => `hello number ${i} see https://example${i}.com/x`) {
  db.exec(SMS_SCHEMA);
  const ins = db.prepare("INSERT INTO message (guid, text, date) VALUES (?, ?, ?)");
  db.transaction(() => {
    for (let i = 1; i <= n; i++) ins.run(`guid-${i}`, text(i), 700000000 + i);
  })();
}
