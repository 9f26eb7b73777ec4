/** The worker's errors as the page shows them: one plain sentence each. */
import { SpyglassError } from "../core/errors.ts";

/** One plain sentence for the page: the error's own message (SpyglassError messages are written for people). */
export function sentence(err: unknown): string {
  if (err instanceof SpyglassError) return err.file && !err.message.includes(err.file) ? `${err.file}: ${err.message}` : err.message;
  // The origin-private file system refuses more: the disk (or the browser's share of it) is full.
  if ((err as { name?: string })?.name === "QuotaExceededError") {
    return "The browser has no room left on this computer's disk for the results of this analysis (a large backup's results take several gigabytes). Free some disk space and pick the evidence again, or use the command line.";
  }
  // Chromium's answer when its Blob storage is full (a private window keeps every Blob in memory), or a picked file
  // changed or vanished since it was picked.
  if ((err as { name?: string })?.name === "NotReadableError") {
    return "The browser could not read a file back: the evidence changed since it was picked, or the results of this analysis are too large for this window (a private window keeps them in memory only). Pick the evidence again in an ordinary window, or use the command line.";
  }
  return `The analysis stopped on an unexpected error: ${(err as Error)?.message ?? String(err)}`;
}
