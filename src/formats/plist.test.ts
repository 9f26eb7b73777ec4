/** Tests for the plist reader: round trips through the fixture writers, real backup files, and hostile input. */

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { SpyglassError } from "../core/errors.ts";
import { PLIST_MAX_BYTES, PlistUid, parsePlist, readWholePlist } from "./plist.ts";
import type { PlistDict, PlistValue } from "./plist.ts";
import { assembleBplist, binaryPlist, xmlPlist } from "../../test/builders/plist-writer.ts";

const BACKUP = new URL("../../../shared/peer-artifacts/mvt/ios_backup/", import.meta.url);
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytes = (...xs: number[]): Uint8Array => new Uint8Array(xs);
const xml = (body: string): Uint8Array => enc(`<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">${body}</plist>`);

/** Asserts that parsing throws a SpyglassError with the given code, and never anything else. */
function rejects(input: Uint8Array, code: "E_CORRUPT" | "E_LIMIT"): void {
  assert.throws(
    () => parsePlist(input, { file: "hostile.plist" }),
    (err: unknown) => err instanceof SpyglassError && err.code === code && err.file === "hostile.plist",
  );
}

const SAMPLE: PlistValue = {
  null: null,
  yes: true,
  no: false,
  small: 7,
  neg: -5,
  real: 3.25,
  tiny: 1.5e-300,
  big: 2n ** 60n,
  date: new Date("2021-12-03T19:33:13Z"),
  data: bytes(0, 1, 2, 254, 255),
  empty: new Uint8Array(0),
  ascii: "hello",
  unicode: "Grüße – 世界 🌍",
  uid: new PlistUid(42),
  list: [1, "two", [3, [4, {}]], [], { deep: { deeper: [true] } }],
  "": "empty key",
};

test("binary round trip of every type", () => {
  assert.deepEqual(parsePlist(binaryPlist(SAMPLE)), SAMPLE);
});

test("XML round trip of every type", () => {
  const { null: _dropped, ...rest } = SAMPLE as PlistDict; // XML plists have no null
  const text = xmlPlist(rest);
  assert.match(text, /<key>CF\$UID<\/key>/);
  assert.deepEqual(parsePlist(enc(text)), rest);
});

test("integers of 1, 2, 4, 8 and 16 bytes", () => {
  const cases: [PlistValue, number][] = [
    [200, 0x10],
    [40_000, 0x11],
    [3_000_000_000, 0x12],
    [2 ** 40, 0x13],
    [-1, 0x13],
    [-(2 ** 53) + 1, 0x13],
    [2n ** 53n + 1n, 0x13],
    [-(2n ** 63n), 0x13],
    [2n ** 63n - 1n, 0x13],
    [2n ** 64n - 1n, 0x14],
  ];
  for (const [v, marker] of cases) {
    const file = binaryPlist(v);
    assert.equal(file[8], marker, `marker for ${v}`);
    assert.equal(parsePlist(file), v);
  }
  // Values that fit a double exactly come back as number even when written with 8 bytes.
  assert.equal(typeof parsePlist(binaryPlist(2n ** 52n)), "number");
  assert.equal(parsePlist(xml("<integer>-9223372036854775808</integer>")), -(2n ** 63n));
  assert.equal(parsePlist(xml("<integer> 0x1F </integer>")), 31);
});

test("UTF-16BE strings, including surrogate pairs and text past one decode chunk", () => {
  const s = "Ünïcödé ✓ 日本語 🙂";
  const file = binaryPlist(s);
  assert.equal(file[8]! >> 4, 0x6);
  assert.equal(parsePlist(file), s);
  const long = "ж🙂".repeat(10_000);
  assert.equal(parsePlist(binaryPlist(long)), long);
  const ascii = "abc".repeat(10_000);
  assert.equal(parsePlist(binaryPlist(ascii)), ascii);
  assert.deepEqual(parsePlist(enc(xmlPlist({ s }))), { s });
});

test("UTF-8 strings (type 0x7) and sets (type 0xC)", () => {
  const word = enc("naïve");
  const file = assembleBplist([bytes(0xc2, 1, 2), bytes(0x70 | word.length, ...word), bytes(0x10, 9)]);
  assert.deepEqual(parsePlist(file), ["naïve", 9]);
});

test("lengths of 15 and more use the 0xF nibble and a following int", () => {
  const v = { s: "x".repeat(15), d: new Uint8Array(300), a: Array.from({ length: 70_000 }, (_, i) => i % 3) };
  assert.deepEqual(parsePlist(binaryPlist(v)), v);
});

test("a __proto__ key becomes an own property, not a prototype", () => {
  const viaBinary = parsePlist(binaryPlist(JSON.parse('{"__proto__": {"polluted": true}}'))) as PlistDict;
  const viaXml = parsePlist(xml("<dict><key>__proto__</key><dict><key>polluted</key><true/></dict></dict>")) as PlistDict;
  for (const d of [viaBinary, viaXml]) {
    assert.equal(Object.getPrototypeOf(d), Object.prototype);
    assert.ok(Object.hasOwn(d, "__proto__"));
    assert.deepEqual(Object.keys(d), ["__proto__"]);
    assert.equal((d as Record<string, unknown>)["polluted"], undefined);
  }
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
});

