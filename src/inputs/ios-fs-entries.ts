/**
 * The entries of a dump's one walk at opening, kept compactly so that the Filesystem module replays them instead of
 * walking (folder: readdir + lstat) or parsing (tar headers) the whole dump a second time.
 *
 * Each path is front-coded against the one before it (a walk lists a folder's entries together: 500,000 files of a
 * generated dump took 7 bytes each, 15 with its time, against ~80 for a JS string), in one byte buffer beside a
 * Float64Array of times.
 * The buffer is bounded (`maxBytes`): past it the list is dropped and the listing walks again (bounded memory first).
 */

/** Bytes kept at most (paths and times together): ~5 million entries of a real dump. */
export const KEPT_ENTRIES_BYTES = 64 << 20;

export interface KeptEntry {
  readonly path: string;
  readonly kind: "file" | "dir";
  readonly mtime: number | undefined;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class KeptEntries {
  private bytes = new Uint8Array(1 << 16);
  private at = 0;
  private times = new Float64Array(1 << 12);
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
    const last = this.last;
    const max = Math.min(last.length, path.length);
    let shared = 0;
    while (shared < max && last.charCodeAt(shared) === path.charCodeAt(shared)) shared++;
    // Never between the two halves of a surrogate pair (emoji sharing their first unit): the suffix is kept as UTF-8.
    if (shared > 0 && (path.charCodeAt(shared - 1) & 0xfc00) === 0xd800) shared--;
    const suffix = path.slice(shared);
    // Two varints (≤ 5 bytes each) and the suffix as UTF-8 (≤ 3 bytes a UTF-16 unit).
    if (!this.room(10 + suffix.length * 3)) return;
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

  /** The entries in the order they were added. */
  *entries(): Generator<KeptEntry> {
    let at = 0;
    let last = "";
    const b = this.bytes;
    for (let i = 0; i < this.n; i++) {
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
      const t = this.times[i]!;
      yield { path, kind: head & 1 ? "dir" : "file", mtime: Number.isNaN(t) ? undefined : t };
    }
  }

  /** Makes room for `need` more bytes, or drops everything when the bound would be passed. */
  private room(need: number): boolean {
    if (this.at + need <= this.bytes.length) return true;
    const size = Math.max(this.bytes.length * 2, this.at + need);
    if (size + this.times.length * 8 > this.maxBytes) {
      this.dropped = true;
      this.bytes = new Uint8Array(0);
      this.times = new Float64Array(0);
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

function grown<T extends Uint8Array | Float64Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
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
