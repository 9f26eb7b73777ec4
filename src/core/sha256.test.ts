/** Incremental SHA-256 against node:crypto, over pieces that split the 64-byte blocks everywhere. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { hex, Sha256 } from "./sha256.ts";

test("Sha256: the digest of node:crypto for every length 0..200 and any split into pieces", () => {
  const data = Uint8Array.from({ length: 200 }, (_, i) => (i * 131 + 7) & 0xff);
  for (let n = 0; n <= 200; n++) {
    const want = createHash("sha256").update(data.subarray(0, n)).digest("hex");
    const cut = Math.floor(n / 3);
    assert.equal(hex(new Sha256().update(data.subarray(0, cut)).update(data.subarray(cut, n)).digest()), want, `length ${n}`);
  }
  const big = new Uint8Array(3 * 1024 * 1024 + 5).fill(0x61);
  assert.equal(hex(new Sha256().update(big).digest()), createHash("sha256").update(big).digest("hex"));
});
