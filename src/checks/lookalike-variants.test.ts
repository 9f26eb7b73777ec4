import { test } from "node:test";
import assert from "node:assert/strict";
import { deletions } from "./lookalike-words.ts";
import { forEachDeletion, variantFilter, variantHash } from "./lookalike-variants.ts";

let seed = 5;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
/** Names with doubled letters, hyphens, digits and non-ASCII letters, 0 to 30 long (two deletions stop at 16). */
const word = () => Array.from({ length: Math.floor(rnd() * 31) }, () => "aabcdeeilmnoorsst-19éаӏ"[Math.floor(rnd() * 23)]).join("");

test("forEachDeletion visits what deletions() lists, in its order, when every variant is a key", () => {
  for (let i = 0; i < 3_000; i++) {
    const s = word();
    const k = 1 + (i % 2);
    const all = deletions(s, k);
    const seen: string[] = [];
    forEachDeletion(s, k, variantFilter(all, all.length), (v) => seen.push(v));
    assert.deepEqual(seen, all, s);
  }
});

test("forEachDeletion skips only variants that are no key: every key is visited, in deletions()' order", () => {
  const keys = Array.from({ length: 20_000 }, word);
  const filter = variantFilter(keys, keys.length);
  const keySet = new Set(keys);
  let visited = 0;
  let total = 0;
  for (let i = 0; i < 3_000; i++) {
    const s = i % 3 ? keys[i]! + "xy".slice(0, i % 3) : word();
    const all = deletions(s, 2);
    const seen: string[] = [];
    forEachDeletion(s, 2, filter, (v) => seen.push(v));
    assert.deepEqual(seen.filter((v) => keySet.has(v)), all.filter((v) => keySet.has(v)), s);
    // What is visited is a subsequence of deletions(): the same order.
    let at = 0;
    for (const v of seen) at = all.indexOf(v, at) + 1 || assert.fail(`${v} out of order for ${s}`);
    (visited += seen.length), (total += all.length);
  }
  // The point of the filter: most variants are never built (a fraction of a percent passes by chance).
  assert.ok(visited < total * 0.15, `${visited} of ${total} variants visited`);
});

test("variantHash is the polynomial the prefix hashes combine in (a long label too)", () => {
  const long = "a".repeat(5_000) + "b";
  const seen: string[] = [];
  forEachDeletion(long, 1, variantFilter([long.slice(1)], 1), (v) => seen.push(v));
  assert.ok(seen.includes(long.slice(1)));
  assert.notEqual(variantHash("ab"), variantHash("ba"));
});
