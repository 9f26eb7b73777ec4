/** Decodes Apple archives into plain values: NSKeyedArchiver plists, and the message text inside legacy NSArchiver "typedstream" blobs. */

import { SpyglassError } from "../core/errors.ts";
import { APPLE_EPOCH_MS, PLIST_MAX_DEPTH, PLIST_MAX_OBJECTS, PlistUid, setKey } from "./plist.ts";
import type { PlistDict, PlistValue } from "./plist.ts";

export interface UnarchiveOptions {
  /** Named in every error so a warning says which file was bad. */
  file?: string;
}

const isDict = (v: PlistValue | undefined): v is PlistDict =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof PlistUid) && !(v instanceof Date) && !(v instanceof Uint8Array);

const corrupt = (msg: string, opts: UnarchiveOptions): SpyglassError => new SpyglassError("E_CORRUPT", `NSKeyedArchiver: ${msg}`, { file: opts.file });

/** The archive's `$objects` table, checked to be an array within the object limit. */
export function keyedObjects(root: PlistValue, opts: UnarchiveOptions = {}): PlistValue[] {
  if (!isDict(root)) throw corrupt("archive is not a dictionary", opts);
  const objects = root["$objects"];
  if (!Array.isArray(objects)) throw corrupt("missing $objects array", opts);
  if (objects.length > PLIST_MAX_OBJECTS) {
    throw new SpyglassError("E_LIMIT", `NSKeyedArchiver: ${objects.length} objects exceeds the limit`, { file: opts.file });
  }
  return objects;
}

/** One hop: a UID becomes the `$objects` entry it points to ("$null" → null); anything else is returned unchanged. */
export function resolveUid(objects: PlistValue[], value: PlistValue, opts: UnarchiveOptions = {}): PlistValue {
  if (!(value instanceof PlistUid)) return value;
  if (value.UID >= objects.length) throw corrupt(`UID ${value.UID} out of range`, opts);
  const v = objects[value.UID] as PlistValue;
  return v === "$null" ? null : v;
}

/** Fully resolves an NSKeyedArchiver plist into plain values; throws SpyglassError E_CORRUPT / E_LIMIT on hostile input. */
export function unarchiveNSKeyed(root: PlistValue, opts: UnarchiveOptions = {}): PlistValue {
  const objects = keyedObjects(root, opts);
  const archive = root as PlistDict;
  const archiver = archive["$archiver"];
  if (archiver !== undefined && archiver !== "NSKeyedArchiver") throw corrupt(`unexpected $archiver ${String(archiver)}`, opts);
  const top = archive["$top"];
  if (!isDict(top)) throw corrupt("missing $top dictionary", opts);

  // Each $objects index is decoded once and shared, so fan-out cannot explode; `active` holds the indices being
  // decoded, so an archive whose object graph loops back on itself is reported rather than recursed into forever.
  const cache = new Map<number, PlistValue>();
  const active = new Set<number>();
  const tooDeep = (): never => {
    throw new SpyglassError("E_LIMIT", `NSKeyedArchiver: nesting deeper than ${PLIST_MAX_DEPTH}`, { file: opts.file });
  };

  // Inline containers are memoised by identity too: the plist parser shares repeated objects, so a hostile
  // file can nest shared arrays whose naive expansion would take exponential time.
  const inline = new WeakMap<object, PlistValue>();

  // A value held inside an object: UIDs are followed (one level deeper), inline arrays and dicts resolved element-wise.
  const value = (v: PlistValue, depth: number): PlistValue => {
    if (v instanceof PlistUid) return object(v.UID, depth + 1);
    if (!Array.isArray(v) && !isDict(v)) return v;
    if (depth >= PLIST_MAX_DEPTH) tooDeep();
    let r = inline.get(v);
    if (r === undefined) inline.set(v, (r = Array.isArray(v) ? v.map((x) => value(x, depth + 1)) : fields(v, depth + 1)));
    return r;
  };
  const fields = (d: PlistDict, depth: number): PlistDict => {
    const out: PlistDict = {};
    for (const k of Object.keys(d)) if (k !== "$class") setKey(out, k, value(d[k] as PlistValue, depth));
    return out;
  };
  const list = (v: PlistValue | undefined, depth: number): PlistValue[] => {
    const r = v instanceof PlistUid ? objects[v.UID] : v; // NS.objects may itself sit behind a UID
    if (!Array.isArray(r)) throw corrupt("collection without an array of members", opts);
    return r.map((x) => value(x, depth));
  };

  const object = (uid: number, depth: number): PlistValue => {
    const hit = cache.get(uid);
    if (hit !== undefined) return hit;
    if (depth >= PLIST_MAX_DEPTH) tooDeep();
    if (uid >= objects.length) throw corrupt(`UID ${uid} out of range`, opts);
    if (active.has(uid)) throw corrupt(`reference cycle through object ${uid}`, opts);
    const raw = objects[uid] as PlistValue;
    active.add(uid);
    const v = raw === "$null" ? null : isDict(raw) ? decodeObject(raw, depth) : value(raw, depth);
    active.delete(uid);
    cache.set(uid, v);
    return v;
  };

  const decodeObject = (d: PlistDict, depth: number): PlistValue => {
    const cls = d["$class"];
    if (!(cls instanceof PlistUid)) return fields(d, depth);
    // The class chain ($classes) lets a custom subclass of NSDictionary etc. decode as its known ancestor.
    const meta = cls.UID < objects.length ? objects[cls.UID] : undefined;
    const names = isDict(meta) ? meta["$classes"] ?? [meta["$classname"] ?? null] : [];
    for (const name of Array.isArray(names) ? names : []) {
      switch (name) {
        case "NSDictionary":
        case "NSMutableDictionary": {
          const keys = list(d["NS.keys"], depth);
          const vals = list(d["NS.objects"], depth);
          if (keys.length !== vals.length) throw corrupt("NS.keys and NS.objects differ in length", opts);
          const out: PlistDict = {};
          // Keys are nearly always strings; numbers and the like are stringified, containers refused.
          keys.forEach((k, i) => {
            if (typeof k === "object" && k !== null) throw corrupt("dictionary key is not a string", opts);
            setKey(out, String(k), vals[i] as PlistValue);
          });
          return out;
        }
        case "NSArray":
        case "NSMutableArray":
        case "NSSet":
        case "NSMutableSet":
        case "NSOrderedSet":
        case "NSMutableOrderedSet":
          return list(d["NS.objects"], depth);
        case "NSString":
        case "NSMutableString":
          return value(d["NS.string"] ?? null, depth);
        case "NSData":
        case "NSMutableData":
          return value(d["NS.data"] ?? null, depth);
        case "NSDate": {
          const t = value(d["NS.time"] ?? null, depth);
          if (typeof t !== "number") throw corrupt("NSDate without a numeric NS.time", opts);
          return new Date(APPLE_EPOCH_MS + t * 1000);
        }
        case "NSURL": {
          const rel = value(d["NS.relative"] ?? null, depth);
          const base = value(d["NS.base"] ?? null, depth);
          if (typeof rel !== "string") return rel;
          if (typeof base !== "string") return rel;
          // URL is a Web-standard global; an unparsable base falls back to plain joining rather than failing.
          try {
            return new URL(rel, base).href;
          } catch {
            return base + rel;
          }
        }
      }
    }
    return fields(d, depth);
  };

  if ("root" in top) return value(top["root"] as PlistValue, 0);
  return value(top, 0); // archives with other top-level keys ($0, or several) come back as a dict of them
}

