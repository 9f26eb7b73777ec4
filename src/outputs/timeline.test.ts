import { test } from "node:test";
import assert from "node:assert/strict";
import type { Scratch } from "../core/host.ts";
import { csvRow } from "./csv.ts";
import { TimelineSorter } from "./timeline.ts";
import { HistogramBuilder, timelineHistogram } from "./report-data.ts";

async function* lines(text: string) {
  yield* text.split("\n");
}

/** Scratch space in memory that hands runs back in small batches, as a file read in chunks would. */
function memoryScratch(): () => Promise<Scratch> {
  return async () => ({
    async spill(run) {
      const copy = run.split("\n");
      return async function* () {
        for (let i = 0; i < copy.length; i += 7) yield copy.slice(i, i + 7);
      };
    },
    async dispose() {},
  });
}

test("rows from many spilled runs come out sorted, once each, as a full sort would give them", async () => {
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const plugins = ["SMS", "SafariHistory", "Manifest"];
  const rows: [string, number, string, string][] = [];
  for (let i = 0; i < 5_000; i++) {
    const order = rnd(3);
    // Few distinct values: many equal timestamps and exact duplicates; odd text ("\n", quotes, commas, non-ASCII).
    rows.push([rnd(4) ? `2024-01-0${1 + rnd(9)} 10:00:0${rnd(3)}.000000` : "", order, `ev${rnd(3)}`, `data ${rnd(40)} "q",\nü`]);
  }
  const sorter = new TimelineSorter(memoryScratch(), 333);
  for (const [t, o, e, d] of rows) await sorter.add(t, o, e, d, plugins[o]!);
  let text = "";
  const counted = new HistogramBuilder();
  const n = await sorter.writeTo({ write: (s) => void (text += s), close: async () => {} }, ["h"], (p, t) => counted.add(t, p));

  const key = (r: (typeof rows)[number]) => JSON.stringify(r);
  const expected = [...new Map(rows.map((r) => [key(r), r])).values()].sort((a, b) =>
    a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] !== b[1] ? a[1] - b[1] : a[2] !== b[2] ? (a[2] < b[2] ? -1 : 1) : a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0,
  );
  assert.ok(expected.length < rows.length, "the sample has duplicates");
  assert.equal(n, expected.length);
  assert.equal(text, csvRow(["h"]) + expected.map((r) => csvRow([r[0], plugins[r[1]]!, r[2], r[3]])).join(""));
  // Counted while written: what the report would read back from the file.
  assert.deepEqual(counted.result(), await timelineHistogram(lines(text)));
  assert.equal(counted.result().total, expected.length);
});

test("an empty timeline writes only the header", async () => {
  const sorter = new TimelineSorter(memoryScratch(), 10);
  let text = "";
  assert.equal(await sorter.writeTo({ write: (s) => void (text += s), close: async () => {} }, ["a", "b"]), 0);
  assert.equal(text, csvRow(["a", "b"]));
});

test("long descriptions spill by size, not only by row count: memory stays bounded, order and content kept", async () => {
  let spills = 0;
  const scratch = memoryScratch();
  const counting = async () => {
    const s = await scratch();
    return { ...s, spill: (run: string) => (spills++, s.spill(run)) };
  };
  const sorter = new TimelineSorter(counting); // default run size: 25,000 rows
  const big = "x".repeat(1 << 20); // 1 MiB each: 40 rows exceed the 32 MiB bound
  for (let i = 0; i < 40; i++) await sorter.add(`2024-01-01 00:00:${String(59 - i).padStart(2, "0")}.000000`, 0, "e", big + i, "P");
  assert.ok(spills >= 1, "spilled before 25,000 rows");
  let text = "";
  assert.equal(await sorter.writeTo({ write: (s) => void (text += s), close: async () => {} }, ["h"]), 40);
  assert.ok(text.indexOf(big + "39") < text.indexOf(big + "0"), "sorted by timestamp across the runs");
});
