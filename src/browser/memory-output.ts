/**
 * A results folder in the worker (the page downloads it as a zip), read back by name or line by line. Files are
 * gathered in 1 MiB pieces, and every 16 MiB moved into a Blob, which the browser keeps outside this worker's heap
 * (on disk when it must): a 10^6-message backup writes ~3.4 GB of results. Each file's CRC-32 is counted as it is
 * written, so zipping never reads it back.
 */
import type { OutputDir, OutputWriter } from "../core/host.ts";
import type { LineReader } from "../outputs/report-data.ts";
import { crc32Update } from "../formats/crc32.ts";
import type { ZipInput } from "../formats/zip-write.ts";

/** Small writes are gathered into pieces of this size: 10^6 records are not 10^6 arrays. */
const PIECE = 1 << 20;
/** Bytes held in arrays before they move into a Blob. */
const TO_BLOB = 16 << 20;

type Part = Uint8Array | Blob;

interface Stored {
  readonly parts: Part[];
  size: number;
  crc: number;
}

export interface MemoryOutputDir extends OutputDir {
  readonly lines: LineReader;
  /** The files for zipStore, sorted by name. */
  entries(): ZipInput<Part>[];
}

const bytesOf = async (p: Part) => (p instanceof Uint8Array ? p : new Uint8Array(await p.arrayBuffer()));

export function memoryOutputDir(path: string): MemoryOutputDir {
  const files = new Map<string, Stored>();
  const encoder = new TextEncoder();
  return {
    path,
    create(name): OutputWriter {
      const f: Stored = { parts: [], size: 0, crc: 0xffffffff };
      files.set(name, f);
      let held = 0; // bytes of f.parts still in arrays
      const buf = new Uint8Array(PIECE);
      let at = 0;
      const keep = (bytes: Uint8Array) => {
        f.crc = crc32Update(f.crc, bytes);
        f.size += bytes.length;
        f.parts.push(bytes);
        held += bytes.length;
        if (held < TO_BLOB) return;
        const first = f.parts.findIndex((p) => p instanceof Uint8Array);
        f.parts.splice(first, f.parts.length - first, new Blob(f.parts.slice(first) as Uint8Array<ArrayBuffer>[]));
        held = 0;
      };
      const flush = () => {
        if (at) keep(buf.slice(0, at));
        at = 0;
      };
      return {
        write(data) {
          if (typeof data === "string" && data.length * 3 <= PIECE - at) {
            at += encoder.encodeInto(data, buf.subarray(at)).written; // UTF-8 takes at most 3 bytes per unit
            return;
          }
          const bytes = typeof data === "string" ? encoder.encode(data) : data;
          if (bytes.length > PIECE / 4) {
            flush();
            keep(bytes.slice()); // the caller may reuse its bytes
            return;
          }
          if (at + bytes.length > PIECE) flush();
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
      const f = files.get(name);
      if (!f) return undefined;
      const d = new TextDecoder();
      let text = "";
      for (const p of f.parts) text += d.decode(await bytesOf(p), { stream: true });
      return text + d.decode();
    },
    async list() {
      return [...files.keys()].sort();
    },
    lines: async function* (name) {
      const f = files.get(name);
      if (!f) return;
      const d = new TextDecoder();
      let rest = "";
      for (const p of f.parts) {
        const chunks = p instanceof Uint8Array ? [p] : p.stream();
        for await (const c of chunks as AsyncIterable<Uint8Array> | Uint8Array[]) {
          const lines = (rest + d.decode(c, { stream: true })).split(/\r?\n/);
          rest = lines.pop()!;
          yield* lines;
        }
      }
      rest += d.decode();
      if (rest) yield rest;
    },
    entries() {
      return [...files.keys()].sort().map((name) => {
        const f = files.get(name)!;
        return { name, parts: f.parts, size: f.size, crc: (f.crc ^ 0xffffffff) >>> 0 };
      });
    },
  };
}
