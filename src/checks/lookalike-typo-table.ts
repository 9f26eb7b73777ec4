/**
 * Typo targets by deletion variant (SymSpell) as hash chains over typed arrays: each target's variants are hashed
 * from prefix hashes (lookalike-variants.ts), none is built as a string. A Map of ~60,000 variant strings took most
 * of the typing-slip start-up (and more with the national brands' names); a lookup builds a variant only when a
 * chain holds its hash, and keeps a target only when the variant really is one of its own (isDeletionOf), so the
 * answers are the Map's, in the same order.
 */
import { forEachDeletionHash, isDeletionOf, variantAt } from "./lookalike-variants.ts";

export interface TypoTable<T> {
  /** One bit per entry's mixed hash, ~16 bits per entry: a clear bit spares the chains' larger arrays (a cache
   *  miss each) for nearly every variant of a never-seen name, which is in no table. */
  readonly filter: Int32Array;
  readonly filterShift: number;
  /** Slot (hash & mask) → first entry + 1; entry → next entry + 1, in the order the variants were added. */
  readonly heads: Int32Array;
  readonly next: Int32Array;
  readonly hash: Int32Array;
  readonly target: Int32Array;
  readonly targets: readonly T[];
  /** Per target: the string its variants come from, and its deletions (k of deletions()). */
  readonly bases: readonly string[];
  readonly slips: Uint8Array;
}

/** Spreads a polynomial hash over all bits (its low bits depend on the letters' low bits only). */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A table over `(value, base, k)` targets, in their order: the variants of `base` with up to k deletions. */
export function typoTable<T>(targets: Iterable<readonly [T, string, number]>): TypoTable<T> {
  const values: T[] = [];
  const bases: string[] = [];
  const slips: number[] = [];
  const hashes: number[] = [];
  const owners: number[] = [];
  for (const [value, base, k] of targets) {
    const t = values.length;
    values.push(value), bases.push(base), slips.push(k);
    forEachDeletionHash(base, k, (h) => {
      hashes.push(h);
      owners.push(t);
    });
  }
  let size = 1 << 10;
  while (size < 2 * hashes.length) size *= 2;
  let bits = 1 << 12;
  while (bits < 16 * hashes.length) bits *= 2;
  const filter = new Int32Array(bits >>> 5);
  const filterShift = 32 - Math.log2(bits);
  for (const h of hashes) {
    const b = mix(h) >>> filterShift;
    filter[b >>> 5]! |= 1 << (b & 31);
  }
  const heads = new Int32Array(size);
  const next = new Int32Array(hashes.length);
  const hash = Int32Array.from(hashes);
  const target = Int32Array.from(owners);
  // Prepended from the last entry back: each chain then lists its entries in the order they were added.
  for (let e = hashes.length - 1; e >= 0; e--) {
    const slot = hashes[e]! & (size - 1);
    next[e] = heads[slot]!;
    heads[slot] = e + 1;
  }
  return { filter, filterShift, heads, next, hash, target, targets: values, bases, slips: Uint8Array.from(slips) };
}

/**
 * The targets one of whose variants is a variant of `c` with up to `k` deletions, each once, in the order a Map of
 * variant → targets gives them: by `c`'s variants in deletions() order, then by target order.
 */
export function typoCandidates<T>(table: TypoTable<T>, c: string, k: number): T[] {
  const out = new Set<T>();
  const mask = table.heads.length - 1;
  const { filter, filterShift } = table;
  forEachDeletionHash(c, k, (h, i, m) => {
    const b = mix(h) >>> filterShift;
    if ((filter[b >>> 5]! & (1 << (b & 31))) === 0) return;
    let v: string | undefined;
    for (let e = table.heads[h & mask]! - 1; e >= 0; e = table.next[e]! - 1) {
      if (table.hash[e] !== h) continue;
      const t = table.target[e]!;
      const value = table.targets[t]!;
      if (out.has(value)) continue;
      v ??= variantAt(c, i, m);
      if (isDeletionOf(v, table.bases[t]!, table.slips[t]!)) out.add(value);
    }
  });
  return [...out];
}
