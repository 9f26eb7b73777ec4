/**
 * Deletion neighbourhoods (SymSpell) without building the strings: the typing-slip indexes hold every string made
 * from a name by deleting one or two letters, and a new host looks up every such string of its own name. Building
 * and hashing ~80 strings per host, nearly all of them in no index, and a Map of every target's variants at start-up,
 * were the largest costs of check-link on never-seen hosts (profiled). Here each variant's hash comes from prefix
 * hashes in O(1), in the order `deletions()` lists the strings; lookalike-typo-table.ts keeps the hashes.
 */

/** Polynomial hash base (odd, so multiplication modulo 2^32 loses nothing). */
const BASE = 0x01000193;

/** The polynomial hash of `s`: Σ s[k]·BASE^(n−1−k) modulo 2^32, the form prefix hashes combine in. */
export function variantHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, BASE) + s.charCodeAt(i)) | 0;
  return h;
}

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
 * Calls `visit` with the hash of each string of `deletions(s, k)` (test/helpers/lookalike-deletions.ts), in its order, and the
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

/** Whether `v` is in `deletions(t, k)`: `t` less at most one letter, or two when k ≥ 2 and `t` has up to 16. */
export function isDeletionOf(v: string, t: string, k: number): boolean {
  const d = t.length - v.length;
  if (d < 0 || d > (k >= 2 && t.length <= 16 ? 2 : 1)) return false;
  let j = 0;
  for (let i = 0; i < t.length && j < v.length; i++) if (t.charCodeAt(i) === v.charCodeAt(j)) j++;
  return j === v.length;
}
