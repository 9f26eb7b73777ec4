/** JSON as MVT writes it (Python json.dumps, indent=4, ensure_ascii): 4-space indent, non-ASCII as \uXXXX. */

const NON_ASCII = /[\u0080-\uffff]/g;
const BIGINT_MARK = "\u0000bigint:";

function escapeNonAscii(text: string): string {
  return text.replace(NON_ASCII, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

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
    // Only records holding a bigint get the slower replacer pass.
    text = JSON.stringify(value, bigintReplacer, indent).replace(/"\\u0000bigint:(-?\d+)"/g, "$1");
  }
  if (text === undefined) return "null";
  NON_ASCII.lastIndex = 0;
  return NON_ASCII.test(text) ? escapeNonAscii(text) : text;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Streams a JSON list (or object) one item at a time, indented as MVT's files are. */
export class JsonListWriter {
  private count = 0;
  constructor(
    private readonly write: (text: string) => void,
    private readonly shape: "list" | "dict" = "list",
  ) {}

  add(item: unknown): void {
    const body = toJson(item).replace(/\n/g, "\n    ");
    this.write((this.count++ === 0 ? (this.shape === "list" ? "[\n    " : "{\n    ") : ",\n    ") + body);
  }

  addEntry(key: string, value: unknown): void {
    const body = toJson(value).replace(/\n/g, "\n    ");
    this.write((this.count++ === 0 ? "{\n    " : ",\n    ") + toJson(key) + ": " + body);
  }

  end(): void {
    const open = this.shape === "list" ? "[" : "{";
    const close = this.shape === "list" ? "]" : "}";
    this.write(this.count === 0 ? open + close : "\n" + close);
  }

  get size(): number {
    return this.count;
  }
}
