/**
 * A streaming tar reader (USTAR, pax extended headers, GNU long names and base-256 sizes) over a ReadableStream: the
 * tar inside an Android backup (.ab) has no index and may be gigabytes, so members are yielded one by one as the
 * stream passes and each member's content is a stream of its own. Unsafe names, links and device nodes are skipped
 * with a warning; a truncated tar yields every complete member, then fails naming the file.
 */
import { SpyglassError } from "../core/errors.ts";
import { MAX_WHOLE_FILE } from "../core/source.ts";
import { fillFrom, safeArchivePath } from "./zip.ts";

/** Named bounds on hostile tars. */
export const TAR_LIMITS = {
  /** Headers (members, pax and long-name records) in one tar. */
  entries: 1_000_000,
  /** Size of one member. */
  memberSize: 64 * 1024 ** 3,
  /** Bytes read from the tar stream in all (an inflated .ab that never ends). */
  total: 256 * 1024 ** 3,
  /** A pax header or GNU long name is held in memory: bounded. */
  extendedHeader: 1024 * 1024,
};
export type TarLimits = typeof TAR_LIMITS;

export interface TarEntry {
  /** Safe relative path ("/"-separated, no "..", no trailing "/"). */
  readonly path: string;
  readonly type: "file" | "dir";
  readonly size: number;
  /** Unix seconds. */
  readonly mtime: number | undefined;
  /** Where the content starts in the tar stream (a tar stored plain in a file: read it there at random). */
  readonly offset: number;
  /** The content; valid until the generator is resumed (unread bytes are then skipped). */
  stream(): ReadableStream<Uint8Array>;
  bytes(limit?: number): Promise<Uint8Array>;
}

export interface TarOptions {
  /** Named in errors and warnings (the .ab file). */
  readonly name: string;
  readonly limits?: Partial<TarLimits>;
  /** Members skipped (unsafe names, links, devices): one line each. */
  readonly onWarning?: (message: string) => void;
  /**
   * When the tar is stored plain in a file (an uncompressed, unencrypted .ab): its size and the tar from an offset
   * on. Member content nobody reads is then skipped by reading on from past it, instead of reading through it.
   */
  readonly seek?: TarSeek;
}

export interface TarSeek {
  readonly size: number;
  from(offset: number): ReadableStream<Uint8Array>;
}

/** Skips shorter than this read through (cheaper than a new stream). */
const SEEK_MIN = 1024 * 1024;

const BLOCK = 512;
/** A name safeArchivePath would keep as it is: no NUL, backslash, drive, leading or doubled "/", "." or ".." part, trailing "/". */
const PLAIN_NAME = /^(?![A-Za-z]:)(?!\.\.?(?:\/|$))[^/\\\0]+(?:\/(?!\.\.?(?:\/|$))[^/\\\0]+)*$/;
const ascii = new TextDecoder("utf-8");

