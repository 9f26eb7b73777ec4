/** Binary and XML plist writers and NSKeyedArchiver structures (decrypt-backup output, test fixtures); runtime-agnostic like the reader. */

import { APPLE_EPOCH_MS, PlistUid } from "./plist.ts";
import type { PlistDict, PlistValue } from "./plist.ts";

const isDict = (v: PlistValue): v is PlistDict =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof PlistUid) && !(v instanceof Date) && !(v instanceof Uint8Array);

// ---------------------------------------------------------------- binary

export interface AssembleOptions {
  /** Which object is the root; default 0. */
  top?: number;
  /** Bytes per object reference inside containers; default 1 when it fits, else 2 or 4. */
  refSize?: number;
  /** Bytes per offset-table entry; default the smallest that fits. */
  offsetSize?: number;
  /** Overrides the object count written in the trailer (hostile-input tests). */
  numObjects?: number | bigint;
  /** Overrides the offset-table position written in the trailer (hostile-input tests). */
  offsetTableOffset?: number | bigint;
}

/** Wraps pre-encoded objects (marker byte onward) into a bplist00 file: header, objects, offset table, trailer. */
export function assembleBplist(objects: Uint8Array[], opts: AssembleOptions = {}): Uint8Array {
  const offsets: number[] = [];
  let pos = 8;
  for (const o of objects) {
    offsets.push(pos);
    pos += o.length;
  }
  const tableOff = pos;
  const offSize = opts.offsetSize ?? bytesFor(tableOff);
  const out = new Uint8Array(tableOff + offsets.length * offSize + 32);
  out.set(new TextEncoder().encode("bplist00"), 0);
  objects.forEach((o, i) => out.set(o, offsets[i] as number));
  offsets.forEach((o, i) => writeUintBE(out, tableOff + i * offSize, offSize, o));
  const dv = new DataView(out.buffer);
  const t = out.length - 32;
  out[t + 6] = offSize;
  out[t + 7] = opts.refSize ?? bytesFor(objects.length - 1);
  dv.setBigUint64(t + 8, BigInt(opts.numObjects ?? objects.length));
  dv.setBigUint64(t + 16, BigInt(opts.top ?? 0));
  dv.setBigUint64(t + 24, BigInt(opts.offsetTableOffset ?? tableOff));
  return out;
}

const bytesFor = (max: number): number => (max < 0x100 ? 1 : max < 0x10000 ? 2 : 4);

function writeUintBE(out: Uint8Array, at: number, size: number, v: number): void {
  for (let i = size - 1; i >= 0; i--, v = Math.floor(v / 256)) out[at + i] = v % 256;
}

