import { test } from "node:test";
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { JsonRowPlan, isJsonBlobError, needsJs, tableColumns } from "./sql-json.ts";
import { jsonRow } from "./sql.ts";
import { JsonListWriter, toJson, membersJson } from "../../outputs/json.ts";
import { fullRecord, rawJsonText, withRawJson, type RawJson } from "../../core/raw-json.ts";
import { escapeNonAscii } from "../../outputs/ascii-bytes.ts";
import { openSqlite } from "../../node/sqlite.ts";
import { memoryFile } from "../../core/source.ts";

/** A table with every storage class, awkward strings and keys, and long integers; as a SqliteDb. */
async function sample() {
  const db = new Database(":memory:");
  db.exec(`CREATE TABLE t ("ROWID" INTEGER PRIMARY KEY, name TEXT, n INTEGER, big INTEGER, r REAL, b BLOB, anything, "we""ird key" TEXT, num NUMERIC)`);
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ins.run(1, 'quote " back \\ nl \n tab \t nul \u0000 ctl \u0001 del \u007f é 😀', 0, 0n, 0.1, Buffer.from([0, 255, 1]), "text here", "x", 5);
  ins.run(2, null, -7, 1234567890123456789n, 100.0, null, 3.25, null, 2.5);
  ins.run(3, "", 9007199254740993n, -9223372036854775808n, -1e-7, Buffer.alloc(0), Buffer.from("bin"), "", null);
  const bytes = db.serialize();
  db.close();
  return openSqlite(memoryFile("t.db", new Uint8Array(bytes)));
}

test("rendered rows are the text the results writer gives the same rows, value for value", async () => {
  const db = await sample();
  const columns = tableColumns(db, "t");
  assert.deepEqual(columns.map((c) => c.type), ["INTEGER", "TEXT", "INTEGER", "INTEGER", "REAL", "BLOB", "", "TEXT", "NUMERIC"]);
  const plan = new JsonRowPlan(columns.map((c) => ({ key: c.name, sql: `"${c.name.replaceAll('"', '""')}"`, hole: needsJs(c.type) })));
  const rendered = [...db.rows<Record<string, unknown>>(`SELECT ${plan.select} FROM t ORDER BY ROWID`)].map((row) => rawJsonText(plan.render(row, membersJson({ extra: ["a", "ü"] }))));
  const plain = [...db.rows(`SELECT * FROM t ORDER BY ROWID`, [], { bigints: true })].map((r) => ({ ...jsonRow(r), extra: ["a", "ü"] }));
  // As the writer puts them out (it escapes non-ASCII as Python does): the text of the plain rows, byte for byte.
  assert.deepEqual(rendered.map(escapeNonAscii), plain.map((r) => toJson([r]).slice(2, -2)));
  // The big integers survive the round trip through the text exactly.
  const back = rendered.map((t) => fullRecord(withRawJson({}, t)));
  assert.equal(toJson(back), toJson(plain));
  assert.equal(String((back[1] as { big: unknown }).big), "1234567890123456789");
  db.close();
});

test("a blob where the schema declares text stops the rendered query with the error modules fall back on", async () => {
  const db = await sample();
  const plan = new JsonRowPlan([{ key: "anything", sql: "anything" }]);
  assert.throws(() => [...db.rows(`SELECT ${plan.select} FROM t`)], (err) => isJsonBlobError(err));
  assert.equal(isJsonBlobError(new Error("no such table: t")), false);
  db.close();
});

test("many columns: concat() is split below SQLite's argument limit", () => {
  const plan = new JsonRowPlan(Array.from({ length: 150 }, (_, i) => ({ key: `c${i}`, sql: String(i) })));
  const db = new Database(":memory:");
  const row = db.prepare(`SELECT ${plan.select}`).get() as Record<string, unknown>;
  const text = rawJsonText(plan.render(row, ""));
  assert.deepEqual(JSON.parse(text), Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`c${i}`, i])));
  assert.equal(text, toJson([JSON.parse(text)]).slice(2, -2));
  db.close();
});

test("derived members render as the writer would, directly for scalars and string lists", () => {
  const cases: Record<string, unknown>[] = [
    { isodate: "2024-01-01 00:00:00.000000", direction: "sent", links: [], n: 3, f: 1.5, no: null, yes: true },
    { links: ["https://a.example/x?y=\"1\"", "é"] },
    { nested: { a: [1, { b: 2 }] }, after: "x" },
    {},
  ];
  for (const c of cases) {
    const whole = toJson([c]);
    assert.equal(escapeNonAscii(membersJson(c)), whole.length > 12 ? whole.slice(8, -8) : ""); // the writer escapes
  }
});

test("segments given as bytes (the page's scan workers): pieces whose text, written file and full record are the strings'", async () => {
  const db = await sample();
  const plan = new JsonRowPlan(tableColumns(db, "t").map((c) => ({ key: c.name, sql: `"${c.name.replaceAll('"', '""')}"`, hole: needsJs(c.type) })));
  assert.ok(plan.rendered.size >= 2, "several segments between the holes");
  const rows = [...db.rows<Record<string, unknown>>(`SELECT ${plan.select} FROM t ORDER BY ROWID`)];
  // As the browser host gives them: ASCII without DEL as bytes, the rest (row 1 has é, 😀 and DEL) as text.
  const asBytes = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plan.rendered.has(k) && /^[\x00-\x7e]*$/.test(v as string) ? new TextEncoder().encode(v as string) : v])));
  const derived = membersJson({ extra: ["a", "ü"] });
  const strings = rows.map((r) => plan.render(r, derived));
  const pieces = asBytes.map((r) => plan.render(r, derived));
  assert.ok(strings.every((s) => typeof s === "string"));
  assert.ok(pieces.every((p) => Array.isArray(p) && p.some((x) => x instanceof Uint8Array)), "every row has byte pieces");
  assert.deepEqual(pieces.map(rawJsonText), strings);
  assert.equal(toJson(pieces.map((p) => fullRecord(withRawJson({}, p)))), toJson(strings.map((s) => fullRecord(withRawJson({}, s)))));
  // Written by the results writer, in small buffers (pieces across their edges): the same bytes.
  const written = (records: RawJson[]) => {
    const out: number[] = [];
    const w = new JsonListWriter((b) => out.push(...b), "list", () => new Uint8Array(64));
    for (const r of records) w.add(withRawJson({}, r));
    w.add({ plain: "é" });
    w.end();
    return Buffer.from(out).toString("latin1");
  };
  assert.equal(written(pieces), written(strings));
  assert.equal(written(strings), toJson([...strings.map((s) => fullRecord(withRawJson({}, s))), { plain: "é" }]));
  db.close();
});
