/** Reads Apple property lists (binary "bplist00" and XML) into plain JS values, bounded against hostile input, with no Node imports. */

import { SpyglassError } from "../core/errors.ts";

/** A keyed-archiver object reference (binary type 0x8, XML `CF$UID` dict); a class so it cannot be mistaken for a dict with a "UID" key. */
export class PlistUid {
  readonly UID: number;
  constructor(uid: number) { this.UID = uid; }
}

export type PlistValue =
  | string | number | bigint | boolean | Date | Uint8Array | PlistUid | PlistValue[] | { [k: string]: PlistValue } | null;
export type PlistDict = { [k: string]: PlistValue };

export interface ParsePlistOptions {
  /** Named in every error so a warning says which file was bad. */
  file?: string;
}

/** Hard bounds for hostile input; shared with nskeyed.ts so both layers fail the same way. */
export const PLIST_MAX_OBJECTS = 10_000_000;
export const PLIST_MAX_DEPTH = 512;
/** Milliseconds from 1970-01-01 to 2001-01-01, the Core Foundation epoch. */
export const APPLE_EPOCH_MS = 978_307_200_000;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;
const utf8 = new TextDecoder("utf-8"); // non-fatal: one bad byte becomes U+FFFD instead of losing the whole file
const CHUNK = 8192; // keeps Function.prototype.apply argument counts far below engine limits

/** Assigns an own property even for "__proto__", which a plain `obj[key] =` would turn into a prototype swap. */
export function setKey(obj: PlistDict, key: string, value: PlistValue): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/** Parses a binary or XML plist; throws SpyglassError E_CORRUPT / E_LIMIT and nothing else. */
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

/** Latin-1 (a "latin1" TextDecoder is really windows-1252) or, if wide, UTF-16BE (not every TextDecoder knows "utf-16be",
 *  and lone surrogates must survive as-is); built from chunked code arrays rather than character by character. */
function chars(b: Uint8Array, start: number, units: number, wide: boolean): string {
  const parts: string[] = [];
  for (let u = 0; u < units || u === 0; u += CHUNK) {
    const k = Math.min(CHUNK, units - u);
    const codes = wide ? new Uint16Array(k) : b.subarray(start + u, start + u + k);
    if (wide) for (let j = 0, p = start + 2 * u; j < k; j++, p += 2) codes[j] = ((b[p] as number) << 8) | (b[p + 1] as number);
    parts.push(String.fromCharCode.apply(null, codes as unknown as number[]));
  }
  return parts.length === 1 ? (parts[0] as string) : parts.join("");
}

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

// ---------------------------------------------------------------- XML

function decodeXmlBytes(b: Uint8Array): string {
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder("utf-16le").decode(b.subarray(2));
  return b[0] === 0xfe && b[1] === 0xff ? chars(b, 2, (b.length - 2) >> 1, true) : utf8.decode(b); // utf8 strips its BOM
}

const NAME = /[A-Za-z_][\w.:-]*/y;
const END_TAG = /<\/([A-Za-z_][\w.:-]*)\s*>/y;
const ENTITY = /&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/g;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const LEAVES = new Set(["key", "string", "integer", "real", "date", "data", "true", "false"]);

type Frame =
  | { kind: "plist"; value: PlistValue; has: boolean }
  | { kind: "array"; items: PlistValue[] }
  | { kind: "dict"; obj: PlistDict; key: string | undefined };

