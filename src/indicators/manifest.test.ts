import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ageInDays, parseManifest } from "./manifest.ts";

const good = { schema: 1, origin: "bundled", updated: "2026-12-06", bundles: [{ file: "a/b.stix2", name: "B", format: "stix2", sources: [], licence: "MIT", url: "u", published: null }] };

test("the bundled manifest is valid and lists files that exist", () => {
  const path = new URL("../../data/indicators/manifest.json", import.meta.url);
  const m = parseManifest(readFileSync(path, "utf8"), "manifest.json");
  assert.equal(m.bundles.length, 20);
  for (const b of m.bundles) assert.ok(readFileSync(new URL(b.file, path)).length > 0, b.file);
  assert.equal(ageInDays(m, new Date("2027-02-05T12:00:00Z")), 61);
});

test("a damaged manifest is refused, never half-used", () => {
  assert.doesNotThrow(() => parseManifest(JSON.stringify(good), "m"));
  const bad = (o: unknown) => assert.throws(() => parseManifest(JSON.stringify(o), "m.json"), /m\.json/);
  bad({ ...good, schema: 2 });
  bad({ ...good, updated: "yesterday" });
  bad({ ...good, bundles: [] });
  bad({ ...good, bundles: [{ ...good.bundles[0], file: "../../etc/passwd" }] });
  bad({ ...good, bundles: [{ ...good.bundles[0], file: "/abs.stix2" }] });
  bad({ ...good, bundles: [{ ...good.bundles[0], format: "misp" }] });
  assert.throws(() => parseManifest("{", "m.json"), /not valid JSON/);
});
