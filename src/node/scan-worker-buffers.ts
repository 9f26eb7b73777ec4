/**
 * A scan worker's buffers for rendered output. Each holds up to one writer buffer's bytes (outputs/ascii-bytes.ts);
 * they travel to the main thread with a result and come back with later jobs (NodePool.recycle), so that in steady
 * state no new memory is allocated for output.
 */
export const RENDER_BUFFER_BYTES = 1 << 20;

export class RenderBuffers {
  private readonly free: ArrayBuffer[] = [];

  give(buffers: readonly ArrayBuffer[]): void {
    for (const b of buffers) if (b.byteLength === RENDER_BUFFER_BYTES) this.free.push(b);
  }

  /** A copy of `bytes` (the writers reuse theirs), in a recycled buffer when one is free. */
  copy(bytes: Uint8Array): Uint8Array {
    if (bytes.length > RENDER_BUFFER_BYTES) return bytes.slice();
    const out = new Uint8Array(this.free.pop() ?? new ArrayBuffer(RENDER_BUFFER_BYTES), 0, bytes.length);
    out.set(bytes);
    return out;
  }
}
