/** Modification times of the files a bugreport copies from the device (its FS/ folder: tombstones, ANR traces…; Android 7–16). */
import { defineArtifact } from "../../core/artifact.ts";
import { fromUnix } from "../../core/time.ts";

export interface BugreportTimestampRecord {
  /** Path inside the bugreport, "FS/data/tombstones/tombstone_00". */
  path: string;
  /** The zip entry time or the unpacked file's mtime, as the host reports it ("" when unknown). */
  modified_time: string;
}

/** The path from the bugreport's root: a bugreport mounted inside another acquisition may carry a prefix. */
function bugreportPath(path: string): string {
  if (path.startsWith("FS/")) return path;
  const at = path.indexOf("/FS/");
  return at < 0 ? path : path.slice(at + 1);
}

export default defineArtifact<BugreportTimestampRecord>({
  id: "android.bugreport-timestamps",
  platform: "android",
  mvt: "BugReportTimestamps",
  slug: "bugreport_timestamps",
  description: "Modification times of the device files copied into the bugreport (FS/)",
  sources: [{ from: "bugreport", glob: "FS/**" }],
  // Only the listing is used: the files themselves are never read.
  async *parse({ file }) {
    yield { path: bugreportPath(file.path), modified_time: file.mtime === undefined ? "" : fromUnix(file.mtime) };
  },
  // MVT's file-timestamp events: "M---" (only the modification time is known), data = the path.
  timeline: (r) => [r.modified_time !== "" && { timestamp: r.modified_time, event: "M---", data: r.path }],
});
