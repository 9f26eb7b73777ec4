/** The scan workers' ASCII check on rendered JSON: every byte value at every place of short and long texts. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { plainAscii, RenderedArena } from "./rendered-arena.ts";

test("plainAscii: false exactly when a byte is 0x7f or more, wherever it is; the arena copies what it was given", () => {
  const heap = new Uint8Array(64).fill(0x20);
  const arena = new RenderedArena();
  for (let n = 0; n <= 13; n++) {
    for (let at = 0; at < n; at++) {
      for (const b of [0x00, 0x41, 0x7e, 0x7f, 0x80, 0xc3, 0xfe, 0xff]) {
        const text = heap.subarray(5, 5 + n); // an odd place in the heap: copied onto a word in the arena
        text[at] = b;
        arena.row();
        const got = arena.copy(heap, 5, n);
        assert.equal(got !== undefined, b < 0x7f, `length ${n}, byte ${b.toString(16)} at ${at}`);
        if (got) assert.deepEqual([...got], [...text]);
        text[at] = 0x20;
      }
    }
  }
  // The word check itself, from a word's start: a 0xff next to 0x7e (a carry out of it) and high bytes in every lane.
  const bytes = new Uint8Array(16).fill(0x7e);
  const words = new Int32Array(bytes.buffer);
  assert.equal(plainAscii(bytes, words, 0, 16), true);
  for (let k = 0; k < 16; k++) {
    bytes[k] = 0xff;
    assert.equal(plainAscii(bytes, words, 0, 16), false, `0xff at ${k}`);
    bytes[k] = 0x7e;
  }
});
