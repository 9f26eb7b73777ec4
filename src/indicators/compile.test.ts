// Tests for the compiled matcher: each check kind's semantics (MVT's plus our deliberate fixes) and its speed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { compileIndicators, parseUrlHost } from "./compile.ts";
import { parseStix2Bundle } from "./stix2.ts";
import type { Collection, Indicator, IndicatorBucket } from "./types.ts";

const SHARED = resolve(import.meta.dirname, "../../../shared");
const TEST_STIX2 = resolve(SHARED, "indicators/test.stix2");
const testSet = compileIndicators(parseStix2Bundle(readFileSync(TEST_STIX2, "utf8"), { name: "test.stix2", path: TEST_STIX2 }));

function col(name: string, values: [IndicatorBucket, string][]): Collection {
  const indicators: Indicator[] = values.map(([bucket, value], i) => ({ id: `indicator--${name}-${i}`, bucket, value }));
  return { id: `malware--${name}`, name, description: "", stix2_file_name: `${name}.stix2`, stix2_file_path: `/i/${name}.stix2`, indicators };
}

test("url: parent-domain rule returns the indicator value; exact url bucket", () => {
  const m = testSet.match("url", "https://badbadbad.example.org/");
  assert.deepEqual(m && { ...m }, {
    value: "example.org",
    type: "domains",
    name: "TestMalware",
    stix2_file_name: "test.stix2",
    id: "indicator--9fc95849-239e-40fa-8af2-cbd88df8b99f",
  });
  assert.deepEqual(Object.keys(m ?? {}), ["value", "type", "name", "stix2_file_name", "id"]);
  assert.equal(testSet.match("url", "http://example.com/thisisbad")?.type, "urls");
  assert.equal(testSet.match("url", "http://example.com/thisisbad/")?.type, "urls"); // trailing-slash variant
  assert.equal(testSet.match("url", "HTTP://EXAMPLE.COM/thisisbad")?.type, "urls");
  assert.equal(testSet.match("url", "http://example.com/other"), undefined);
});

test("url: label-aligned only (no MVT 'w' quirk, no substring fallback)", () => {
  for (const u of ["https://notevil-example.org/", "https://wexample.org", "https://example.org.evil.net/", "https://example.orgx/", "https://github.com"]) {
    assert.equal(testSet.match("url", u), undefined, u);
  }
  for (const u of [
    "https://www.example.org/a",
    "example.org",
    "EXAMPLE.ORG./x",
    "https://a.b.example.org:8443/x?y#z",
    "//example.org/x",
    "https://user:pw@example.org/",
    "mailto:someone@example.org",
    "https://ex%61mple.org/",
  ]) {
    assert.equal(testSet.match("url", u)?.value, "example.org", u);
  }
  // A "@" in the path is not userinfo.
  assert.equal(testSet.match("url", "https://good.net/@example.org"), undefined);
  assert.equal(testSet.match("url", "https://example.org@good.net/"), undefined);
});

test("url: the most specific domain indicator wins; first collection wins for duplicates", () => {
  const set = compileIndicators([
    col("A", [["domains", "example.org"]]),
    col("B", [["domains", "b.example.org"], ["domains", "example.org"]]),
  ]);
  assert.equal(set.match("url", "https://a.b.example.org/")?.value, "b.example.org");
  assert.equal(set.match("url", "https://a.b.example.org/")?.name, "B");
  assert.equal(set.match("url", "https://c.example.org/")?.name, "A");
  assert.equal(set.counts.domains, 2);
  assert.equal(set.total, 3);
});

test("url: IP hosts match exactly; IPv6 and IDN spellings are normalised", () => {
  assert.equal(testSet.match("url", "http://198.51.100.1:8080/x")?.value, "198.51.100.1");
  assert.equal(testSet.match("url", "198.51.100.1")?.value, "198.51.100.1");
  assert.equal(testSet.match("url", "http://10.198.51.100.1/"), undefined);
  const set = compileIndicators([col("N", [["domains", "2001:DB8:0:0::1"], ["domains", "bücher.example"], ["domains", "xn--mnchen-3ya.example"]])]);
  assert.equal(set.match("url", "http://[2001:db8::1]:443/")?.value, "2001:DB8:0:0::1");
  assert.equal(set.match("url", "https://www.bücher.example/")?.value, "bücher.example");
  assert.equal(set.match("url", "https://www.xn--bcher-kva.example/")?.value, "bücher.example");
  assert.equal(set.match("url", "https://münchen.example/")?.value, "xn--mnchen-3ya.example");
  assert.equal(set.match("domain", "WWW.MÜNCHEN.EXAMPLE")?.value, "xn--mnchen-3ya.example");
});

