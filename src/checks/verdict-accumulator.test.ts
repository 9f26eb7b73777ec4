/** The verdict accumulated one alert at a time: the same verdict as ranking every alert, in bounded memory. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Alert, AlertLevel } from "../core/events.ts";
import { computeVerdict, MAX_EVIDENCE, rankAlerts, TopRanked, verdictAccumulator } from "./verdict.ts";
import { UNNAMED } from "./verdict-rules.ts";

const LEVELS: AlertLevel[] = ["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"];

/** A mixed run: indicator matches, heuristics, lookalike links, versions with advice, notes; many ties in time. */
function mixedAlerts(n: number, seed = 3): Alert[] {
  const rnd = (k: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % k;
  const out: Alert[] = [];
  for (let i = 0; i < n; i++) {
    const level = LEVELS[rnd(5)]!;
    const module = ["sms", "links", "versions", "tcc", "safari_history"][rnd(5)]!;
    const time = rnd(3) === 0 ? "" : `2021-0${1 + rnd(9)}-0${1 + rnd(9)} 10:00:00.000000`;
    const matched = rnd(40) === 0 ? { value: "evil.example", type: "domains" as const, name: ["Pegasus", "Predator", ""][rnd(3)]!, stix2_file_name: "x.stix2", id: "i" } : null;
    const event = module === "versions" ? { product: ["iOS", "WhatsApp", "Chrome"][rnd(3)], advice: ["Update now.", ["Step 1", "Step 2"], undefined][rnd(3)] } : { isodate: rnd(2) ? time : "" };
    out.push({ level, module, message: `alert ${i}`, event_time: rnd(2) ? time : "", event, matched_indicator: matched });
  }
  return out;
}

test("fed one alert at a time, the verdict equals the one from every alert ranked at once (evidence, advice, counts)", () => {
  const alerts = mixedAlerts(4_000);
  const v = computeVerdict({ alerts, indicators: 5 });
  const ranked = rankAlerts(alerts);
  assert.equal(v.evidence.length, MAX_EVIDENCE);
  assert.deepEqual(
    v.evidence.map((e) => [e.level, e.module, e.message, e.time, e.decides, e.kind]),
    ranked.slice(0, MAX_EVIDENCE).map((r) => [r.alert.level, r.alert.module, r.alert.message, r.time, r.decides, r.kind]),
  );
  assert.equal(v.evidence_total, 4_000);
  assert.equal(v.deciding_total, ranked.filter((r) => r.decides).length);
  assert.deepEqual(v.malware, [...new Set(alerts.filter((a) => a.matched_indicator).map((a) => a.matched_indicator!.name || "an unnamed indicator set"))].sort());
  // "Update needed": one per product (alerts naming none: one per steps), in evidence order, the first ranked stays.
  const seen = new Set<string>();
  const advice = [];
  for (const { update: u } of ranked) {
    const key = u && (u.what === UNNAMED ? `${u.what}\0${u.advice}` : u.what);
    if (!u || seen.has(key!)) continue;
    seen.add(key!);
    advice.push(u);
  }
  assert.ok(advice.length >= 3);
  assert.deepEqual(v.update_advice, advice);
  assert.equal(v.outcome, "known_spyware");
});

test("the accumulator keeps no alert it does not show: 200,000 alerts, the heap stays flat", () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const acc = verdictAccumulator();
  gc();
  const before = process.memoryUsage().heapUsed;
  // A new 2 kB string each: 400 MB in all, were they kept.
  for (let i = 0; i < 200_000; i++) acc.add({ level: "LOW", module: "sms", message: `Shortened link ${i}`, event_time: "", event: { text: "x".repeat(2_000) + i }, matched_indicator: null });
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  const v = acc.finish({ warnings: [], indicators: 1 });
  assert.equal(v.evidence_total, 200_000);
  assert.equal(v.outcome, "no_known_traces");
  assert.deepEqual(v.evidence.map((e) => e.message).slice(0, 2), ["Shortened link 0", "Shortened link 1"], "ties keep run order");
  // What stays is MAX_EVIDENCE alerts (~0.2 MB).
  assert.ok(grown < 20e6, `heap grew by ${(grown / 1e6).toFixed(0)} MB`);
});

test("TopRanked keeps the first N accepted alerts in evidence order and counts every accepted one", () => {
  const alerts = mixedAlerts(1_000, 9);
  const top = new TopRanked(7, (r) => r.decides);
  for (const a of alerts) top.add(a);
  const deciding = rankAlerts(alerts).filter((r) => r.decides);
  assert.equal(top.total, deciding.length);
  assert.deepEqual(top.list(), deciding.slice(0, 7));
});
