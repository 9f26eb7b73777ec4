import { test } from "node:test";
import assert from "node:assert/strict";
import { deletions } from "../../test/helpers/lookalike-deletions.ts";
import { isDeletionOf } from "./lookalike-variants.ts";
import { typoCandidates, typoTable } from "./lookalike-typo-table.ts";

let seed = 11;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
const word = (min: number, max: number) => Array.from({ length: min + Math.floor(rnd() * (max - min + 1)) }, () => "aabeilnorsst"[Math.floor(rnd() * 12)]).join("");

test("isDeletionOf(v, t, k) is membership in deletions(t, k)", () => {
  for (let n = 0; n < 4_000; n++) {
    const t = word(0, 18);
    const k = 1 + (n % 2);
    const all = new Set(deletions(t, k));
    for (const v of [...all, ...Array.from({ length: 30 }, () => word(Math.max(0, t.length - 3), t.length + 1))]) {
      assert.equal(isDeletionOf(v, t, k), all.has(v), `${v} of ${t}, k ${k}`);
    }
  }
});

test("typoCandidates gives what a Map of variant → targets gives, in the same order", () => {
  const targets = Array.from({ length: 3_000 }, (_, i) => [`t${i}`, word(5, 14), 1 + (i % 3 === 0 ? 1 : 0)] as const);
  // The straightforward index: every variant string of every target, in order.
  const map = new Map<string, string[]>();
  for (const [value, base, k] of targets) for (const v of deletions(base, k)) (map.get(v) ?? map.set(v, []).get(v)!).push(value);
  const table = typoTable(targets);
  let found = 0;
  for (let n = 0; n < 5_000; n++) {
    const c = n % 2 ? targets[n % targets.length]![1] + "ab".slice(0, n % 3) : word(4, 15);
    for (const k of [1, 2]) {
      const want = new Set<string>();
      for (const v of deletions(c, k)) for (const t of map.get(v) ?? []) want.add(t);
      const got = typoCandidates(table, c, k);
      assert.deepEqual(got, [...want], c);
      found += got.length;
    }
  }
  assert.ok(found > 5_000, `${found} candidates: the lookups do find targets`);
});