/** Yields the members of a tar stream in order. Consume (or ignore) each entry's content before asking for the next. */
export async function* readTar(input: ReadableStream<Uint8Array>, opts: TarOptions): AsyncGenerator<TarEntry> {
  const limits = { ...TAR_LIMITS, ...opts.limits };
  const name = opts.name;
  const src = new ByteSource(input.getReader(), limits.total, name, opts.seek);
  const corrupt = (msg: string) => new SpyglassError("E_CORRUPT", msg, { file: name });
  let headers = 0;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let pending = 0; // unread content + padding of the previous entry
  let last: { path: string; size: number } | undefined; // the previous entry, named when its content is cut short
  try {
    for (;;) {
      if (pending > 0) await src.skip(pending, () => corrupt(`truncated tar: the stream ends inside a member${last ? ` ("${last.path}", ${last.size} bytes declared)` : ""}`));
      pending = 0;
      const offset = src.consumed;
      const h = await src.read(BLOCK);
      if (h.length === 0) return; // no end-of-archive blocks: tolerated (Android's writer and others omit them)
      if (h.length < BLOCK) throw corrupt(`truncated tar: the stream ends inside a header (offset ${offset})`);
      if (h.every((b) => b === 0)) return; // end-of-archive marker
      if (++headers > limits.entries) throw new SpyglassError("E_LIMIT", `the tar holds more than ${limits.entries} headers`, { file: name });
      if (!checksumOk(h)) throw corrupt(headers === 1 ? "not a tar archive (bad header checksum)" : `damaged tar header at offset ${offset} (bad checksum)`);
      const type = String.fromCharCode(h[156]!);
      const extended = type === "x" || type === "g" || type === "L" || type === "K";
      // A pax "size" (members ≥ 8 GiB) applies to the member after the pax header, never to another extended header.
      let size = pax["size"] !== undefined && !extended ? Number(pax["size"]) : numeric(h, 124, 12);
      if (!Number.isSafeInteger(size) || size < 0) throw corrupt(`damaged tar header at offset ${offset} (size)`);
      if (size > limits.memberSize) throw new SpyglassError("E_LIMIT", `a tar member of ${size} bytes is over the ${limits.memberSize}-byte limit`, { file: name });
      const padded = Math.ceil(size / BLOCK) * BLOCK;
      if (extended) {
        if (size > limits.extendedHeader) throw new SpyglassError("E_LIMIT", `a tar extended header of ${size} bytes is over the ${limits.extendedHeader}-byte limit`, { file: name });
        const body = await src.read(padded);
        if (body.length < padded) throw corrupt("truncated tar: the stream ends inside an extended header");
        const data = body.subarray(0, size);
        if (type === "x") pax = { ...pax, ...parsePax(data) };
        else if (type === "L") longName = cString(data, 0, data.length);
        continue; // 'g' (global) and 'K' (long link target) change nothing we report
      }
      let raw = longName ?? pax["path"] ?? fullName(h);
      const mtime = pax["mtime"] !== undefined ? Number(pax["mtime"]) : numeric(h, 136, 12);
      pax = {};
      longName = undefined;
      pending = padded;
      last = { path: raw, size };
      const isDir = type === "5" || ((type === "0" || type === "\0") && raw.endsWith("/"));
      const isFile = !isDir && (type === "0" || type === "\0" || type === "7");
      if (!isDir && !isFile) {
        const what = type === "1" ? "a hard link" : type === "2" ? "a symbolic link" : type === "3" || type === "4" ? "a device node" : type === "6" ? "a FIFO" : `of unsupported type '${type}'`;
        opts.onWarning?.(`${name}: skipped tar member "${raw}": it is ${what}`);
        continue;
      }
      // Most names are plain relative paths: the full check (split, filter, join) only for the others.
      const safe = PLAIN_NAME.test(raw) ? { path: raw } : safeArchivePath(raw);
      if ("reason" in safe) {
        if (!(isDir && safe.reason === "its name is empty")) opts.onWarning?.(`${name}: skipped tar member "${raw}": unsafe name: ${safe.reason}`);
        continue;
      }
      raw = safe.path;
      let remaining = isDir ? 0 : size;
      if (isDir) size = 0;
      let taken = false;
      let stale = false;
      const stream = (): ReadableStream<Uint8Array> => {
        if (taken) throw new SpyglassError("E_CORRUPT", `tar member "${raw}" was already read`, { file: name });
        taken = true;
        return new ReadableStream<Uint8Array>(
          {
            async pull(ctl) {
              if (stale) throw new SpyglassError("E_CORRUPT", `tar member "${raw}" was read after the next member was asked for`, { file: name });
              if (remaining === 0) return ctl.close();
              const chunk = await src.next(remaining);
              if (chunk.length === 0) throw corrupt(`truncated tar: member "${raw}" ends early`);
              remaining -= chunk.length;
              ctl.enqueue(chunk);
            },
          },
          { highWaterMark: 0 },
        );
      };
      const bytes = async (limit = MAX_WHOLE_FILE): Promise<Uint8Array> => {
        if (size > limit) throw new SpyglassError("E_LIMIT", `tar member "${raw}" is ${size} bytes, over the ${limit}-byte limit`, { file: name });
        return fillFrom(stream(), new Uint8Array(size));
      };
      const entry: TarEntry = { path: raw, type: isDir ? "dir" : "file", size, mtime: Number.isFinite(mtime) ? mtime : undefined, offset: src.consumed, stream, bytes };
      yield entry;
      // Bytes the consumer read are no longer pending; a partly read stream leaves the rest to skip.
      pending = padded - (size - remaining);
      stale = true;
    }
  } finally {
    src.release();
  }
}

