/** report-data: a results folder read through the OutputDir port and a line reader, the timeline streamed. */
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import assert from "node:assert/strict";
import type { OutputDir } from "../core/host.ts";
import { countRecords, readReportData, timelineHistogram, type LineReader } from "./report-data.ts";
import { toJson, JsonListWriter } from "./json.ts";
import { csvRow } from "./csv.ts";
import { computeVerdict } from "../checks/verdict.ts";

/** An in-memory results folder; `lines` splits a file as readline does (on \n, \r\n and a lone \r). */
function memoryFolder(files: Record<string, string>): { dir: OutputDir; lines: LineReader } {
  const dir: OutputDir = {
    path: "/mem/results",
    create: () => {
      throw new Error("read only");
    },
    exists: async (n) => n in files,
    read: async (n) => files[n],
    list: async () => Object.keys(files).sort(),
  };
  const lines: LineReader = async function* (name) {
    const text = files[name];
    if (text === undefined) return;
    const parts = text.split(/\r\n|\n|\r/);
    if (parts.at(-1) === "") parts.pop();
    yield* parts;
  };
  return { dir, lines };
}

async function* iter(list: Iterable<string>): AsyncIterable<string> {
  yield* list;
}

const listJson = (items: unknown[], shape: "list" | "dict" = "list") => {
  let out = "";
  const w = new JsonListWriter((b) => (out += new TextDecoder().decode(b)), shape);
  for (const i of items) shape === "dict" ? w.addEntry(...(i as [string, unknown])) : w.add(i);
  w.end();
  return out;
};

const HEADER = csvRow(["UTC Timestamp", "Plugin", "Event", "Description"]);

test("countRecords counts top-level items of lists and dicts as JsonListWriter writes them", async () => {
  const list = listJson([{ a: 1, b: { c: [1, 2] } }, "x", [1, 2], { d: "}" }]);
  assert.equal(await countRecords(iter(list.split("\n"))), 4);
  const dict = listJson([["k1", { x: 1 }], ["k2", "v"], ["k3", [1]]], "dict");
  assert.equal(await countRecords(iter(dict.split("\n"))), 3);
  assert.equal(await countRecords(iter(["[]"])), 0);
});

test("timelineHistogram: rows per day and plugin; descriptions with line breaks and quotes stay one row", async () => {
  const csv =
    HEADER +
    csvRow(["2021-01-01 10:00:00.000000", "SMS", "sms_received", 'He said "hi"\nsecond line\r\nthird "quoted" line']) +
    csvRow(["2021-01-01 11:00:00.000000", "SMS", "sms_read", "back\\slash \\\" odd"]) +
    csvRow(["2021-01-02 00:00:00.000000", "Manifest", "M--B", "x"]) +
    csvRow(["", "Manifest", "M--B", "no date"]) +
    csvRow(["2021-01-01 12:00:00.000000", 'Odd"Plugin', "e", "y"]);
  const h = await timelineHistogram(iter(csv.split(/\r\n|\n|\r/).filter((l, i, all) => i < all.length - 1 || l !== "")));
  assert.deepEqual(h.days, ["2021-01-01", "2021-01-02"]);
  assert.deepEqual(h.plugins, ["Manifest", 'Odd"Plugin', "SMS"]);
  assert.deepEqual(h.cells, [[0, 1, 1], [0, 2, 2], [1, 0, 1]]);
  assert.equal(h.total, 5);
  assert.equal(h.undated, 1);
});

test("a big generated timeline streams in bounded memory and fast", async () => {
  const ROWS = 200_000;
  async function* big(): AsyncIterable<string> {
    yield HEADER.trimEnd();
    for (let i = 0; i < ROWS; i++) {
      const day = `2020-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`;
      const row = csvRow([`${day} 12:00:00.000000`, i % 3 ? "Manifest" : "SMS", "e", i % 1000 ? "Library/Some/File - HomeDomain" : 'multi\nline "text"']);
      yield* row.slice(0, -2).split("\n");
    }
  }
  // A collectable heap, so that what is measured is what stays (the usual --expose-gc trick, as a flag set late).
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const h = await timelineHistogram(big());
  const ms = performance.now() - t0;
  gc();
  const grown = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  assert.equal(h.total, ROWS);
  assert.equal(h.days.length, 84, "lcm(12, 28) distinct days");
  assert.equal(h.cells.reduce((n, c) => n + c[2], 0), ROWS);
  console.log(`timeline histogram: 200k rows in ${ms.toFixed(0)} ms`); // speed is a benchmark matter, not asserted
  // The rows themselves (~20 MB of text) are never held; what remains is one counter per day and plugin.
  assert.ok(grown < 5, `heap kept ${grown.toFixed(1)} MB`);
});

