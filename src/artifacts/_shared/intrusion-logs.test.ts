import { test } from "node:test";
import assert from "node:assert/strict";
import { canonical, eventMicros, INTRUSION_LOG_LIMITS, lines, parseJsonExact, pyRepr, wallClock } from "./intrusion-logs.ts";
import { ExactInteger } from "../../core/exact-int.ts";
import { memoryFile } from "../../core/source.ts";
import dnsEvent from "../android/dns-event.ts";
import connectEvent from "../android/connect-event.ts";
import securityEvent from "../android/security-event.ts";
import { runFolderModule } from "../../../test/helpers/run-module.ts";
import { intrusionLogs } from "../../../test/builders/android-logs.ts";

test("parseJsonExact keeps integers beyond 2^53 and leaves strings, fractions and exponents alone", () => {
  assert.deepEqual(parseJsonExact('{"t": 1700000000123456789, "s": "12345678901234567890", "f": 0.12345678901234567, "e": 1e17, "n": -9007199254740993, "k": 1234567890123456}'), {
    t: new ExactInteger("1700000000123456789"),
    s: "12345678901234567890",
    f: 0.12345678901234567,
    e: 1e17,
    n: new ExactInteger("-9007199254740993"),
    k: 1234567890123456,
  });
  // A string in the evidence cannot pose as a big integer.
  assert.deepEqual(parseJsonExact('{"a": "\\u0001bigint-x:1", "b": 12345678901234567890}'), { a: "\u0001bigint-x:1", b: new ExactInteger("12345678901234567890") });
  assert.throws(() => parseJsonExact('{"a": 12345678901234567890'));
});

test("canonical JSON ignores key order and keeps exact integers", () => {
  assert.equal(canonical({ b: [1, { y: 2, x: 1 }], a: new ExactInteger("1700000000000000001") }), '{"a":1700000000000000001,"b":[1,{"x":1,"y":2}]}');
  assert.notEqual(canonical({ a: new ExactInteger("1700000000000000001") }), canonical({ a: new ExactInteger("1700000000000000002") }));
});

test("event times: ms and ns (rounded to the µs as Python does), 0 and junk give none; wall clock in a zone", () => {
  assert.equal(eventMicros(1_700_000_000_123, "ms"), 1_700_000_000_123_000);
  assert.equal(eventMicros(new ExactInteger("1700000000123456789"), "ns"), 1_700_000_000_123_457);
  assert.equal(eventMicros("1700000000000", "ms"), 1_700_000_000_000_000);
  assert.equal(eventMicros(0, "ms"), undefined);
  assert.equal(eventMicros("soon", "ms"), undefined);
  assert.equal(wallClock(1_700_000_000_123_457), "2023-11-14 22:13:20.123457");
  assert.equal(wallClock(1_700_000_000_123_457, "America/New_York"), "2023-11-14 17:13:20.123457");
  assert.equal(wallClock(1_700_000_000_000_000, "Asia/Kolkata"), "2023-11-15 03:43:20.000000");
  assert.throws(() => wallClock(0, "No/Such_Zone"), RangeError);
});

test("pyRepr prints dicts as MVT's str(dict) does", () => {
  assert.equal(pyRepr({ a: "it's", b: [true, null, 1.5], c: new ExactInteger("12345678901234567890") }), `{'a': "it's", 'b': [True, None, 1.5], 'c': 12345678901234567890}`);
});

test("lines: split across chunks, CRLF kept for trim, an over-long line reported without being buffered", async () => {
  const text = 'a\r\nbb\n' + "x".repeat(50) + "\nlast";
  const got: (string | undefined)[] = [];
  for await (const l of lines(memoryFile("t.txt", new TextEncoder().encode(text)), 10)) got.push(l.text);
  assert.deepEqual(got, ["a\r", "bb", undefined, "last"]);
});

test("bounds: garbled-line warnings stop at the limit with one summary; de-duplication stops growing at its limit", async () => {
  const saved = { ...INTRUSION_LOG_LIMITS };
  try {
    INTRUSION_LOG_LIMITS.lineWarnings = 2;
    INTRUSION_LOG_LIMITS.dedupChars = 150;
    const ev = (h: string) => ({ dns_event: { event_time: 1_700_000_000_000, hostname: h } });
    const dir = intrusionLogs({ "a.txt": ["x", "y", "z", "w", ev("a.example"), ev("b.example"), ev("a.example"), ev("c.example"), ev("c.example")] });
    const run = await runFolderModule(dnsEvent, dir, "intrusion-logs");
    // a and b fit in 150 chars of fingerprints: the repeated a is dropped; c does not fit, so its repeat is kept.
    assert.deepEqual(run.records.map((r) => r.hostname), ["a.example", "b.example", "c.example", "c.example"]);
    assert.deepEqual(run.warnings.map((w) => w.message.replace(/\(.*/, "")), [
      "line 1 skipped: not valid JSON ",
      "line 2 skipped: not valid JSON ",
      "over 150 characters of distinct dns_event events: later duplicates are kept, not dropped",
      "2 more unparseable lines skipped",
    ]);
  } finally {
    Object.assign(INTRUSION_LOG_LIMITS, saved);
  }
});

test("over the three modules, each garbled line and unknown type is reported once, by the module it names (else DnsEvent)", async () => {
  const dir = intrusionLogs({
    "a.txt": [
      '{"dns_event": {"hostname": "a.exa',
      '{"connect_event": {"ip_address": "/1.2',
      '{"security_event": {"event_time": 1, "os_shutdown": {}, "note": "dns_event"',
      "garbage",
      "[1]",
      '{"future_event": {"x": 1}}',
      '{"connect_event": {"event_time": 1700000000000, "ip_address": "/192.0.2.1"}}',
    ],
  });
  const warnings: string[] = [];
  const records: number[] = [];
  for (const def of [dnsEvent, connectEvent, securityEvent]) {
    const run = await runFolderModule(def, dir, "intrusion-logs");
    records.push(run.records.length);
    warnings.push(...run.warnings.map((w) => `${w.module} ${w.message.replace(/:.*/, "")}`));
  }
  assert.deepEqual(records, [0, 1, 0]);
  assert.deepEqual(warnings, [
    "dns_event line 1 skipped",
    "dns_event line 4 skipped",
    "dns_event line 5 skipped",
    "dns_event Found unknown intrusion logging event type(s)",
    "connect_event line 2 skipped",
    "security_event line 3 skipped",
  ]);
});

test("a line past the not-text bound ends the reading: a file of NUL bytes is not read to its end", async () => {
  // 64 KiB chunks of NULs, counted as they are pulled: a 4 GiB file of holes must stop near the bound.
  let pulled = 0;
  const chunk = new Uint8Array(64 << 10);
  const file = {
    ...memoryFile("holes.txt", new Uint8Array(0)),
    size: 4 * 2 ** 30,
    stream: () =>
      new ReadableStream<Uint8Array>({
        pull(c) {
          pulled += chunk.length;
          c.enqueue(chunk);
        },
      }),
  };
  const got: { n: number; text: string | undefined; notText?: true }[] = [];
  for await (const l of lines(file, 1 << 10, 1 << 20)) got.push(l);
  assert.deepEqual(got, [{ n: 1, text: undefined, notText: true }]);
  assert.ok(pulled < 4 << 20, `read ${pulled} bytes`);
});
