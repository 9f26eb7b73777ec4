import { test } from "node:test";
import assert from "node:assert/strict";
import { deletions } from "../../test/helpers/lookalike-deletions.ts";
import { forEachDeletionHash, variantAt, variantHash } from "./lookalike-variants.ts";

let seed = 5;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
/** Names with doubled letters, hyphens, digits and non-ASCII letters, 0 to 30 long (two deletions stop at 16). */
const word = () => Array.from({ length: Math.floor(rnd() * 31) }, () => "aabcdeeilmnoorsst-19éаӏ"[Math.floor(rnd() * 23)]).join("");

test("forEachDeletionHash enumerates deletions()' strings, in its order, each with its own hash", () => {
  for (let i = 0; i < 3_000; i++) {
    const s = word();
    const k = 1 + (i % 2);
    const seen: string[] = [];
    forEachDeletionHash(s, k, (h, at, m) => {
      const v = variantAt(s, at, m);
      assert.equal(h, variantHash(v), `${v} of ${s}`);
      seen.push(v);
    });
    assert.deepEqual(seen, deletions(s, k), s);
  }
});

test("variantHash is the polynomial the prefix hashes combine in (a long label too)", () => {
  const long = "a".repeat(5_000) + "b";
  let found = false;
  forEachDeletionHash(long, 1, (h, i, m) => (found ||= h === variantHash(long.slice(1)) && variantAt(long, i, m) === long.slice(1)));
  assert.ok(found);
  assert.notEqual(variantHash("ab"), variantHash("ba"));
});
