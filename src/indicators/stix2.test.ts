// Tests for the STIX2 bundle parser: real bundles (counts as MVT loads them), pattern syntax, malformed input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { SpyglassError } from "../core/errors.ts";
import { compileIndicators } from "./compile.ts";
import { loadIndicatorTexts } from "./load.ts";
import { bucketOfKey, parseStix2Bundle, parseStix2BundleDetailed, parseStixPattern } from "./stix2.ts";
import type { Collection, IndicatorBucket } from "./types.ts";

const SHARED = resolve(import.meta.dirname, "../../../shared");

function load(rel: string): Collection[] {
  const path = resolve(SHARED, rel);
  return parseStix2Bundle(readFileSync(path, "utf8"), { name: basename(path), path });
}

function counts(cols: Collection[]): Partial<Record<IndicatorBucket, number>> {
  return { ...compileIndicators(cols).counts };
}

/** A bundle with one malware and indicators related to it. */
function bundle(patterns: string[], extra: object[] = []): string {
  const objects: object[] = [{ type: "malware", id: "malware--m", name: "M", is_family: false }];
  patterns.forEach((pattern, i) => {
    objects.push({ type: "indicator", id: `indicator--${i}`, pattern, pattern_type: "stix" });
    objects.push({ type: "relationship", id: `relationship--${i}`, source_ref: `indicator--${i}`, target_ref: "malware--m" });
  });
  return JSON.stringify({ type: "bundle", id: "bundle--x", objects: [...objects, ...extra] });
}
const F = { name: "t.stix2", path: "/x/t.stix2" };

test("test.stix2: one collection TestMalware with 9 values in MVT's buckets", () => {
  const cols = load("indicators/test.stix2");
  assert.equal(cols.length, 1);
  assert.equal(cols[0]?.name, "TestMalware");
  assert.equal(cols[0]?.stix2_file_name, "test.stix2");
  assert.equal(cols[0]?.indicators.length, 9);
  assert.deepEqual(counts(cols), {
    domains: 2,
    emails: 1,
    file_names: 1,
    processes: 1,
    android_property_names: 1,
    files_sha256: 1,
    files_sha1: 1,
    urls: 1,
  });
});

test("Amnesty bundles load with MVT's counts", () => {
  const cases: [string, number, Partial<Record<IndicatorBucket, number>>][] = [
    ["2021-07-18_nso/pegasus.stix2", 1549, { domains: 1438, processes: 81, emails: 29, file_names: 1 }],
    ["2021-12-16_cytrox/cytrox.stix2", 343, { domains: 336, file_paths: 6, ios_profile_ids: 1 }],
    ["2023-03-29_android_campaign/malware.stix2", 2187, { domains: 2183, file_paths: 1, android_property_names: 3 }],
    ["2024-05-02_wintego_helios/wintego_helios.stix2", 175, { domains: 175 }],
    ["2024-12-16_serbia_novispy/novispy.stix2", 18, { domains: 7, files_sha256: 4, app_cert_hashes: 3, app_ids: 4 }],
  ];
  for (const [rel, total, byBucket] of cases) {
    const cols = load(`indicators/amnesty/${rel}`);
    assert.equal(cols.length, 1, rel);
    assert.equal(compileIndicators(cols).total, total, rel);
    assert.deepEqual(counts(cols), byBucket, rel);
  }
});

test("report-based bundle: the report is the collection", () => {
  const cols = load("peer-artifacts/mvt/stix2/638cd3ee5e5f019f84f9e0ea.json");
  assert.equal(cols.length, 1);
  assert.equal(
    cols[0]?.name,
    "Pegasus Forensic Traces per Target Identified in the Aftermath of the Pegasus Project Revelations - Amnesty International",
  );
  assert.equal(cols[0]?.id, "report--eaad6132-6cae-4287-b414-a052969f312b");
  const set = compileIndicators(cols);
  console.log(`638cd3ee…json: ${set.total} indicators`, set.counts);
  assert.ok(set.total > 0);
});

