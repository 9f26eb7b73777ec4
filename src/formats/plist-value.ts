/** Plist values as the readers return them, their bounds, and the helpers both readers (binary and XML) share. */

/** A keyed-archiver object reference (binary type 0x8, XML `CF$UID` dict); a class so it cannot be mistaken for a dict with a "UID" key. */
export class PlistUid {
  readonly UID: number;
  constructor(uid: number) { this.UID = uid; }
}

export type PlistValue =
  | string | number | bigint | boolean | Date | Uint8Array | PlistUid | PlistValue[] | { [k: string]: PlistValue } | null;
export type PlistDict = { [k: string]: PlistValue };

/** Hard bounds for hostile input; shared with nskeyed.ts so both layers fail the same way. */
export const PLIST_MAX_OBJECTS = 10_000_000;
export const PLIST_MAX_DEPTH = 512;
/**
 * Largest plist file read (64 MiB). The largest a phone has is a backup's Info.plist, whose `Applications` holds each
 * app's iTunesMetadata and PlaceholderIcon (tens of KB per app: a few MB to a few tens of MB with hundreds of apps);
 * preferences and profiles stay under 1 MB. A 60 MB plist of the costliest shape (millions of tiny strings) takes
 * ~9 s and 380 MB with the CLI's heap cap; a 160 MB one took 14–20 s and up to 980 MB, so larger ones are refused.
 */
export const PLIST_MAX_BYTES = 64 * 1024 * 1024;
/** Milliseconds from 1970-01-01 to 2001-01-01, the Core Foundation epoch. */
export const APPLE_EPOCH_MS = 978_307_200_000;

// Integers outside this range stay bigint.
export const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
export const MIN_SAFE = -MAX_SAFE;
export const utf8 = new TextDecoder("utf-8"); // non-fatal: one bad byte becomes U+FFFD instead of losing the whole file
const CHUNK = 8192; // keeps Function.prototype.apply argument counts far below engine limits

/** Assigns an own property even for "__proto__", which a plain `obj[key] =` would turn into a prototype swap. */
export function setKey(obj: PlistDict, key: string, value: PlistValue): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/** Latin-1 (a "latin1" TextDecoder is really windows-1252) or, if wide, UTF-16BE (not every TextDecoder knows "utf-16be",
 *  and lone surrogates must survive as-is); built from chunked code arrays rather than character by character. */
export function chars(b: Uint8Array, start: number, units: number, wide: boolean): string {
  const parts: string[] = [];
  for (let u = 0; u < units || u === 0; u += CHUNK) {
    const k = Math.min(CHUNK, units - u);
    const codes = wide ? new Uint16Array(k) : b.subarray(start + u, start + u + k);
    if (wide) for (let j = 0, p = start + 2 * u; j < k; j++, p += 2) codes[j] = ((b[p] as number) << 8) | (b[p + 1] as number);
    parts.push(String.fromCharCode.apply(null, codes as unknown as number[]));
  }
  return parts.length === 1 ? (parts[0] as string) : parts.join("");
}

/** True for a plist dictionary (not an array, date, data or UID). */
export function isPlistDict(v: unknown): v is { [k: string]: PlistValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array) && !(v instanceof PlistUid);
}
