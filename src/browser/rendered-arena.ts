/**
 * Where a query's rendered JSON (SqliteDb.rows `rendered`) is copied out of SQLite's heap on the page's scan workers:
 * the writer then copies the bytes into its output buffer as they are, where a string of them had to be decoded and
 * encoded again (Chromium's encodeInto ~1.2 ns a byte, their largest item). One buffer per query, written again from
 * its start at each row: the bytes are lent until the next row (as SQLite lends its own). Measured in a Chromium
 * worker (300,000 rows of six 400-byte texts): 0.13 s to copy them into a reused buffer, 0.55 s into fresh 1 MiB
 * ones (their pages are new memory), 1–3 µs per text for a Uint8Array of its own; the ASCII check ~0.11 s more.
 */
export class RenderedArena {
  private bytes = new Uint8Array(0);
  private words = new Int32Array(0);
  private at = 0;

  /** A new row: the previous row's bytes may be written over. */
  row(): void {
    this.at = 0;
  }

  /**
   * `n` bytes at `p` of `heap` as a view of the arena when they are ASCII without DEL (nothing for the writer to
   * escape), else undefined. A row's earlier views stay intact when the arena grows (a new buffer).
   */
  copy(heap: Uint8Array, p: number, n: number): Uint8Array | undefined {
    if (this.at + n > this.bytes.length) {
      const buffer = new ArrayBuffer(Math.max(64 << 10, 2 * this.bytes.length, (n + 3) & ~3));
      this.bytes = new Uint8Array(buffer);
      this.words = new Int32Array(buffer);
      this.at = 0;
    }
    const from = this.at;
    this.bytes.set(heap.subarray(p, p + n), from);
    if (!plainAscii(this.bytes, this.words, from, from + n)) return undefined;
    this.at = (from + n + 3) & ~3; // the next text starts on a word
    return this.bytes.subarray(from, from + n);
  }
}

/**
 * True when `bytes[from, to)` is ASCII without DEL; `words` views the same buffer, `from` is a multiple of 4. A byte of
 * 0x7f or more sets its top bit in w or in w + 0x01010101 (a carry crosses a byte only from 0xff, itself caught).
 * Int32 arithmetic throughout (-0x7f7f7f80 is 0x80808080), accumulated: no branch per word.
 */
export function plainAscii(bytes: Uint8Array, words: Int32Array, from: number, to: number): boolean {
  const end = to >> 2;
  let high = 0;
  for (let i = from >> 2; i < end; i++) {
    const w = words[i]! | 0;
    high |= w | ((w + 0x01010101) | 0);
  }
  if (high & -0x7f7f7f80) return false;
  for (let k = end << 2; k < to; k++) if (bytes[k]! >= 0x7f) return false;
  return true;
}
