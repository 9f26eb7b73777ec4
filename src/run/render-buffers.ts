/**
 * A scan worker's buffers for rendered output. Each holds up to one writer buffer's bytes (outputs/ascii-bytes.ts);
 * they travel to the main thread with a result and come back with later jobs (NodePool.recycle), so that in steady
 * state no new memory is allocated for output.
 */
import type { ChunkResult } from "../core/chunk.ts";

export const RENDER_BUFFER_BYTES = 1 << 20;
const encoder = new TextEncoder();

/** The buffers holding a result's rendered output (records, URLs, timeline run): what travels and is recycled. */
export function outputBuffers(result: ChunkResult): ArrayBuffer[] {
  const { text } = result.timelineRun;
  return [...result.rendered, ...result.urlsRendered, ...(typeof text === "string" ? [] : text)].map((b) => b.buffer as ArrayBuffer);
}

export class RenderBuffers {
  private readonly free: ArrayBuffer[] = [];

  give(buffers: readonly ArrayBuffer[]): void {
    for (const b of buffers) if (b.byteLength === RENDER_BUFFER_BYTES) this.free.push(b);
  }

  /** Text as UTF-8 in buffers (recycled ones when free), cut between characters. */
  encode(text: string): Uint8Array[] {
    const pieces: Uint8Array[] = [];
    while (text.length) {
      const buf = this.take();
      const { read, written } = encoder.encodeInto(text, buf);
      pieces.push(buf.subarray(0, written));
      text = text.slice(read);
    }
    return pieces;
  }

  /** An empty buffer: a recycled one when one is free. */
  take(): Uint8Array {
    return new Uint8Array(this.free.pop() ?? new ArrayBuffer(RENDER_BUFFER_BYTES));
  }
}
