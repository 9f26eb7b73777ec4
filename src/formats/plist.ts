/** Reads Apple property lists (binary "bplist00" and XML) into plain JS values, bounded against hostile input, with no Node imports. */

import { SpyglassError } from "../core/errors.ts";
import type { SourceFile } from "../core/source.ts";
import { APPLE_EPOCH_MS, chars, MAX_SAFE, MIN_SAFE, PLIST_MAX_BYTES, PLIST_MAX_DEPTH, PLIST_MAX_OBJECTS, PlistUid, setKey, utf8, type PlistDict, type PlistValue } from "./plist-value.ts";
import { decodeXmlBytes, parseXml } from "./plist-xml.ts";

export { APPLE_EPOCH_MS, isPlistDict, PLIST_MAX_BYTES, PLIST_MAX_DEPTH, PLIST_MAX_OBJECTS, PlistUid, setKey, type PlistDict, type PlistValue } from "./plist-value.ts";

export interface ParsePlistOptions {
  /** Named in every error so a warning says which file was bad. */
  file?: string;
}

/** Parses a binary or XML plist; throws SpyglassError E_CORRUPT / E_LIMIT and nothing else. */
/** Reads and parses a whole plist file; one over PLIST_MAX_BYTES is refused unread (E_LIMIT naming it). */
export async function readWholePlist(file: Pick<SourceFile, "size" | "bytes">, name: string): Promise<PlistValue> {
  if (file.size > PLIST_MAX_BYTES) throw new SpyglassError("E_LIMIT", `${file.size} bytes, over the ${PLIST_MAX_BYTES / 1024 / 1024} MiB limit for a plist: not read`, { file: name });
  return parsePlist(await file.bytes(PLIST_MAX_BYTES), { file: name });
}

