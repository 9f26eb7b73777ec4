// Convenience loader: parses several STIX2 bundle texts and compiles them into one IndicatorSet.
// Reading the files is the caller's job (Node or browser), so this stays free of Node imports.
import { compileIndicators } from "./compile.ts";
import { parseStix2BundleDetailed, type SkippedPattern } from "./stix2.ts";
import type { Collection, IndicatorSet } from "./types.ts";

export interface IndicatorText {
  readonly name: string;
  readonly path: string;
  readonly text: string;
}

export interface LoadedIndicators {
  readonly set: IndicatorSet;
  readonly collections: Collection[];
  /** Per-indicator problems (bad patterns), each naming its file and indicator id. */
  readonly warnings: string[];
  /** Comparisons with keys we do not check (e.g. x509-certificate:...), kept so callers can report a count. */
  readonly skipped: SkippedPattern[];
  readonly files: { name: string; path: string }[];
}

/**
 * Collections keep the order of `files`, so "first collection wins" for duplicate values follows the order the
 * user gave. A file that is not a STIX2 bundle throws SpyglassError E_INDICATORS naming it: unlike MVT (which
 * logs and skips it) we refuse to run a check with indicators silently missing.
 */
export function loadIndicatorTexts(files: readonly IndicatorText[]): LoadedIndicators {
  const collections: Collection[] = [];
  const warnings: string[] = [];
  const skipped: SkippedPattern[] = [];
  for (const f of files) {
    const r = parseStix2BundleDetailed(f.text, { name: f.name, path: f.path });
    collections.push(...r.collections);
    warnings.push(...r.warnings);
    skipped.push(...r.skipped);
  }
  return {
    set: compileIndicators(collections),
    collections,
    warnings,
    skipped,
    files: files.map((f) => ({ name: f.name, path: f.path })),
  };
}
