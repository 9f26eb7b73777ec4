/**
 * The popular names' Map with a Bloom filter in front: the techniques ask it for ~20 substrings of every never-seen
 * name (its parts, its glued words, its slips), nearly all absent, and each miss in a Map of ~90,000 names costs
 * cache misses (one of these lookups alone took 4% of check-link's time on never-seen hosts, profiled). The filter,
 * ~20 bits a name in 256 KiB, answers most misses alone; a name it lets through is looked up in the Map, so the answers are
 * the Map's. Everything else is Map's own (insertion order, `set` in place).
 */
import type { PopularName } from "./lookalike-universe.ts";

/** Bits of the filter: 2^21 (256 KiB), ~20 bits per name of the shipped universe (~1% wrongly let through). */
const BITS = 21;

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

export class NameMap extends Map<string, PopularName> {
  private bits = new Int32Array(1 << (BITS - 5));

  override set(key: string, value: PopularName): this {
    if (typeof key !== "string") return super.set(key, value);
    const h = hash(key);
    const a = h >>> (32 - BITS);
    const b = Math.imul(h, 0x9e3779b1) >>> (32 - BITS);
    // The constructor's Map.set runs before the field exists (an iterable argument): none is passed here.
    this.bits[a >>> 5]! |= 1 << (a & 31);
    this.bits[b >>> 5]! |= 1 << (b & 31);
    return super.set(key, value);
  }

  /** Whether `key` may be a name: false means certainly not (a key that is no string goes to the Map). */
  private may(key: string): boolean {
    if (typeof key !== "string") return true;
    const h = hash(key);
    const a = h >>> (32 - BITS);
    if ((this.bits[a >>> 5]! & (1 << (a & 31))) === 0) return false;
    const b = Math.imul(h, 0x9e3779b1) >>> (32 - BITS);
    return (this.bits[b >>> 5]! & (1 << (b & 31))) !== 0;
  }

  override get(key: string): PopularName | undefined {
    return this.may(key) ? super.get(key) : undefined;
  }

  override has(key: string): boolean {
    return this.may(key) && super.has(key);
  }

  override delete(key: string): boolean {
    return super.delete(key); // a bit left set only lets a key through to the Map
  }
}
