/** An opened acquisition: resolves an artifact's selectors to evidence files. Inputs (ios-backup, …) implement it. */
import type { InputKind, Selector } from "./artifact.ts";
import type { FileListing } from "./listing.ts";
import type { SourceDir, SourceFile } from "./source.ts";

export interface Acquisition {
  readonly kind: InputKind;
  /** The acquisition folder (for a backup: the folder holding Manifest.db). */
  readonly root: SourceDir;
  /** Files a selector names, in a stable order; selectors of another input kind select nothing. */
  select(selector: Selector): AsyncIterable<SourceFile>;
  /** The file's sidecar (e.g. "-wal") when the acquisition holds one. */
  sidecar(file: SourceFile, suffix: string): Promise<SourceFile | undefined>;
  /** Facts about the device for info.json and the summary (name, model, OS version…). */
  readonly device: Readonly<Record<string, unknown>>;
  /** Files the input itself read (manifests, Info.plist), for the hashes in info.json. */
  readonly opened: readonly SourceFile[];
  /** Every folder and file with its time, for inputs whose modules read the whole tree (a filesystem dump). */
  readonly listing?: FileListing;
  close(): void;
}
