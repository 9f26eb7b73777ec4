/** `spyglass indicators` and `indicators check` as a user runs them, and --iocs folders and formats in a check. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spyglass } from "./helpers/cli.ts";
import { tempDir } from "./helpers/tmp.ts";
import { SHARED } from "./helpers/run-module.ts";
import { TEST_STIX2 } from "./helpers/indicators.ts";

const INSIKT = SHARED + "indicators/mvt-indicators-prs/2024-03-01_insikt_predator/predator_inspekt.stix";
const run = (args: string[]) => spyglass(args, { XDG_DATA_HOME: tempDir() });
const write = (name: string, text: string) => {
  const p = join(tempDir(), name);
  writeFileSync(p, text);
  return p;
};

test("indicators: every bundled bundle with its distinct count, source, licence and date; the set's date", () => {
  const r = run(["indicators"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^NSO Group Pegasus +1,549 +Amnesty International +2021-07-18 /m);
  assert.match(r.stdout, /^Stalkerware \(Echap\) +\d[\d,]* +Echap +— /m);
  assert.match(r.stdout, /^Predator infrastructure \(Recorded Future Insikt Group\) \(proposed\) +163 /m);
  assert.match(r.stdout, /^[\d,]+ distinct indicators from 20 files/m);
  assert.match(r.stdout, /^Indicators: bundled set of 2026-12-06/m);
  assert.match(r.stdout, /^warning: 2 unusable patterns in predator_inspekt\.stix: empty value for network-traffic:dst_ref/m);
  const s = JSON.parse(run(["indicators", "--json"]).stdout);
  assert.equal(s.bundles.length, 20);
  for (const b of s.bundles) {
    assert.ok(b.sources.length && b.licence && b.url && b.indicators > 0, b.name);
    assert.ok(b.published === null || /^\d{4}-\d{2}-\d{2}$/.test(b.published), b.name);
  }
  // Distinct values over the set, not the sum over collections (a Pegasus domain is in several bundles).
  const sum = s.bundles.reduce((n: number, b: { indicators: number }) => n + b.indicators, 0);
  assert.ok(s.distinct < sum, `${s.distinct} < ${sum}`);
  assert.equal(s.distinct, Object.values(s.counts as Record<string, number>).reduce((a, b) => a + b, 0));
});

test("indicators check: JSON with --json in either place; exit 0 usable, 2 unusable patterns, 1 unreadable or another format", () => {
  for (const args of [["indicators", "check", TEST_STIX2, "--json"], ["indicators", "--json", "check", TEST_STIX2]]) {
    const r = run(args);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.valid, true);
    assert.equal(j.distinct, 9);
  }
  const insikt = run(["indicators", "check", INSIKT, "--json"]);
  assert.equal(insikt.code, 2);
  const j = JSON.parse(insikt.stdout);
  assert.equal(j.counts.domains, 163);
  assert.deepEqual(j.unusable_indicators, [{ kind: "empty value for network-traffic:dst_ref", file: "predator_inspekt.stix", count: 2, example: "[network-traffic:dst_ref = '']" }]);
  const text = run(["indicators", "check", INSIKT]);
  assert.match(text.stdout, /163 indicators \(domains 163\)/);
  assert.match(text.stdout, /2 pattern\(s\) cannot be used/);
  const xml = write("old.xml", '<?xml version="1.0"?>\n<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1"/>');
  const x = run(["indicators", "check", xml]);
  assert.equal(x.code, 1);
  assert.match(x.stderr, /old\.xml: a STIX 1\.x XML package/);
  const misp = run(["indicators", "check", write("event.json", '{"Event": {"Attribute": []}}')]);
  assert.equal(misp.code, 1);
  assert.match(misp.stderr, /event\.json: a MISP JSON event/);
  const ioc = run(["indicators", "check", SHARED + "indicators/stalkerware/ioc.yaml", "--json"]);
  assert.equal(ioc.code, 0, ioc.stderr);
  assert.ok(JSON.parse(ioc.stdout).counts.app_ids > 500);
  assert.match(run(["indicators", "check", "--help"]).stdout, /Exit codes:\n {2}0 .*\n {2}2 .*\n {2}1 /);
});

test("--iocs folders: .stix2, .stix and .json load; a folder with none says so; every check reports unusable patterns", () => {
  const dir = join(tempDir(), "iocs");
  mkdirSync(join(dir, "sub"), { recursive: true });
  copyFileSync(TEST_STIX2, join(dir, "a.stix2"));
  copyFileSync(INSIKT, join(dir, "sub", "b.stix"));
  writeFileSync(join(dir, "c.json"), JSON.stringify({ type: "bundle", objects: [{ type: "indicator", id: "indicator--c", pattern: "[domain-name:value = 'only-in-json.example']", pattern_type: "stix" }] }));
  writeFileSync(join(dir, "notes.txt"), "not an indicator file");
  const s = JSON.parse(run(["indicators", "--iocs", dir, "--json"]).stdout);
  assert.deepEqual(s.files.map((f: { file_path: string }) => f.file_path.slice(dir.length + 1)), ["a.stix2", "c.json", "sub/b.stix"]);
  assert.equal(s.set, null, "no set date for --iocs files");

  const empty = join(tempDir(), "empty");
  mkdirSync(empty);
  writeFileSync(join(empty, "readme.md"), "x");
  const e = run(["indicators", "--iocs", empty]);
  assert.equal(e.code, 2);
  assert.match(e.stderr, /no indicator bundle \(\.stix2, \.stix, \.json\) in .*empty/);
  const broken = run(["indicators", "--iocs", write("cut.stix2", '{"objects": [')]);
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /cut\.stix2: not valid JSON/);
  assert.match(run(["indicators", "--help"]).stdout, /Exit codes:\n {2}0 {2}listed\n {2}2 {2}usage error.*\n {2}1 {2}a file cannot be read/);

  const acq = join(tempDir(), "androidqf");
  mkdirSync(acq);
  writeFileSync(join(acq, "packages.json"), "[]");
  const out = join(tempDir(), "o");
  const r = run(["check-androidqf", acq, "-o", out, "--iocs", dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^warning: 2 unusable patterns in b\.stix: empty value for network-traffic:dst_ref \(e\.g\. \[network-traffic:dst_ref = ''\]\)$/m);
  assert.match(readFileSync(join(out, "command.log"), "utf8"), /WARNING.*2 unusable patterns in b\.stix/);
  const info = JSON.parse(readFileSync(join(out, "info.json"), "utf8"));
  assert.deepEqual(info.indicators.unusable_indicators.map((u: { count: number; file: string }) => [u.count, u.file]), [[2, "b.stix"]]);
  const j = JSON.parse(run(["check-androidqf", acq, "-o", join(tempDir(), "o"), "--iocs", dir, "--json"]).stdout);
  assert.equal(j.unusable_indicators[0].count, 2);
  assert.equal(j.indicators, 9 + 163 + 1);
});
