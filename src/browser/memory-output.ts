/**
 * A results folder in the worker's memory, where the browser has no origin-private file system (opfs-output.ts is
 * the usual place): the page downloads it as a zip, the report reads it back by name or line by line. Files are
 * gathered in 1 MiB pieces, and every 16 MiB moved into a Blob, which the browser keeps outside this worker's heap
 * (on disk when it must): a 10^6-message backup writes ~3.4 GB of results. Each file's CRC-32 is counted as it is
 * written, so zipping never reads it back.
 */
import type { OutputDir, OutputWriter } from "../core/host.ts";
import type { LineReader } from "../outputs/report-data.ts";
import { crc32Update } from "../formats/crc32.ts";
import { zipStore, type ZipInput } from "../formats/zip-write.ts";
import { pieceWriter } from "./piece-writer.ts";

/** Bytes held in arrays before they move into a Blob. */
const TO_BLOB = 16 << 20;

type Part = Uint8Array | Blob;

interface Stored {
  readonly parts: Part[];
  size: number;
  crc: number;
}

/** A results folder in the worker: written by the run, read back by the report, then zipped for the download. */
export interface ResultsDir extends OutputDir {
  readonly lines: LineReader;
  /** The folder as a store-only zip (zipStore), a Blob the browser may keep on disk. */
  zip(modified: Date): Promise<Blob>;
}

export interface MemoryOutputDir extends ResultsDir {
  /** The files for zipStore, sorted by name. */
  entries(): ZipInput<Part>[];
}

const bytesOf = async (p: Part) => (p instanceof Uint8Array ? p : new Uint8Array(await p.arrayBuffer()));

/** The lines of UTF-8 bytes in pieces ("\n" or "\r\n" between them), as the report reads a results file. */
export async function* linesOf(pieces: Iterable<Iterable<Uint8Array> | AsyncIterable<Uint8Array>>): AsyncGenerator<string> {
  const d = new TextDecoder();
  let rest = "";
  for (const chunks of pieces) {
    for await (const c of chunks) {
      const lines = (rest + d.decode(c, { stream: true })).split(/\r?\n/);
      rest = lines.pop()!;
      yield* lines;
    }
  }
  rest += d.decode();
  if (rest) yield rest;
}

export function memoryOutputDir(path: string): MemoryOutputDir {
  const files = new Map<string, Stored>();
  return {
    path,
    create(name): OutputWriter {
      const f: Stored = { parts: [], size: 0, crc: 0xffffffff };
      files.set(name, f);
      let held = 0; // bytes of f.parts still in arrays
      const pieces = pieceWriter((piece) => {
        const bytes = piece.slice(); // the piece is the writer's (or the caller's) buffer
        f.crc = crc32Update(f.crc, bytes);
        f.size += bytes.length;
        f.parts.push(bytes);
        held += bytes.length;
        if (held < TO_BLOB) return;
        const first = f.parts.findIndex((p) => p instanceof Uint8Array);
        f.parts.splice(first, f.parts.length - first, new Blob(f.parts.slice(first) as Uint8Array<ArrayBuffer>[]));
        held = 0;
      });
      return {
        write: pieces.write,
        async close() {
          pieces.flush();
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
      if (f) yield* linesOf(f.parts.map((p) => (p instanceof Uint8Array ? [p] : (p.stream() as unknown as AsyncIterable<Uint8Array>))));
    },
    async zip(modified) {
      return new Blob(zipStore(this.entries(), modified) as BlobPart[], { type: "application/zip" });
    },
    entries() {
      return [...files.keys()].sort().map((name) => {
        const f = files.get(name)!;
        return { name, parts: f.parts, size: f.size, crc: (f.crc ^ 0xffffffff) >>> 0 };
      });
    },
  };
}
