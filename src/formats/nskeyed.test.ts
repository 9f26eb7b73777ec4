/** Tests for NSKeyedArchiver unarchiving (built fixtures, a real Manifest.db row, hostile archives) and typedstream text. */

import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { SpyglassError } from "../core/errors.ts";
import { PlistUid, parsePlist } from "./plist.ts";
import type { PlistDict, PlistValue } from "./plist.ts";
import { decodeTypedStreamString, keyedObjects, resolveUid, unarchiveNSKeyed } from "./nskeyed.ts";
import { binaryPlist, nsKeyedArchive, xmlPlist } from "../../test/builders/plist-writer.ts";

const MANIFEST_DB = "/work/shared/peer-artifacts/mvt/ios_backup/Manifest.db";
const uid = (n: number): PlistUid => new PlistUid(n);
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const viaBinary = (v: PlistValue): PlistValue => unarchiveNSKeyed(parsePlist(binaryPlist(nsKeyedArchive(v))));

/** A hand-written archive: `objects` follow "$null" at index 0, and the root is index 1. */
const archive = (...objects: PlistValue[]): PlistValue => ({
  $version: 100000,
  $archiver: "NSKeyedArchiver",
  $top: { root: uid(1) },
  $objects: ["$null", ...objects],
});
const cls = (name: string, ...chain: string[]): PlistDict => ({ $classname: name, $classes: [name, ...chain, "NSObject"] });

function rejects(root: PlistValue, code: "E_CORRUPT" | "E_LIMIT"): void {
  assert.throws(
    () => unarchiveNSKeyed(root, { file: "x.plist" }),
    (e: unknown) => e instanceof SpyglassError && e.code === code && e.file === "x.plist",
  );
}

test("round trip: dictionaries, arrays, strings, numbers, data, dates, nulls", () => {
  const value: PlistValue = {
    name: "Grüße 🌍",
    count: 3,
    ratio: 0.5,
    flag: true,
    nothing: null,
    blob: new Uint8Array([1, 2, 3]),
    when: new Date("2021-01-15T01:37:49Z"),
    list: ["a", ["b", { c: [] }], 7],
    ["__proto__"]: "own property", // computed, so an own key rather than a prototype
  };
  const out = viaBinary(value) as PlistDict;
  assert.deepEqual(out, value);
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.equal(Object.hasOwn(out, "__proto__"), true);
  assert.deepEqual(unarchiveNSKeyed(parsePlist(enc(xmlPlist(nsKeyedArchive(value))))), value);
});

test("round trip: a custom MBFile object keeps its fields and drops $class", () => {
  const file = { $class: "MBFile", RelativePath: "Library/SMS/sms.db", Size: 4096, Mode: 33188, LastModified: 1610674669 };
  const archived = nsKeyedArchive(file) as PlistDict;
  assert.equal((archived["$top"] as PlistDict)["root"] instanceof PlistUid, true);
  const { $class: _c, ...fields } = file;
  assert.deepEqual(viaBinary(file), fields);
});

