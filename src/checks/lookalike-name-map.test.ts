import { test } from "node:test";
import assert from "node:assert/strict";
import { NameMap } from "./lookalike-name-map.ts";
import { defaultUniverse, type PopularName } from "./lookalike-universe.ts";

test("NameMap answers as a Map does: get, has, set in place, order, over 100,000 names and misses", () => {
  const fast = new NameMap();
  const ref = new Map<string, PopularName>();
  const p = (name: string, tier: 1 | 2 | 3): PopularName => ({ name, suffix: "com", tier, common: false });
  for (let i = 0; i < 100_000; i++) {
    const key = `n${((i * 7919) % 60_000).toString(36)}`; // repeats: set in place
    const v = p(key, (1 + (i % 3)) as 1 | 2 | 3);
    fast.set(key, v);
    ref.set(key, v);
  }
  assert.deepEqual([...fast], [...ref]);
  let hits = 0;
  for (let i = 0; i < 200_000; i++) {
    const key = `n${i.toString(36)}${i % 5 ? "" : "x"}`;
    assert.equal(fast.get(key), ref.get(key), key);
    assert.equal(fast.has(key), ref.has(key), key);
    if (ref.has(key)) hits++;
  }
  assert.ok(hits > 40_000, `${hits} hits`);
  assert.ok(fast.delete("n1") && !fast.has("n1") && !fast.delete("n1"));
});

test("the shipped universe's names are a NameMap", () => {
  assert.ok(defaultUniverse().names instanceof NameMap);
});

test("NameMap takes keys that are no strings as a Map does (a rule's mistake must not throw inside the filter)", () => {
  const m = new NameMap();
  const p: PopularName = { name: "x", suffix: "com", tier: 1, common: false };
  m.set(undefined as unknown as string, p);
  assert.equal(m.get(undefined as unknown as string), p);
  assert.equal(m.has(7 as unknown as string), false);
});
