/**
 * Slices of a Blob read ahead when they follow each other: the deleted-traces walk reads a database 256 KiB at a
 * time in order, and each read of a Blob costs ~3 ms however small under load (128 MB in 256 KiB slices: 1.6–1.8 s;
 * in 1 MiB ones 0.4–0.5 s; Chromium 156, a 450 MB sms.db), so a slice that starts where the last one ended reads
 * ahead: twice as much as the last read ahead, from twice the slice up to 4 MiB (as an OS's read-ahead grows), so
 * that readers whose read-ahead is dropped before it is used read at most twice what they ask. A few Blobs keep
 * theirs at once (the least recently read is dropped): memory stays bounded however many files a folder has.
 */
import type { SyncReader } from "./blob-vfs.ts";

const READ_AHEAD = 4 << 20;
const KEPT = 4;

interface Ahead {
  /** Where the last slice ended: the next one is sequential if it starts there. */
  lastEnd: number;
  /** Bytes the next read ahead reads. */
  window: number;
  at: number;
  bytes?: Uint8Array;
}

const kept = new Map<Blob, Ahead>();

/** Blobs with a copy read synchronously (a database copied into the run's OPFS folder, evidence-copy.ts). */
const copies = new Map<Blob, SyncReader>();

/** Slices of `blob` are read from `copy` from now on, until `forgetCopy`. */
export function readFromCopy(blob: Blob, copy: SyncReader): void {
  copies.set(blob, copy);
}
export function forgetCopy(blob: Blob): void {
  copies.delete(blob);
}

/**
 * Reads from a copy are synchronous, so a walk over a copied database (the deleted-traces walk over sms.db while the
 * nested workers parse its messages) ran as one task: its awaits are microtasks, and the analysis worker took none of
 * the nested workers' results until it ended; with four jobs in flight they then waited (~1 s of both at 3·10^5
 * messages, in the profile's busy shares). A task boundary at least every YIELD_MS lets their messages in.
 */
const YIELD_MS = 10;
let lastYield = 0;

/** Resolves in a task of its own (a MessageChannel: no timer clamping). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(undefined);
  });
}

/** Bytes [start, end) of `blob` (already clamped to it), a copy the caller owns. */
export async function readSlice(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  const copy = copies.get(blob);
  if (copy) {
    if (performance.now() - lastYield > YIELD_MS) {
      await nextTask();
      lastYield = performance.now();
    }
    const bytes = new Uint8Array(end - start);
    if (copy.readInto(bytes, start) === bytes.length) return bytes;
  }
  let a = kept.get(blob);
  if (a) kept.delete(blob); // most recently read last
  else if (kept.size >= KEPT) kept.delete(kept.keys().next().value!);
  a ??= { lastEnd: -1, window: 0, at: 0 };
  kept.set(blob, a);
  const sequential = start === a.lastEnd;
  a.lastEnd = end;
  if (a.bytes && start >= a.at && end <= a.at + a.bytes.length) return a.bytes.slice(start - a.at, end - a.at);
  if (sequential && end - start < READ_AHEAD) {
    a.window = Math.min(READ_AHEAD, Math.max(2 * (end - start), 2 * a.window));
    const bytes = new Uint8Array(await blob.slice(start, Math.min(blob.size, start + a.window)).arrayBuffer());
    Object.assign(a, { at: start, bytes });
    return bytes.slice(0, end - start);
  }
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}
