/**
 * Encodes JSON text into 1 MiB buffers, escaped as Python's ensure_ascii wants it. TextEncoder.encodeInto both
 * encodes and tells whether the text was pure ASCII (as many bytes written as characters read), so the usual text
 * is scanned once, never joined, and reaches write(2) without a second UTF-8 pass.
 */
const encoder = new TextEncoder();
const SIZE = 1 << 20;
const NON_ASCII = /[\u007f-\uffff]/g;
/** Strings up to this long are written by putShort's loop. */
const SHORT = 256;

/** Python's ensure_ascii: DEL and every non-ASCII character as \uXXXX (JSON.stringify escaped the rest). */
export function escapeNonAscii(text: string): string {
  NON_ASCII.lastIndex = 0;
  if (!NON_ASCII.test(text)) return text;
  return text.replace(NON_ASCII, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

export class AsciiBytes {
  private buf: Uint8Array | undefined;
  private at = 0;

  /**
   * `out` gets a view it must use before returning (the buffer is reused); with `fresh`, it keeps the bytes, and
   * writing goes on in a buffer from `fresh` (which hands a worker's output over without a copy).
   */
  constructor(
    private readonly out: (bytes: Uint8Array) => void,
    private readonly fresh?: () => Uint8Array,
  ) {}

  /** The buffer being written: after a flush with `fresh`, a new one. */
  private buffer(): Uint8Array {
    return (this.buf ??= this.fresh?.() ?? new Uint8Array(SIZE));
  }

  put(text: string): void {
    for (;;) {
      const { read, written } = encoder.encodeInto(text, this.buffer().subarray(this.at));
      if (read === text.length) {
        if (written !== read || text.includes("\u007f")) {
          text = escapeNonAscii(text); // overwrites what was just written
          continue;
        }
        this.at += written;
        return;
      }
      if (this.at === 0) {
        this.out(encoder.encode(escapeNonAscii(text))); // larger than a buffer
        return;
      }
      this.flush();
    }
  }

  /**
   * Bytes of ASCII text without DEL (RawJsonPieces' bytes): copied as they are, nothing to encode or escape. One
   * larger than a buffer is handed over as a copy of its own (`out` may keep what it gets).
   */
  putBytes(bytes: Uint8Array): void {
    let buf = this.buffer();
    if (this.at + bytes.length > buf.length) {
      this.flush();
      buf = this.buffer();
      if (bytes.length > buf.length) return this.out(bytes.slice());
    }
    buf.set(bytes, this.at);
    this.at += bytes.length;
  }

  /**
   * Text written a character at a time when short and ASCII, else as `put` writes it: Chromium's encodeInto costs
   * a fixed ~0.1–0.5 µs a call, more than such a loop for the short strings between a record's byte pieces.
   */
  putShort(text: string): void {
    const n = text.length;
    const buf = this.buffer();
    const at = this.at;
    if (n > SHORT || at + n > buf.length) return this.put(text);
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x7f) return this.put(text); // overwrites what was just written
      buf[at + i] = c;
    }
    this.at = at + n;
  }

  flush(): void {
    if (this.at === 0) return;
    this.out(this.buf!.subarray(0, this.at));
    if (this.fresh) this.buf = undefined; // handed over: the next put takes a fresh one
    this.at = 0;
  }
}
