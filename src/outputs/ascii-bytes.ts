/**
 * Encodes JSON text into 1 MiB buffers, escaped as Python's ensure_ascii wants it. TextEncoder.encodeInto both
 * encodes and tells whether the text was pure ASCII (as many bytes written as characters read), so the usual text
 * is scanned once, never joined, and reaches write(2) without a second UTF-8 pass.
 */
const encoder = new TextEncoder();
const SIZE = 1 << 20;
const NON_ASCII = /[\u007f-\uffff]/g;

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

  put(text: string): void {
    for (;;) {
      this.buf ??= this.fresh?.() ?? new Uint8Array(SIZE);
      const { read, written } = encoder.encodeInto(text, this.buf.subarray(this.at));
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

  flush(): void {
    if (this.at === 0) return;
    this.out(this.buf!.subarray(0, this.at));
    if (this.fresh) this.buf = undefined; // handed over: the next put takes a fresh one
    this.at = 0;
  }
}
