// The loader reports every indicator it cannot use, names formats it does not read, and counts distinct values.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadIndicatorTexts } from "./load.ts";

const SHARED = resolve(import.meta.dirname, "../../../shared/indicators");
const file = (rel: string) => ({ name: rel.split("/").pop()!, path: resolve(SHARED, rel), text: readFileSync(resolve(SHARED, rel), "utf8") });
const bundle = (patterns: string[]) =>
  JSON.stringify({ type: "bundle", objects: [{ type: "malware", id: "malware--m", name: "M" }, ...patterns.map((p, i) => ({ type: "indicator", id: `indicator--${i}`, pattern: p, pattern_type: "stix" }))] });

test("Insikt's Predator file: network-traffic:dst_ref patterns are domains and addresses; the empty ones are reported", () => {
  const r = loadIndicatorTexts([{ ...file("mvt-indicators-prs/2024-03-01_insikt_predator/predator_inspekt.stix"), label: "Predator (Insikt)" }]);
  assert.equal(r.set.counts.domains, 163);
  assert.equal(r.set.match("url", "https://02s.co/x")?.name, "Predator (Insikt)", "a bundle without malware objects takes its label");
  assert.ok(r.set.match("url", "http://101.99.75.197/"));
  assert.deepEqual(r.unusable.map((u) => [u.kind, u.count, u.file]), [["empty value for network-traffic:dst_ref", 2, "predator_inspekt.stix"]]);
  assert.equal(r.unusable[0]!.example, "[network-traffic:dst_ref = '']");
});

test("unusable patterns are counted by kind with an example and the file; usable hash and cert spellings are understood", () => {
  const r = loadIndicatorTexts([
    {
      name: "mixed.stix2",
      path: "/x/mixed.stix2",
      text: bundle([
        "[file:hashes.'SHA-256' = 'AA']",
        "[file:hashes.sha256 = 'BB']",
        "[file:hashes.md5 = 'CC']",
        "[app:cert.sha1 = 'DD']",
        "[app:cert.sha256 = 'EE']",
        "[network-traffic:dst_ref.value = 'c2.example']",
        "[x509-certificate:hashes.sha1 = '11']",
        "[x509-certificate:hashes.sha1 = '22']",
        "[domain-name:value = 'a.example' AND domain-name:value = 'b.example']",
        "[process:name MATCHES 'x']",
      ]),
    },
  ]);
  assert.deepEqual({ ...r.set.counts }, { files_sha256: 2, files_md5: 1, app_cert_hashes: 2, domains: 1 });
  assert.equal(r.distinct, 6);
  assert.deepEqual(
    r.unusable.map((u) => [u.kind, u.count, u.example]),
    [
      ["x509-certificate:hashes.sha1", 2, "[x509-certificate:hashes.sha1 = '11']"],
      ["unsupported pattern: AND of different comparisons cannot be checked against a single value", 1, "[domain-name:value = 'a.example' AND domain-name:value = 'b.example']"],
      ["unsupported pattern: operator MATCHES is not supported", 1, "[process:name MATCHES 'x']"],
    ],
  );
});

test("distinct counts: the same value in two bundles counts once (the per-collection sum does not)", () => {
  const a = { name: "a.stix2", path: "/a.stix2", text: bundle(["[domain-name:value = 'same.example']", "[domain-name:value = 'a.example']"]) };
  const b = { name: "b.stix2", path: "/b.stix2", text: bundle(["[domain-name:value = 'SAME.example']"]) };
  const r = loadIndicatorTexts([a, b]);
  assert.equal(r.set.total, 3);
  assert.equal(r.distinct, 2);
});

test("a file with no usable indicator says so; STIX 1.x XML and MISP JSON are named", () => {
  const r = loadIndicatorTexts([{ name: "odd.stix2", path: "/odd.stix2", text: bundle(["[x509-certificate:hashes.sha1 = '11']"]) }]);
  assert.deepEqual(r.notices, ["odd.stix2: no indicator Spyglass can use"]);
  const xml = '<?xml version="1.0"?>\n<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1">';
  assert.throws(() => loadIndicatorTexts([{ name: "old.xml", path: "/old.xml", text: xml }]), /old\.xml: a STIX 1\.x XML package/);
  assert.throws(() => loadIndicatorTexts([{ name: "e.json", path: "/e.json", text: '{"Event": {"info": "x", "Attribute": []}}' }]), /e\.json: a MISP JSON event/);
  assert.throws(() => loadIndicatorTexts([{ name: "r.json", path: "/r.json", text: '{"response": [{"Event": {}}]}' }]), /MISP/);
  assert.throws(() => loadIndicatorTexts([{ name: "t.json", path: "/t.json", text: '{"objects": [' }]), /t\.json: not valid JSON/);
});

test("Echap's ioc.yaml loads beside STIX2 bundles", () => {
  const r = loadIndicatorTexts([file("amnesty/2021-07-18_nso/pegasus.stix2"), file("stalkerware/ioc.yaml")]);
  assert.equal(r.set.match("app_id", "com.thetruth")?.stix2_file_name, "ioc.yaml");
  assert.equal(r.set.match("process", "bh")?.name, "Pegasus");
});
