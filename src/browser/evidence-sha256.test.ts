/** The page's SHA-256 (hash-wasm) against node:crypto, on lengths around the block and padding edges and beyond 4 MiB, in pieces. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { evidenceSha256 } from "./evidence-sha256.ts";

test("evidenceSha256: node:crypto's digest for lengths 0..130, around 4 MiB and 9 MiB, in pieces cut anywhere", async () => {
  const big = Uint8Array.from({ length: 9 * 1024 * 1024 + 17 }, (_, i) => (i * 131 + (i >>> 11)) & 0xff);
  const lengths = [...Array.from({ length: 131 }, (_, i) => i), 4 * 1024 * 1024 - 1, 4 * 1024 * 1024, 4 * 1024 * 1024 + 55, big.length];
  for (const n of lengths) {
    const want = createHash("sha256").update(big.subarray(0, n)).digest("hex");
    const whole = await evidenceSha256();
    whole.update(big.subarray(0, n));
    assert.equal(whole.hex(), want, `length ${n} whole`);
    const pieces = await evidenceSha256();
    const cuts = [0, Math.floor(n / 7), Math.floor(n / 2) + 1, n].map((c) => Math.min(c, n));
    for (let k = 1; k < cuts.length; k++) pieces.update(big.subarray(cuts[k - 1], cuts[k]));
    assert.equal(pieces.hex(), want, `length ${n} in pieces`);
  }
});
