/**
 * Every folder and file of a filesystem dump with its modification time (MVT's Filesystem, check-fs only): the
 * whole list matched against indicator file names and paths, and a process indicator equal to any path component
 * (a Pegasus process hides as a folder name under /private/var/db). Streams the walk: 10^6 entries keep no memory.
 */
import { defineArtifact } from "../../core/artifact.ts";
import { SpyglassError } from "../../core/errors.ts";
import { ev } from "../../core/events.ts";
import { fromUnix } from "../../core/time.ts";

export interface FilesystemRecord {
  /** Relative to the dump's root ("private/var/db/…"). */
  path: string;
  /** The entry's modification time. */
  modified: string;
}

export default defineArtifact<FilesystemRecord>({
  id: "ios.filesystem",
  platform: "ios",
  mvt: "Filesystem",
  slug: "filesystem",
  description: "Every folder and file of the dump with its time, matched against indicator file paths, names and processes",
  // "@walk": the input yields one stand-in for the whole tree, which the module reads through ctx.listing.
  sources: [{ from: "ios-fs", glob: "@walk" }],
  // A dump's 10^5–10^6 entries: ranges of the kept listing are rendered on the host's threads.
  splitListing: true,
  async *parse(input, ctx) {
    if (!ctx.listing) throw new SpyglassError("E_SCHEMA", "this input cannot list its files");
    // A tar keeps whole seconds: a folder's entries often share one, and its text is made once.
    let lastTime: number | undefined;
    let lastText = "";
    for await (const e of ctx.listing.entries((m) => ctx.warn(m), input.rows)) {
      if (e.mtime !== lastTime) [lastTime, lastText] = [e.mtime, e.mtime === undefined ? "" : fromUnix(e.mtime)];
      yield { path: e.path, modified: lastText };
    }
  },
  timeline: (r) => [ev(r.modified, "entry_modified", r.path)],
  // MVT checks the path as a file path, then (unless --fast) each component as a process; both HIGH. Indicator
  // file paths are absolute ("/private/var/db/…"): the relative path is checked from the root.
  indicators: [
    { kind: "file_path", values: (r) => `/${r.path}`, level: "HIGH" },
    { kind: "process_in_path", values: (r) => r.path, level: "HIGH", slow: true },
  ],
  matchMessage: (r, value) =>
    value.startsWith("/") ? `Found a known suspicious file at path: "${r.path}"` : `Found known suspicious process name mentioned in file at path "${r.path}"`,
});