/** A flat tokenizer with an explicit frame stack: nesting costs heap, never call stack, and is capped at PLIST_MAX_DEPTH. */
function parseXml(src: string, file: string | undefined): PlistValue {
  const fail = (msg: string, code: "E_CORRUPT" | "E_LIMIT" = "E_CORRUPT"): never => {
    throw new SpyglassError(code, `XML plist: ${msg}`, { file });
  };
  const n = src.length;
  const stack: Frame[] = [];
  let [i, depth, objects] = [0, 0, 0]; // depth counts open array/dict frames
  let [root, hasRoot]: [PlistValue, boolean] = [null, false];

  const skipPast = (terminator: string, what: string): void => {
    const e = src.indexOf(terminator, i);
    i = e < 0 ? fail(`unterminated ${what}`) : e + terminator.length;
  };
  // Finds the '>' closing a tag or declaration, skipping quoted values and (for <!DOCTYPE) a [...] internal
  // subset, which is skipped and never interpreted: no entity expansion, so no entity bombs.
  const tagEnd = (from: number): number => {
    let [bracket, quote] = [0, 0];
    for (let k = from; k < n; k++) {
      const c = src.charCodeAt(k);
      if (quote) quote = c === quote ? 0 : quote;
      else if (c === 34 || c === 39) quote = c;
      else if (c === 91 || c === 93) bracket += c === 91 ? 1 : -1;
      else if (c === 62 && bracket <= 0) return k;
    }
    return fail("unterminated tag or declaration");
  };
  const entities = (s: string): string =>
    s.indexOf("&") < 0
      ? s
      : s.replace(ENTITY, (_m, e: string) => {
          if (e.charCodeAt(0) !== 35) return NAMED[e] ?? fail(`unknown entity &${e};`);
          const cp = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
          return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : fail(`bad character reference &${e};`);
        });
  const readEndTag = (): string => {
    END_TAG.lastIndex = i;
    const name = END_TAG.exec(src)?.[1] ?? fail(`malformed end tag at offset ${i}`);
    return (i = END_TAG.lastIndex), name;
  };
  // Text content of a leaf element up to its end tag: entities decoded, CDATA literal, comments dropped.
  const readText = (name: string): string => {
    const parts: string[] = [];
    for (;;) {
      const lt = src.indexOf("<", i);
      if (lt < 0) fail(`unterminated <${name}>`);
      if (lt > i) parts.push(entities(src.slice(i, lt)));
      i = lt;
      if (src.startsWith("<![CDATA[", i)) {
        const e = src.indexOf("]]>", i + 9);
        if (e < 0) fail("unterminated CDATA");
        parts.push(src.slice(i + 9, e));
        i = e + 3;
      } else if (src.startsWith("<!--", i)) skipPast("-->", "comment");
      else if (!src.startsWith("</", i)) fail(`unexpected element inside <${name}>`);
      else if (readEndTag() !== name) fail(`mismatched end tag inside <${name}>`);
      else return parts.length === 1 ? (parts[0] as string) : parts.join("");
    }
  };

  const add = (v: PlistValue): void => {
    if (++objects > PLIST_MAX_OBJECTS) fail(`more than ${PLIST_MAX_OBJECTS} objects`, "E_LIMIT");
    const f = stack[stack.length - 1];
    if (!f) {
      if (hasRoot) fail("more than one top-level value");
      [root, hasRoot] = [v, true];
    } else if (f.kind === "array") f.items.push(v);
    else if (f.kind === "dict") {
      if (f.key === undefined) fail("dict value without a <key>");
      setKey(f.obj, f.key as string, v);
      f.key = undefined;
    } else {
      if (f.has) fail("<plist> holds more than one value");
      [f.value, f.has] = [v, true];
    }
  };

  const open = (name: string, selfClosing: boolean): void => {
    if (name === "plist") {
      if (stack.length || hasRoot || selfClosing) fail("misplaced or empty <plist>");
      stack.push({ kind: "plist", value: null, has: false });
    } else if (name === "array" || name === "dict") {
      if (selfClosing) return add(name === "array" ? [] : {});
      if (++depth > PLIST_MAX_DEPTH) fail(`nesting deeper than ${PLIST_MAX_DEPTH}`, "E_LIMIT");
      stack.push(name === "array" ? { kind: "array", items: [] } : { kind: "dict", obj: {}, key: undefined });
    } else if (!LEAVES.has(name)) fail(`unknown element <${name}>`);
    else if (name !== "key") add(leafValue(name, selfClosing ? "" : readText(name), fail));
    else {
      const f = stack[stack.length - 1];
      if (f?.kind !== "dict" || f.key !== undefined) return fail("misplaced <key>");
      f.key = selfClosing ? "" : readText(name);
    }
  };

  const close = (name: string): void => {
    const f = stack.pop();
    if (!f || f.kind !== name) return fail(`unexpected </${name}>`);
    if (f.kind === "plist") {
      if (!f.has) fail("empty <plist>");
      return void ([root, hasRoot] = [f.value, true]);
    }
    depth--;
    if (f.kind === "array") return add(f.items);
    if (f.key !== undefined) fail(`<key>${f.key.slice(0, 40)}</key> without a value`);
    // CF writes keyed-archiver references in XML as <dict><key>CF$UID</key><integer>N</integer></dict>.
    const uid = f.obj["CF$UID"];
    if (typeof uid === "number" && Number.isInteger(uid) && uid >= 0 && Object.keys(f.obj).length === 1) return add(new PlistUid(uid));
    add(f.obj);
  };

  for (;;) {
    const lt = src.indexOf("<", i);
    if (!/^\s*$/.test(src.slice(i, lt < 0 ? n : lt))) fail(`unexpected text at offset ${i}`);
    if (lt < 0) break;
    i = lt;
    if (src.startsWith("<?", i)) skipPast("?>", "processing instruction");
    else if (src.startsWith("<!--", i)) skipPast("-->", "comment");
    else if (src.startsWith("<!", i)) i = tagEnd(i + 2) + 1;
    else if (src.startsWith("</", i)) close(readEndTag());
    else {
      NAME.lastIndex = i + 1;
      const name = NAME.exec(src)?.[0] ?? fail(`malformed tag at offset ${i}`);
      const j = tagEnd(NAME.lastIndex);
      i = j + 1;
      open(name, src.charCodeAt(j - 1) === 47);
    }
  }
  if (stack.length) fail("unexpected end of document");
  if (!hasRoot) fail("no value");
  return root;
}

