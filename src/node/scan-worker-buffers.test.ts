import { test } from "node:test";
import assert from "node:assert/strict";
import { RENDER_BUFFER_BYTES, RenderBuffers } from "./scan-worker-buffers.ts";

test("copies go into buffers given back before new ones are made; odd sizes are neither taken nor reused", () => {
  const pool = new RenderBuffers();
  const given = new ArrayBuffer(RENDER_BUFFER_BYTES);
  pool.give([given, new ArrayBuffer(100)]);
  const source = new Uint8Array([1, 2, 3]);
  const a = pool.copy(source);
  assert.equal(a.buffer, given, "the given buffer is reused");
  assert.deepEqual([...a], [1, 2, 3]);
  source[0] = 9;
  assert.equal(a[0], 1, "a copy, not a view of the writer's buffer");
  const b = pool.copy(source);
  assert.notEqual(b.buffer, given);
  assert.equal(b.buffer.byteLength, RENDER_BUFFER_BYTES, "a new buffer of the recycled size (the 100-byte one was refused)");
  const big = pool.copy(new Uint8Array(RENDER_BUFFER_BYTES + 1));
  assert.equal(big.buffer.byteLength, RENDER_BUFFER_BYTES + 1, "larger output gets a buffer of its own");
});

test("text is encoded into pieces of at most one buffer, cut between characters, reusing given buffers", () => {
  const pool = new RenderBuffers();
  const given = new ArrayBuffer(RENDER_BUFFER_BYTES);
  pool.give([given]);
  const text = "a".repeat(RENDER_BUFFER_BYTES - 1) + "é😀" + "b".repeat(10);
  const pieces = pool.encode(text);
  assert.equal(pieces[0]!.buffer, given);
  assert.ok(pieces.every((p) => p.length <= RENDER_BUFFER_BYTES));
  assert.equal(pieces.map((p) => new TextDecoder("utf-8", { fatal: true }).decode(p)).join(""), text, "each piece is whole characters");
  assert.deepEqual(pool.encode(""), []);
});
