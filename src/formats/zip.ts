/**
 * A zip reader over a random-access SourceFile (androidqf zips, bugreport zips, zipped intrusion logs): the end of
 * central directory is found in the last 64 KiB, the central directory is read once, and each member is streamed
 * (stored, or deflate through DecompressionStream("deflate-raw")) with its size and CRC-32 checked as it inflates.
 * ZIP64 archives are read; encrypted members, symlinks, unsafe names and other compression methods are skipped with
 * a warning. Nothing is ever written: the reader only reads.
 */
import { SpyglassError } from "../core/errors.ts";
import type { SourceFile } from "../core/source.ts";
import { MAX_WHOLE_FILE } from "../core/source.ts";
import { crc32Update } from "./crc32.ts";
import { inflateStream } from "./inflate.ts";

export { crc32Update } from "./crc32.ts";

/**
 * Named bounds. Acquisitions legitimately hold gigabytes (androidqf's apks/ folder, a 500 MB bugreport), so the size
 * bounds are generous; what stops a bomb is that a member may never inflate past the size its central-directory
 * record declares (checked while inflating), that declared sizes are bounded, and that near-maximal deflate ratios
 * (deflate tops out at ~1032:1, only reached by runs of one byte value) are refused for members over 1 MiB.
 */
export const ZIP_LIMITS = {
  /** Members in one archive (androidqf writes a few thousand). */
  entries: 1_000_000,
  /** Bytes of central directory read at once (≈ 100 bytes per member). */
  centralDirectory: 256 * 1024 * 1024,
  /** Declared inflated size of one member. */
  entrySize: 16 * 1024 ** 3,
  /** Sum of the declared inflated sizes of the members kept. */
  totalSize: 64 * 1024 ** 3,
  /** Inflated : compressed ratio refused above this … */
  ratio: 1000,
  /** … for members larger than this (small files of zeros are common and harmless). */
  ratioMinSize: 1024 * 1024,
  /**
   * A deflated member someone needs random access to (a bugreport.zip inside an androidqf zip) is inflated once into
   * the host's scratch space, up to this size (androidqf's bugreport.zip reaches ~500 MB); a larger one is refused.
   */
  randomAccess: 4 * 1024 ** 3,
  /** … or, when the host has no scratch files (`spill` not given), into memory up to this size. */
  randomAccessInMemory: 256 * 1024 * 1024,
};

export type ZipLimits = typeof ZIP_LIMITS;

/** Stores a member's inflated bytes outside memory and returns them as a random-access file (see Scratch.file). */
export type SpillMember = (path: string, data: ReadableStream<Uint8Array>) => Promise<SourceFile | undefined>;

export interface ZipOptions {
  readonly limits?: Partial<ZipLimits>;
  /** Where deflated members needed for random access go; without it they are held in memory. */
  readonly spill?: SpillMember;
}
export interface ZipEntry {
  /** Safe relative path ("/"-separated, no "..", no leading "/", no trailing "/"). */
  readonly name: string;
  /** The name as stored. */
  readonly rawName: string;
  readonly isDir: boolean;
  /** 0 stored, 8 deflate; `size` is the declared inflated size. */
  readonly method: number;
  readonly size: number;
  readonly compressedSize: number;
  readonly crc32: number;
  /** The DOS date/time read as UTC, in Unix seconds (what MVT shows for a member: the stored wall clock). */
  readonly mtime: number | undefined;
  /** Offset of the local header (corrected for data prepended to the archive). */
  readonly headerOffset: number;
}

/** A member left out of the listing (its stored name), and why. */
export type SkippedEntry = { readonly name: string; readonly reason: string };

export interface ZipArchive {
  readonly name: string;
  readonly file: SourceFile;
  /** Kept members (files and folders) in central-directory order; a duplicate name keeps the last copy. */
  readonly entries: readonly ZipEntry[];
  readonly skipped: readonly SkippedEntry[];
  /** One line per skipped member or other oddity, naming the archive and the member. */
  readonly warnings: readonly string[];
  /** The member's content, inflated as it is read; errors (E_CORRUPT, E_LIMIT) name the archive and the member. */
  stream(entry: ZipEntry): ReadableStream<Uint8Array>;
  bytes(entry: ZipEntry, limit?: number): Promise<Uint8Array>;
  /** The member as a SourceFile; `path` defaults to its name. */
  memberFile(entry: ZipEntry, path?: string): SourceFile;
}

