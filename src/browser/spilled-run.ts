/**
 * A spilled timeline run read back in batches of lines: from a file of the run's OPFS folder through a read-only
 * synchronous access handle (a read costs microseconds), or from a Blob (an asynchronous slice costs 1–3 ms however
 * small: a 10^6-message timeline's merge made ~9,000 of them, most of the 16 s it took after the modules).
 */
import type { SpilledRun } from "../core/host.ts";
import type { OpfsFile } from "./opfs-output.ts";
import { openReadOnly } from "./opfs-read.ts";

/** Where a run is: its file in the run's OPFS folder (a handle, which a nested worker can receive too) or a Blob. */
export type RunLocation = Blob | OpfsFile;

/** A run's bytes, read synchronously (an OPFS handle) or not (a Blob). */
interface RunBytes {
  readonly size: number;
  readonly sync: boolean;
  read(at: number, n: number): Uint8Array | Promise<Uint8Array>;
  close(): void;
}

const blobBytes = (blob: Blob): RunBytes => ({
  size: blob.size,
  sync: false,
  read: async (at, n) => new Uint8Array(await blob.slice(at, at + n).arrayBuffer()),
  close() {},
});

/** Through a read-only handle; as a Blob where read-only handles cannot share a file (both merge halves read it). */
async function opfsBytes(file: OpfsFile): Promise<RunBytes> {
  const handle = await openReadOnly(file);
  if (!handle) return blobBytes(await file.getFile());
  const size = handle.getSize();
  return {
    size,
    sync: true,
    read(at, n) {
      const b = new Uint8Array(Math.max(0, Math.min(n, size - at)));
      handle.read(b, { at });
      return b;
    },
    close: () => handle.close(),
  };
}

/** Bytes read to find a line's timestamp when seeking: far more than a timestamp and its line break. */
const PEEK = 512;
/** Seeking stops when the range left is this small (the rest is read and skipped line by line). */
const SEEK_SPAN = 16 << 10;

/**
 * An offset where a line starts, at or before the first line of the run at or after `from` (a timestamp, as the
 * merge's pivot): found by bisection over the bytes, reading only a few hundred bytes per step. A line is known to
 * come before `from` when its first field (its timestamp) followed by a tab sorts before it (`from` holds no tab);
 * when a step cannot tell, it assumes not, which only makes the offset earlier: lines before `from` are skipped by
 * the reader anyway.
 */
function seek(bytes: RunBytes, from: string): number {
  const decoder = new TextDecoder();
  /** The line starting at the first line start after `at`, and whether it certainly sorts before `from`. */
  const probe = (at: number): { start: number; before: boolean } | undefined => {
    const b = bytes.read(at - 1, PEEK) as Uint8Array;
    const nl = b.indexOf(10);
    if (nl < 0) return undefined;
    const tab = b.indexOf(9, nl + 1);
    if (tab < 0) return undefined;
    return { start: at - 1 + nl + 1, before: decoder.decode(b.subarray(nl + 1, tab)) + "\t" < from };
  };
  let lo = 0;
  let hi = bytes.size;
  while (hi - lo > SEEK_SPAN) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const p = probe(mid);
    if (p?.before && p.start > lo) lo = p.start;
    else hi = mid;
  }
  return lo;
}

/**
 * The lines of the run at `location`, a batch of about `batchBytes` at a time; with `from`, starting near the first
 * line at or after it (runs read synchronously are sought, Blobs read from the start): the reader still skips lines
 * before it. `opened` is told of the bytes while they are open (a run whose reader stops early is closed by its owner).
 */
export async function* runLines(location: RunLocation, batchBytes: number, from?: string, opened?: Set<RunBytes>): AsyncGenerator<string[]> {
  const bytes = location instanceof Blob ? blobBytes(location) : await opfsBytes(location);
  opened?.add(bytes);
  try {
    const decoder = new TextDecoder();
    let rest = "";
    for (let at = from !== undefined && bytes.sync ? seek(bytes, from) : 0; at < bytes.size; at += batchBytes) {
      const read = bytes.read(at, batchBytes);
      const lines = (rest + decoder.decode(read instanceof Uint8Array ? read : await read, { stream: true })).split("\n");
      rest = lines.pop()!;
      if (lines.length) yield lines;
    }
    rest += decoder.decode();
    if (rest) yield [rest];
  } finally {
    opened?.delete(bytes);
    bytes.close();
  }
}

/**
 * The run at `location`; its `location` is where it is, which a nested worker can read too (the later half of a
 * large timeline is merged there, timeline-tail.ts). `opened`: the run's open handles, for whoever removes its file.
 */
export function spilledRun(location: RunLocation, opened?: Set<{ close(): void }>): SpilledRun {
  return Object.assign((batchBytes: number) => runLines(location, batchBytes, undefined, opened as Set<RunBytes> | undefined), { location });
}
