/**
 * The entries of a dump's one walk at opening, kept compactly so that the Filesystem module replays them instead of
 * walking (folder: readdir + lstat) or parsing (tar headers) the whole dump a second time.
 *
 * Each path is front-coded against the one before it (a walk lists a folder's entries together: 500,000 files of a
 * generated dump took 7 bytes each, 15 with its time, against ~80 for a JS string), in one byte buffer beside a
 * Float64Array of times.
 * The buffer is bounded (`maxBytes`): past it the list is dropped and the listing walks again (bounded memory first).
 * Every SEGMENT entries the front coding restarts (a whole path), so that a range decodes alone: the engine renders
 * ranges of the list on its threads, which read the same buffers (shared memory where the host has it: no copy).
 */
import type { FileListing, ListedEntry } from "../core/listing.ts";

/** Bytes kept at most (paths and times together): ~5 million entries of a real dump. */
export const KEPT_ENTRIES_BYTES = 64 << 20;

/** Entries between two restarts of the front coding: a range rendered on another thread starts at one. */
export const SEGMENT = 25_000;

export interface KeptEntry {
  readonly path: string;
  readonly kind: "file" | "dir";
  readonly mtime: number | undefined;
}

/** What another thread needs to replay a range of the entries: the buffers (shared when possible) and restarts. */
export interface KeptShare {
  readonly bytes: Uint8Array;
  readonly times: Float64Array;
  /** Byte offset of entry i × SEGMENT. */
  readonly marks: readonly number[];
  readonly count: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class KeptEntries {
  private bytes = sharedArray(Uint8Array, 1 << 16);
  private at = 0;
  private times = sharedArray(Float64Array, 1 << 12);
  private marks: number[] = [];
  private n = 0;
  private last = "";
  /** Where a suffix is encoded before it is copied in after its length. */
  private scratch = new Uint8Array(256);
  /** Over the bound: nothing is kept any more. */
  dropped = false;

  constructor(private readonly maxBytes = KEPT_ENTRIES_BYTES) {}

  get size(): number {
    return this.n;
  }

  add(path: string, kind: "file" | "dir", mtime: number | undefined): void {
    if (this.dropped) return;
    const restart = this.n % SEGMENT === 0;
    const last = restart ? "" : this.last;
    const max = Math.min(last.length, path.length);
    let shared = 0;
    while (shared < max && last.charCodeAt(shared) === path.charCodeAt(shared)) shared++;
    // Never between the two halves of a surrogate pair (emoji sharing their first unit): the suffix is kept as UTF-8.
    if (shared > 0 && (path.charCodeAt(shared - 1) & 0xfc00) === 0xd800) shared--;
    const suffix = path.slice(shared);
    // Two varints (≤ 5 bytes each) and the suffix as UTF-8 (≤ 3 bytes a UTF-16 unit).
    if (!this.room(10 + suffix.length * 3)) return;
    if (restart) this.marks.push(this.at);
    this.varint(shared * 2 + (kind === "dir" ? 1 : 0));
    if (!this.ascii(suffix)) {
      if (this.scratch.length < suffix.length * 3) this.scratch = new Uint8Array(suffix.length * 3);
      const { written } = encoder.encodeInto(suffix, this.scratch);
      this.varint(written);
      this.bytes.set(this.scratch.subarray(0, written), this.at);
      this.at += written;
    }
    if (this.n === this.times.length) this.times = grown(this.times, this.times.length * 2);
    this.times[this.n++] = mtime ?? NaN;
    this.last = path;
  }

  /** The entries in the order they were added; with `from`/`to`, those at these indexes only. */
  entries(from = 0, to = this.n): Generator<KeptEntry> {
    return keptEntries(this.share(), from, to);
  }

  /** The buffers and restarts, for a replay elsewhere (valid until the next add). */
  share(): KeptShare {
    return { bytes: this.bytes, times: this.times, marks: this.marks, count: this.n };
  }

  /** Makes room for `need` more bytes, or drops everything when the bound would be passed. */
  private room(need: number): boolean {
    if (this.at + need <= this.bytes.length) return true;
    const size = Math.max(this.bytes.length * 2, this.at + need);
    if (size + this.times.length * 8 > this.maxBytes) {
      this.dropped = true;
      this.bytes = new Uint8Array(0);
      this.times = new Float64Array(0);
      this.marks = [];
      this.n = 0;
      this.at = 0;
      return false;
    }
    this.bytes = grown(this.bytes, size);
    return true;
  }

  /** An ASCII suffix (nearly all) written byte by byte after its length; false (nothing written) for any other. */
  private ascii(suffix: string): boolean {
    for (let i = 0; i < suffix.length; i++) if (suffix.charCodeAt(i) >= 0x80) return false;
    this.varint(suffix.length);
    for (let i = 0; i < suffix.length; i++) this.bytes[this.at++] = suffix.charCodeAt(i);
    return true;
  }

  private varint(v: number): void {
    while (v >= 0x80) {
      this.bytes[this.at++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.bytes[this.at++] = v;
  }

}

/** Entries `from` ≤ i < `to` of a share, decoded from the restart at or before `from`. */
export function* keptEntries(share: KeptShare, from = 0, to = share.count): Generator<KeptEntry> {
  const { bytes: b, times } = share;
  const end = Math.min(to, share.count);
  let i = Math.max(0, Math.floor(from / SEGMENT) * SEGMENT);
  let at = share.marks[i / SEGMENT] ?? 0;
  let last = "";
  for (; i < end; i++) {
    let head = 0;
    let shift = 1;
    for (;;) {
      const c = b[at++]!;
      head += (c & 0x7f) * shift;
      if (c < 0x80) break;
      shift *= 128;
    }
    let len = 0;
    shift = 1;
    for (;;) {
      const c = b[at++]!;
      len += (c & 0x7f) * shift;
      if (c < 0x80) break;
      shift *= 128;
    }
    const shared = Math.floor(head / 2);
    const path = (shared ? last.slice(0, shared) : "") + decodeShort(b, at, len);
    at += len;
    last = path;
    if (i < from) continue;
    const t = times[i]!;
    yield { path, kind: head & 1 ? "dir" : "file", mtime: Number.isNaN(t) ? undefined : t };
  }
}

/** What a thread needs to replay a dump's listing, or a range of it: the entries and the dump root's prefix. */
export interface KeptListingShare {
  readonly kept: KeptShare;
  /** The wrapper folder before the dump's root ("dump/"), cut from every path; entries outside it are left out. */
  readonly prefix: string;
}

/** The listing's entries at indexes `from` ≤ i < `to` of the kept list, relative to the dump's root. */
export function* replayListing({ kept, prefix }: KeptListingShare, from = 0, to = kept.count): Generator<ListedEntry> {
  for (const e of keptEntries(kept, from, to)) {
    if (prefix && !e.path.startsWith(prefix)) continue;
    const path = prefix ? e.path.slice(prefix.length) : e.path;
    if (path) yield prefix ? { path, kind: e.kind, mtime: e.mtime } : e;
  }
}

/** A listing replayed from a share, on another thread: the Filesystem module's ranges (no name index there). */
export function sharedListing(share: KeptListingShare): FileListing {
  return {
    async *entries(_onProblem, range) {
      yield* replayListing(share, range?.from, range?.to);
    },
  };
}

/**
 * A typed array on shared memory where the runtime has it (Node; a browser page only when cross-origin isolated), so
 * that the host's threads read the entries without a copy; else on ordinary memory.
 */
function sharedArray<T extends Uint8Array | Float64Array>(type: new (b: ArrayBufferLike) => T, length: number): T {
  const bytes = length * (type as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  return new type(typeof SharedArrayBuffer === "function" ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
}

function grown<T extends Uint8Array | Float64Array>(a: T, size: number): T {
  const b = sharedArray(a.constructor as new (b: ArrayBufferLike) => T, size);
  b.set(a);
  return b;
}

/** A suffix's text: short ASCII ones (most: a file name) without a TextDecoder call. */
function decodeShort(b: Uint8Array, at: number, len: number): string {
  if (len > 24) return decoder.decode(b.subarray(at, at + len));
  let s = "";
  for (let i = at; i < at + len; i++) {
    const c = b[i]!;
    if (c >= 0x80) return decoder.decode(b.subarray(at, at + len));
    s += String.fromCharCode(c);
  }
  return s;
}
