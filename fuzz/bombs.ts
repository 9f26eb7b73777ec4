/**
 * Highly compressible content made without holding it, deflated as a stream and cached: zeros (about 1000:1), or
 * zeros with a byte set every ~1 KiB (about 100:1 at deflate level 1; the dumpstate was 229:1: a reader that
 * refuses only extreme ratios lets it through).
 */
import { createDeflateRaw, crc32 } from "node:zlib";

const ZEROS = Buffer.alloc(1 << 20);
const SPECKLED = Buffer.alloc(1 << 20);
for (let i = 0, x = 1; i < SPECKLED.length; i += 900 + (x % 200)) x = (x * 48271) % 2147483647, (SPECKLED[i] = 1 + (x % 255));
const cache = new Map<string, Promise<{ raw: Buffer; size: number; crc: number }>>();

/** `size` bytes of zeros (or speckled zeros) as a raw-deflate zip member body, with their CRC-32. */
export function deflatedZeros(size: number, speckled = false): Promise<{ raw: Buffer; size: number; crc: number }> {
  const CHUNK = speckled ? SPECKLED : ZEROS;
  const key = `${size}:${speckled}`;
  let p = cache.get(key);
  if (!p) {
    p = new Promise((resolve, reject) => {
      const z = createDeflateRaw({ level: speckled ? 1 : 9 }); // level 9 on speckled data is slow
      const parts: Buffer[] = [];
      z.on("data", (b: Buffer) => parts.push(b));
      z.on("error", reject);
      z.on("end", () => resolve({ raw: Buffer.concat(parts), size, crc }));
      let crc = 0;
      let left = size;
      const pump = () => {
        while (left > 0) {
          const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
          left -= piece.length;
          crc = crc32(piece, crc);
          if (!z.write(piece)) return z.once("drain", pump);
        }
        z.end();
      };
      pump();
    });
    cache.set(key, p);
  }
  return p;
}
