import { test } from "node:test";
import assert from "node:assert/strict";
import { terminalSafe, terminalSafeJson } from "./terminal-safe.ts";

test("terminalSafe: C0, DEL, C1, bidi and line separators written visibly; other text untouched", () => {
  assert.equal(terminalSafe("\x1b[2J\x1b]0;t\x07"), "\\x1b[2J\\x1b]0;t\\x07");
  assert.equal(terminalSafe("a\x00b\tc\rd\x7f\u0085\u009b"), "a\\x00b\\x09c\\x0dd\\x7f\\x85\\x9b");
  assert.equal(terminalSafe("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u2028\u2029"),
    "\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c\\u2028\\u2029");
  assert.equal(terminalSafe("one\ntwo"), "one\\x0atwo", "one line unless told");
  assert.equal(terminalSafe("one\ntwo\x1b", { multiline: true }), "one\ntwo\\x1b");
  const plain = "Café → 東京 مرحبا 👋 C:\\Users\\x https://example.com/a?b=c#d";
  assert.equal(terminalSafe(plain), plain);
});

test("terminalSafeJson: the same characters as \\u escapes, parsing to the same data", () => {
  const data = { s: "a\x1b[2J\u009b\u202eb\x7f\u2028", n: 1 };
  const json = JSON.stringify(data);
  const safe = terminalSafeJson(json);
  assert.doesNotMatch(safe, /[\x00-\x1f\x7f-\x9f\u202e\u2028]/);
  assert.deepEqual(JSON.parse(safe), data);
});
