/** Result folder on disk: buffered writers that flush in large chunks (fast, bounded memory). */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { OutputDir, OutputWriter } from "../core/host.ts";

const BUFFER = 1 << 20; // bytes gathered before a write(2)
const BIG = 1 << 16; // pieces this long skip the buffer

export function localOutputDir(path: string): OutputDir {
  mkdirSync(path, { recursive: true });
  return {
    path,
    create(name: string): OutputWriter {
      const fd = openSync(join(path, name), "w");
      // Small pieces are encoded straight into one buffer (no join, no string per write); large ones, the usual
      // case for bytes, are written as they are, without a copy.
      const buf = Buffer.allocUnsafe(BUFFER);
      let at = 0;
      const writeAll = (bytes: Uint8Array) => {
        for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
      };
      const flush = () => {
        if (at) writeAll(buf.subarray(0, at));
        at = 0;
      };
      return {
        write(data) {
          if (typeof data !== "string" || data.length >= BIG) {
            flush();
            writeAll(typeof data === "string" ? Buffer.from(data) : data);
            return;
          }
          // UTF-8 takes at most 3 bytes per UTF-16 unit.
          if (BUFFER - at < data.length * 3) flush();
          at += buf.write(data, at);
        },
        async close() {
          flush();
          closeSync(fd);
        },
      };
    },
    async exists(name) {
      return existsSync(join(path, name));
    },
    async read(name) {
      const p = join(path, name);
      return existsSync(p) ? readFileSync(p, "utf8") : undefined;
    },
    async list() {
      return readdirSync(path).sort();
    },
  };
}
