/** Tests for the zip reader: MVT's androidqf.zip, zips built with node:zlib (ZIP64, stubs, CP437), and hostile ones. */
import { caught } from "../../test/helpers/errors.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { SpyglassError } from "../core/errors.ts";
import { memoryFile } from "../core/source.ts";
import { localFile } from "../node/fs-source.ts";
import { buildZip } from "../../test/builders/android.ts";
import { crc32Update, openZip, safeArchivePath } from "./zip.ts";
import type { ZipArchive } from "./zip.ts";

const MVT = new URL("../../../shared/peer-artifacts/mvt/", import.meta.url).pathname;
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const zipOf = (b: Uint8Array, name = "test.zip") => openZip(memoryFile(name, b));
const entry = (z: ZipArchive, name: string) => z.entries.find((e) => e.name === name)!;


test("MVT's androidqf.zip: a folder record and getprop.txt, identical to the unpacked file", async () => {
  const z = await openZip(localFile(MVT + "androidqf.zip", "androidqf.zip"));
  assert.deepEqual(z.entries.map((e) => [e.name, e.isDir]), [["androidqfzip", true], ["androidqfzip/getprop.txt", false]]);
  const getprop = entry(z, "androidqfzip/getprop.txt");
  assert.equal(getprop.size, 377);
  assert.deepEqual(Buffer.from(await z.bytes(getprop)), readFileSync(MVT + "androidqf/getprop.txt"));
  assert.equal(new Date(getprop.mtime! * 1000).toISOString(), "2023-07-24T00:38:52.000Z"); // DOS wall clock = Python zipfile date_time
  assert.deepEqual(z.warnings, []);
});

test("stored and deflated members stream back byte for byte; CRC-32 matches node:zlib's", async () => {
  const big = Buffer.alloc(3 * 1024 * 1024 + 17);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251;
  const z = await zipOf(buildZip([
    { name: "a.txt", data: "hello", method: "store" },
    { name: "dir/" },
    { name: "dir/big.bin", data: big },
    { name: "café/ü.txt", data: "utf8", utf8Flag: true },
  ]));
  assert.deepEqual(z.entries.map((e) => e.name), ["a.txt", "dir", "dir/big.bin", "café/ü.txt"]);
  assert.equal(text(await z.bytes(entry(z, "a.txt"))), "hello");
  let chunks = 0;
  const parts: Uint8Array[] = [];
  for await (const c of z.stream(entry(z, "dir/big.bin")) as unknown as AsyncIterable<Uint8Array>) (chunks++, parts.push(c));
  assert.ok(chunks > 1, "a big member arrives in several chunks");
  assert.ok(Buffer.concat(parts).equals(big));
  assert.equal(text(await z.bytes(entry(z, "café/ü.txt"))), "utf8");
  assert.equal((crc32Update(0xffffffff, big) ^ 0xffffffff) >>> 0, (await import("node:zlib")).crc32(big));
});

test("ZIP64 records, a comment and a prepended stub are read", async () => {
  for (const opts of [{ zip64: true }, { comment: "made by a test" }, { prepend: Buffer.from("#!/bin/sh\nexit 0\n".repeat(50)) }, { zip64: true, prepend: Buffer.alloc(1000, 1) }]) {
    const z = await zipOf(buildZip([{ name: "x/one.txt", data: "one" }, { name: "x/two.txt", data: "two", method: "store" }], opts));
    assert.deepEqual(await Promise.all(z.entries.map(async (e) => text(await z.bytes(e)))), ["one", "two"], JSON.stringify(Object.keys(opts)));
  }
});

test("names: unflagged non-UTF-8 bytes are CP437; backslashes become separators", async () => {
  const z = await zipOf(buildZip([{ name: "", rawName: Uint8Array.from([0x66, 0x81, 0x72, 0x2e, 0x74]), data: "x" }, { name: "win\\dir\\f.txt", data: "y" }]));
  assert.deepEqual(z.entries.map((e) => e.name), ["für.t", "win/dir/f.txt"]);
});

test("safeArchivePath refuses NUL, absolute and '..' names (backslash traversal too) and normalises the rest", () => {
  const refused = ["../evil.txt", "a/../../b", "/etc/passwd", "C:\\Windows\\x", "c:/x", "..\\..\\x", "a\\..\\..\\b", "a\0b", "", "./", "//"];
  for (const n of refused) assert.ok("reason" in safeArchivePath(n), n);
  assert.deepEqual(safeArchivePath("./a//b/./c"), { path: "a/b/c" });
  assert.deepEqual(safeArchivePath("a\\b"), { path: "a/b" });
  assert.deepEqual(safeArchivePath("a..b/..c"), { path: "a..b/..c" }); // dots inside a name are fine
});

