/** The browser host's scratch space (runs spilled to Blobs) and streamed SHA-256, in Node (which has Blob). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { blobFile } from "./blob-source.ts";
import { browserHost, hashFiles, sha256 } from "./host.ts";

test("spilled runs read back line for line in any batch size, multi-byte characters across batch edges", async () => {
  const scratch = await browserHost().scratch();
  const lines = Array.from({ length: 5000 }, (_, i) => `2021-01-01 00:00:00.${String(i).padStart(6, "0")},SMS,é😀 message ${i}`);
  const text = lines.join("\n");
  const runs = [await scratch.spill(text), await scratch.spill([new TextEncoder().encode(text.slice(0, 50_000)), new TextEncoder().encode(text.slice(50_000))])];
  for (const run of runs) {
    for (const batch of [7, 1000, 1 << 20]) {
      const got: string[] = [];
      for await (const b of run(batch)) got.push(...b);
      assert.equal(got.length, lines.length, `batch ${batch}`);
      assert.ok(got.every((l, i) => l === lines[i]), `batch ${batch}: every line`);
    }
  }
  await scratch.dispose();
});

test("sha256 of a Blob-backed file streamed through our SHA-256 = node:crypto's; the files over the bound are not hashed", async () => {
  const bytes = new Uint8Array(5 * 1024 * 1024 + 3).map((_, i) => (i * 31) & 0xff);
  const file = blobFile(new Blob([bytes]), "big.bin");
  assert.equal(await sha256(file), createHash("sha256").update(bytes).digest("hex"));
  const huge = { ...file, size: 2 ** 31 };
  assert.deepEqual(await hashFiles([file, huge]), [createHash("sha256").update(bytes).digest("hex"), ""]);
});
