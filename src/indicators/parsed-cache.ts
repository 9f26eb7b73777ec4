/**
 * Indicator files already parsed, kept beside a set (the bundled one, and each set `indicators update` stores):
 * parsing the STIX2 patterns of the bundled set costs ~110 ms at every start (most of `check-link`'s start-up and a
 * tenth of 10^5 links), reading this form ~5 ms. Each entry is keyed by its file's SHA-256 and name, which the
 * loader computes anyway; a file that changed since simply misses and is parsed again, so the cache can be stale
 * but never wrong. Paths are not kept: a set is read from wherever it is installed.
 */
import { parseIndicatorText, type ParsedIndicatorText } from "./load.ts";
import type { Collection } from "./types.ts";

/** Not a .json name: a folder without a manifest loads every .json file in it as a bundle. */
export const PARSED_CACHE = "parsed-indicators.cache";
const FORMAT = "spyglass-parsed-indicators/1";

interface CachedFile {
  readonly name: string;
  readonly sha256: string;
  readonly collections: Omit<Collection, "stix2_file_path">[];
  readonly warnings: string[];
  readonly skipped: ParsedIndicatorText["skipped"];
  readonly broken: ParsedIndicatorText["broken"];
}

export interface HashedText {
  readonly name: string;
  readonly path: string;
  readonly text: string;
  readonly label?: string;
  readonly sha256: string;
}

/** Finds a file's parsed form: undefined when the cache does not hold that exact file. */
export type ParsedLookup = (f: HashedText) => ParsedIndicatorText | undefined;

/** The cache's text for `files` (parsed here; throws as the loader would on a file that is no indicator file). */
export function buildParsedCache(files: readonly HashedText[]): string {
  const entries: CachedFile[] = files.map((f) => {
    const p = parseIndicatorText({ name: f.name, path: "", text: f.text }); // the label is applied on reading
    return { name: f.name, sha256: f.sha256, collections: p.collections.map(({ stix2_file_path: _, ...c }) => c), warnings: p.warnings, skipped: p.skipped, broken: p.broken };
  });
  return JSON.stringify({ format: FORMAT, files: entries });
}

/**
 * The lookup for a cache's text; a text that is not this format gives a lookup that finds nothing. The label is
 * applied on the way out as parsing applies it (collections tied to no malware or report take the file's label).
 */
export function readParsedCache(text: string): ParsedLookup {
  let files: CachedFile[] = [];
  try {
    const doc = JSON.parse(text) as { format?: unknown; files?: unknown };
    if (doc.format === FORMAT && Array.isArray(doc.files)) files = doc.files as CachedFile[];
  } catch {
    // unreadable: every file is parsed
  }
  const byKey = new Map(files.map((e) => [`${e.sha256} ${e.name}`, e]));
  return (f) => {
    const e = byKey.get(`${f.sha256} ${f.name}`);
    if (!e) return undefined;
    const collections = e.collections.map(
      (c): Collection => ({ id: c.id, name: c.id === "0" && f.label ? f.label : c.name, description: c.description, stix2_file_name: c.stix2_file_name, stix2_file_path: f.path, indicators: c.indicators }),
    );
    return { collections, warnings: e.warnings, skipped: e.skipped, broken: e.broken };
  };
}
