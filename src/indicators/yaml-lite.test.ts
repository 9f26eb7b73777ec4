import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseYamlLite } from "./yaml-lite.ts";

const SHARED = resolve(import.meta.dirname, "../../../shared/indicators");

test("the subset: sequences of mappings, `- key:` items, nested maps, lists at the key's indent, comments, quotes", () => {
  const text = [
    "# header",
    "- name: TheTruthSpy",
    "  names:",
    "  - Copy9",
    "  - 'It''s quoted'",
    "  c2:",
    "    ips:",
    "    - 69.64.74.239",
    "    domains:",
    "      - a.example.net  # a comment",
    "- name : jjspy",
    "  type: stalkerware",
    "  empty:",
    "",
    "-",
    "  name: \"second # not a comment\"",
  ].join("\n");
  assert.deepEqual(JSON.parse(JSON.stringify(parseYamlLite(text, "t.yaml"))), [
    { name: "TheTruthSpy", names: ["Copy9", "It's quoted"], c2: { ips: ["69.64.74.239"], domains: ["a.example.net"] } },
    { name: "jjspy", type: "stalkerware", empty: "" },
    { name: "second # not a comment" },
  ]);
});

test("features outside the subset are refused, never half-read", () => {
  for (const bad of ["- a: &anchor x", "- a: [1, 2]", "- a: {b: c}", "- a: |\n    text", "a: b\n   c: d"]) {
    assert.throws(() => parseYamlLite(bad, "bad.yaml"), /bad\.yaml/, bad);
  }
});

test("the real files: ioc.yaml and indicators.yaml read as PyYAML reads them (spot checks)", () => {
  const ioc = parseYamlLite(readFileSync(resolve(SHARED, "stalkerware/ioc.yaml"), "utf8"), "ioc.yaml") as Record<string, unknown>[];
  assert.equal(ioc.length, 147);
  assert.equal(ioc[0]!.name, "TheTruthSpy");
  assert.equal((ioc[0]!.c2 as { ips: string[] }).ips[0], "69.64.74.239");
  assert.ok(ioc.some((e) => e.name === "jjspy"), "`- name : jjspy` (space before the colon)");
  const index = parseYamlLite(readFileSync(resolve(SHARED, "mvt-indicators/indicators.yaml"), "utf8"), "indicators.yaml") as { indicators: Record<string, unknown>[] };
  assert.equal(index.indicators.length, 15);
  assert.deepEqual({ ...(index.indicators[0]!.github as object) }, { owner: "AmnestyTech", repo: "investigations", branch: "master", path: "2021-07-18_nso/pegasus.stix2" });
});