export function parsePlist(bytes: Uint8Array, opts: ParsePlistOptions = {}): PlistValue {
  const file = opts.file;
  try {
    if (startsWithAscii(bytes, "bplist00")) return parseBinary(bytes, file);
    if (startsWithAscii(bytes, "bplist")) throw new SpyglassError("E_CORRUPT", "unsupported binary plist version", { file });
    const text = decodeXmlBytes(bytes);
    if (!/^\s*</.test(text)) throw new SpyglassError("E_CORRUPT", "not a property list", { file });
    return parseXml(text, file);
  } catch (err) {
    // Safety net: whatever slipped past the explicit checks (a RangeError, a stack overflow) still surfaces as corruption.
    if (err instanceof SpyglassError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    throw new SpyglassError("E_CORRUPT", `malformed plist: ${msg}`, { file, cause: err });
  }
}

const startsWithAscii = (b: Uint8Array, s: string): boolean => b.length >= s.length && [...s].every((c, i) => b[i] === c.charCodeAt(0));

// ---------------------------------------------------------------- binary

function parseBinary(input: Uint8Array, file: string | undefined): PlistValue {
  // A plain view: a Node Buffer's slice() would alias instead of copy, and its subarray() is slower.
  const b = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const fail = (msg: string, code: "E_CORRUPT" | "E_LIMIT" = "E_CORRUPT"): never => {
    throw new SpyglassError(code, `binary plist: ${msg}`, { file });
  };
  if (b.length < 42) fail("file too short"); // header (8) + one object byte + one offset byte + trailer (32)
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const end = b.length - 32; // objects and offset table must lie before the trailer

  // Big-endian unsigned of 1..8 bytes; above 2^53 it is imprecise, so callers range-check the result.
  const readUint = (p: number, size: number): number => {
    let v = 0;
    for (let i = 0; i < size; i++) v = v * 256 + (b[p + i] as number);
    return v;
  };

  // Trailer: 6 unused bytes, offset int size, object ref size, then three 8-byte BE fields.
  const [offSize, refSize] = [b[end + 6] as number, b[end + 7] as number];
  const [numObjects, top, tableOff] = [readUint(end + 8, 8), readUint(end + 16, 8), readUint(end + 24, 8)];
  if (offSize < 1 || offSize > 8) fail(`bad offset size ${offSize}`);
  if (refSize < 1 || refSize > 8) fail(`bad object reference size ${refSize}`);
  if (numObjects > PLIST_MAX_OBJECTS) fail(`${numObjects} objects exceeds the limit of ${PLIST_MAX_OBJECTS}`, "E_LIMIT");
  if (numObjects < 1) fail("no objects");
  if (top >= numObjects) fail("top object out of range");
  if (tableOff < 9 || tableOff + numObjects * offSize > end) fail("offset table outside the file");

  const offsetOf = (ref: number): number => {
    const o = readUint(tableOff + ref * offSize, offSize);
    if (o < 8 || o >= end) fail(`object ${ref} offset ${o} outside the file`);
    return o;
  };
  const readRef = (p: number): number => {
    const r = refSize === 1 ? (b[p] as number) : refSize === 2 ? ((b[p] as number) << 8) | (b[p + 1] as number) : readUint(p, refSize);
    if (r >= numObjects) fail(`object reference ${r} out of range`);
    return r;
  };
  const need = (p: number, len: number): void => void (len >= 0 && p + len <= end ? 0 : fail("object extends past the object area"));

  // Containers and long strings are cached so a shared object is decoded once: without this, many refs to one big
  // object, or a DAG of fan-outs, would cost exponential time (small scalars are cheaper to decode again than to
  // cache). state[ref]: 1 = a container being decoded, so meeting it again is a cycle; 2 = in the cache.
  const cache = new Map<number, PlistValue>();
  const state = new Uint8Array(numObjects);
  let cursor = 0; // first byte after the header that count() just read

  // An object's element/byte count: inline in the low nibble, or nibble 0xF and then an int object.
  const count = (off: number, info: number): number => {
    cursor = off + 1;
    if (info !== 15) return info;
    need(off + 1, 1);
    const m = b[off + 1] as number;
    if (m >> 4 !== 1 || (m & 15) > 3) fail("bad length marker");
    const size = 1 << (m & 15);
    need(off + 2, size);
    cursor = off + 2 + size;
    return readUint(off + 2, size);
  };

  const decode = (ref: number, depth: number): PlistValue => {
    if (state[ref] === 2) return cache.get(ref) as PlistValue;
    if (state[ref] === 1) fail(`reference cycle through object ${ref}`);
    const off = offsetOf(ref);
    const marker = b[off] as number, info = marker & 15, p = off + 1;
    let v: PlistValue;
    switch (marker >> 4) {
      case 0x0: // 0x00 null, 0x08 false, 0x09 true, 0x0F fill (carries no value)
        v = info === 8 ? false : info === 9 ? true : info === 0 || info === 15 ? null : fail(`bad marker 0x${marker.toString(16)}`);
        break;
      case 0x1: {
        if (info > 4) fail("bad integer size");
        const size = 1 << info;
        need(p, size);
        if (size <= 4) v = size === 1 ? (b[p] as number) : size === 2 ? dv.getUint16(p) : dv.getUint32(p);
        else {
          // 8 bytes are signed; 16 bytes are what CF writes for unsigned values above INT64_MAX.
          const big = size === 8 ? dv.getBigInt64(p) : (dv.getBigInt64(p) << 64n) | dv.getBigUint64(p + 8);
          v = big >= MIN_SAFE && big <= MAX_SAFE ? Number(big) : big;
        }
        break;
      }
      case 0x2:
        if (info !== 2 && info !== 3) fail("bad real size");
        need(p, 1 << info);
        v = info === 2 ? dv.getFloat32(p) : dv.getFloat64(p);
        break;
      case 0x3:
        if (info !== 3) fail("bad date size");
        need(p, 8);
        v = new Date(APPLE_EPOCH_MS + dv.getFloat64(p) * 1000);
        break;
      case 0x4: case 0x5: case 0x6: case 0x7: { // data, ASCII, UTF-16BE (count is code units), UTF-8
        const [type, n] = [marker >> 4, count(off, info)];
        need(cursor, type === 0x6 ? n * 2 : n);
        if (type === 0x4) v = b.slice(cursor, cursor + n); // a copy: never pins or aliases the input buffer
        else v = type === 0x7 ? utf8.decode(b.subarray(cursor, cursor + n)) : chars(b, cursor, n, type === 0x6);
        break;
      }
      case 0x8: {
        const size = info + 1;
        need(p, size);
        const uid = readUint(p, size);
        if (size > 8 || uid > Number.MAX_SAFE_INTEGER) fail("UID too large");
        v = new PlistUid(uid);
        break;
      }
      case 0xa: case 0xb: case 0xc: case 0xd: { // array, ordered set, set (all become arrays); dict
        const [isDict, n] = [marker >> 4 === 0xd, count(off, info)];
        const start = cursor;
        need(start, (isDict ? 2 : 1) * n * refSize); // a dict holds n key refs, then n value refs
        if (depth >= PLIST_MAX_DEPTH) fail(`nesting deeper than ${PLIST_MAX_DEPTH}`, "E_LIMIT");
        state[ref] = 1;
        if (isDict) {
          const obj: PlistDict = {};
          for (let i = 0; i < n; i++) {
            const k = decode(readRef(start + i * refSize), depth + 1);
            if (typeof k !== "string") fail("dictionary key is not a string");
            setKey(obj, k as string, decode(readRef(start + (n + i) * refSize), depth + 1));
          }
          v = obj;
        } else {
          const arr: PlistValue[] = new Array(n);
          for (let i = 0; i < n; i++) arr[i] = decode(readRef(start + i * refSize), depth + 1);
          v = arr;
        }
        state[ref] = 0;
        break;
      }
      default:
        return fail(`unknown object type 0x${marker.toString(16)}`);
    }
    if (typeof v === "object" ? v !== null && !(v instanceof Date) : typeof v === "string" && v.length > 64) {
      cache.set(ref, v);
      state[ref] = 2;
    }
    return v;
  };

  return decode(top, 0);
}
