/**
 * A nested worker that hashes evidence Blobs (SHA-256, for info.json) while the analysis worker merges the timeline,
 * as the CLI hashes on another thread (at 10^6 messages ~0.5 GB of evidence, 3.6 s at 145 MB/s, had been hashed
 * between the merge's reads on the analysis worker). Each Blob is read synchronously in 4 MiB slices and hashed in
 * WebAssembly (evidence-sha256.ts: ~270 MB/s in a Chromium worker, our JavaScript ~145 MB/s).
 */
/// <reference lib="webworker" />
import { describeError } from "../core/errors.ts";
import { evidenceSha256 } from "./evidence-sha256.ts";

const SLICE = 4 << 20;
const scope = globalThis as unknown as { postMessage(m: unknown): void; onmessage: ((e: MessageEvent<{ blobs: Blob[] }>) => void) | null };

scope.onmessage = async (e) => {
  try {
    const reader = new FileReaderSync();
    const digests: string[] = [];
    for (const blob of e.data.blobs) {
      const h = await evidenceSha256();
      for (let at = 0; at < blob.size; at += SLICE) h.update(new Uint8Array(reader.readAsArrayBuffer(blob.slice(at, at + SLICE))));
      digests.push(h.hex());
    }
    scope.postMessage({ digests });
  } catch (err) {
    scope.postMessage({ error: describeError(err) });
  }
};
