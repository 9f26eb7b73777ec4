/** The worker's indicators from texts (the bundled set as the page fetches it) = the CLI's bundled set. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadIndicators, BUNDLED_INDICATORS } from "../cli/load-indicators.ts";
import { parseManifest } from "../indicators/manifest.ts";
import { browserIndicators } from "./indicators.ts";

test("the bundled set given as texts (manifest.json + its files, in any order) compiles as the CLI's bundled set; added bundles go on top", () => {
  const manifestText = readFileSync(join(BUNDLED_INDICATORS, "manifest.json"), "utf8");
  const manifest = parseManifest(manifestText, "manifest.json");
  const texts = manifest.bundles.map((b) => ({ name: b.file, text: readFileSync(join(BUNDLED_INDICATORS, b.file), "utf8") })).reverse();
  const now = new Date("2026-12-10T00:00:00Z");
  const web = browserIndicators([{ name: "manifest.json", text: manifestText }, ...texts], now)!;
  const cli = loadIndicators([], { SPYGLASS_IOCS: "", XDG_DATA_HOME: "/nonexistent-spyglass-store" }, now);
  assert.equal(web.distinct, cli.distinct);
  assert.equal(web.set.total, cli.set.total);
  assert.deepEqual(web.files.map((f) => f.sha256), cli.files.map((f) => f.sha256), "same files, in the manifest's order");
  assert.equal(web.bundled, true);
  assert.deepEqual({ ...web.setInfo, dir: "" }, { ...cli.setInfo, dir: "" });
  const hit = web.set.match("domain", "weather4free.com"); // in Amnesty's pegasus.stix2
  assert.ok(hit, "a Pegasus domain matches");
  assert.equal(hit.name, cli.set.match("domain", "weather4free.com")?.name);

  const extra = `{"type":"bundle","id":"bundle--1","objects":[{"type":"malware","id":"malware--1","name":"Mine","is_family":false},{"type":"indicator","id":"indicator--1","pattern":"[domain-name:value='mine.example']","pattern_type":"stix","valid_from":"2025-01-01T00:00:00Z"},{"type":"relationship","id":"relationship--1","relationship_type":"indicates","source_ref":"indicator--1","target_ref":"malware--1"}]}`;
  const more = browserIndicators([{ name: "manifest.json", text: manifestText }, ...texts, { name: "mine.stix2", text: extra }], now)!;
  assert.equal(more.set.match("domain", "mine.example")?.name, "Mine");
  assert.equal(more.files.at(-1)!.file_path, "mine.stix2");
  assert.equal(browserIndicators([]), undefined, "no texts, no indicators");
  const alone = browserIndicators([{ name: "mine.stix2", text: extra }])!;
  assert.equal(alone.bundled, false);
  assert.equal(alone.setInfo, undefined);
});
