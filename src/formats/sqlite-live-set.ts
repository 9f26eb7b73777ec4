/**
 * A compact set of 64-bit hashes (open addressing over one Uint32Array): the carver keeps one entry per live row
 * (its rowid, and a fingerprint of its text) to tell copies of live rows from deleted ones, so memory is 8–16 bytes
 * per row instead of a JS Set's ~50. False positives (two rows with the same 64-bit hash) are negligible.
 */

export interface HashSet {
  add(h: Hash): void;
  has(h: Hash): boolean;
  readonly size: () => number;
}

/** Two independent 32-bit halves. */
export type Hash = readonly [number, number];

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
  const norm = (h: Hash): [number, number] => (h[0] === 0 && h[1] === 0 ? [1, 0] : [h[0] >>> 0, h[1] >>> 0]);
  return {
    size: () => used,
    has(h) {
      const [a, b] = norm(h);
      const i = find(a, b, slots, cap);
      return slots[2 * i] === a && slots[2 * i + 1] === b;
    },
    add(h) {
      const [a, b] = norm(h);
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

/** A running 64-bit hash (FNV-1a and a multiplicative mix, 32 bits each) fed bytes and numbers. */
export interface Hasher {
  bytes(b: Uint8Array, from: number, to: number): Hasher;
  num(n: number | bigint | string): Hasher;
  done(): Hash;
}

export function hasher(): Hasher {
  let a = 0x811c9dc5;
  let b = 0x2545f491;
  const byte = (x: number) => {
    a = Math.imul(a ^ x, 0x01000193);
    b = Math.imul(b ^ x, 0x5bd1e995) ^ (b >>> 15);
  };
  const h: Hasher = {
    bytes(buf, from, to) {
      for (let i = from; i < to; i++) byte(buf[i]!);
      return h;
    },
    num(n) {
      const s = String(n);
      for (let i = 0; i < s.length; i++) byte(s.charCodeAt(i));
      byte(0xff);
      return h;
    },
    done: () => [a >>> 0, b >>> 0],
  };
  return h;
}
