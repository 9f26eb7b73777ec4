/** Plist helpers shared by the plist-reading artifact modules: JSON-safe values, whole-file reads, dict test. */
import { fromDate } from "../../core/time.ts";
import { PlistUid, readWholePlist } from "../../formats/plist.ts";
import type { PlistValue } from "../../formats/plist.ts";
import { bytesToBase64 } from "../../core/json-text.ts";
import { displayName } from "../../core/source.ts";
import type { SourceFile } from "../../core/source.ts";

/**
 * A plist value as JSON-safe data: dates → canonical UTC text, data → base64, UIDs → their number, safe bigints
 * → numbers.
 */
export function plainPlist(v: PlistValue | undefined): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return fromDate(v);
  if (v instanceof Uint8Array) return bytesToBase64(v);
  if (v instanceof PlistUid) return v.UID;
  if (typeof v === "bigint") return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  if (Array.isArray(v)) return v.map(plainPlist);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      // defineProperty keeps a "__proto__" key an own property instead of a prototype swap.
      Object.defineProperty(out, k, { value: plainPlist(v[k]), writable: true, enumerable: true, configurable: true });
    }
    return out;
  }
  return v;
}

/** Reads a whole plist file (at most PLIST_MAX_BYTES); the error names the file. */
export async function readPlist(file: SourceFile): Promise<PlistValue> {
  return readWholePlist(file, displayName(file));
}

export { isPlistDict } from "../../formats/plist.ts";
