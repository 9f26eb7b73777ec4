/**
 * Deletion neighbourhoods (SymSpell) without building the strings: the typing-slip indexes are Maps keyed by every
 * string made from a name by deleting one or two letters, and a new host looks up every such string of its own name.
 * Building and hashing ~80 strings per host, nearly all of them in no index, was the largest cost of check-link on
 * never-seen hosts (half of it, profiled). Here each variant's hash comes from prefix hashes in O(1), a bit set of the
 * index's keys rules most out, and only the few that may be keys are built and looked up. The visits are those of
 * `deletions()` in the same order, minus variants that are certainly no key: the answers cannot change.
 */

/** Polynomial hash base (odd, so multiplication modulo 2^32 loses nothing). */
const BASE = 0x01000193;

/** The polynomial hash of `s`: Σ s[k]·BASE^(n−1−k) modulo 2^32, the form prefix hashes combine in. */
export function variantHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, BASE) + s.charCodeAt(i)) | 0;
  return h;
}

/** Spreads a polynomial hash over all bits (its low bits depend on the low bits of the letters only). */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A Bloom filter over the hashes of an index's keys (two bits per key): a clear bit means "certainly not a key". */
export interface VariantFilter {
  readonly bits: Int32Array;
  /** 32 minus log2 of the number of bits. */
  readonly shift: number;
}

/** The second bit of a key: the mixed hash multiplied again, its own top bits. */
const second = (m: number) => Math.imul(m, 0x9e3779b1) >>> 0;

/**
 * ~64 bits per key, two bits each: a wrong "maybe" for ~0.1% of absent variants (one bit at 32 per key let ~3%
 * through, each a string built and looked up for nothing); at least 2^16 and at most 2^25 bits.
 */
export function variantFilter(keys: Iterable<string>, count: number): VariantFilter {
  let log = 16;
  while (log < 25 && 2 ** log < count * 64) log++;
  const bits = new Int32Array(2 ** (log - 5));
  const shift = 32 - log;
  for (const k of keys) {
    const m = mix(variantHash(k));
    const a = m >>> shift;
    const b = second(m) >>> shift;
    bits[a >>> 5]! |= 1 << (a & 31);
    bits[b >>> 5]! |= 1 << (b & 31);
  }
  return { bits, shift };
}

const mayHold = (f: VariantFilter, h: number) => {
  const m = mix(h);
  const a = m >>> f.shift;
  if ((f.bits[a >>> 5]! & (1 << (a & 31))) === 0) return false;
  const b = second(m) >>> f.shift;
  return (f.bits[b >>> 5]! & (1 << (b & 31))) !== 0;
};

// Scratch prefix hashes and powers, grown on demand (labels are short; hostile input may be long).
let prefix = new Int32Array(64);
let pow = new Int32Array(64);
pow[0] = 1;
let powLength = 1;
function ensure(n: number): void {
  if (prefix.length <= n) prefix = new Int32Array(2 * (n + 1));
  if (powLength > n) return;
  if (pow.length <= n) {
    const grown = new Int32Array(2 * (n + 1));
    grown.set(pow.subarray(0, powLength));
    pow = grown;
  }
  for (; powLength <= n; powLength++) pow[powLength] = Math.imul(pow[powLength - 1]!, BASE);
}

/**
 * Calls `visit` with the hash of each string of `deletions(s, k)` (lookalike-words.ts), in its order, and the
 * positions deleted (-1 for none; `variantAt` builds the string): `s` itself, `s` less one letter, and for k ≥ 2 and
 * up to 16 letters, less two (a letter equal to the one before it is not deleted again: the same string).
 * The scratch arrays are shared: `visit` must not enumerate again itself.
 */
export function forEachDeletionHash(s: string, k: number, visit: (hash: number, i: number, m: number) => void): void {
  const n = s.length;
  ensure(n);
  const P = prefix;
  const W = pow;
  P[0] = 0;
  for (let i = 0; i < n; i++) P[i + 1] = (Math.imul(P[i]!, BASE) + s.charCodeAt(i)) | 0;
  const whole = P[n]!;
  visit(whole, -1, -1);
  const two = k >= 2 && n <= 16;
  for (let i = 0; i < n; i++) {
    if (i > 0 && s.charCodeAt(i) === s.charCodeAt(i - 1)) continue;
    // s[0..i) · s[i+1..n): P[i]·B^(n−i−1) + (P[n] − P[i+1]·B^(n−i−1))
    const tail = W[n - i - 1]!;
    visit((Math.imul(P[i]!, tail) + whole - Math.imul(P[i + 1]!, tail)) | 0, i, -1);
    if (!two) continue;
    for (let m = i + 1; m < n; m++) {
      if (m > i + 1 && s.charCodeAt(m) === s.charCodeAt(m - 1)) continue;
      // s[0..i) · s[i+1..m) · s[m+1..n)
      const middle = (P[m]! - Math.imul(P[i + 1]!, W[m - i - 1]!)) | 0;
      const end = (whole - Math.imul(P[m + 1]!, W[n - m - 1]!)) | 0;
      visit((Math.imul(P[i]!, W[n - i - 2]!) + Math.imul(middle, W[n - m - 1]!) + end) | 0, i, m);
    }
  }
}

/** `s` less the letters at i and m (-1: none). */
export const variantAt = (s: string, i: number, m: number): string =>
  i < 0 ? s : m < 0 ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + s.slice(i + 1, m) + s.slice(m + 1);

/** Calls `visit` with each string of `deletions(s, k)`, in its order, that may be a key of the filtered index. */
export function forEachDeletion(s: string, k: number, filter: VariantFilter, visit: (variant: string) => void): void {
  forEachDeletionHash(s, k, (h, i, m) => {
    if (mayHold(filter, h)) visit(variantAt(s, i, m));
  });
}

/** Whether `v` is in `deletions(t, k)`: `t` less at most one letter, or two when k ≥ 2 and `t` has up to 16. */
export function isDeletionOf(v: string, t: string, k: number): boolean {
  const d = t.length - v.length;
  if (d < 0 || d > (k >= 2 && t.length <= 16 ? 2 : 1)) return false;
  let j = 0;
  for (let i = 0; i < t.length && j < v.length; i++) if (t.charCodeAt(i) === v.charCodeAt(j)) j++;
  return j === v.length;
}
