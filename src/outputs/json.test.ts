import { test } from "node:test";
import assert from "node:assert/strict";
import { bytesToBase64 } from "./json.ts";

test("base64 of every length and byte value, as Node's encoder writes it", () => {
  for (let n = 0; n < 70; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 13) & 255);
    assert.equal(bytesToBase64(bytes), Buffer.from(bytes).toString("base64"), `length ${n}`);
  }
  const all = Uint8Array.from({ length: 256 * 3 }, (_, i) => i & 255);
  assert.equal(bytesToBase64(all), Buffer.from(all).toString("base64"));
  const big = new Uint8Array(1 << 20).map((_, i) => (i * 7) & 255);
  assert.equal(bytesToBase64(big), Buffer.from(big).toString("base64"));
});
