/** alerts_timeline.csv sorted in spilled runs: the same bytes as a sort of every alert in memory. */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Alert } from "../core/events.ts";
import type { OutputWriter, Scratch } from "../core/host.ts";
import { AlertsTimelineSorter } from "./alerts-timeline.ts";
import { csvRow } from "./csv.ts";
import { pyRepr } from "./pyrepr.ts";

/** Scratch space in memory, handing runs back in batches of 7 lines; counts the runs spilled and disposals. */
function memoryScratch(stats: { runs: number; disposed: number }): () => Promise<Scratch> {
  return async () => ({
    async spill(run) {
      assert.equal(typeof run, "string");
      const lines = (run as string).split("\n");
      assert.ok(lines.every((l) => !l.includes("\n")));
      stats.runs++;
      return async function* () {
        for (let i = 0; i < lines.length; i += 7) yield lines.slice(i, i + 7);
      };
    },
    async dispose() {
      stats.disposed++;
    },
  });
}

function collect(): OutputWriter & { text: () => string } {
  const parts: string[] = [];
  return {
    write: (t: string | Uint8Array) => void parts.push(typeof t === "string" ? t : new TextDecoder().decode(t)),
    close: async () => {},
    text: () => parts.join(""),
  } as OutputWriter & { text: () => string };
}

test("alerts come out by event time, ties in run order, untimed ones left out: as the in-memory sort wrote them", async () => {
  let seed = 11;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const alerts: Alert[] = [];
  for (let i = 0; i < 3_000; i++) {
    // Few distinct times: many ties; odd text (line breaks, tabs, quotes, the coding escape, non-ASCII).
    const time = rnd(5) === 0 ? "" : `2021-0${1 + rnd(3)}-01 10:00:0${rnd(4)}.000000${rnd(9) === 0 ? "\tx" : ""}`;
    const message = ["plain", 'quote " and \\ backslash', "line\nbreak\r\nand\ttab", "esc \x01a here", "café ☕"][rnd(5)]! + ` #${i}`;
    alerts.push({ level: "LOW", module: ["sms", "links"][rnd(2)]!, message, event_time: time, event: { text: message, n: i }, matched_indicator: null });
  }
  const stats = { runs: 0, disposed: 0 };
  const sorter = new AlertsTimelineSorter(memoryScratch(stats), 97);
  for (const a of alerts) sorter.add(a);
  const out = collect();
  await sorter.writeTo(out);

  const timed = alerts.map((a, i) => [a, i] as const).filter(([a]) => a.event_time);
  timed.sort(([a, i], [b, j]) => (a.event_time < b.event_time ? -1 : a.event_time > b.event_time ? 1 : i - j));
  const expected = csvRow(["Event Time", "Module", "Message", "Event"]) + timed.map(([a]) => csvRow([a.event_time, a.module, a.message, pyRepr(a.event)])).join("");
  assert.ok(stats.runs > 20, `runs spilled: ${stats.runs}`);
  assert.equal(stats.disposed, 1);
  assert.equal(out.text(), expected);
});

test("no alert with a time: the header alone, no scratch space taken", async () => {
  const stats = { runs: 0, disposed: 0 };
  const sorter = new AlertsTimelineSorter(memoryScratch(stats), 2);
  for (let i = 0; i < 10; i++) sorter.add({ level: "HIGH", module: "tcc", message: "m", event_time: "", event: {}, matched_indicator: null });
  const out = collect();
  await sorter.writeTo(out);
  assert.equal(out.text(), '"Event Time","Module","Message","Event"\r\n');
  assert.deepEqual(stats, { runs: 0, disposed: 0 });
});
