/**
 * The browser's SQLite (wa-sqlite over BlobVfs) against the Node host's (better-sqlite3) on the same files: the same
 * rows, a live -wal replayed, the evidence bytes untouched, damage reported as E_CORRUPT. Runs in Node with
 * in-memory readers (FileReaderSync exists only in workers; the Chromium side is test/hosts.test.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openSqlite } from "../node/sqlite.ts";
import { localFile } from "../node/fs-source.ts";
import { tempDir } from "../../test/helpers/tmp.ts";
import { caught } from "../../test/helpers/errors.ts";
import { bytesReader } from "./blob-vfs.ts";
import { openWasmSqlite } from "./sqlite.ts";

const wasm = { wasmBinary: readFileSync(new URL("../../node_modules/@journeyapps/wa-sqlite/dist/wa-sqlite.wasm", import.meta.url)) };

/** A WAL database whose last rows are only in its -wal (the writer still open, as on a live phone). */
function walDatabase() {
  const dir = tempDir();
  const path = join(dir, "sms.db");
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("wal_autocheckpoint = 0");
  db.exec("CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, date INTEGER, data BLOB, ratio REAL)");
  const insert = db.prepare("INSERT INTO message (text, date, data, ratio) VALUES (?, ?, ?, ?)");
  for (let i = 0; i < 300; i++) insert.run(`message ${i} é`, 600_000_000_000_000_000n + BigInt(i), Buffer.from([i & 0xff, 1, 2]), i / 7);
  db.pragma("wal_checkpoint(TRUNCATE)");
  for (let i = 300; i < 420; i++) insert.run(`in the wal ${i}`, i, null, null);
  const main = new Uint8Array(readFileSync(path));
  const wal = new Uint8Array(readFileSync(path + "-wal"));
  db.close();
  return { main, wal };
}

const QUERY = "SELECT ROWID, text, date, data, ratio FROM message WHERE ROWID > ? ORDER BY ROWID";
const plain = (rows: unknown[]) => JSON.parse(JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? [...v] : v)));

test("wa-sqlite over Blob slices: the rows of better-sqlite3, WAL rows included, bigints and blobs alike; the evidence unchanged", async () => {
  const { main, wal } = walDatabase();
  const before = [main.slice(), wal.slice()];
  const dir = tempDir();
  const { writeFileSync } = await import("node:fs");
  writeFileSync(join(dir, "db"), main);
  writeFileSync(join(dir, "db-wal"), wal);
  const node = await openSqlite(localFile(join(dir, "db"), "db"), { wal: localFile(join(dir, "db-wal"), "db-wal") });
  const web = await openWasmSqlite(bytesReader(main), "sms.db", bytesReader(wal), wasm);
  try {
    for (const bigints of [false, true]) {
      const want = plain([...node.rows(QUERY, [10], { bigints })].map((r) => ({ ...r, data: r.data && [...(r.data as Uint8Array)] })));
      const got = plain([...web.rows(QUERY, [10], { bigints })]);
      assert.equal(got.length, 410, "rows of the main file and of the -wal");
      assert.deepEqual(got, want);
    }
    assert.deepEqual(web.tables(), node.tables());
    assert.deepEqual(web.columns("message"), ["ROWID", "text", "date", "data", "ratio"]);
    // Two queries at once (a module reading a second table while iterating the first).
    const outer = web.rows<{ ROWID: number }>("SELECT ROWID FROM message WHERE ROWID <= 3");
    for (const r of outer) assert.equal([...web.rows<{ n: number }>("SELECT count(*) AS n FROM message WHERE ROWID >= ?", [r.ROWID])][0]!.n, 421 - r.ROWID);
  } finally {
    web.close();
    node.close();
  }
  assert.deepEqual([main, wal], before, "what SQLite wrote stayed in memory");
});

test("wa-sqlite: a file that is not SQLite, and a truncated database, are E_CORRUPT naming the file", async () => {
  const notDb = await caught(openWasmSqlite(bytesReader(new TextEncoder().encode("hello, not a database at all".repeat(10))), "notes.db", undefined, wasm));
  assert.equal(notDb.code, "E_CORRUPT");
  assert.equal(notDb.file, "notes.db");
  const { main } = walDatabase();
  const cut = main.slice(0, 4096 + 100); // the header promises pages that are not there
  const db = await openWasmSqlite(bytesReader(cut), "cut.db", undefined, wasm).catch((e) => e);
  const err = db instanceof Error ? db : await caught((async () => [...db.rows("SELECT * FROM message")])());
  assert.equal((err as { code?: string }).code, "E_CORRUPT");
});