export const [SIG_EOCD, SIG_ZIP64_LOCATOR, SIG_ZIP64_EOCD, SIG_CENTRAL, SIG_LOCAL] = [0x06054b50, 0x07064b50, 0x06064b50, 0x02014b50, 0x04034b50];
/** Stored members are read 1 MiB at a time; deflated ones are fed to the inflater 32 KiB at a time, so one input
 * piece can never expand past ~33 MB (deflate's ~1032:1) before the declared-size check sees it. (16 KiB pieces
 * inflate at ~270 MB/s, 32 KiB at ~370, 64 KiB at ~400: measured on 200 MB of log text.) */
const READ_CHUNK = 1024 * 1024;
const INFLATE_PIECE = 32 * 1024;

/**
 * Checks an archive member name: NUL bytes, absolute paths (`/x`, `C:\x`) and `..` components are refused (never
 * resolved, so nothing can point outside the archive root); backslashes are read as separators first, so
 * `..\..\x` is refused too; `.` and empty components are dropped.
 */
export function safeArchivePath(raw: string): { path: string } | { reason: string } {
  if (raw.includes("\0")) return { reason: "its name contains a NUL byte" };
  const name = raw.replaceAll("\\", "/");
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) return { reason: "its name is an absolute path" };
  const parts = name.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) return { reason: "its name contains a '..' component" };
  if (parts.length === 0) return { reason: "its name is empty" };
  return { path: parts.join("/") };
}

/** Opens a zip: reads its central directory (E_CORRUPT for a truncated or non-zip file, E_LIMIT past the bounds). */
export async function openZip(file: SourceFile, opts: ZipOptions = {}): Promise<ZipArchive> {
  const limits = { ...ZIP_LIMITS, ...opts.limits };
  const name = file.path;
  const corrupt = (msg: string) => new SpyglassError("E_CORRUPT", msg, { file: name });
  const { cdStart, cdSize, count, prepended } = await findCentralDirectory(file, limits, corrupt);
  const cd = await file.slice(cdStart, cdStart + cdSize);
  if (cd.length < cdSize) throw corrupt("truncated zip: the central directory runs past the end of the file");
  const dv = new DataView(cd.buffer, cd.byteOffset, cd.length);
  const kept = new Map<string, ZipEntry>();
  const skipped: SkippedEntry[] = [];
  const warnings: string[] = [];
  const skip = (rawName: string, reason: string) => {
    skipped.push({ name: rawName, reason });
    warnings.push(`${name}: skipped member "${rawName}": ${reason}`);
  };
  let total = 0;
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > cd.length || dv.getUint32(at, true) !== SIG_CENTRAL) throw corrupt(`damaged central directory (record ${i + 1} of ${count})`);
    const madeBy = dv.getUint16(at + 4, true);
    const flags = dv.getUint16(at + 8, true);
    const method = dv.getUint16(at + 10, true);
    const [time, date] = [dv.getUint16(at + 12, true), dv.getUint16(at + 14, true)];
    const crc = dv.getUint32(at + 16, true);
    let csize = dv.getUint32(at + 20, true);
    let size = dv.getUint32(at + 24, true);
    const [nameLen, extraLen, commentLen] = [dv.getUint16(at + 28, true), dv.getUint16(at + 30, true), dv.getUint16(at + 32, true)];
    const extAttr = dv.getUint32(at + 38, true);
    let offset = dv.getUint32(at + 42, true);
    const end = at + 46 + nameLen + extraLen + commentLen;
    if (end > cd.length) throw corrupt(`damaged central directory (record ${i + 1} runs past its end)`);
    const rawName = decodeName(cd.subarray(at + 46, at + 46 + nameLen), (flags & 0x800) !== 0);
    // ZIP64 extra field (0x0001): 8-byte values for exactly the fields saturated in the fixed record, in this order.
    for (let e = at + 46 + nameLen; e + 4 <= at + 46 + nameLen + extraLen; e += 4 + dv.getUint16(e + 2, true)) {
      if (dv.getUint16(e, true) !== 0x0001) continue;
      let p = e + 4;
      const next = (): number => {
        if ((p += 8) > e + 4 + dv.getUint16(e + 2, true)) throw corrupt(`damaged ZIP64 field for member "${rawName}"`);
        return u64(dv, p - 8);
      };
      if (size === 0xffffffff) size = next();
      if (csize === 0xffffffff) csize = next();
      if (offset === 0xffffffff) offset = next();
    }
    at = end;
    const safe = safeArchivePath(rawName);
    if ("reason" in safe) {
      // A "./" or "/" folder record is harmless noise; anything else is reported.
      if (!(rawName.endsWith("/") && safe.reason === "its name is empty")) skip(rawName, `unsafe name: ${safe.reason}`);
      continue;
    }
    const isDir = rawName.endsWith("/") || rawName.endsWith("\\");
    const symlink = madeBy >> 8 === 3 && ((extAttr >>> 16) & 0o170000) === 0o120000; // Unix mode bits say S_IFLNK
    const reason = symlink ? "it is a symbolic link" : isDir ? undefined : refusal(flags, method, size, csize, total, limits);
    if (reason) {
      skip(rawName, reason);
      continue;
    }
    if (!isDir) total += size;
    const entry: ZipEntry = { name: safe.path, rawName, isDir, method, size, compressedSize: csize, crc32: crc, mtime: dosTime(date, time), headerOffset: offset + prepended };
    if (kept.has(entry.name) && !isDir) warnings.push(`${name}: member "${entry.name}" appears more than once; the last copy is used`);
    kept.delete(entry.name);
    kept.set(entry.name, entry);
  }
  return makeArchive(file, [...kept.values()], skipped, warnings, limits, opts.spill);
}

