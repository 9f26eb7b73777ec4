/** Slices read ahead: the same bytes as Blob.slice in every pattern, and a sequential walk reads the Blob 4 MiB at a time. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { bytesReader } from "./blob-vfs.ts";
import { forgetCopy, readFromCopy, readSlice } from "./read-ahead.ts";

/** A Blob that counts the slices read from it. */
function countingBlob(bytes: Uint8Array<ArrayBuffer>): { blob: Blob; reads: () => number } {
  let reads = 0;
  const blob = new Blob([bytes]);
  const slice = blob.slice.bind(blob);
  blob.slice = (start?: number, end?: number) => (reads++, slice(start, end));
  return { blob, reads: () => reads };
}

const data = Uint8Array.from({ length: 9 << 20 }, (_, i) => (i * 2654435761) >>> 24);

test("a walk in 256 KiB slices reads ahead 512 KiB, 1, 2, then 4 MiB at a time; every slice holds the file's bytes", async () => {
  const { blob, reads } = countingBlob(data);
  const step = 256 << 10;
  for (let at = 0; at < data.length; at += step) {
    const got = await readSlice(blob, at, Math.min(data.length, at + step));
    assert.deepEqual(got, data.subarray(at, at + step));
  }
  // The first slice alone (not yet sequential), then [256 KiB, 768 KiB), [768 KiB, 1.75 MiB), [1.75, 3.75), [3.75, 7.75),
  // [7.75, 9): 36 slices in 6 reads.
  assert.equal(reads(), 6);
});

test("jumps read what is asked; slices are copies the caller may change; empty and clamped ranges", async () => {
  const { blob, reads } = countingBlob(data);
  const a = await readSlice(blob, 5_000_000, 5_004_096);
  const b = await readSlice(blob, 100, 4196);
  assert.equal(reads(), 2);
  assert.deepEqual([a, b], [data.subarray(5_000_000, 5_004_096), data.subarray(100, 4196)]);
  const c = await readSlice(blob, 4196, 8292); // sequential: read ahead
  c.fill(0);
  assert.deepEqual(await readSlice(blob, 4196, 8292), data.subarray(4196, 8292));
  assert.deepEqual(await readSlice(blob, 10, 10), new Uint8Array(0));
});

test("many files read at once: at most a few keep a read-ahead, and the others read what they ask, no more", async () => {
  const blobs = Array.from({ length: 6 }, () => countingBlob(data));
  const sizes: number[] = [];
  const { blob: probe } = blobs[0]!;
  const slice = probe.slice;
  probe.slice = (s?: number, e?: number) => (sizes.push(e! - s!), slice(s, e));
  for (let at = 0; at < 1 << 20; at += 4096) for (const { blob } of blobs) assert.deepEqual(await readSlice(blob, at, at + 4096), data.subarray(at, at + 4096));
  // Six files in turn, four kept: each file's state is dropped before it is read again, so each slice reads itself.
  assert.equal(blobs[0]!.reads(), 256);
  assert.deepEqual(new Set(sizes), new Set([4096]));
});

test("a walk over a copy read synchronously leaves tasks to others: a timer set before it runs while it goes on", async () => {
  const { blob, reads } = countingBlob(data);
  readFromCopy(blob, bytesReader(data));
  try {
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    const started = performance.now();
    let slicesAfterTimer = 0;
    // Reads from the copy are synchronous: without a task boundary, the timer would wait for the whole walk.
    for (let pass = 0; performance.now() - started < 200; pass++) {
      for (let at = 0; at < data.length; at += 256 << 10) {
        const got = await readSlice(blob, at, Math.min(data.length, at + (256 << 10)));
        assert.equal(got[7], data[at + 7]);
        if (timerRan) slicesAfterTimer++;
      }
    }
    assert.ok(timerRan && slicesAfterTimer > 0, "the timer ran while the walk went on");
    assert.equal(reads(), 0, "every slice came from the copy");
  } finally {
    forgetCopy(blob);
  }
});
