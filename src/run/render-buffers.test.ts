import { test } from "node:test";
import assert from "node:assert/strict";
import { RENDER_BUFFER_BYTES, RenderBuffers } from "./render-buffers.ts";

test("empty buffers come from those given back before new ones are made; odd sizes are refused", () => {
  const pool = new RenderBuffers();
  const given = new ArrayBuffer(RENDER_BUFFER_BYTES);
  pool.give([given, new ArrayBuffer(100)]);
  assert.equal(pool.take().buffer, given, "the given buffer is reused");
  const next = pool.take();
  assert.notEqual(next.buffer, given);
  assert.equal(next.length, RENDER_BUFFER_BYTES, "a new buffer of the recycled size (the 100-byte one was refused)");
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
