import { test } from "node:test";
import assert from "node:assert/strict";
import { AsciiBytes, escapeNonAscii } from "./ascii-bytes.ts";

function collect(pieces: string[]): string {
  const chunks: string[] = [];
  const bytes = new AsciiBytes((b) => chunks.push(Buffer.from(b).toString("latin1"))); // copied: the view is reused
  for (const p of pieces) bytes.put(p);
  bytes.flush();
  return chunks.join("");
}

test("escapes as Python's ensure_ascii: DEL, accents, BMP and astral characters; ASCII passes unchanged", () => {
  assert.equal(escapeNonAscii('a\u007fé€😀"'), 'a\\u007f\\u00e9\\u20ac\\ud83d\\ude00"');
  assert.equal(collect(["plain ", 'é "x"', " del\u007f"]), 'plain \\u00e9 "x" del\\u007f');
});

test("pieces across the 1 MiB buffer, and one larger than it, come out whole and in order", () => {
  const piece = "x".repeat(1000) + "é";
  const pieces = [...Array.from({ length: 3000 }, (_, i) => `${i}:${piece}`), "y".repeat(3 << 20) + "ü", "end"];
  assert.equal(collect(pieces), pieces.map(escapeNonAscii).join(""));
});

test("with fresh buffers, each written buffer is handed over and never written again", () => {
  const given: Uint8Array[] = [];
  const handed: Uint8Array[] = [];
  const bytes = new AsciiBytes((b) => handed.push(b), () => {
    given.push(new Uint8Array(8));
    return given[given.length - 1]!;
  });
  for (const word of ["abc", "defg", "hi", "jklmnop", "q"]) bytes.put(word);
  bytes.flush();
  bytes.flush(); // nothing pending: no empty buffer handed over, none taken
  assert.deepEqual(handed.map((b) => new TextDecoder().decode(b)), ["abcdefg", "hi", "jklmnopq"]);
  assert.equal(given.length, handed.length, "a buffer is taken only when there is something to write");
  assert.ok(handed.every((b, i) => b.buffer === given[i]!.buffer), "the bytes stay where they were written");
});

test("putShort and putBytes (a record's pieces): the bytes put would write, across buffer edges, non-ASCII short text escaped", () => {
  const pieces: (string | Uint8Array)[] = ["    {\n", new TextEncoder().encode('"a": 1,'), ' "é": "\u007f",', "z".repeat(300), new TextEncoder().encode("b".repeat(20)), "", "end"];
  const text = pieces.map((p) => (typeof p === "string" ? p : new TextDecoder().decode(p))).join("");
  for (const size of [4, 7, 64, 1 << 20]) {
    const handed: string[] = [];
    const bytes = new AsciiBytes((b) => handed.push(Buffer.from(b).toString("latin1")), () => new Uint8Array(size));
    for (const p of pieces) (typeof p === "string" ? bytes.putShort(p) : bytes.putBytes(p));
    bytes.flush();
    assert.equal(handed.join(""), escapeNonAscii(text), `buffers of ${size}`);
  }
});