test("XML details: entities, CDATA, comments, BOM, whitespace in data, self-closing elements", () => {
  const body =
    "\uFEFF  \n<?xml version=\"1.0\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"x.dtd\">\n<!-- c -->" +
    "<plist version=\"1.0\"><dict>" +
    "<key>a &lt;&amp;&gt; &quot;&apos; &#65;&#x42;&#x1F600;</key><string>x<!-- gone --><![CDATA[<raw & kept>]]></string>" +
    "<key>d</key><data>\n\tAAEC\n\tAw==\n</data><key>e</key><string/><key>f</key><array/><key>g</key><dict/>" +
    "<key>r</key><real>-2.5e3</real><key>n</key><real>nan</real><key>i</key><real>-inf</real>" +
    "<key>t</key><date>2001-01-01T00:00:00Z</date></dict></plist>\n";
  const d = parsePlist(enc(body)) as PlistDict;
  assert.deepEqual(Object.keys(d)[0], `a <&> "' AB😀`);
  assert.equal(d[`a <&> "' AB😀`], "x<raw & kept>");
  assert.deepEqual(d["d"], bytes(0, 1, 2, 3));
  assert.deepEqual([d["e"], d["f"], d["g"], d["r"], d["i"]], ["", [], {}, -2500, -Infinity]);
  assert.ok(Number.isNaN(d["n"]));
  assert.equal((d["t"] as Date).getTime(), 978_307_200_000);
});

test("real files: Info.plist and .GlobalPreferences from an iOS backup", () => {
  const info = parsePlist(readFileSync(new URL("Info.plist", BACKUP)), { file: "Info.plist" }) as PlistDict;
  assert.equal(info["Build Version"], "18C66");
  assert.equal(info["IMEI"], "42");
  assert.ok(info["Last Backup Date"] instanceof Date);
  assert.ok(Array.isArray(info["Installed Applications"]));

  const prefs = parsePlist(readFileSync(new URL("0d/0dc926a1810f7aee4e8f38793ed788701f93bf9d", BACKUP))) as PlistDict;
  assert.equal(Object.keys(prefs).length, 16);
  assert.equal(prefs["LDMGlobalEnabled"], true);
  assert.equal(prefs["WebKitShowLinkPreviews"], false);
});

test("hostile: truncated binary plists always throw SpyglassError", () => {
  const file = binaryPlist(SAMPLE);
  rejects(file.subarray(0, 20), "E_CORRUPT");
  rejects(file.subarray(0, file.length - 1), "E_CORRUPT");
  // Mid-file cuts leave arbitrary bytes where the trailer should be, which may also read as an absurd count.
  for (let cut = 0; cut < file.length; cut++) {
    assert.throws(() => parsePlist(file.subarray(0, cut)), (e: unknown) => e instanceof SpyglassError, `cut at ${cut}`);
  }
});

test("hostile: a self-referencing array and an indirect cycle are E_CORRUPT", () => {
  rejects(assembleBplist([bytes(0xa1, 0)]), "E_CORRUPT");
  rejects(assembleBplist([bytes(0xa1, 1), bytes(0xd1, 2, 0), bytes(0x51, 0x6b)]), "E_CORRUPT");
});

test("hostile: offsets, references and the top object must be in range", () => {
  const offsetOutside = assembleBplist([bytes(0x10, 1)]);
  offsetOutside[offsetOutside.length - 33] = 0xf0; // the single offset-table entry
  rejects(offsetOutside, "E_CORRUPT");
  rejects(assembleBplist([bytes(0x10, 1)], { offsetTableOffset: 10_000 }), "E_CORRUPT");
  rejects(assembleBplist([bytes(0xa1, 9)]), "E_CORRUPT");
  rejects(assembleBplist([bytes(0x10, 1)], { top: 3 }), "E_CORRUPT");
  rejects(assembleBplist([bytes(0x5f, 0x13, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)]), "E_CORRUPT");
  rejects(assembleBplist([bytes(0x60 | 5, 0, 65)]), "E_CORRUPT");
  rejects(assembleBplist([bytes(0xd1, 1, 2), bytes(0x10, 1), bytes(0x10, 2)]), "E_CORRUPT"); // non-string key
  rejects(assembleBplist([bytes(0x90)]), "E_CORRUPT"); // unknown type
});

test("hostile: absurd object counts", () => {
  rejects(assembleBplist([bytes(0x10, 1)], { numObjects: 2n ** 40n }), "E_LIMIT");
  rejects(assembleBplist([bytes(0x10, 1)], { numObjects: 2n ** 64n - 1n }), "E_LIMIT");
  rejects(assembleBplist([bytes(0x10, 1)], { numObjects: 5000 }), "E_CORRUPT"); // under the limit, bigger than the file
  rejects(assembleBplist([bytes(0x10, 1)], { numObjects: 0 }), "E_CORRUPT");
});