test("hostile members are skipped with a warning naming the archive and the member; the rest stays readable", async () => {
  const z = await zipOf(
    buildZip([
      { name: "../escape.txt", data: "no" },
      { name: "/abs.txt", data: "no" },
      { name: "a\\..\\..\\win.txt", data: "no" },
      { name: "nul\0.txt", data: "no" },
      { name: "link", data: "/etc/passwd", symlink: true },
      { name: "secret.txt", data: "no", encryptedFlag: true },
      { name: "bz.txt", data: "no", methodCode: 12 },
      { name: "ok/fine.txt", data: "yes" },
    ]),
    "hostile.zip",
  );
  assert.deepEqual(z.entries.map((e) => e.name), ["ok/fine.txt"]);
  assert.equal(z.skipped.length, 7);
  assert.equal(z.warnings.length, 7);
  for (const w of z.warnings) assert.match(w, /^hostile\.zip: skipped member "/);
  assert.match(z.warnings[0]!, /"\.\.\/escape\.txt".*'\.\.'/);
  assert.match(z.warnings[1]!, /absolute/);
  assert.match(z.warnings[4]!, /symbolic link/);
  assert.match(z.warnings[5]!, /encrypted/);
  assert.match(z.warnings[6]!, /method 12/);
  assert.equal(text(await z.bytes(entry(z, "ok/fine.txt"))), "yes");
});

test("zip bombs: a lying size is stopped while inflating (E_LIMIT naming the member), absurd ratios and sizes are refused", async () => {
  const zeros = Buffer.alloc(16 * 1024 * 1024);
  const z = await zipOf(
    buildZip([
      { name: "liar.bin", data: zeros, declaredSize: 1000 }, // says 1000 bytes, inflates to 16 MiB
      { name: "ratio.bin", data: zeros }, // 16 MiB of zeros deflate ~1030:1
      { name: "huge.bin", data: "tiny", method: "store", declaredSize: 100 * 1024 ** 3 },
      { name: "ok.txt", data: "still here" },
    ]),
    "bomb.zip",
  );
  assert.deepEqual(z.entries.map((e) => e.name), ["liar.bin", "ok.txt"]);
  assert.match(z.warnings.find((w) => w.includes("ratio.bin"))!, /over the 1000:1 limit/);
  assert.match(z.warnings.find((w) => w.includes("huge.bin"))!, /over the \d+-byte limit per member/);
  const err = await caught(z.bytes(entry(z, "liar.bin")));
  assert.equal(err.code, "E_LIMIT");
  assert.equal(err.file, "bomb.zip");
  assert.match(err.message, /member "liar\.bin": it inflates past its declared size of 1000 bytes/);
  assert.equal(text(await z.bytes(entry(z, "ok.txt"))), "still here");
  // The sum of declared sizes is bounded too: members past it are skipped, not read.
  const capped = await openZip(memoryFile("t.zip", buildZip([{ name: "a", data: "12345" }, { name: "b", data: "67890" }])), { limits: { totalSize: 8 } });
  assert.deepEqual(capped.entries.map((e) => e.name), ["a"]);
  assert.match(capped.warnings[0]!, /"b".*inflate past the 8-byte limit/);
});

test("damage: CRC-32 mismatch, short data and a truncated member are E_CORRUPT naming the member", async () => {
  const z = await zipOf(buildZip([{ name: "crc.txt", data: "abc", declaredCrc: 1 }, { name: "short.txt", data: "abc", declaredSize: 10 }]), "d.zip");
  assert.match((await caught(z.bytes(entry(z, "crc.txt")))).message, /member "crc\.txt": CRC-32 mismatch/);
  assert.match((await caught(z.bytes(entry(z, "short.txt")))).message, /holds 3 bytes but its header says 10/);
  const bytes = buildZip([{ name: "a.txt", data: "x".repeat(5000), method: "store" }]);
  // Member data overwritten by garbage so the central directory survives but the local header does not.
  const broken = Buffer.from(bytes);
  broken.fill(0, 0, 30);
  const b = await zipOf(broken, "b.zip");
  assert.match((await caught(b.bytes(b.entries[0]!))).message, /local header is missing or damaged/);
});

test("a truncated zip or a non-zip is one clear E_CORRUPT naming the file", async () => {
  const whole = buildZip([{ name: "a.txt", data: "x".repeat(10000) }, { name: "b.txt", data: "y" }]);
  for (const cut of [whole.length - 1, whole.length - 30, Math.floor(whole.length / 2), 10]) {
    const err = await caught(zipOf(whole.subarray(0, cut), "cut.zip"));
    assert.equal(err.code, "E_CORRUPT");
    assert.equal(err.file, "cut.zip");
    assert.match(err.message, /truncated|damaged/, `cut at ${cut}: ${err.message}`);
  }
  const err = await caught(zipOf(Buffer.from("this is a text file, not a zip"), "notes.txt"));
  assert.match(err.message, /not a zip archive/);
  assert.match((await caught(zipOf(new Uint8Array(0), "empty.zip"))).message, /not a zip archive/);
});

test("bounds: too many members is E_LIMIT before any is read; bytes(limit) refuses big members", async () => {
  const many = buildZip([{ name: "1", data: "" }, { name: "2", data: "" }, { name: "3", data: "" }]);
  const err = await caught(openZip(memoryFile("many.zip", many), { limits: { entries: 2 } }));
  assert.equal(err.code, "E_LIMIT");
  assert.match(err.message, /3 members, over the limit of 2/);
  const z = await zipOf(buildZip([{ name: "big", data: Buffer.alloc(5000) }]));
  assert.equal((await caught(z.bytes(z.entries[0]!, 4096))).code, "E_LIMIT");
});

test("member files: random access into stored members, inflate-once for deflated ones; duplicates warn", async () => {
  const data = Buffer.from(Array.from({ length: 4000 }, (_, i) => i % 256));
  const z = await zipOf(buildZip([{ name: "s", data, method: "store" }, { name: "d", data }, { name: "dup", data: "1" }, { name: "dup", data: "2" }]), "m.zip");
  for (const name of ["s", "d"]) {
    const f = z.memberFile(entry(z, name), `x/${name}`);
    assert.equal(f.path, `x/${name}`);
    assert.equal(f.size, 4000);
    assert.equal(f.evidence?.path, "m.zip");
    assert.deepEqual(Buffer.from(await f.slice(1000, 1010)), data.subarray(1000, 1010));
    assert.deepEqual(Buffer.from(await f.slice(3990, 9999)), data.subarray(3990));
  }
  assert.equal(text(await z.bytes(entry(z, "dup"))), "2");
  assert.match(z.warnings[0]!, /"dup" appears more than once; the last copy is used/);
});

test("random access to a deflated member: inflated once into the spill (never in memory), bounded both ways", async () => {
  const data = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7) % 256));
  const zip = buildZip([{ name: "d", data }]);
  const spilled: string[] = [];
  const spill = async (path: string, s: ReadableStream<Uint8Array>) => {
    spilled.push(path);
    const chunks: Uint8Array[] = [];
    for await (const c of s as unknown as AsyncIterable<Uint8Array>) chunks.push(c);
    return memoryFile(path, Buffer.concat(chunks));
  };
  const z = await openZip(memoryFile("m.zip", zip), { spill });
  const f = z.memberFile(entry(z, "d"), "x/d");
  assert.deepEqual(Buffer.from(await f.slice(1000, 1010)), data.subarray(1000, 1010));
  assert.deepEqual(Buffer.from(await f.slice(3990, 9999)), data.subarray(3990));
  assert.deepEqual(spilled, ["m.zip/x/d"], "spilled once, named by the archive and the member");
  // Over the hard bound: refused before anything is inflated, naming the member.
  const capped = await openZip(memoryFile("m.zip", zip), { spill, limits: { randomAccess: 3999 } });
  const err = await caught(capped.memberFile(entry(capped, "d")).slice(0, 1));
  assert.equal(err.code, "E_LIMIT");
  assert.match(err.message, /member "d": it is 4000 bytes, over the 3999-byte limit \(random access/);
  assert.equal(spilled.length, 1);
  // A host without scratch files (spill gives nothing back): memory, under the smaller bound.
  const none = async () => undefined;
  const inMemory = await openZip(memoryFile("m.zip", zip), { spill: none, limits: { randomAccessInMemory: 3999 } });
  assert.match((await caught(inMemory.memberFile(entry(inMemory, "d")).slice(0, 1))).message, /over the 3999-byte limit \(.*in memory here\)/);
  const roomy = await openZip(memoryFile("m.zip", zip));
  assert.deepEqual(Buffer.from(await roomy.memberFile(entry(roomy, "d")).slice(5, 9)), data.subarray(5, 9));
});