test("url/domain: empty, non-string and junk never match or throw", () => {
  assert.equal(testSet.match("url", ""), undefined);
  assert.equal(testSet.match("url", undefined as unknown as string), undefined);
  assert.equal(testSet.match("url", 42 as unknown as string), undefined);
  for (const junk of ["   ", "http://", "http://[::1", "javascript:alert(1)", "tel:+123", "http://exa mple.org", "::::", "%%%"]) {
    assert.doesNotThrow(() => testSet.match("url", junk), junk);
  }
  assert.equal(testSet.match("url", "http://example.org:notaport/"), testSet.match("url", "http://example.org/")); // regex fallback
  assert.equal(testSet.match("domain", "badbadbad.example.org")?.value, "example.org");
  assert.equal(testSet.match("domain", "wexample.org"), undefined);
  assert.equal(testSet.match("domain", "org"), undefined);
});

test("parseUrlHost", () => {
  assert.deepEqual(parseUrlHost("HTTPS://Www.Example.ORG.:8443/Path?q"), { host: "www.example.org", path: "/Path", ip: false });
  assert.deepEqual(parseUrlHost("http://[2001:db8::1]/"), { host: "2001:db8::1", path: "/", ip: true });
  assert.equal(parseUrlHost("   "), undefined);
});

test("email: case-insensitive, mailto: stripped", () => {
  for (const e of ["FOOBAR@example.org", "mailto:foobar@example.org", "MAILTO:FooBar@Example.org?subject=hi", " <foobar@example.org> "]) {
    assert.equal(testSet.match("email", e)?.value, "foobar@example.org", e);
  }
  assert.equal(testSet.match("email", "foobar@example.org.evil"), undefined);
});

test("process: basename equality and kernel-truncated names", () => {
  assert.equal(testSet.match("process", "Launch")?.value, "Launch");
  assert.equal(testSet.match("process", "/usr/libexec/Launch")?.value, "Launch");
  assert.equal(testSet.match("process", "Launchd"), undefined);
  const set = compileIndicators([col("P", [["processes", "com.apple.Foundation.UserScriptService"], ["processes", "exactlysixteench"]])]);
  assert.equal(set.match("process", "com.apple.Found")?.value, "com.apple.Foundation.UserScriptService"); // 15: Linux comm
  assert.equal(set.match("process", "com.apple.Founda")?.value, "com.apple.Foundation.UserScriptService"); // 16: iOS MAXCOMLEN
  assert.equal(set.match("process", "com.apple.Foun"), undefined); // 14: not a truncation
  assert.equal(set.match("process", "com.apple.Foundati"), undefined); // 18: a different name
  assert.equal(set.match("process", "exactlysixteench")?.value, "exactlysixteench");
  assert.equal(set.match("process_in_path", "/private/var/exactlysixteench/x")?.value, "exactlysixteench");
  assert.equal(testSet.match("process_in_path", "/usr/bin/Launch")?.value, "Launch");
  assert.equal(testSet.match("process_in_path", "/usr/bin/Launcher"), undefined);
});

test("process in path: a walk's consecutive paths (the folder's answer kept) match as each path alone does", () => {
  const set = compileIndicators([col("P", [["processes", "bh"], ["processes", "roleaccountd"]])]);
  const walk = [
    "private/var/db", "private/var/db/BH", "private/var/db/BH/a", "private/var/db/BH/roleaccountd", "private/var/db/c",
    "private/var/db/roleaccountd", "private/var/db/c", "private/var/db/x/bh/y", "private/var/db/x/bh/z", "bh", "", "/", "a//bh//",
  ];
  const seq = walk.map((p) => set.match("process_in_path", p)?.value);
  assert.deepEqual(seq, [undefined, "bh", "bh", "bh", undefined, "roleaccountd", undefined, "bh", "bh", "bh", undefined, undefined, "bh"]);
  // Each alone, on a fresh set: the same answers (the kept folder never leaks into another path).
  assert.deepEqual(walk.map((p) => compileIndicators([col("P", [["processes", "bh"], ["processes", "roleaccountd"]])]).match("process_in_path", p)?.value), seq);
});

test("file name, file path prefix (MVT's plain prefix) and basename", () => {
  const set = compileIndicators([
    col("F", [
      ["file_paths", "/usr/sbin/filecoordinationd"],
      ["file_paths", "/private/var/tmp/"],
      ["file_paths", "/data/local/tmp/evil"],
      ["file_names", "bad.plist"],
    ]),
  ]);
  assert.equal(set.match("file_path", "/usr/sbin/filecoordinationd/123e4567-e89b-12d3-a456-426614174000")?.value, "/usr/sbin/filecoordinationd");
  assert.equal(set.match("file_path", "/usr/sbin/filecoordinationd")?.value, "/usr/sbin/filecoordinationd");
  assert.equal(set.match("file_path", "/private/var/tmp/x/y")?.value, "/private/var/tmp/");
  assert.equal(set.match("file_path", "/private/var/tmp")?.value, "/private/var/tmp/");
  assert.equal(set.match("file_path", "/data/local/tmp/evil.so")?.value, "/data/local/tmp/evil"); // plain prefix, as MVT
  assert.equal(set.match("file_path", "/private/var/tmpx")?.value, "/private/var/tmp/"); // MVT's plain prefix, kept
  assert.equal(set.match("file_path", "/private/var/tm"), undefined);
  assert.equal(set.match("file_path", "/private/vax/tmp/a"), undefined);
  assert.equal(set.match("file_path", "/usr/sbin"), undefined);
  assert.equal(set.match("file_path", "/Library/Preferences/bad.plist")?.type, "file_names");
  assert.equal(set.match("file_name", "bad.plist")?.value, "bad.plist");
  assert.equal(testSet.match("file_name", "/var/foobar/txt")?.value, "/var/foobar/txt");
  // A walk's consecutive paths (the folder's indicator folders kept for the next path) match as each path alone does.
  const walk = ["/usr/sbin/a", "/usr/sbin/filecoordinationd", "/usr/sbin/filecoordinationdx", "/usr/sbin/b", "/private/var/tmp", "/private/var/tmp/a", "/private/var/tmp/b/c", "/private/var/a", "/usr/sbin/a"];
  const fresh = () => compileIndicators([col("F", [["file_paths", "/usr/sbin/filecoordinationd"], ["file_paths", "/private/var/tmp/"]])]);
  const one = fresh();
  assert.deepEqual(walk.map((p) => one.match("file_path", p)?.value), walk.map((p) => fresh().match("file_path", p)?.value));
  assert.deepEqual(walk.map((p) => one.match("file_path", p)?.value), [undefined, "/usr/sbin/filecoordinationd", "/usr/sbin/filecoordinationd", undefined, "/private/var/tmp/", "/private/var/tmp/", "/private/var/tmp/", undefined, undefined]);
});