/** USTAR name: prefix (155 bytes at 345, only with the POSIX "ustar\0" magic) + "/" + name (100 bytes). */
function fullName(h: Uint8Array): string {
  const name = cString(h, 0, 100);
  // "ustar\0" compared byte by byte: a decode per header cost ~0.1 µs of the ~1.2 µs a header takes (10^6 in a dump).
  const posix = h[257] === 0x75 && h[258] === 0x73 && h[259] === 0x74 && h[260] === 0x61 && h[261] === 0x72 && h[262] === 0;
  const prefix = posix && h[345] !== 0 ? cString(h, 345, 155) : "";
  return prefix ? `${prefix}/${name}` : name;
}

/**
 * A NUL-ended field as UTF-8. ASCII (nearly every name) is made from the bytes directly: a TextDecoder call per name
 * costs more than the name's few dozen bytes.
 */
function cString(b: Uint8Array, at: number, len: number): string {
  let end = at;
  let ascii7 = true;
  for (; end < at + len; end++) {
    const c = b[end]!;
    if (c === 0) break;
    if (c >= 0x80) ascii7 = false;
  }
  const field = b.subarray(at, end);
  return ascii7 ? String.fromCharCode.apply(null, field as unknown as number[]) : ascii.decode(field);
}

/**
 * An octal field (spaces around it and a NUL end allowed, anything else NaN), or GNU base-256 (high bit of the first
 * byte set) for sizes ≥ 8 GiB. Read from the bytes: three fields of every header, 10^6 headers in a dump.
 */
function numeric(h: Uint8Array, at: number, len: number): number {
  if (h[at]! & 0x80) {
    let v = h[at]! & 0x7f;
    for (let i = 1; i < len; i++) v = v * 256 + h[at + i]!;
    return v;
  }
  let v = 0;
  let state = 0; // 0 leading spaces, 1 digits, 2 trailing spaces
  for (let i = at; i < at + len; i++) {
    const c = h[i]!;
    if (c === 0) break;
    if (c === 0x20) {
      if (state === 1) state = 2;
    } else if (c >= 0x30 && c <= 0x37 && state < 2) {
      v = v * 8 + (c - 0x30);
      state = 1;
    } else return NaN;
  }
  return v;
}

/**
 * The header checksum: the byte sum with the checksum field read as spaces (unsigned, or signed as old tars did).
 * One plain pass for the unsigned sum (every header pays it: 10^6 in a dump); the signed one only when that fails.
 */
function checksumOk(h: Uint8Array): boolean {
  const stored = numeric(h, 148, 8);
  const unsigned = 8 * 0x20 + byteSum(h);
  if (stored === unsigned) return true;
  let signed = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) signed += h[i]! > 127 ? h[i]! - 256 : h[i]!;
  return stored === signed;
}

/**
 * The sum of a header's bytes but the checksum field's (148–155). Four bytes at a time when the block is 4-aligned (it
 * is, in the chunks read from a file): two 16-bit lanes per mask, 128 words of bytes ≤ 255 stay under 2^16 a lane.
 */
