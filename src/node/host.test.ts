/** The Node host's scratch space and result writer: text in, the same text back, whatever its size or characters. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { hashFiles, MAX_HASHED_BYTES, nodeHost, type RunLocation } from "./host.ts";
import { localFile } from "./fs-source.ts";
import { localOutputDir } from "./output-dir.ts";
import { tempDir } from "../../test/helpers/tmp.ts";

async function readBack(run: AsyncIterable<string[]>): Promise<string[]> {
  const lines: string[] = [];
  for await (const batch of run) lines.push(...batch);
  return lines;
}

test("spilled runs read back line for line: runs longer than the 1 Mi-character encoding piece, a surrogate pair on its edge, empty runs", async () => {
  const scratch = await nodeHost.scratch();
  // A line that puts "😀" (two UTF-16 units) across the 2^20-unit boundary, then non-ASCII and more lines.
  const long = "a".repeat((1 << 20) - 1) + "😀" + "é".repeat(1000);
  // A 2-byte character across a 16 KiB batch edge, then pure ASCII batches (decoded the fast way).
  const edge = "a".repeat((16 << 10) - 1) + "é" + "b".repeat(40_000);
  const runs = [[long, "ü line", "last"], ["x"], [""], ["😀".repeat(600_000), "tail"], [edge, "c".repeat(50_000)]];
  const spilled = [];
  for (const r of runs) spilled.push(await scratch.spill(r.join("\n")));
  // The same runs as UTF-8 bytes in pieces (as worker threads send them), cut anywhere, even inside a character.
  const bytes = runs.map((r) => new TextEncoder().encode(r.join("\n")));
  for (const b of bytes) spilled.push(await scratch.spill([b.subarray(0, 1000), b.subarray(1000, 1001), b.subarray(1001)].filter((p) => p.length)));
  runs.push(...runs.map((r) => [...r]));
  for (const [i, r] of runs.entries()) for (const batch of [16 << 10, 1 << 20]) assert.deepEqual(await readBack(spilled[i]!(batch)), r, `run ${i}, batches of ${batch}`);
  await scratch.dispose();
  // Removed in the background: gone soon after, and before the process could exit.
  const dir = dirname((spilled[0]!.location as RunLocation).path);
  for (let i = 0; i < 100 && existsSync(dir); i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(existsSync(dir), false, "the scratch folder is removed");
});

test("the result writer keeps text and bytes in order, small and large pieces alike", async () => {
  const dir = tempDir();
  const w = localOutputDir(dir).create("out.txt");
  const pieces: (string | Uint8Array)[] = [];
  for (let i = 0; i < 50_000; i++) pieces.push(i % 1000 === 0 ? "ü€😀".repeat(30_000) : i % 7 === 0 ? new TextEncoder().encode(`bytes ${i}\n`) : `line ${i} é\n`);
  for (const p of pieces) w.write(p);
  await w.close();
  const expected = pieces.map((p) => (typeof p === "string" ? p : new TextDecoder().decode(p))).join("");
  assert.equal(readFileSync(join(dir, "out.txt"), "utf8"), expected);
});

test("hashFiles: a file over MAX_HASHED_BYTES (a sparse file of holes here) is not read: its digest is empty", async () => {
  const dir = tempDir();
  const small = join(dir, "small.txt");
  const huge = join(dir, "huge.bin");
  writeFileSync(small, "evidence");
  writeFileSync(huge, "");
  truncateSync(huge, MAX_HASHED_BYTES + 1);
  const started = Date.now();
  const digests = await hashFiles([localFile(huge, "huge.bin"), localFile(small, "small.txt")]);
  assert.deepEqual(digests, ["", createHash("sha256").update("evidence").digest("hex")]);
  assert.ok(Date.now() - started < 2_000, "the huge file was not read");
});
