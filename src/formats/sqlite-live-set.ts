/**
 * A compact set of 64-bit hashes (open addressing over one Uint32Array): the carver keeps one entry per live row
 * (its rowid, and a fingerprint of its text) to tell copies of live rows from deleted ones, so memory is 8–16 bytes
 * per row instead of a JS Set's ~50. False positives (two rows with the same 64-bit hash) are negligible.
 * The hash is two 32-bit lanes (FNV-1a and a multiplicative mix) kept in module state: the live pass hashes every
 * row of a table, and allocating nothing per row is what keeps it at the speed of reading the file.
 */

export interface HashSet {
  add(a: number, b: number): void;
  has(a: number, b: number): boolean;
  readonly size: () => number;
}

export function hashSet(): HashSet {
  let cap = 1024;
  let slots = new Uint32Array(cap * 2);
  let used = 0;
  const find = (a: number, b: number, table: Uint32Array, capacity: number) => {
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & (capacity - 1);
    for (;;) {
      const x = table[2 * i]!;
      const y = table[2 * i + 1]!;
      if ((x === 0 && y === 0) || (x === a && y === b)) return i;
      i = (i + 1) & (capacity - 1);
    }
  };
  return {
    size: () => used,
    has(a, b) {
      if (a === 0 && b === 0) a = 1; // (0, 0) marks an empty slot
      const i = find(a, b, slots, cap);
      return slots[2 * i] === a && slots[2 * i + 1] === b;
    },
    add(a, b) {
      if (a === 0 && b === 0) a = 1;
      if ((used + 1) * 2 > cap) {
        const old = slots;
        const oldCap = cap;
        cap *= 2;
        slots = new Uint32Array(cap * 2);
        for (let j = 0; j < oldCap; j++) {
          const x = old[2 * j]!;
          const y = old[2 * j + 1]!;
          if (x === 0 && y === 0) continue;
          const k = find(x, y, slots, cap);
          slots[2 * k] = x;
          slots[2 * k + 1] = y;
        }
      }
      const i = find(a, b, slots, cap);
      if (slots[2 * i] === a && slots[2 * i + 1] === b) return;
      slots[2 * i] = a;
      slots[2 * i + 1] = b;
      used++;
    },
  };
}

let laneA = 0;
let laneB = 0;

export function hashStart(seed: number): void {
  laneA = 0x811c9dc5;
  laneB = 0x2545f491;
  hashInt(seed);
}

export function hashByte(x: number): void {
  laneA = Math.imul(laneA ^ x, 0x01000193);
  laneB = Math.imul(laneB ^ x, 0x5bd1e995) ^ (laneB >>> 15);
}

export function hashBytes(buf: Uint8Array, from: number, to: number): void {
  for (let i = from; i < to; i++) hashByte(buf[i]!);
}

/** A number (integer or not) or a bigint, as 8 bytes of its integer part and a marker. */
export function hashInt(n: number | bigint): void {
  if (typeof n === "bigint") {
    hashInt(Number(BigInt.asIntN(32, n)));
    hashInt(Number(n >> 32n));
    return;
  }
  const lo = n % 4294967296;
  const hi = Math.floor(n / 4294967296);
  for (let s = 0; s < 32; s += 8) hashByte((lo >>> s) & 0xff);
  for (let s = 0; s < 32; s += 8) hashByte((hi >>> s) & 0xff);
  hashByte(0xa5);
}

/** A small non-negative integer (a column index, a size) in one step per lane. */
export function hashSmall(x: number): void {
  laneA = Math.imul(laneA ^ x ^ 0x5bd1e995, 0x01000193);
  laneB = Math.imul(laneB ^ x, 0x5bd1e995) ^ (laneB >>> 13);
}

export const hashA = (): number => laneA >>> 0;
export const hashB = (): number => laneB >>> 0;
