/** Highly compressible content made without holding it: zeros deflated as a stream, cached by size. */
import { createDeflateRaw, crc32 } from "node:zlib";

const CHUNK = Buffer.alloc(1 << 20);
const cache = new Map<number, Promise<{ raw: Buffer; size: number; crc: number }>>();

/** `size` bytes of zeros as a raw-deflate zip member body (about 1000:1), with their CRC-32. */
export function deflatedZeros(size: number): Promise<{ raw: Buffer; size: number; crc: number }> {
  let p = cache.get(size);
  if (!p) {
    p = new Promise((resolve, reject) => {
      const z = createDeflateRaw({ level: 9 });
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
    cache.set(size, p);
  }
  return p;
}
