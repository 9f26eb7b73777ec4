/**
 * The base names of a dump's files as 53-bit hashes in one sorted typed array: 8 bytes per name whatever its length
 * (10^6 names: 8 MB, where a Set of the strings takes ~80 MB), for "is there a file named X anywhere?" without a walk.
 * Two different names share a hash with probability ~n/2^53 per lookup (10^-10 for 10^6 names).
 */

/** cyrb53 (public domain, bryc): a fast 53-bit string hash with good spread. */
export function hash53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export class NameHashes {
  private data = new Float64Array(1024);
  private n = 0;
  private sorted = true;

  add(name: string): void {
    if (this.n === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.n++] = hash53(name);
    this.sorted = false;
  }

  has(name: string): boolean {
    if (!this.sorted) {
      this.data = this.data.subarray(0, this.n).sort();
      this.sorted = true;
    }
    const h = hash53(name);
    let [lo, hi] = [0, this.n - 1];
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.data[mid]!;
      if (v === h) return true;
      if (v < h) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}