// ---------------------------------------------------------------- typedstream

const NSSTRING = new TextEncoder().encode("NSString");
const utf8 = new TextDecoder("utf-8");

/**
 * The text of an iOS sms.db `attributedBody` blob: an NSAttributedString written by the legacy NSArchiver
 * ("typedstream"). The layout this relies on, as iOS writes it:
 *
 *   04 0B "streamtyped"          version 4, then the 11-byte signature
 *   81 E8 03                     system version 1000 (0x81 = a 16-bit little-endian integer follows)
 *   84 01 40                     a new type string of length 1: "@", an object
 *   84 84 84 12 "NSAttributedString" 00   class name (length-prefixed) and class version 0
 *   84 84 08 "NSObject" 00 85     its superclass, then 0x85 = end of the class chain
 *   92 84 84 84 08 "NSString" 01  the first field: an NSString object (class version 1)
 *   94 84 01 2B                   0x94 closes the class chain; a type string of length 1: "+", C string bytes
 *   LEN                           < 0x80: one byte; 0x81: 2 bytes LE follow; 0x82: 4 bytes LE follow
 *   LEN bytes of UTF-8            the message text
 *
 * Only the first NSString matters: it is the attributed string's plain text; attributes follow it.
 * Returns undefined when the blob does not have this shape or the length runs past its end.
 */
export function decodeTypedStreamString(bytes: Uint8Array): string | undefined {
  const at = indexOf(bytes, NSSTRING);
  if (at < 0) return undefined;
  // The '+' type marker follows within a few bytes (class version, chain terminator, type-string prefix).
  let p = at + NSSTRING.length;
  const stop = Math.min(bytes.length, p + 16);
  while (p < stop && bytes[p] !== 0x2b) p++;
  if (p >= stop) return undefined;
  p++;
  const lead = bytes[p];
  let len: number;
  if (lead === undefined) return undefined;
  if (lead < 0x80) [len, p] = [lead, p + 1];
  else if (lead === 0x81 && p + 3 <= bytes.length) [len, p] = [(bytes[p + 1] as number) | ((bytes[p + 2] as number) << 8), p + 3];
  else if (lead === 0x82 && p + 5 <= bytes.length) {
    const b = (k: number) => bytes[p + k] as number;
    [len, p] = [(b(1) | (b(2) << 8) | (b(3) << 16)) + b(4) * 0x1000000, p + 5];
  } else return undefined;
  if (p + len > bytes.length) return undefined;
  return utf8.decode(bytes.subarray(p, p + len));
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  const first = needle[0] as number;
  for (let i = hay.indexOf(first); i >= 0 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}
