// Convenience loader: parses several indicator texts (STIX2 bundles, Echap's stalkerware ioc.yaml) and compiles
// them into one IndicatorSet. Reading the files is the caller's job (Node or browser), so this stays free of Node
// imports.
import { compileIndicators } from "./compile.ts";
import { parseStix2BundleDetailed, type SkippedPattern } from "./stix2.ts";
import { parseStalkerwareYaml } from "./stalkerware.ts";
import { sniffIndicatorFormat } from "./sniff.ts";
import { summarizeUnusable, type UnusableKind } from "./unusable.ts";
import type { Collection, IndicatorSet } from "./types.ts";

export interface IndicatorText {
  readonly name: string;
  readonly path: string;
  readonly text: string;
  /** A name for the indicators a bundle ties to no malware or report (its manifest entry's name). */
  readonly label?: string;
}

export interface LoadedIndicators {
  readonly set: IndicatorSet;
  readonly collections: Collection[];
  /** Per-indicator problems (bad patterns), each naming its file and indicator id. */
  readonly warnings: string[];
  /** Comparisons with keys we do not check (e.g. x509-certificate:...), kept so callers can report a count. */
  readonly skipped: SkippedPattern[];
  /** Every indicator that could not be used (skipped keys and broken patterns), counted by kind and file. */
  readonly unusable: UnusableKind[];
  /** File-level problems (a file with no usable indicator); per-indicator ones are counted in `unusable`. */
  readonly notices: string[];
  /** Distinct values over all buckets (the same value in two bundles counts once). */
  readonly distinct: number;
  readonly files: { name: string; path: string }[];
}

/** One file's indicators as parsed, before compiling. */
export interface ParsedIndicatorText {
  readonly collections: Collection[];
  readonly warnings: string[];
  readonly skipped: SkippedPattern[];
  readonly broken: SkippedPattern[];
}

/** Parses one file of either format; collections without a malware or report object take `label`. */
export function parseIndicatorText(f: IndicatorText): ParsedIndicatorText {
  if (sniffIndicatorFormat(f.text, f.name, f.path) === "stalkerware-yaml") {
    return { collections: parseStalkerwareYaml(f.text, { name: f.name, path: f.path }), warnings: [], skipped: [], broken: [] };
  }
  const r = parseStix2BundleDetailed(f.text, { name: f.name, path: f.path });
  const collections = f.label ? r.collections.map((c) => (c.id === "0" ? { ...c, name: f.label! } : c)) : r.collections;
  return { ...r, collections };
}

/**
 * Collections keep the order of `files`, so "first collection wins" for duplicate values follows the order the
 * user gave. A file that is not an indicator file throws SpyglassError E_INDICATORS naming it: unlike MVT (which
 * logs and skips it) we refuse to run a check with indicators silently missing. `parsed` gives a file's parsed form
 * when a cache holds it (parsed-cache.ts); the others are parsed.
 */
export function loadIndicatorTexts<F extends IndicatorText>(files: readonly F[], parsed?: (f: F) => ParsedIndicatorText | undefined): LoadedIndicators {
  const collections: Collection[] = [];
  const warnings: string[] = [];
  const skipped: SkippedPattern[] = [];
  const broken: SkippedPattern[] = [];
  const notices: string[] = [];
  for (const f of files) {
    const r = parsed?.(f) ?? parseIndicatorText(f);
    if (r.collections.every((c) => c.indicators.length === 0)) notices.push(`${f.name}: no indicator Spyglass can use`);
    collections.push(...r.collections);
    warnings.push(...r.warnings);
    skipped.push(...r.skipped);
    broken.push(...r.broken);
  }
  const set = compileIndicators(collections);
  return {
    set,
    collections,
    warnings,
    skipped,
    unusable: summarizeUnusable([...skipped, ...broken]),
    notices,
    distinct: Object.values(set.counts).reduce((n, c) => n + (c ?? 0), 0),
    files: files.map((f) => ({ name: f.name, path: f.path })),
  };
}