/** Why a file member is not read, if it is not: encryption, an unknown method, or one of the size bounds. */
export function refusal(flags: number, method: number, size: number, csize: number, total: number, l: ZipLimits): string | undefined {
  if (flags & 0x1) return "it is encrypted";
  if (method !== 0 && method !== 8) return `compression method ${method} is not supported (only stored and deflate)`;
  if (size > l.entrySize) return `it declares ${size} bytes, over the ${l.entrySize}-byte limit per member`;
  const ratio = size / Math.max(csize, 1);
  if (size > l.ratioMinSize && ratio > l.ratio) return `it would inflate ${Math.round(ratio)}:1, over the ${l.ratio}:1 limit (a zip bomb)`;
  if (total + size > l.totalSize) return `the archive's members would inflate past the ${l.totalSize}-byte limit`;
  return undefined;
}

async function findCentralDirectory(file: SourceFile, limits: ZipLimits, corrupt: (m: string) => SpyglassError): Promise<{ cdStart: number; cdSize: number; count: number; prepended: number }> {
  const size = file.size;
  const tailLen = Math.min(size, 22 + 0xffff);
  const tail = await file.slice(size - tailLen, size);
  const dv = new DataView(tail.buffer, tail.byteOffset, tail.length);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (dv.getUint32(i, true) === SIG_EOCD && i + 22 + dv.getUint16(i + 20, true) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    const head = await file.slice(0, 4);
    const looksZip = head.length === 4 && new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true) === SIG_LOCAL;
    throw corrupt(looksZip ? "truncated zip: it starts like a zip but has no central directory at its end" : "not a zip archive (no end-of-central-directory record)");
  }
  if (dv.getUint16(eocd + 4, true) !== 0 || dv.getUint16(eocd + 6, true) !== 0) throw corrupt("multi-volume zips are not supported");
  let count = dv.getUint16(eocd + 10, true);
  let cdSize = dv.getUint32(eocd + 12, true);
  let cdOffset = dv.getUint32(eocd + 16, true);
  let recordsStart = size - tailLen + eocd; // where the central directory must end
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || dv.getUint32(loc, true) !== SIG_ZIP64_LOCATOR) throw corrupt("damaged ZIP64 archive (no ZIP64 end-of-central-directory locator)");
    // The ZIP64 record sits right before its locator (every writer puts it there; the locator's own offset would be
    // wrong in an archive with data prepended). The locator's offset is the fallback.
    let at = recordsStart - 20 - 56;
    let rec = at >= 0 ? await file.slice(at, at + 56) : new Uint8Array(0);
    let rv = new DataView(rec.buffer, rec.byteOffset, rec.length);
    if (rec.length < 56 || rv.getUint32(0, true) !== SIG_ZIP64_EOCD) {
      at = u64(dv, loc + 8);
      rec = await file.slice(at, at + 56);
      rv = new DataView(rec.buffer, rec.byteOffset, rec.length);
    }
    if (rec.length < 56 || rv.getUint32(0, true) !== SIG_ZIP64_EOCD) throw corrupt("damaged ZIP64 archive (no ZIP64 end-of-central-directory record)");
    count = u64(rv, 32);
    cdSize = u64(rv, 40);
    cdOffset = u64(rv, 48);
    recordsStart = at;
  }
  if (count > limits.entries) throw new SpyglassError("E_LIMIT", `the zip lists ${count} members, over the limit of ${limits.entries}`, { file: file.path });
  if (cdSize > limits.centralDirectory) throw new SpyglassError("E_LIMIT", `the zip's central directory is ${cdSize} bytes, over the limit of ${limits.centralDirectory}`, { file: file.path });
  const cdStart = recordsStart - cdSize;
  if (cdStart < 0 || cdOffset > cdStart) throw corrupt("truncated or damaged zip: the central directory is not where the archive says");
  // Data prepended to the archive (a self-extractor stub) shifts every offset the records give by the same amount.
  return { cdStart, cdSize, count, prepended: cdStart - cdOffset };
}

