/** A spilled timeline run kept in a Blob (an OPFS File or a Blob in memory), read back in batches of lines. */
import type { SpilledRun } from "../core/host.ts";

/**
 * The run in `blob`, read a slice at a time; its `location` is the Blob, which a nested worker can read too (the
 * later half of a large timeline is merged there, timeline-tail.ts).
 */
export function spilledRun(blob: Blob): SpilledRun {
  const read = async function* (batchBytes: number) {
    const decoder = new TextDecoder();
    let rest = "";
    for (let at = 0; at < blob.size; at += batchBytes) {
      const lines = (rest + decoder.decode(new Uint8Array(await blob.slice(at, at + batchBytes).arrayBuffer()), { stream: true })).split("\n");
      rest = lines.pop()!;
      if (lines.length) yield lines;
    }
    rest += decoder.decode();
    if (rest) yield [rest];
  };
  return Object.assign(read, { location: blob });
}