test("hashes, app ids, properties, cert hashes, profile ids", () => {
  assert.equal(testSet.match("hash", "570CD76BF49CF52E0CB347A68BDCF0590B2EAECE134E1B1EBA7E8D66261BDBE6")?.type, "files_sha256");
  assert.equal(testSet.match("hash", "DA0611A300A9CE9AA7A09D1212F203FCA5856794")?.type, "files_sha1");
  assert.equal(testSet.match("hash", "da0611a300a9ce9aa7a09d1212f203fca58567"), undefined);
  assert.equal(testSet.match("property", "SYS.FOOBAR")?.value, "sys.foobar");
  const set = compileIndicators([
    col("X", [
      ["app_ids", "com.Evil.App"],
      ["app_cert_hashes", "AABBCC"],
      ["ios_profile_ids", "Prefix-6E3DE18F-13C0-47E5-9E2D-4C0C45F51C1A"],
      ["files_md5", "0123456789abcdef0123456789ABCDEF"],
    ]),
  ]);
  assert.equal(set.match("app_id", "com.evil.app")?.value, "com.Evil.App");
  assert.equal(set.match("cert_hash", "aa:bb:cc")?.value, "AABBCC");
  assert.equal(set.match("profile_id", "6e3de18f-13c0-47e5-9e2d-4c0c45f51c1a")?.type, "ios_profile_ids");
  assert.equal(set.match("profile_id", "prefix-6e3de18f-13c0-47e5-9e2d-4c0c45f51c1a")?.type, "ios_profile_ids");
  assert.equal(set.match("profile_id", "00000000-0000-0000-0000-000000000000"), undefined);
  assert.equal(set.match("hash", "0123456789ABCDEF0123456789abcdef")?.type, "files_md5");
});

test("real bundles: cytrox profile and paths, pegasus process", () => {
  const read = (rel: string) => {
    const path = resolve(SHARED, "indicators/amnesty", rel);
    return parseStix2Bundle(readFileSync(path, "utf8"), { name: rel, path });
  };
  const cytrox = read("2021-12-16_cytrox/cytrox.stix2");
  const set = compileIndicators(cytrox);
  for (const ind of cytrox[0]?.indicators ?? []) {
    const kind = ind.bucket === "domains" ? "domain" : ind.bucket === "file_paths" ? "file_path" : "profile_id";
    assert.equal(set.match(kind, ind.value)?.value, ind.value, ind.value);
  }
  const pegasus = compileIndicators(read("2021-07-18_nso/pegasus.stix2"));
  assert.equal(pegasus.match("process", "/private/var/db/com.apple.xpc.roleaccountd.staging/bh")?.value, "bh");
});

test("speed: 1,000,000 URL matches against 50,000 domain indicators", () => {
  const values: [IndicatorBucket, string][] = [];
  for (let i = 0; i < 50_000; i++) values.push(["domains", `host${i}.campaign${i % 997}.net`]);
  const t0 = performance.now();
  const set = compileIndicators([col("Big", values)]);
  const compileMs = performance.now() - t0;
  const urls: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    urls.push(i % 10 === 0 ? `https://cdn.host${i * 5}.campaign${(i * 5) % 997}.net/p?q=${i}` : `https://www${i}.benign${i}.example.com/path/${i}?utm=${i}`);
  }
  let hits = 0;
  const t1 = performance.now();
  for (let round = 0; round < 100; round++) for (const u of urls) if (set.match("url", u)) hits++;
  const ms = performance.now() - t1;
  console.log(`compile 50k domains: ${compileMs.toFixed(0)} ms; 1M url matches: ${ms.toFixed(0)} ms (${Math.round(1e9 / ms).toLocaleString("en-US")} ops/s)`);
  assert.equal(hits, 100_000);
});