/** Marker byte plus length: inline in the low nibble below 15, else nibble 0xF and an int object. */
function header(type: number, n: number): number[] {
  if (n < 15) return [(type << 4) | n];
  if (n < 0x100) return [(type << 4) | 15, 0x10, n];
  if (n < 0x10000) return [(type << 4) | 15, 0x11, n >> 8, n & 255];
  return [(type << 4) | 15, 0x12, (n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The smallest of CF's integer forms: 1, 2, 4 bytes unsigned, 8 bytes signed, 16 bytes for unsigned above INT64_MAX. */
function encodeInt(v: bigint): Uint8Array {
  if (v >= 0n && v < 0x100n) return new Uint8Array([0x10, Number(v)]);
  if (v >= 0n && v < 0x10000n) return new Uint8Array([0x11, Number(v >> 8n), Number(v & 255n)]);
  if (v >= 0n && v < 0x1_0000_0000n) {
    const out = new Uint8Array(5);
    out[0] = 0x12;
    new DataView(out.buffer).setUint32(1, Number(v));
    return out;
  }
  if (v >= -(2n ** 63n) && v < 2n ** 63n) {
    const out = new Uint8Array(9);
    out[0] = 0x13;
    new DataView(out.buffer).setBigInt64(1, v);
    return out;
  }
  if (v < 0n || v >= 2n ** 64n) throw new RangeError(`integer ${v} does not fit a plist`);
  const out = new Uint8Array(17);
  out[0] = 0x14;
  new DataView(out.buffer).setBigUint64(9, v);
  return out;
}

function encodeScalar(v: PlistValue): Uint8Array {
  if (v === null) return new Uint8Array([0x00]);
  if (typeof v === "boolean") return new Uint8Array([v ? 0x09 : 0x08]);
  if (typeof v === "bigint") return encodeInt(v);
  if (typeof v === "number") {
    if (Number.isInteger(v) && !Object.is(v, -0)) return encodeInt(BigInt(v));
    const out = new Uint8Array(9);
    out[0] = 0x23;
    new DataView(out.buffer).setFloat64(1, v);
    return out;
  }
  if (v instanceof Date) {
    const out = new Uint8Array(9);
    out[0] = 0x33;
    new DataView(out.buffer).setFloat64(1, (v.getTime() - APPLE_EPOCH_MS) / 1000);
    return out;
  }
  if (v instanceof Uint8Array) return new Uint8Array([...header(0x4, v.length), ...v]);
  if (v instanceof PlistUid) {
    const size = bytesFor(v.UID);
    const out = new Uint8Array(1 + size);
    out[0] = 0x80 | (size - 1);
    writeUintBE(out, 1, size, v.UID);
    return out;
  }
  if (typeof v === "string") {
    // ASCII as type 0x5, everything else as UTF-16BE (0x6) with the length counted in code units.
    if (/^[\x00-\x7f]*$/.test(v)) return new Uint8Array([...header(0x5, v.length), ...Array.from(v, (c) => c.charCodeAt(0))]);
    const body: number[] = [];
    for (let i = 0; i < v.length; i++) body.push(v.charCodeAt(i) >> 8, v.charCodeAt(i) & 255);
    return new Uint8Array([...header(0x6, v.length), ...body]);
  }
  throw new TypeError("not a scalar");
}

/** Writes a bplist00 file; every value becomes its own object (no uniquing), containers before their members. */
export function binaryPlist(value: PlistValue): Uint8Array {
  // Pass 1 numbers every object so the reference size is known before any container is encoded.
  type Node = { v: PlistValue; kids?: number[] };
  const nodes: Node[] = [];
  const visit = (v: PlistValue): number => {
    const idx = nodes.length;
    const node: Node = { v };
    nodes.push(node);
    if (Array.isArray(v)) node.kids = v.map(visit);
    else if (isDict(v)) {
      const keys = Object.keys(v);
      const keyRefs = keys.map((k) => visit(k));
      node.kids = [...keyRefs, ...keys.map((k) => visit(v[k] as PlistValue))];
    }
    return idx;
  };
  visit(value);
  const refSize = bytesFor(nodes.length - 1);
  const encoded = nodes.map(({ v, kids }) => {
    if (!kids) return encodeScalar(v);
    const count = Array.isArray(v) ? kids.length : kids.length / 2;
    const out = new Uint8Array([...header(Array.isArray(v) ? 0xa : 0xd, count), ...new Array(kids.length * refSize).fill(0)]);
    const base = out.length - kids.length * refSize;
    kids.forEach((r, i) => writeUintBE(out, base + i * refSize, refSize, r));
    return out;
  });
  return assembleBplist(encoded, { refSize });
}

// ---------------------------------------------------------------- XML

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function base64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b); // fixtures are small; clarity over speed here
  return btoa(bin);
}

/** Writes an XML plist the way CF does (tab indentation, `CF$UID` dicts for UIDs). */
export function xmlPlist(value: PlistValue): string {
  const lines: string[] = [];
  const emit = (v: PlistValue, ind: string): void => {
    if (v === null) throw new TypeError("XML plists cannot hold null");
    if (typeof v === "string") lines.push(`${ind}<string>${esc(v)}</string>`);
    else if (typeof v === "boolean") lines.push(`${ind}<${v}/>`);
    else if (typeof v === "bigint") lines.push(`${ind}<integer>${v}</integer>`);
    else if (typeof v === "number") {
      if (Number.isInteger(v) && !Object.is(v, -0)) lines.push(`${ind}<integer>${v}</integer>`);
      else lines.push(`${ind}<real>${Number.isNaN(v) ? "nan" : v === Infinity ? "+infinity" : v === -Infinity ? "-infinity" : v}</real>`);
    } else if (v instanceof Date) lines.push(`${ind}<date>${v.toISOString().replace(/\.000Z$/, "Z")}</date>`);
    else if (v instanceof Uint8Array) lines.push(`${ind}<data>${base64(v)}</data>`);
    else if (v instanceof PlistUid) emit({ "CF$UID": v.UID }, ind);
    else if (Array.isArray(v)) {
      if (v.length === 0) return void lines.push(`${ind}<array/>`);
      lines.push(`${ind}<array>`);
      for (const x of v) emit(x, `${ind}\t`);
      lines.push(`${ind}</array>`);
    } else {
      const keys = Object.keys(v);
      if (keys.length === 0) return void lines.push(`${ind}<dict/>`);
      lines.push(`${ind}<dict>`);
      for (const k of keys) {
        lines.push(`${ind}\t<key>${esc(k)}</key>`);
        emit(v[k] as PlistValue, `${ind}\t`);
      }
      lines.push(`${ind}</dict>`);
    }
  };
  emit(value, "");
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">`,
    `<plist version="1.0">`,
    ...lines,
    `</plist>`,
    "",
  ].join("\n");
}

