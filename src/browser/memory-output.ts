/** A results folder in memory (the page downloads it as a zip), and its files read back line by line. */
import type { OutputDir, OutputWriter } from "../core/host.ts";
import type { LineReader } from "../outputs/report-data.ts";

/** Small writes are gathered into pieces of this size: 10^6 records are not 10^6 arrays. */
const PIECE = 1 << 20;

export interface MemoryOutputDir extends OutputDir {
  /** Each file's bytes in pieces, by name. */
  readonly files: ReadonlyMap<string, readonly Uint8Array[]>;
  readonly lines: LineReader;
}

export function memoryOutputDir(path: string): MemoryOutputDir {
  const files = new Map<string, Uint8Array[]>();
  const encoder = new TextEncoder();
  const dir: MemoryOutputDir = {
    path,
    files,
    create(name): OutputWriter {
      const pieces: Uint8Array[] = [];
      files.set(name, pieces);
      let buf = new Uint8Array(PIECE);
      let at = 0;
      const flush = () => {
        if (at) pieces.push(buf.slice(0, at));
        at = 0;
      };
      return {
        write(data) {
          const bytes = typeof data === "string" ? encoder.encode(data) : data;
          if (bytes.length > PIECE / 4) {
            flush();
            pieces.push(bytes.slice()); // the caller may reuse its bytes
            return;
          }
          if (at + bytes.length > PIECE) {
            flush();
            buf = new Uint8Array(PIECE);
          }
          buf.set(bytes, at);
          at += bytes.length;
        },
        async close() {
          flush();
        },
      };
    },
    async exists(name) {
      return files.has(name);
    },
    async read(name) {
      const pieces = files.get(name);
      if (!pieces) return undefined;
      const d = new TextDecoder();
      return pieces.map((p, i) => d.decode(p, { stream: i < pieces.length - 1 })).join("") + d.decode();
    },
    async list() {
      return [...files.keys()].sort();
    },
    lines: async function* (name) {
      const pieces = files.get(name);
      if (!pieces) return;
      const d = new TextDecoder();
      let rest = "";
      for (const p of pieces) {
        const lines = (rest + d.decode(p, { stream: true })).split(/\r?\n/);
        rest = lines.pop()!;
        yield* lines;
      }
      rest += d.decode();
      if (rest) yield rest;
    },
  };
  return dir;
}
