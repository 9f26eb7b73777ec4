import { test } from "node:test";
import assert from "node:assert/strict";
import type { Scratch } from "../core/host.ts";
import { csvRow } from "./csv.ts";
import { lineWriter, mergeSources, runSource, TimelineSorter, type TailMerger } from "./timeline.ts";
import { HistogramBuilder, timelineHistogram } from "./report-data.ts";

async function* lines(text: string) {
  yield* text.split("\n");
}

async function* batches(lines: string[]) {
  for (let i = 0; i < lines.length; i += 7) yield lines.slice(i, i + 7);
}

/** Scratch space in memory that hands runs back in small batches, as a file read in chunks would. */
function memoryScratch(): () => Promise<Scratch> {
  return async () => ({
    async spill(run) {
      const text = typeof run === "string" ? run : run.map((b) => new TextDecoder().decode(b)).join("");
      const copy = text.split("\n");
      return Object.assign(
        async function* () {
          yield* batches(copy);
        },
        { location: copy },
      );
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
  const sorter = new TimelineSorter(memoryScratch(), { runSize: 333 });
  for (const [t, o, e, d] of rows) await sorter.add(t, o, e, d, plugins[o]!);
  let text = "";
  const counted = new HistogramBuilder();
  const n = await sorter.writeTo({ write: (s) => void (text += s), close: async () => {} }, ["h"], counted);

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
  const sorter = new TimelineSorter(memoryScratch(), { runSize: 10 });
  let text = "";
  assert.equal(await sorter.writeTo({ write: (s) => void (text += s), close: async () => {} }, ["a", "b"]), 0);
  assert.equal(text, csvRow(["a", "b"]));
});

test("long descriptions spill by size, not only by row count: memory stays bounded, order and content kept", async () => {
  let spills = 0;
  const scratch = memoryScratch();
  const counting = async () => {
    const s = await scratch();
    return { ...s, spill: (run: string | readonly Uint8Array[]) => (spills++, s.spill(run)) };
  };
  const sorter = new TimelineSorter(counting); // default run size: 25,000 rows
  const big = "x".repeat(1 << 20); // 1 MiB each: 40 rows exceed the 32 MiB bound
  for (let i = 0; i < 40; i++) await sorter.add(`2024-01-01 00:00:${String(59 - i).padStart(2, "0")}.000000`, 0, "e", big + i, "P");
  assert.ok(spills >= 1, "spilled before 25,000 rows");
  let text = "";
  assert.equal(await sorter.writeTo({ write: (s) => void (text += s), close: async () => {} }, ["h"]), 40);
  assert.ok(text.indexOf(big + "39") < text.indexOf(big + "0"), "sorted by timestamp across the runs");
});

/** The later half merged "elsewhere" (here, in this thread, from the runs' locations), as a host would. */
let tailRows = 0;
const inProcessTail: TailMerger = async (runs, from) => {
  let text = "";
  const counts = new HistogramBuilder();
  const rows = await mergeSources(
    runs.map((lines) => runSource(batches(lines as string[])[Symbol.asyncIterator](), { from })),
    lineWriter({ write: (s) => void (text += s), close: async () => {} }, counts),
  );
  tailRows += rows;
  return {
    rows,
    counts: counts.state(),
    async *chunks() {
      yield new TextEncoder().encode(text);
    },
    dispose: async () => {},
  };
};

test("a large timeline merged in two halves (split at a sampled timestamp) is the one-thread text; a failed half is merged here", async () => {
  const write = async (tail?: TailMerger) => {
    const sorter = new TimelineSorter(memoryScratch(), { runSize: 500, tail, tailMinRows: 100 });
    for (let i = 0; i < 6_000; i++) {
      // Duplicates, equal timestamps on both sides of any pivot, undated rows, non-ASCII.
      await sorter.add(i % 11 ? `2024-0${1 + (i % 9)}-1${i % 7} 00:00:0${i % 3}.000000` : "", i % 2, `e${i % 4}`, `d ${i % 50} é\n`, i % 2 ? "B" : "A");
    }
    let text = "";
    const counts = new HistogramBuilder();
    const n = await sorter.writeTo({ write: (s) => void (text += typeof s === "string" ? s : new TextDecoder().decode(s)), close: async () => {} }, ["h"], counts);
    return { n, text, counts: counts.result() };
  };
  const one = await write();
  const two = await write(inProcessTail);
  assert.equal(two.text, one.text);
  assert.equal(two.n, one.n);
  assert.deepEqual(two.counts, one.counts);
  assert.ok(tailRows > one.n / 4 && tailRows < (one.n * 3) / 4, `the later half took ${tailRows} of ${one.n} rows`);
  const failed = await write(async () => Promise.reject(new Error("thread died")));
  assert.equal(failed.text, one.text);
  assert.deepEqual(failed.counts, one.counts);
});

test("tabs, line breaks and the escape character in any field reach timeline.csv exactly as csvRow writes them", async () => {
  const odd = ["a\tb", "line\nbreak", "esc\x01a", "\x01b\t\n\\\"", "plain"];
  const sorter = new TimelineSorter(memoryScratch(), { runSize: 2 });
  const rows = odd.map((s, i) => [`2024-01-01 00:00:0${i}.000000${i % 2 ? s : ""}`, i, `ev ${s}`, `data ${s}`, `Plugin ${s}`] as const);
  for (const r of [...rows].reverse()) await sorter.add(...r);
  let text = "";
  const counts = new HistogramBuilder();
  assert.equal(await sorter.writeTo({ write: (s) => void (text += s), close: async () => {} }, ["h"], counts), odd.length);
  assert.equal(text, csvRow(["h"]) + rows.map((r) => csvRow([r[0], r[4], r[2], r[3]])).join(""));
  assert.deepEqual([...counts.result().perPlugin.keys()].sort(), rows.map((r) => r[4]).sort());
});