// ---------------------------------------------------------------- NSKeyedArchiver

/**
 * Builds an NSKeyedArchiver structure: strings, numbers and booleans are stored as plain `$objects` entries (as
 * Foundation does for NSString/NSNumber), Uint8Array as NSData, Date as NSDate, arrays as NSArray, plain objects as
 * NSDictionary, and `{ $class: "Name", ...fields }` as a custom object whose number/boolean fields are inline
 * (like -encodeInt:forKey:) and whose other fields are UIDs.
 */
export function nsKeyedArchive(value: PlistValue): PlistValue {
  const objects: PlistValue[] = ["$null"];
  const classes = new Map<string, PlistUid>();
  const classUid = (name: string, chain: string[]): PlistUid => {
    let uid = classes.get(name);
    if (!uid) {
      uid = new PlistUid(objects.length);
      objects.push({ $classname: name, $classes: [name, ...chain] });
      classes.set(name, uid);
    }
    return uid;
  };
  const ref = (v: PlistValue): PlistUid => {
    if (v === null) return new PlistUid(0);
    const uid = new PlistUid(objects.length);
    objects.push(null); // reserve the slot first so the root lands at index 1, as Foundation writes it
    let obj: PlistValue;
    if (typeof v !== "object" || v instanceof PlistUid) obj = v;
    else if (v instanceof Uint8Array) obj = { "NS.data": v, $class: classUid("NSData", ["NSObject"]) };
    else if (v instanceof Date) obj = { "NS.time": (v.getTime() - APPLE_EPOCH_MS) / 1000, $class: classUid("NSDate", ["NSObject"]) };
    else if (Array.isArray(v)) obj = { "NS.objects": v.map(ref), $class: classUid("NSArray", ["NSObject"]) };
    else if (typeof v["$class"] === "string") {
      const custom: PlistDict = {};
      for (const k of Object.keys(v)) {
        if (k === "$class") continue;
        const f = v[k] as PlistValue;
        custom[k] = typeof f === "number" || typeof f === "boolean" || typeof f === "bigint" ? f : ref(f);
      }
      custom["$class"] = classUid(v["$class"], ["NSObject"]);
      obj = custom;
    } else {
      const keys = Object.keys(v);
      obj = {
        "NS.keys": keys.map((k) => ref(k)),
        "NS.objects": keys.map((k) => ref(v[k] as PlistValue)),
        $class: classUid("NSDictionary", ["NSObject"]),
      };
    }
    objects[uid.UID] = obj;
    return uid;
  };
  const root = ref(value);
  return { $version: 100000, $archiver: "NSKeyedArchiver", $top: { root }, $objects: objects };
}
