/** Result folder on disk: buffered writers that flush in large chunks (fast, bounded memory). */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { OutputDir, OutputWriter } from "../core/host.ts";

const FLUSH_AT = 1 << 20; // characters buffered before a write(2)
const BIG = 1 << 16; // pieces this long skip the buffer

export function localOutputDir(path: string): OutputDir {
  mkdirSync(path, { recursive: true });
  return {
    path,
    create(name: string): OutputWriter {
      const fd = openSync(join(path, name), "w");
      let parts: string[] = [];
      let size = 0;
      // Small pieces are joined into one write; the (usual) large ones are written as they are, without a copy.
      const flush = () => {
        if (parts.length === 1) writeSync(fd, parts[0]!);
        else if (parts.length) writeSync(fd, parts.join(""));
        parts = [];
        size = 0;
      };
      return {
        write(text) {
          if (typeof text !== "string") {
            flush();
            for (let at = 0; at < text.length; ) at += writeSync(fd, text, at);
            return;
          }
          if (text.length >= BIG) {
            flush();
            writeSync(fd, text);
            return;
          }
          parts.push(text);
          size += text.length;
          if (size >= FLUSH_AT) flush();
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
