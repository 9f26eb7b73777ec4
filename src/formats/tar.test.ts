/** Tests for the streaming tar reader: USTAR, pax, GNU names, any chunking, skipped members, truncation, bounds. */
import { caught } from "../../test/helpers/errors.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { SpyglassError } from "../core/errors.ts";
import { buildTar } from "../../test/builders/android.ts";
import { readTar } from "./tar.ts";
import type { TarLimits } from "./tar.ts";

/** A stream handing out the bytes in pieces of `piece` bytes (1 = the worst case for header reassembly). */
function streamOf(bytes: Uint8Array, piece = 64 * 1024): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, at + piece));
      at += piece;
    },
  });
}

interface Seen {
  path: string;
  type: string;
  size: number;
  mtime: number | undefined;
  text: string | null;
}

async function readAll(bytes: Uint8Array, opts: { piece?: number; read?: boolean; limits?: Partial<TarLimits> } = {}): Promise<{ seen: Seen[]; warnings: string[] }> {
  const warnings: string[] = [];
  const seen: Seen[] = [];
  for await (const e of readTar(streamOf(bytes, opts.piece), { name: "t.tar", onWarning: (w) => warnings.push(w), ...(opts.limits ? { limits: opts.limits } : {}) })) {
    const text = opts.read === false ? null : new TextDecoder().decode(await e.bytes());
    seen.push({ path: e.path, type: e.type, size: e.size, mtime: e.mtime, text });
  }
  return { seen, warnings };
}


const longPath = `apps/${"d".repeat(120)}/f_${"n".repeat(60)}.txt`;
const MEMBERS = [
  { name: "apps/", type: "dir" as const },
  { name: "apps/a.txt", data: "alpha", mtime: 1645543781 },
  { name: longPath, data: "ustar prefix" }, // > 100 bytes: name + prefix fields
  { name: `pax/${"p".repeat(300)}.txt`, data: "pax path" },
  { name: `gnu/${"g".repeat(150)}.txt`, data: "gnu long name", gnuLongName: true },
  { name: "b256.txt", data: "base-256 size", base256Size: true },
  { name: "empty.txt", data: "" },
  { name: "big.bin", data: "z".repeat(20_000) },
];

test("USTAR, pax and GNU long names, base-256 sizes: every member, whatever the chunking", async () => {
  const tar = buildTar(MEMBERS);
  const expected = ["apps", "apps/a.txt", longPath, `pax/${"p".repeat(300)}.txt`, `gnu/${"g".repeat(150)}.txt`, "b256.txt", "empty.txt", "big.bin"];
  for (const piece of [1, 511, 512, 4096, 1 << 20]) {
    const { seen, warnings } = await readAll(tar, { piece });
    assert.deepEqual(seen.map((s) => s.path), expected, `piece ${piece}`);
    assert.deepEqual(warnings, []);
    assert.equal(seen[1]!.text, "alpha");
    assert.equal(seen[1]!.mtime, 1645543781);
    assert.equal(seen[0]!.type, "dir");
    assert.deepEqual(seen.slice(2).map((s) => s.text!.slice(0, 13)), ["ustar prefix", "pax path", "gnu long name", "base-256 size", "", "z".repeat(13)]);
    assert.equal(seen[7]!.size, 20_000);
  }
});

test("members whose content is not read are skipped correctly; a tar without end blocks ends cleanly", async () => {
  for (const endBlocks of [true, false]) {
    const { seen } = await readAll(buildTar(MEMBERS, { endBlocks }), { read: false, piece: 1000 });
    assert.equal(seen.length, MEMBERS.length);
  }
  // Half-read content: the rest is skipped when the next member is asked for.
  const out: string[] = [];
  for await (const e of readTar(streamOf(buildTar(MEMBERS), 100), { name: "t.tar" })) {
    out.push(e.path);
    if (e.path === "big.bin" || e.path === "apps/a.txt") {
      const r = e.stream().getReader();
      await r.read();
    }
  }
  assert.equal(out.length, MEMBERS.length);
});