test("a real Manifest.db row decodes to an MBFile with numeric metadata", () => {
  // Manifest.db is in WAL mode: opening the shared original, even read-only, may touch its -shm file, so use a copy.
  const dir = mkdtempSync(join(tmpdir(), "spyglass-nskeyed-"));
  try {
    copyFileSync(MANIFEST_DB, join(dir, "Manifest.db"));
    const db = new Database(join(dir, "Manifest.db"), { readonly: true });
    const row = db.prepare("SELECT relativePath, file FROM Files WHERE file IS NOT NULL AND relativePath != '' LIMIT 1").get() as {
      relativePath: string;
      file: Uint8Array;
    };
    db.close();
    const mb = unarchiveNSKeyed(parsePlist(row.file, { file: "Manifest.db" })) as PlistDict;
    for (const key of ["LastModified", "Birth", "Mode", "Size"]) assert.equal(typeof mb[key], "number", key);
    assert.equal(mb["RelativePath"], row.relativePath);
    assert.equal(Object.hasOwn(mb, "$class"), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("Foundation classes: NSMutableString, NSSet, NSURL, NSDate, subclasses via $classes", () => {
  const root = archive(
    { "NS.keys": [uid(3), uid(4), uid(5), uid(6)], "NS.objects": [uid(7), uid(9), uid(11), uid(14)], $class: uid(2) },
    cls("MyDict", "NSMutableDictionary", "NSDictionary"),
    "text",
    "set",
    "url",
    "date",
    { "NS.string": "mutable", $class: uid(8) },
    cls("NSMutableString", "NSString"),
    { "NS.objects": [uid(3), uid(4)], $class: uid(10) },
    cls("NSSet"),
    { "NS.relative": uid(13), "NS.base": uid(0), $class: uid(12) },
    cls("NSURL"),
    "https://example.com/a?b",
    { "NS.time": 0, $class: uid(15) },
    cls("NSDate"),
  );
  assert.deepEqual(unarchiveNSKeyed(root), {
    text: "mutable",
    set: ["text", "set"],
    url: "https://example.com/a?b",
    date: new Date("2001-01-01T00:00:00Z"),
  });
  const withBase = archive({ "NS.relative": "b/c", "NS.base": uid(3), $class: uid(2) }, cls("NSURL"), {
    "NS.relative": "https://example.com/a/",
    "NS.base": uid(0),
    $class: uid(2),
  });
  assert.equal(unarchiveNSKeyed(withBase), "https://example.com/a/b/c");
});

test("keyedObjects and resolveUid follow one hop", () => {
  const root = archive("hello", { nested: uid(1) });
  const objects = keyedObjects(root);
  assert.equal(objects.length, 3);
  assert.equal(resolveUid(objects, uid(1)), "hello");
  assert.equal(resolveUid(objects, uid(0)), null);
  assert.equal(resolveUid(objects, 5), 5);
  assert.throws(() => resolveUid(objects, uid(99)), (e: unknown) => e instanceof SpyglassError && e.code === "E_CORRUPT");
});

test("hostile archives: cycles, bad references, deep chains, wrong shapes", () => {
  const nsArray = cls("NSArray");
  rejects(archive({ "NS.objects": [uid(1)], $class: uid(2) }, nsArray), "E_CORRUPT"); // contains itself
  rejects(archive({ a: uid(2) }, { b: uid(1) }), "E_CORRUPT"); // two objects pointing at each other
  rejects(archive({ "NS.objects": [uid(50)], $class: uid(2) }, nsArray), "E_CORRUPT");
  rejects(archive({ "NS.keys": [uid(3)], "NS.objects": [], $class: uid(2) }, cls("NSDictionary"), "k"), "E_CORRUPT");
  rejects(archive({ "NS.time": "soon", $class: uid(2) }, cls("NSDate")), "E_CORRUPT");
  rejects({ $archiver: "NSKeyedArchiver", $top: { root: uid(0) } }, "E_CORRUPT");
  rejects({ $archiver: "Other", $top: { root: uid(0) }, $objects: ["$null"] }, "E_CORRUPT");
  rejects("not an archive", "E_CORRUPT");
  // A chain of 2,000 objects each holding the next: refused at the depth limit, not by a stack overflow.
  const chain = Array.from({ length: 2000 }, (_, i) => ({ next: uid(i + 2) }));
  rejects(archive(...chain, "end"), "E_LIMIT");
  // A binary plist whose shared members fan out 2^300 ways still unarchives quickly.
  const fan = Array.from({ length: 300 }, (_, i) => ({ l: uid(i + 2), r: uid(i + 2) }));
  const started = performance.now();
  assert.ok(unarchiveNSKeyed(parsePlist(binaryPlist(archive(...fan.slice(0, 300), "leaf")))));
  // The same through inline arrays that the plist layer shares: [[x, x], [x, x]] 300 levels deep.
  let shared: PlistValue = ["leaf"];
  for (let i = 0; i < 300; i++) shared = [shared, shared];
  assert.ok(Array.isArray(unarchiveNSKeyed(archive(shared))));
  // A hang guard (2^300 nodes if expanded naively), far above the few ms it takes.
  assert.ok(performance.now() - started < 10_000);
});

/** A typedstream blob as iOS writes sms.db `attributedBody`, with the length encoding the reader must understand. */
function typedStream(text: string, trailer: number[] = [0x86, 0x84, 0x02, 0x69, 0x49, 0x01]): Uint8Array {
  const utf8 = enc(text);
  const n = utf8.length;
  const len = n < 0x80 ? [n] : n < 0x10000 ? [0x81, n & 255, n >> 8] : [0x82, n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24];
  return new Uint8Array([
    0x04, 0x0b, ...enc("streamtyped"),
    0x81, 0xe8, 0x03, 0x84, 0x01, 0x40, 0x84, 0x84, 0x84,
    0x12, ...enc("NSAttributedString"),
    0x00, 0x84, 0x84,
    0x08, ...enc("NSObject"),
    0x00, 0x85, 0x92, 0x84, 0x84, 0x84,
    0x08, ...enc("NSString"),
    0x01, 0x94, 0x84, 0x01, 0x2b,
    ...len,
    ...utf8,
    ...trailer,
  ]);
}

test("typedstream: message text with one-, two- and four-byte lengths", () => {
  assert.equal(decodeTypedStreamString(typedStream("Hello there 👋")), "Hello there 👋");
  assert.equal(decodeTypedStreamString(typedStream("")), "");
  const long = "Ünïcödé message that is clearly longer than one hundred and twenty-seven bytes, ".repeat(3);
  const blob = typedStream(long);
  assert.equal(blob[blob.indexOf(0x2b, 60) + 1], 0x81);
  assert.equal(decodeTypedStreamString(blob), long);
  const huge = "x".repeat(70_000);
  assert.equal(decodeTypedStreamString(typedStream(huge)), huge);
});

test("typedstream: undecodable blobs give undefined", () => {
  const ok = typedStream("a message of some length");
  assert.equal(decodeTypedStreamString(ok.subarray(0, ok.length - 12)), undefined); // length runs past the end
  assert.equal(decodeTypedStreamString(new Uint8Array(0)), undefined);
  assert.equal(decodeTypedStreamString(enc("streamtyped without the class")), undefined);
  assert.equal(decodeTypedStreamString(enc("NSString")), undefined);
  const badLead = typedStream("abc");
  badLead[badLead.indexOf(0x2b, 60) + 1] = 0x90;
  assert.equal(decodeTypedStreamString(badLead), undefined);
});
