/**
 * A store-only zip writer (no compression, no ZIP64): the page's "download results" zips a results folder held in
 * memory. Store-only because the files are already in memory and a browser has no synchronous deflate; a results
 * folder over 4 GiB (ZIP32's bound) cannot be held in a tab anyway, and is refused with E_LIMIT.
 */
import { SpyglassError } from "../core/errors.ts";
import { crc32Update } from "./crc32.ts";

/** One file: its bytes in pieces of any kind the caller can join (arrays, Blobs), with their size and CRC-32. */
export interface ZipInput<P> {
  /** The name in the archive ("/"-separated, no leading "/"). */
  readonly name: string;
  readonly size: number;
  /** CRC-32 of the bytes (see crcOf), counted as they were written: pieces kept out of memory are not read back. */
  readonly crc: number;
  readonly parts: readonly P[];
}

/** Size and CRC-32 of bytes in pieces. */
export function crcOf(pieces: readonly Uint8Array[]): { size: number; crc: number } {
  let crc = 0xffffffff;
  let size = 0;
  for (const p of pieces) {
    crc = crc32Update(crc, p);
    size += p.length;
  }
  return { size, crc: (crc ^ 0xffffffff) >>> 0 };
}

/** ZIP32 offsets and sizes are 32-bit. */
const MAX_ZIP32 = 0xffffffff;
/** Bit 11: names are UTF-8. */
const UTF8_FLAG = 0x0800;

/** MS-DOS date and time (2-second resolution, local fields taken as UTC so the zip is the same everywhere). */
function dosTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getUTCFullYear());
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

/** The zip in pieces: its headers, and the files' own pieces uncopied (a Blob or a concatenation joins them). */
export function zipStore<P = Uint8Array>(files: readonly ZipInput<P>[], modified: Date): (Uint8Array | P)[] {
  const { time, date } = dosTime(modified);
  const parts: (Uint8Array | P)[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const f of files) {
    const name = new TextEncoder().encode(f.name);
    const { size, crc } = f;
    if (size > MAX_ZIP32 || offset + size + 30 + name.length > MAX_ZIP32) throw new SpyglassError("E_LIMIT", "the results are over 4 GiB: too large for one zip (use the command line)", { file: f.name });
    const local = new Uint8Array(30 + name.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true); // version needed: 2.0
    l.setUint16(6, UTF8_FLAG, true);
    l.setUint16(8, 0, true); // stored
    l.setUint16(10, time, true);
    l.setUint16(12, date, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, size, true);
    l.setUint32(22, size, true);
    l.setUint16(26, name.length, true);
    local.set(name, 30);
    const entry = new Uint8Array(46 + name.length);
    const c = new DataView(entry.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true); // made by: 2.0 (MS-DOS attributes)
    c.setUint16(6, 20, true);
    c.setUint16(8, UTF8_FLAG, true);
    c.setUint16(10, 0, true);
    c.setUint16(12, time, true);
    c.setUint16(14, date, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, size, true);
    c.setUint32(24, size, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, offset, true);
    entry.set(name, 46);
    central.push(entry);
    parts.push(local, ...f.parts);
    offset += local.length + size;
  }
  const centralSize = central.reduce((n, e) => n + e.length, 0);
  if (files.length > 0xffff || offset + centralSize > MAX_ZIP32) throw new SpyglassError("E_LIMIT", "the results are too large for one zip (use the command line)");
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, files.length, true);
  e.setUint16(10, files.length, true);
  e.setUint32(12, centralSize, true);
  e.setUint32(16, offset, true);
  return [...parts, ...central, end];
}

/** Pieces joined into one array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