test("collection assignment: report refs, then relationship to malware, then Default collection", () => {
  const text = JSON.stringify({
    objects: [
      { type: "malware", id: "malware--a", name: "A" },
      { type: "report", id: "report--r", name: "R", object_refs: ["indicator--1"] },
      { type: "indicator", id: "indicator--1", pattern: "[domain-name:value = 'r.org']" },
      { type: "indicator", id: "indicator--2", pattern: "[domain-name:value = 'a.org']" },
      { type: "indicator", id: "indicator--3", pattern: "[domain-name:value = 'orphan.org']" },
      { type: "relationship", source_ref: "indicator--1", target_ref: "malware--a" },
      { type: "relationship", source_ref: "indicator--2", target_ref: "identity--x" },
      { type: "relationship", source_ref: "indicator--2", target_ref: "malware--a" },
    ],
  });
  const cols = parseStix2Bundle(text, F);
  assert.deepEqual(
    cols.map((c) => [c.id, c.name, c.indicators.map((i) => i.value)]),
    [
      ["malware--a", "A", ["a.org"]],
      ["report--r", "R", ["r.org"]],
      ["0", "Default collection", ["orphan.org"]],
    ],
  );
  // No orphan: no Default collection.
  assert.equal(parseStix2Bundle(bundle(["[domain-name:value = 'x.org']"]), F).length, 1);
});

test("a value is added once per collection; domains and emails are lowercased", () => {
  const cols = parseStix2Bundle(
    bundle(["[domain-name:value = 'Evil.ORG']", "[domain-name:value = 'evil.org']", "[email-addr:value = 'A@B.org']", "[process:name = 'Bad']"]),
    F,
  );
  assert.deepEqual(
    cols[0]?.indicators.map((i) => [i.bucket, i.value]),
    [
      ["domains", "evil.org"],
      ["emails", "a@b.org"],
      ["processes", "Bad"],
    ],
  );
});

test("hash and cert keys are normalised", () => {
  for (const k of ["file:hashes.'SHA-256'", "file:hashes.sha256", "file:hashes.SHA256", 'file:hashes."SHA-256"', "file:hashes.'sha-256'"]) {
    assert.equal(bucketOfKey(k), "files_sha256", k);
  }
  assert.equal(bucketOfKey("file:hashes.'SHA-1'"), "files_sha1");
  assert.equal(bucketOfKey("file:hashes.MD5"), "files_md5");
  for (const k of ["app:cert.md5", "app:cert.SHA1", "app:cert.'SHA-256'"]) assert.equal(bucketOfKey(k), "app_cert_hashes", k);
  assert.equal(bucketOfKey("ipv6-addr:value"), "domains");
  assert.equal(bucketOfKey("file:hashes.'SHA-512'"), undefined);
  assert.equal(bucketOfKey("x509-certificate:hashes.sha256"), undefined);
});

test("pattern syntax: quoted values with '=' and escapes, OR forms", () => {
  assert.deepEqual(parseStixPattern("[url:value = 'https://x.org/?a=b&c=d']"), [{ key: "url:value", value: "https://x.org/?a=b&c=d" }]);
  assert.deepEqual(parseStixPattern("[file:name = 'it\\'s \\\\ here']"), [{ key: "file:name", value: "it's \\ here" }]);
  assert.deepEqual(parseStixPattern("[domain-name:value='a.org']"), [{ key: "domain-name:value", value: "a.org" }]);
  const both = [
    { key: "domain-name:value", value: "a.org" },
    { key: "process:name", value: "bad" },
  ];
  assert.deepEqual(parseStixPattern("[domain-name:value = 'a.org' OR process:name = 'bad']"), both);
  assert.deepEqual(parseStixPattern("[domain-name:value = 'a.org'] OR [process:name = 'bad']"), both);
  assert.deepEqual(parseStixPattern("([domain-name:value = 'a.org'] OR [(process:name = 'bad')])"), both);
  assert.deepEqual(parseStixPattern("[file:hashes.'SHA-256' = 'AB']"), [{ key: "file:hashes.'SHA-256'", value: "AB" }]);
  // Same comparison twice under AND is still one value.
  assert.deepEqual(parseStixPattern("[a:b = 'x' AND a:b = 'x']"), [{ key: "a:b", value: "x" }]);
});

