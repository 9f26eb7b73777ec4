/** A port for inputs that can walk their whole tree (filesystem dumps): every folder and file, with its time. */

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
   * kept, so a dump of millions of files costs no memory.
   */
  entries(): AsyncIterable<ListedEntry>;
}