test("wa-sqlite, a row's texts decoded at once (nested workers): better-sqlite3's values, multi-byte and invalid UTF-8 included", async () => {
  const dir = tempDir();
  const path = join(dir, "texts.db");
  const db = new Database(path);
  db.exec("CREATE TABLE t (a TEXT, b TEXT, c TEXT, d BLOB, e TEXT, n INTEGER)");
  const insert = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)");
  const rows: [string | null, string | null, string | null, Buffer | null, string | null, number][] = [
    ["plain ascii", "", "short", Buffer.from([1, 2]), "x".repeat(40_000), 1],
    ["café ☕", "ascii after", "😀 emoji", null, "日本語のテキスト", 2],
    [null, "only", null, null, "two texts", 3],
    ["one", null, null, null, null, 4],
  ];
  for (const r of rows) insert.run(...r);
  // A text ending inside a multi-byte sequence and one starting with its rest: joined, they would decode as "é".
  db.exec("INSERT INTO t VALUES (CAST(x'61c3' AS TEXT), CAST(x'a962' AS TEXT), 'z', NULL, 'w', 5)");
  db.close();
  const bytes = new Uint8Array(readFileSync(path));
  const want = plain((new Database(path, { readonly: true }).prepare("SELECT * FROM t ORDER BY n").all() as { d: Buffer | null }[]).map((r) => ({ ...r, d: r.d && new Uint8Array(r.d) })));
  for (const rowTexts of [false, true]) {
    const web = await openWasmSqlite(bytesReader(bytes), "texts.db", undefined, wasm, undefined, undefined, rowTexts);
    try {
      assert.deepEqual(plain([...web.rows("SELECT * FROM t ORDER BY n")]), want, `rowTexts ${rowTexts}`);
    } finally {
      web.close();
    }
  }
});

test("wa-sqlite, rendered JSON on the nested workers: ASCII texts as bytes (lent until the next row), others as text", async () => {
  const dir = tempDir();
  const path = join(dir, "rendered.db");
  const db = new Database(path);
  db.exec("CREATE TABLE t (n INTEGER PRIMARY KEY, j TEXT, k TEXT)");
  const insert = db.prepare("INSERT INTO t (j, k) VALUES (?, ?)");
  // Lengths 0..9 (every alignment in the arena), DEL and non-ASCII at the start, middle and end, long texts that
  // fill several 1 MiB arenas, one larger than an arena.
  const texts = [...Array.from({ length: 10 }, (_, i) => "abcdefghi".slice(0, i)), "\u007fdel", "mid\u007fdel", "del\u007f", "é", "ab😀", "x".repeat(5000) + "ü", "y".repeat(3 << 20)];
  for (let i = 0; i < 1500; i++) texts.push(`"member${i}": ${JSON.stringify("z".repeat(i * 3))}`);
  for (const t of texts) insert.run(t, t);
  db.close();
  const web = await openWasmSqlite(bytesReader(new Uint8Array(readFileSync(path))), "rendered.db", undefined, wasm, undefined, undefined, true);
  try {
    let i = 0;
    // Two rendered columns: the second's bytes leave the first's intact (the arena grows into a new buffer).
    for (const r of web.rows<{ j: string | Uint8Array; k: string | Uint8Array; k2: string | Uint8Array }>("SELECT j, k, k AS k2 FROM t ORDER BY n", [], { rendered: new Set(["j", "k2"]) })) {
      const plainAscii = /^[\x00-\x7e]*$/.test(texts[i]!);
      assert.equal(typeof r.k, "string", `row ${i}: a column not named stays text`);
      for (const v of [r.j, r.k2]) {
        assert.equal(v instanceof Uint8Array, plainAscii, `row ${i}: bytes exactly when ASCII without DEL`);
        assert.equal(v instanceof Uint8Array ? new TextDecoder().decode(v) : v, texts[i], `row ${i}`);
      }
      i++;
    }
    assert.equal(i, texts.length);
  } finally {
    web.close();
  }
  // Without rowTexts (the analysis worker) every text is a string.
  const main = await openWasmSqlite(bytesReader(new Uint8Array(readFileSync(path))), "rendered.db", undefined, wasm);
  try {
    assert.ok([...main.rows<{ j: unknown }>("SELECT j FROM t", [], { rendered: new Set(["j"]) })].every((r) => typeof r.j === "string"));
  } finally {
    main.close();
  }
});
