/**
 * The bundled set's parsed cache (src/indicators/parsed-cache.ts): loading through it gives exactly what parsing
 * gives, it is current for the bundled files, and a changed file or a damaged cache falls back to parsing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BUNDLED_INDICATORS, readSet } from "../src/node/indicator-store.ts";
import { buildParsedCache, PARSED_CACHE, readParsedCache } from "../src/indicators/parsed-cache.ts";
import { loadIndicatorTexts, parseIndicatorText } from "../src/indicators/load.ts";
import { loadIndicators } from "../src/cli/load-indicators.ts";
import { createHash } from "node:crypto";

const set = readSet(BUNDLED_INDICATORS)!;
const texts = set.manifest.bundles.map((b) => {
  const path = join(set.dir, b.file);
  const buf = readFileSync(path);
  return { name: b.file.split("/").pop()!, path, label: b.name, text: buf.toString("utf8"), sha256: createHash("sha256").update(buf).digest("hex") };
});
const committed = readParsedCache(readFileSync(join(set.dir, PARSED_CACHE), "utf8"));
/** Everything a loaded set shows, matches excepted: collections with their paths, warnings, unusable, counts. */
const view = (l: ReturnType<typeof loadIndicatorTexts>) => JSON.stringify({ c: l.collections, w: l.warnings, u: l.unusable, n: l.notices, d: l.distinct, k: l.set.counts });

test("the committed cache holds every bundled file as it is now (else: node --import tsx scripts/gen-indicator-cache.ts)", () => {
  for (const t of texts) assert.ok(committed(t), `${t.name} is not in ${PARSED_CACHE} as it is now: regenerate it`);
});

test("loading through the cache gives what parsing gives, labels and paths included", () => {
  const parsed = loadIndicatorTexts(texts);
  const cached = loadIndicatorTexts(texts, committed);
  assert.equal(view(cached), view(parsed));
  for (const t of texts) assert.deepEqual(committed(t), parseIndicatorText(t), t.name);
  // The matches come from the same compiled tables.
  const pegasus = parsed.collections.find((c) => /pegasus/i.test(c.name) && c.indicators.some((i) => i.bucket === "domains"))!;
  const domain = pegasus.indicators.find((i) => i.bucket === "domains")!.value;
  assert.deepEqual(cached.set.match("url", `https://${domain}/x`), parsed.set.match("url", `https://${domain}/x`));
  assert.ok(cached.set.match("url", `https://${domain}/x`));
  // And the CLI's loader (the bundled set) uses it: same view as parsing.
  assert.equal(loadIndicators([], { XDG_DATA_HOME: "/nonexistent-spyglass-store" }).distinct, parsed.distinct);
});

test("a changed file, a renamed file or a damaged cache is parsed again, never read from the cache", () => {
  const one = texts.find((t) => t.name.endsWith(".stix2"))!;
  const cache = readParsedCache(buildParsedCache([one]));
  assert.ok(cache(one));
  const changed = { ...one, text: one.text.replace(/"name": "[^"]*"/, '"name": "Changed"'), sha256: "0".repeat(64) };
  assert.equal(cache(changed), undefined, "another content");
  assert.equal(cache({ ...one, name: "other.stix2" }), undefined, "another name");
  for (const damaged of ["", "{", '{"format":"spyglass-parsed-indicators/0","files":[]}', "[1,2]"]) assert.equal(readParsedCache(damaged)(one), undefined, damaged);
  const l = loadIndicatorTexts([changed], cache);
  assert.ok(l.collections.some((c) => c.name === "Changed"), "the changed file was parsed");
  // A label applies to collections tied to no malware or report, from the cache as from parsing.
  const bare = { name: "bare.stix2", path: "/x/bare.stix2", text: JSON.stringify({ type: "bundle", objects: [{ type: "indicator", id: "indicator--1", pattern_type: "stix", pattern: "[domain-name:value = 'evil.example']" }] }), sha256: "1".repeat(64), label: "Label" };
  assert.deepEqual(readParsedCache(buildParsedCache([bare]))(bare), parseIndicatorText(bare));
  assert.equal(readParsedCache(buildParsedCache([bare]))(bare)!.collections[0]!.name, "Label");
});