test("readReportData joins module files, timeline plugins and alerts; computes the verdict when verdict.json is missing", async () => {
  const alerts = [
    { level: "CRITICAL", module: "sms", message: "Found <script>", event_time: "", event: { isodate: "2021-01-01 10:00:00.000000" }, matched_indicator: { value: "example.org", type: "domains", name: "Pegasus", stix2_file_name: "p.stix2", id: "i" } },
    { level: "WEIRD", module: "links", message: 7, event_time: null, event: null, matched_indicator: "junk" },
    "not an alert",
  ];
  const { dir, lines } = memoryFolder({
    "alerts.json": toJson(alerts),
    "info.json": toJson({ target_path: "/b", device: { product_type: "iPhone9,3", ios_version: "14.3" }, warnings: [{ module: "tcc", file: "TCC.db", message: "corrupt" }] }),
    "sms.json": listJson([{ a: 1 }, { a: 2 }]),
    "sms_detected.json": toJson([alerts[0]]),
    "sms_attachments.json": "[]",
    "backup_info.json": listJson([["Build Version", "18C66"], ["Installed Applications", ["a", "b"]]], "dict"),
    "urls.json": "[]",
    "timeline.csv": HEADER + csvRow(["2021-01-01 10:00:00.000000", "SMS", "sms_received", "x"]) + csvRow(["2021-01-03 10:00:00.000000", "SMSAttachments", "a", "y"]),
  });
  const data = await readReportData(dir, lines, { modules: [{ slug: "backup_info", name: "BackupInfo", evidence: "Info.plist" }, { slug: "sms", name: "SMS", evidence: "HomeDomain Library/SMS/sms.db" }] });
  assert.equal(data.verdict.outcome, "known_spyware");
  assert.deepEqual(data.verdict.malware, ["Pegasus"]);
  assert.equal(data.alerts.findingsTotal + data.alerts.notesTotal, 2, "a non-object entry is dropped");
  const note = data.alerts.notes[0]!.alert;
  assert.equal(note.level, "INFORMATIONAL", "an unknown level is read as INFORMATIONAL");
  assert.equal(note.message, "7");
  assert.equal(note.matched_indicator, null);
  assert.deepEqual(data.warnings, [{ module: "tcc", file: "TCC.db", message: "corrupt" }]);
  assert.deepEqual(
    data.modules.map((m) => [m.slug, m.name, m.records, m.timeline, m.alerts, m.evidence]),
    [
      ["backup_info", "BackupInfo", 2, 0, 0, "Info.plist"],
      ["sms", "SMS", 2, 1, 1, "HomeDomain Library/SMS/sms.db"],
      ["links", "links", null, 0, 1, ""],
      ["sms_attachments", "SMSAttachments", 0, 1, 0, ""],
    ],
  );
  assert.deepEqual(data.timeline.days, ["2021-01-01", "2021-01-03"]);
  assert.deepEqual(data.problems, []);
});

test("readReportData: a saved verdict.json is used; damaged or missing files are noted, never thrown", async () => {
  const saved = { ...computeVerdict({ alerts: [] }), outcome: "needs_review", marker: 1 };
  const { dir, lines } = memoryFolder({ "verdict.json": JSON.stringify(saved), "alerts.json": "[{oops", "info.json": "null" });
  const data = await readReportData(dir, lines);
  assert.equal((data.verdict as unknown as { marker: number }).marker, 1);
  for (const bad of [{ ...saved, outcome: "toString" }, { ...saved, means: [null] }, { ...saved, update_advice: [null] }, [], "x"]) {
    const folder = memoryFolder({ "verdict.json": JSON.stringify(bad) });
    const v = (await readReportData(folder.dir, folder.lines)).verdict;
    assert.equal(v.outcome, "no_known_traces", `recomputed instead of ${JSON.stringify(bad).slice(0, 60)}`);
  }
  assert.deepEqual(data.alerts, { findings: [], findingsTotal: 0, notes: [], notesTotal: 0 });
  assert.match(data.problems.join("\n"), /alerts\.json: not valid JSON/);
  assert.deepEqual(data.modules, []);
  assert.equal(data.timeline.total, 0);
  const empty = await readReportData(memoryFolder({}).dir, memoryFolder({}).lines);
  assert.equal(empty.verdict.outcome, "no_known_traces");
});
