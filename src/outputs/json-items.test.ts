/** json-items: a JSON list read item by item from its lines gives what JSON.parse gives; damaged text throws. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { jsonListItems, NotAJsonList } from "./json-items.ts";
import { toJson } from "./json.ts";

async function* linesOf(text: string): AsyncIterable<string> {
  yield* text.split(/\r\n|\n|\r/);
}

async function items(text: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of jsonListItems(linesOf(text))) out.push(item);
  return out;
}

const TRICKY = [
  { level: "CRITICAL", message: 'brackets ] } [ { and "quotes" and a comma, inside', event: { nested: [[1, 2], { a: "\\" }], empty: {} } },
  "a string item, with ] and ,",
  'ends in a backslash \\',
  42,
  -1.5e3,
  null,
  true,
  [],
  {},
  [{ deep: [[["x"]]] }],
  { text: "non-ASCII café ☕ and \u0001 control, line\nbreak" },
];

test("items of a list as the results writer indents it, minified, or spread over odd lines: as JSON.parse reads them", async () => {
  for (const text of [toJson(TRICKY), JSON.stringify(TRICKY), JSON.stringify(TRICKY, null, 1), JSON.stringify(TRICKY, null, "\n\t"), "[]", " [ \n ] \n", "[\n]"]) {
    assert.deepEqual(await items(text), JSON.parse(text), text.slice(0, 80));
  }
});

test("damaged lists throw a SyntaxError; text that is no list says so", async () => {
  for (const bad of ["[{oops", '[{"a": "unterminated}]', "[1, 2", '[{"a": 1}] trailing', "[{]"]) {
    await assert.rejects(items(bad), SyntaxError, bad);
  }
  for (const other of ['{"a": [1]}', '"x"', "", "  \n  ", "7"]) {
    await assert.rejects(items(other), NotAJsonList, JSON.stringify(other));
  }
});

test("50,000 items are read one at a time: the heap does not hold the list", async () => {
  const item = { level: "LOW", module: "sms", message: "x".repeat(500), event: { text: "y".repeat(500) } };
  async function* lines(): AsyncIterable<string> {
    yield "[";
    const text = toJson([item]).slice(2, -2).split("\n");
    for (let i = 0; i < 50_000; i++) {
      yield* text.slice(0, -1);
      yield i < 49_999 ? text.at(-1) + "," : text.at(-1)!;
    }
    yield "]";
  }
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  let n = 0;
  let peak = 0;
  for await (const got of jsonListItems(lines())) {
    if (++n % 10_000 === 0) {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    assert.equal((got as typeof item).message.length, 500);
  }
  assert.equal(n, 50_000);
  // ~55 MB of text went through (were the items kept, 75 MB of objects); what stays is one item.
  assert.ok(peak < 10e6, `heap grew by ${(peak / 1e6).toFixed(0)} MB`);
});