test("links, device nodes and unsafe names are skipped with a warning naming the tar and the member", async () => {
  const tar = buildTar([
    { name: "../escape.txt", data: "no" },
    { name: "/etc/passwd", data: "no" },
    { name: "a/../../b.txt", data: "no", pax: true },
    { name: "sym", type: "symlink", linkname: "/etc/shadow" },
    { name: "hard", type: "hardlink", linkname: "apps/a.txt" },
    { name: "fifo", type: "fifo" },
    { name: "ok.txt", data: "yes" },
  ]);
  const { seen, warnings } = await readAll(tar);
  assert.deepEqual(seen.map((s) => [s.path, s.text]), [["ok.txt", "yes"]]);
  assert.equal(warnings.length, 6);
  for (const w of warnings) assert.match(w, /^t\.tar: skipped tar member "/);
  assert.match(warnings[0]!, /'\.\.'/);
  assert.match(warnings[1]!, /absolute/);
  assert.match(warnings[3]!, /symbolic link/);
  assert.match(warnings[4]!, /hard link/);
  assert.match(warnings[5]!, /FIFO/);
});

test("a truncated tar yields the complete members, then fails naming the file", async () => {
  const tar = buildTar([{ name: "one.txt", data: "1".repeat(1000) }, { name: "two.txt", data: "2".repeat(1000) }, { name: "three.txt", data: "3".repeat(5000) }]);
  // Layout: one.txt header 0, data 512–1536; two.txt header 1536, data 2048–3072; three.txt header 3072, data 3584–8704.
  const cuts: [number, number][] = [[3072 + 100, 2], [3584 + 2000, 2], [1536 + 200, 1], [1000, 0]];
  for (const [cut, complete] of cuts) {
    const got: string[] = [];
    const err = await caught(
      (async () => {
        for await (const e of readTar(streamOf(tar.subarray(0, cut)), { name: "cut.tar" })) {
          await e.bytes();
          got.push(e.path);
        }
      })(),
    );
    assert.equal(err.code, "E_CORRUPT");
    assert.equal(err.file, "cut.tar");
    assert.match(err.message, /truncated tar/);
    assert.equal(got.length, complete, `cut at ${cut}`);
  }
});

test("not a tar, and the header bound, are clear errors", async () => {
  const junk = new Uint8Array(1024).fill(0x41);
  assert.match((await caught(readAll(junk))).message, /not a tar archive/);
  const tar = buildTar([{ name: "a", data: "" }, { name: "b", data: "" }, { name: "c", data: "" }]);
  const err = await caught(readAll(tar, { limits: { entries: 2 } }));
  assert.equal(err.code, "E_LIMIT");
  const total = await caught(readAll(buildTar([{ name: "big", data: "x".repeat(10_000) }]), { limits: { total: 4096 } }));
  assert.equal(total.code, "E_LIMIT");
  assert.match(total.message, /longer than the 4096-byte limit/);
});

test("header checksums: every byte counts (4-aligned or not), the checksum field as spaces, old signed sums accepted", async () => {
  const tar = buildTar([{ name: "a/é.txt", data: "x".repeat(700) }, { name: "b/c.txt", data: "y" }]);
  // Any piece size: 512-byte blocks at every alignment of the chunk they are read from.
  for (const piece of [1, 3, 512, 64 * 1024]) assert.deepEqual((await readAll(tar, { piece })).seen.map((s) => s.path), ["a/é.txt", "b/c.txt"], `piece ${piece}`);
  for (const at of [0, 100, 147, 156, 300, 511]) {
    const bad = new Uint8Array(tar); // a copy (Buffer.slice would be a view)
    bad[at] = bad[at]! ^ 0x01;
    const err = await caught(readAll(bad));
    assert.ok(err instanceof SpyglassError && /bad header checksum/.test(err.message), `byte ${at}: ${String(err)}`);
  }
  // Blocks not 4-aligned in their buffer (the byte-by-byte sum): the same members.
  const shifted = new Uint8Array(tar.length + 1);
  shifted.set(tar, 1);
  const odd = new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(shifted.subarray(1)), c.close()) });
  const paths: string[] = [];
  for await (const e of readTar(odd, { name: "t.tar" })) paths.push(e.path);
  assert.deepEqual(paths, ["a/é.txt", "b/c.txt"]);
  // A header with bytes ≥ 0x80, its checksum written as an old tar did: the signed sum.
  const signed = new Uint8Array(tar);
  let sum = 8 * 0x20;
  for (let i = 0; i < 512; i++) if (i < 148 || i >= 156) sum += signed[i]! > 127 ? signed[i]! - 256 : signed[i]!;
  signed.set(new TextEncoder().encode(sum.toString(8).padStart(6, "0") + "\0 "), 148);
  assert.deepEqual((await readAll(signed)).seen.map((s) => s.path), ["a/é.txt", "b/c.txt"]);
});