function leafValue(name: string, raw: string, fail: (msg: string) => never): PlistValue {
  const t = raw.trim();
  switch (name) {
    case "string":
      return raw;
    case "true": case "false":
      return t === "" ? name === "true" : fail(`<${name}> must be empty`);
    case "integer": {
      // 40 characters hold any 128-bit value and keep BigInt() away from megabyte-long digit strings.
      if (t.length > 40 || !/^[+-]?([0-9]+|0x[0-9a-f]+)$/i.test(t)) fail(`bad integer "${t.slice(0, 40)}"`);
      const mag = BigInt(t.replace(/^[+-]/, "")); // BigInt() rejects a sign in front of "0x"
      const big = t[0] === "-" ? -mag : mag;
      return big >= MIN_SAFE && big <= MAX_SAFE ? Number(big) : big;
    }
    case "real": {
      const r = t.toLowerCase();
      if (r === "nan") return NaN;
      if (/^[+-]?inf(inity)?$/.test(r)) return r[0] === "-" ? -Infinity : Infinity;
      if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)(e[+-]?[0-9]+)?$/.test(r)) fail(`bad real "${t.slice(0, 40)}"`);
      return Number(r);
    }
    case "date": {
      const m = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(t);
      // A zone-less timestamp would otherwise be read in the host's local zone; plists mean UTC.
      const d = m ? new Date(m[2] ? t : `${t}Z`) : undefined;
      return d && !Number.isNaN(d.getTime()) ? d : fail(`bad date "${t.slice(0, 40)}"`);
    }
    case "data": {
      let bin = "";
      try { bin = atob(raw.replace(/\s+/g, "")); } catch { fail("bad base64 in <data>"); }
      const out = new Uint8Array(bin.length);
      for (let k = 0; k < bin.length; k++) out[k] = bin.charCodeAt(k);
      return out;
    }
  }
  return fail(`unknown element <${name}>`);
}

/** True for a plist dictionary (not an array, date, data or UID). */
export function isPlistDict(v: unknown): v is { [k: string]: PlistValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array) && !(v instanceof PlistUid);
}