export function makeArchive(file: SourceFile, entries: ZipEntry[], skipped: SkippedEntry[], warnings: string[], limits: ZipLimits, spill?: SpillMember): ZipArchive {
  const name = file.path;
  const fail = (code: "E_CORRUPT" | "E_LIMIT", e: ZipEntry, msg: string, cause?: unknown) =>
    new SpyglassError(code, `member "${e.name}": ${msg}`, cause === undefined ? { file: name } : { file: name, cause });
  // Where a member's data starts: after its local header, whose name and extra lengths may differ from the central record.
  const starts = new Map<ZipEntry, Promise<number>>();
  const dataStart = (e: ZipEntry): Promise<number> => {
    if (!starts.has(e)) starts.set(e, localData(e));
    return starts.get(e)!;
  };
  async function localData(e: ZipEntry): Promise<number> {
    const h = await file.slice(e.headerOffset, e.headerOffset + 30);
    const dv = new DataView(h.buffer, h.byteOffset, h.length);
    if (h.length < 30 || dv.getUint32(0, true) !== SIG_LOCAL) throw fail("E_CORRUPT", e, "its local header is missing or damaged (truncated archive?)");
    const start = e.headerOffset + 30 + dv.getUint16(26, true) + dv.getUint16(28, true);
    if (start + e.compressedSize > file.size) throw fail("E_CORRUPT", e, "its data runs past the end of the file (truncated archive)");
    return start;
  }

  function stream(e: ZipEntry): ReadableStream<Uint8Array> {
    if (e.isDir) return new ReadableStream({ start: (c) => c.close() });
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let [out, crc] = [0, 0xffffffff];
    return new ReadableStream<Uint8Array>(
      {
        async pull(ctl) {
          if (!reader) {
            const start = await dataStart(e);
            const raw = rawStream(file, start, start + e.compressedSize, e.method === 0 ? READ_CHUNK : INFLATE_PIECE, () => fail("E_CORRUPT", e, "its data runs past the end of the file (truncated archive)"));
            reader = (e.method === 0 ? raw : inflateStream(raw, "deflate-raw")).getReader();
          }
          let r: ReadableStreamReadResult<Uint8Array>;
          try {
            r = await reader.read();
          } catch (err) {
            throw err instanceof SpyglassError ? err : fail("E_CORRUPT", e, `its deflate data is damaged (${err instanceof Error ? err.message : String(err)})`, err);
          }
          if (r.done) {
            if (out !== e.size) throw fail("E_CORRUPT", e, `it holds ${out} bytes but its header says ${e.size}`);
            if ((crc ^ 0xffffffff) >>> 0 !== e.crc32) throw fail("E_CORRUPT", e, "CRC-32 mismatch (damaged archive)");
            ctl.close();
            return;
          }
          out += r.value.length;
          if (out > e.size) {
            void reader.cancel().catch(() => undefined);
            throw fail("E_LIMIT", e, `it inflates past its declared size of ${e.size} bytes (a zip bomb or a damaged archive)`);
          }
          crc = crc32Update(crc, r.value);
          ctl.enqueue(r.value);
        },
        cancel: (reason) => reader?.cancel(reason).catch(() => undefined),
      },
      { highWaterMark: 0 },
    );
  }

  async function bytes(e: ZipEntry, limit = MAX_WHOLE_FILE): Promise<Uint8Array> {
    if (e.size > limit) throw fail("E_LIMIT", e, `it is ${e.size} bytes, over the ${limit}-byte limit for reading a whole file`);
    return fillFrom(stream(e), new Uint8Array(e.size)); // the stream never yields more than e.size bytes
  }

  /** A deflated member's bytes for random access: inflated once into the scratch space, else into memory (bounded). */
  async function randomAccess(e: ZipEntry, path: string): Promise<Pick<SourceFile, "slice">> {
    const why = "random access to a deflated member needs it inflated whole";
    if (e.size > limits.randomAccess) throw fail("E_LIMIT", e, `it is ${e.size} bytes, over the ${limits.randomAccess}-byte limit (${why})`);
    const spilled = spill && (await spill(`${name}/${path}`, stream(e)));
    if (spilled) return spilled;
    if (e.size > limits.randomAccessInMemory) throw fail("E_LIMIT", e, `it is ${e.size} bytes, over the ${limits.randomAccessInMemory}-byte limit (${why}, in memory here)`);
    const data = await bytes(e, limits.randomAccessInMemory);
    return { slice: async (from, to) => data.subarray(from, to) };
  }

  function memberFile(e: ZipEntry, path = e.name): SourceFile {
    let whole: Promise<Pick<SourceFile, "slice">> | undefined;
    return {
      path,
      size: e.size,
      ...(e.mtime !== undefined ? { mtime: e.mtime } : {}),
      evidence: file.evidence ?? file,
      bytes: (limit?: number) => bytes(e, limit),
      stream: () => stream(e),
      async slice(start, end) {
        const from = Math.max(0, start);
        const to = Math.min(e.size, end);
        if (to <= from) return new Uint8Array(0);
        if (e.method === 0) {
          // Stored: random access straight into the archive (a stored bugreport.zip inside an androidqf zip).
          const base = await dataStart(e);
          return file.slice(base + from, base + to);
        }
        // Deflate has no random access: inflate once (bounded), keep it while this file object lives.
        whole ??= randomAccess(e, path);
        return (await whole).slice(from, to);
      },
    };
  }

  return { name, file, entries, skipped, warnings, stream, bytes, memberFile };
}