test("hostile: nesting depth is capped at 512 in both formats", () => {
  const nest = (n: number): PlistValue => {
    let v: PlistValue = 1;
    for (let i = 0; i < n; i++) v = [v];
    return v;
  };
  assert.doesNotThrow(() => parsePlist(binaryPlist(nest(512))));
  rejects(binaryPlist(nest(513)), "E_LIMIT");
  // Object i is [i+1] for 10,000 levels: refused at depth 512 without ever nearing the call-stack limit.
  const chain = Array.from({ length: 10_000 }, (_, i) => bytes(0xa1, (i + 1) >> 8, (i + 1) & 255));
  rejects(assembleBplist([...chain, bytes(0x09)], { refSize: 2 }), "E_LIMIT");
  assert.doesNotThrow(() => parsePlist(xml(`${"<array>".repeat(512)}${"</array>".repeat(512)}`)));
  rejects(xml(`${"<array>".repeat(10_000)}<true/>${"</array>".repeat(10_000)}`), "E_LIMIT");
  rejects(xml(`${"<dict><key>k</key>".repeat(10_000)}`), "E_LIMIT");
});

test("hostile: shared sub-objects are decoded once, so fan-out cannot explode", () => {
  // Object i is [i+1, i+1]: 2^400 leaves if expanded naively.
  const objs = Array.from({ length: 400 }, (_, i) => bytes(0xa2, (i + 1) >> 8, (i + 1) & 255, (i + 1) >> 8, (i + 1) & 255));
  const file = assembleBplist([...objs, bytes(0x09)], { refSize: 2 });
  const started = performance.now();
  assert.ok(Array.isArray(parsePlist(file)));
  // A naive decoder would never finish (2^400 nodes); the bound is a hang guard, far above the ~1 ms it takes.
  assert.ok(performance.now() - started < 10_000);
});

test("hostile: malformed XML is E_CORRUPT", () => {
  const bad = [
    "<dict><key>a</key></dict>",
    "<dict><string>no key</string></dict>",
    "<array><key>k</key></array>",
    "<integer>12abc</integer>",
    `<integer>${"9".repeat(100)}</integer>`,
    "<real>1.2.3</real>",
    "<date>yesterday</date>",
    "<data>!!!!</data>",
    "<string>&bogus;</string>",
    "<string>&#x110000;</string>",
    "<true>x</true>",
    "<array><foo/></array>",
    "<array>",
    "<string>unterminated",
    "<array></dict>",
    "<true/><false/>",
    "",
  ];
  for (const body of bad) rejects(xml(body), "E_CORRUPT");
  rejects(enc("hello"), "E_CORRUPT");
  rejects(enc("bplist01"), "E_CORRUPT");
  rejects(new Uint8Array(0), "E_CORRUPT");
});

test("hostile: random byte corruption only ever yields a value or a SpyglassError", () => {
  const clean = binaryPlist(SAMPLE);
  let seed = 12345;
  const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  for (let round = 0; round < 3000; round++) {
    const file = clean.slice();
    for (let k = 0, hits = 1 + rand(4); k < hits; k++) file[rand(file.length)] = rand(256);
    try {
      parsePlist(file);
    } catch (err) {
      assert.ok(err instanceof SpyglassError, `round ${round}: ${String(err)}`);
    }
  }
});

test("performance: a ~10 MB binary plist parses quickly", () => {
  const rows = Array.from({ length: 40_000 }, (_, i) => ({
    name: `com.example.app${i}`,
    path: `/private/var/mobile/Containers/Data/Application/${i}/Library/Preferences/x.plist`,
    size: i * 17,
    when: new Date(1_600_000_000_000 + i),
    blob: new Uint8Array(8),
  }));
  const file = binaryPlist(rows);
  assert.ok(file.length > 9_500_000, `fixture is ${file.length} bytes`);
  const started = performance.now();
  const parsed = parsePlist(file) as PlistDict[];
  const ms = performance.now() - started;
  assert.equal(parsed.length, rows.length);
  assert.deepEqual(parsed[39_999], rows[39_999]);
  console.log(`10 MB binary plist parsed in ${ms.toFixed(0)} ms`); // about 0.15 s; speed is printed, not asserted
});

test("readWholePlist: a file over PLIST_MAX_BYTES is refused unread (E_LIMIT naming it); one at the bound is read", async () => {
  let reads = 0;
  const big = { size: PLIST_MAX_BYTES + 1, bytes: async () => (reads++, new Uint8Array(0)) };
  await assert.rejects(readWholePlist(big, "Info.plist"), (e: unknown) => {
    assert.ok(e instanceof SpyglassError && e.code === "E_LIMIT" && e.file === "Info.plist");
    assert.match(e.message, /^67108865 bytes, over the 64 MiB limit for a plist: not read$/);
    return true;
  });
  assert.equal(reads, 0, "not one byte read");
  const data = xml("<dict><key>a</key><integer>1</integer></dict>");
  let limit: number | undefined;
  const ok = { size: data.length, bytes: async (l?: number) => ((limit = l), data) };
  assert.deepEqual(await readWholePlist(ok, "p.plist"), { a: 1 });
  assert.equal(limit, PLIST_MAX_BYTES, "the read itself is bounded too");
});