function byteSum(h: Uint8Array): number {
  if (h.byteOffset % 4 !== 0) {
    let sum = 0;
    for (let i = 0; i < 148; i++) sum += h[i]!;
    for (let i = 156; i < BLOCK; i++) sum += h[i]!;
    return sum;
  }
  const w = new Uint32Array(h.buffer, h.byteOffset, BLOCK / 4);
  let lanes = 0;
  for (let i = 0; i < BLOCK / 4; i++) {
    if (i === 37) i = 39; // bytes 148–155: the checksum field itself
    const v = w[i]!;
    lanes += (v & 0x00ff00ff) + ((v >>> 8) & 0x00ff00ff);
  }
  return (lanes & 0xffff) + (lanes >>> 16);
}

/** pax records: "<len> <key>=<value>\n"; lengths count the whole record. */
function parsePax(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const sp = data.indexOf(0x20, at);
    if (sp < 0) break;
    const len = parseInt(ascii.decode(data.subarray(at, sp)), 10);
    if (!Number.isSafeInteger(len) || len <= sp - at || at + len > data.length) break;
    const rec = ascii.decode(data.subarray(sp + 1, at + len - 1));
    const eq = rec.indexOf("=");
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    at += len;
  }
  return out;
}

/** Buffered reads over a stream reader, counting what was consumed (bounded by `total`). */
class ByteSource {
  private buf: Uint8Array = new Uint8Array(0);
  consumed = 0;
  private done = false;
  constructor(
    private reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly total: number,
    private readonly name: string,
    private readonly seek?: TarSeek,
  ) {}

  private async fill(): Promise<boolean> {
    while (this.buf.length === 0 && !this.done) {
      const r = await this.reader.read();
      if (r.done) this.done = true;
      else this.buf = r.value;
    }
    return this.buf.length > 0;
  }

  /** Up to `max` bytes (fewer only at the end of a chunk); empty at the end of the stream. */
  async next(max: number): Promise<Uint8Array> {
    if (!(await this.fill())) return new Uint8Array(0);
    return this.take(Math.min(max, this.buf.length));
  }

  /** n bytes of the chunk at hand (n ≤ what it holds), counted against the bound. */
  private take(n: number): Uint8Array {
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    this.consumed += n;
    if (this.consumed > this.total) throw new SpyglassError("E_LIMIT", `the tar stream is longer than the ${this.total}-byte limit`, { file: this.name });
    return out;
  }

  /** Exactly n bytes, or fewer at the end of the stream. */
  async read(n: number): Promise<Uint8Array> {
    // The usual case, a header in the chunk at hand: no await, no copy (readTar reads a header's bytes before it
    // asks for more, and chunks are never written to once handed over).
    if (this.buf.length >= n) return this.take(n);
    const first = await this.next(n);
    if (first.length === n || first.length === 0) return first.slice();
    const out = new Uint8Array(n);
    out.set(first);
    let at = first.length;
    while (at < n) {
      const c = await this.next(n - at);
      if (c.length === 0) return out.subarray(0, at);
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  async skip(n: number, truncated: () => Error): Promise<void> {
    if (this.buf.length >= n) {
      this.take(n); // a small member's content in the chunk at hand
      return;
    }
    const ahead = n - this.buf.length;
    if (this.seek && ahead >= SEEK_MIN) {
      const to = this.consumed + n;
      if (to > this.seek.size) throw truncated();
      if (to > this.total) throw new SpyglassError("E_LIMIT", `the tar stream is longer than the ${this.total}-byte limit`, { file: this.name });
      void this.reader.cancel().catch(() => undefined);
      this.reader = this.seek.from(to).getReader();
      this.buf = new Uint8Array(0);
      this.consumed = to;
      return;
    }
    while (n > 0) {
      const c = await this.next(n);
      if (c.length === 0) throw truncated();
      n -= c.length;
    }
  }

  release(): void {
    void this.reader.cancel().catch(() => undefined);
  }
}