/** Bytes [start, end) of a file as a stream of pieces of at most `piece` bytes, read 1 MiB at a time. */
export function rawStream(file: SourceFile, start: number, end: number, piece: number, truncated: () => Error): ReadableStream<Uint8Array> {
  let pos = start;
  let buf: Uint8Array = new Uint8Array(0);
  return new ReadableStream<Uint8Array>(
    {
      async pull(ctl) {
        if (buf.length === 0) {
          if (pos >= end) return ctl.close();
          const want = Math.min(READ_CHUNK, end - pos);
          buf = await file.slice(pos, pos + want);
          if (buf.length < want) throw truncated();
          pos += want;
        }
        const n = Math.min(piece, buf.length);
        ctl.enqueue(buf.subarray(0, n));
        buf = buf.subarray(n);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Reads a stream into `out` (which it must not overflow); a reader loop, since not every browser iterates streams. */
export async function fillFrom(s: ReadableStream<Uint8Array>, out: Uint8Array): Promise<Uint8Array> {
  const reader = s.getReader();
  for (let at = 0; ; ) {
    const r = await reader.read();
    if (r.done) return out;
    out.set(r.value, at);
    at += r.value.length;
  }
}

/** Little-endian unsigned 64-bit value; E_CORRUPT-worthy values beyond 2^53 become Infinity, which every bound refuses. */
export function u64(dv: DataView, at: number): number {
  const v = dv.getUint32(at + 4, true) * 2 ** 32 + dv.getUint32(at, true);
  return Number.isSafeInteger(v) ? v : Infinity;
}

export function dosTime(date: number, time: number): number | undefined {
  if (date === 0) return undefined;
  const ms = Date.UTC(1980 + (date >> 9), ((date >> 5) & 0xf) - 1, date & 0x1f, time >> 11, (time >> 5) & 0x3f, (time & 0x1f) * 2);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

const CP437_HIGH = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Member names: UTF-8 when flagged (bit 11). Unflagged names are CP437 by the spec (as Python's zipfile reads them),
 * but Info-ZIP on Linux writes UTF-8 without the flag, so valid UTF-8 is taken as UTF-8 and only the rest as CP437.
 */
export function decodeName(b: Uint8Array, flaggedUtf8: boolean): string {
  try {
    return utf8.decode(b);
  } catch {
    if (flaggedUtf8) return new TextDecoder("utf-8").decode(b);
    return Array.from(b, (c) => (c < 0x80 ? String.fromCharCode(c) : CP437_HIGH[c - 0x80]!)).join("");
  }
}
