/** A port for inputs that can walk their whole tree (filesystem dumps): every folder and file, with its time. */
import type { RowRange } from "./chunk-pool.ts";

export interface ListedEntry {
  /** Relative to the acquisition root, "/"-separated. */
  readonly path: string;
  readonly kind: "file" | "dir";
  /** Modification time in Unix seconds, when the input records one. */
  readonly mtime: number | undefined;
}

export interface FileListing {
  /**
   * Every folder and file, walked anew on each call in a stable order (parents before their children): nothing is
   * kept, so a dump of millions of files costs no memory. What cannot be read (a folder or file the walk skips) is
   * told to `onProblem`, one line each. With `range`, only the entries at these indexes of the whole walk's order.
   */
  entries(onProblem?: (message: string) => void, range?: Pick<RowRange, "from" | "to">): AsyncIterable<ListedEntry>;
  /**
   * When the entries are kept (a dump walked once at opening), ranges of them by index (`range` of `entries`) and
   * the plain data another thread replays them from (inputs/ios-fs-entries.ts `sharedListing`): the engine renders
   * a large listing's ranges on the host's threads. Undefined when the listing would walk again.
   */
  split?(perRange: number): { ranges: RowRange[]; share: unknown } | undefined;
  /**
   * Whether some file of the acquisition has this base name, answered without a walk when the input has indexed the
   * names (while opening, or during the first whole walk of `entries`: a 53-bit hash per name, 8 bytes each);
   * undefined while it has not (walk `entries` instead).
   */
  hasFileName?(name: string): boolean | undefined;
}
