/**
 * Speed work changes no answer: the lookalike scorer's levels, reasons, brands and texts over ~11,000 fixed inputs
 * (test/helpers/lookalike-snapshot.ts) equal the stored snapshot, written from the reference code by
 * scripts/gen-lookalike-snapshot.ts. A rule changed on purpose regenerates it (and the diff shows every answer moved).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { RANKING, snapshotLines } from "./helpers/lookalike-snapshot.ts";

const SNAPSHOT = new URL("./data/lookalike-snapshot.tsv", import.meta.url).pathname;

test("the lookalike scorer gives the snapshot's answers on every input", { skip: !existsSync(RANKING) && "../shared/data not present" }, () => {
  const expected = readFileSync(SNAPSHOT, "utf8").trimEnd().split("\n");
  const actual = snapshotLines();
  assert.equal(actual[0], expected[0], "inputs or counts differ");
  const want = new Set(expected);
  const got = new Set(actual);
  const missing = expected.filter((l) => !got.has(l));
  const extra = actual.filter((l) => !want.has(l));
  assert.deepEqual({ missing: missing.slice(0, 20), extra: extra.slice(0, 20) }, { missing: [], extra: [] }, `${missing.length} answers changed`);
  assert.ok(actual.length > 3_000, "the snapshot holds the flagged answers");
});