test("OR patterns become one indicator per comparison, with the same STIX id", () => {
  const cols = parseStix2Bundle(bundle(["[domain-name:value = 'a.org'] OR [url:value = 'http://b.org/x=1']"]), F);
  assert.deepEqual(
    cols[0]?.indicators.map((i) => [i.id, i.bucket, i.value]),
    [
      ["indicator--0", "domains", "a.org"],
      ["indicator--0", "urls", "http://b.org/x=1"],
    ],
  );
});

test("broken patterns are rejected with a reason", () => {
  const bad: [string, RegExp][] = [
    ["domain-name:value = 'a.org'", /missing '\['/],
    ["[domain-name:value = 'a.org]", /unterminated/],
    ["[domain-name:value = 'a.org'", /missing '\]'/],
    ["[domain-name:value = 'a.org' AND process:name = 'x']", /AND/],
    ["[domain-name:value = 'a.org'] AND [process:name = 'x']", /AND/],
    ["[domain-name:value LIKE '%.org']", /LIKE/],
    ["[domain-name:value != 'a.org']", /!=/],
    ["[domain-name:value = 'a.org'] FOLLOWEDBY [process:name = 'x']", /FOLLOWEDBY/],
    ["[domain-name:value = 'a.org'] WITHIN 10 SECONDS", /WITHIN/],
    ["[domain-name:value = 'a.org'] junk", /unexpected/],
    ["[= 'a.org']", /object path/],
  ];
  for (const [p, why] of bad) assert.throws(() => parseStixPattern(p), why, p);
});

test("one bad pattern is a warning naming file and indicator; the rest of the bundle loads", () => {
  const text = bundle(["[domain-name:value = 'good.org']", "[domain-name:value = 'bad.org", "[x509-certificate:hashes.sha256 = 'aa']"]);
  const r = parseStix2BundleDetailed(text, F);
  assert.deepEqual(r.collections[0]?.indicators.map((i) => i.value), ["good.org"]);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0] ?? "", /^t\.stix2: indicator indicator--1: .*unterminated/);
  // Unsupported keys are not errors, only counted.
  assert.deepEqual(r.skipped, [
    { file: "t.stix2", id: "indicator--2", key: "x509-certificate:hashes.sha256", pattern: "[x509-certificate:hashes.sha256 = 'aa']" },
  ]);
});

test("malformed bundles throw E_INDICATORS naming the file", () => {
  const expectErr = (text: string, why: RegExp) =>
    assert.throws(
      () => parseStix2Bundle(text, { name: "bad.stix2", path: "/p/bad.stix2" }),
      (e: unknown) => e instanceof SpyglassError && e.code === "E_INDICATORS" && e.file === "/p/bad.stix2" && /^bad\.stix2: /.test(e.message) && why.test(e.message),
    );
  expectErr("{ not json", /not valid JSON/);
  expectErr(JSON.stringify({ type: "bundle" }), /objects/);
  expectErr(JSON.stringify([1, 2]), /objects/);
});

test("loadIndicatorTexts merges files in order and rejects a non-JSON file by name", () => {
  const read = (rel: string) => {
    const path = resolve(SHARED, rel);
    return { name: basename(path), path, text: readFileSync(path, "utf8") };
  };
  const loaded = loadIndicatorTexts([read("indicators/test.stix2"), read("indicators/amnesty/2021-12-16_cytrox/cytrox.stix2")]);
  assert.equal(loaded.collections.length, 2);
  assert.equal(loaded.set.total, 9 + 343);
  assert.deepEqual(loaded.files.map((f) => f.name), ["test.stix2", "cytrox.stix2"]);
  assert.deepEqual(loaded.warnings, []);
  assert.throws(
    () => loadIndicatorTexts([read("indicators/test.stix2"), { name: "broken.stix2", path: "/b/broken.stix2", text: "<html>" }]),
    (e: unknown) => e instanceof SpyglassError && e.code === "E_INDICATORS" && e.message.startsWith("broken.stix2:"),
  );
});
