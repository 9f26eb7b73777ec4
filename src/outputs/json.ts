/** JSON as MVT writes it (Python json.dumps, indent=4, ensure_ascii): 4-space indent, non-ASCII as \uXXXX. */
import { EXACT_INT_MARK } from "../core/exact-int.ts";
import { fullRecord, rawJsonOf } from "../core/raw-json.ts";
import { AsciiBytes, escapeNonAscii } from "./ascii-bytes.ts";
import { bytesToBase64, stringListJson } from "../core/json-text.ts";

// Named here too for the writers and tests that import them with toJson.
export { bytesToBase64, stringListJson };

// ExactInteger.toJSON() writes this marker; the serialized form is then turned into a bare number.
const BIGINT_MARK = EXACT_INT_MARK;
const BIGINT_JSON = "\\u0000int:";

function bigintReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return BIGINT_MARK + value.toString();
  if (value instanceof Uint8Array) return bytesToBase64(value);
  return value;
}

/** Serializes like Python: integers beyond 2^53 (bigint) stay exact; bytes become base64. */
export function toJson(value: unknown, indent = 4): string {
  let text: string;
  try {
    text = JSON.stringify(value, null, indent);
  } catch {
    // A raw bigint (records should hold ExactInteger instead): the slower replacer pass.
    text = JSON.stringify(value, bigintReplacer, indent);
  }
  if (text === undefined) return "null";
  if (text.includes(BIGINT_JSON)) text = text.replace(/"\\u0000int:(-?\d+)"/g, "$1");
  return escapeNonAscii(text);
}

const MEMBER = ",\n        ";

/** A scalar or a list of strings as JSON.stringify(…, 4) writes it at a record's member depth; undefined for others. */
function memberValue(v: unknown): string | undefined {
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v === null) return JSON.stringify(v);
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return stringListJson(v);
  return undefined;
}

/**
 * The members of an object as lines of a record in a list (8 spaces, no braces): what a module appends after the
 * members SQLite rendered. "" for an empty object. Scalars and string lists (the usual derived keys) are written
 * directly, anything else through toJson; non-ASCII is left to the writer.
 */
export function membersJson(value: Record<string, unknown>): string {
  let out = "";
  for (const k in value) {
    const v = memberValue(value[k]);
    if (v === undefined) {
      const text = toJson([value]);
      return text.length > 12 ? text.slice(8, -8) : ""; // "[\n    {\n" … "\n    }\n]"; an empty object is "[\n    {}\n]"
    }
    out += (out ? MEMBER : "        ") + JSON.stringify(k) + ": " + v;
  }
  return out;
}

// Measured: batches of 32 stringify as fast as single items without the re-indenting pass; 256 is slower (big strings).
const BATCH = 32;

/**
 * Streams a JSON list (or object) as MVT's files are indented. Items are stringified in batches by the native
 * serializer (one call per 32 items, its own indentation): much faster than re-indenting each item.
 */
export class JsonListWriter {
  private readonly bytes: AsciiBytes;
  private count = 0;
  private pending: unknown[] = [];
  private pendingEntries: Record<string, unknown> = {};
  private pendingKeys = 0;
  /**
   * `write` gets a view of a reused buffer, to write before it returns; or, with `fresh` (a source of empty
   * buffers), a buffer of its own to keep, and the writer goes on in a fresh one.
   */
  constructor(
    private readonly write: (bytes: Uint8Array) => void,
    private readonly shape: "list" | "dict" | "items" = "list",
    fresh?: () => Uint8Array,
  ) {
    this.bytes = new AsciiBytes(write, fresh);
  }

  add(item: unknown): void {
    const raw = rawJsonOf(item);
    if (raw !== undefined) {
      // Rendered already (by SQLite): written as it is, after what is pending, in order.
      this.flush();
      if (typeof raw === "string") {
        this.bytes.put(this.opening());
        this.bytes.put(raw);
      } else {
        this.bytes.putShort(this.opening());
        for (const p of raw) {
          if (typeof p === "string") this.bytes.putShort(p);
          else this.bytes.putBytes(p);
        }
      }
      this.count++;
      return;
    }
    this.pending.push(item);
    if (this.pending.length >= BATCH) this.flush();
  }

  addEntry(key: string, value: unknown): void {
    value = fullRecord(value);
    // defineProperty: a "__proto__" key stays an own property.
    Object.defineProperty(this.pendingEntries, key, { value, enumerable: true, configurable: true, writable: true });
    if (++this.pendingKeys >= BATCH) this.flush();
  }

  /** Items rendered elsewhere (a worker's "items" writer): `count` of them, written as they are. */
  addRendered(rendered: readonly Uint8Array[], count: number): void {
    this.flush();
    this.bytes.put(this.opening());
    this.bytes.flush();
    for (const b of rendered) this.write(b);
    this.count += count;
  }

  /** What comes before the next item: the opening bracket, a separator, or (bare items) nothing first. */
  private opening(): string {
    if (this.count > 0) return ",\n";
    return this.shape === "items" ? "" : this.shape === "list" ? "[\n" : "{\n";
  }

  private flush(): void {
    const list = this.shape !== "dict";
    if (list ? this.pending.length === 0 : this.pendingKeys === 0) return;
    const text = toJson(list ? this.pending : this.pendingEntries);
    this.bytes.put(this.opening() + text.slice(2, -2));
    this.count += list ? this.pending.length : this.pendingKeys;
    this.pending = [];
    this.pendingEntries = {};
    this.pendingKeys = 0;
  }

  end(): void {
    this.flush();
    if (this.shape !== "items") {
      const list = this.shape === "list";
      this.bytes.put(this.count === 0 ? (list ? "[]" : "{}") : list ? "\n]" : "\n}");
    }
    this.bytes.flush();
  }

  get size(): number {
    return this.count + this.pending.length + this.pendingKeys;
  }
}
