/**
 * The indicators of a run as every host loads them (files read by the host, compiled here): what command.log,
 * info.json and --json say of them. Hosts read the files; this layer only sees their texts.
 */
import { loadIndicatorTexts, type IndicatorText } from "../indicators/load.ts";
import type { ParsedLookup } from "../indicators/parsed-cache.ts";
import type { IndicatorSet } from "../indicators/types.ts";
import { unusableLines, type UnusableKind } from "../indicators/unusable.ts";
import { ageInDays, STALE_AFTER_DAYS, type IndicatorManifest } from "../indicators/manifest.ts";

export interface SetInfo {
  readonly origin: "bundled" | "update";
  readonly dir: string;
  /** When the set was fetched (manifest "updated"). */
  readonly updated: string;
  readonly age_days: number;
  readonly stale: boolean;
  readonly manifest: IndicatorManifest;
}

export interface LoadedIndicators {
  readonly set: IndicatorSet;
  readonly files: { file_path: string; sha256: string }[];
  /** One line per indicator that could not be used (JSON output); `unusable` counts them by kind. */
  readonly warnings: string[];
  readonly unusable: UnusableKind[];
  /** File-level problems: a file with no usable indicator. */
  readonly notices: string[];
  /** Distinct values over all types. */
  readonly distinct: number;
  /** True when no --iocs / SPYGLASS_IOCS was given (the bundled or updated set is used). */
  readonly bundled: boolean;
  /** The default set's origin and date (undefined for --iocs files). */
  readonly setInfo?: SetInfo;
}

/** One indicator file's text, where it was read from and its SHA-256 (info.json lists both). */
export type HashedIndicatorText = IndicatorText & { readonly sha256: string };

/**
 * The loaded set from texts a host read; `set` describes the default set when no file was given; `parsed` finds
 * files the set's parsed cache holds.
 */
export function indicatorsFromTexts(
  texts: readonly HashedIndicatorText[],
  set?: { origin: SetInfo["origin"]; dir: string; manifest: IndicatorManifest; now: Date },
  parsed?: ParsedLookup,
): LoadedIndicators {
  const loaded = loadIndicatorTexts(texts, parsed);
  let setInfo: SetInfo | undefined;
  if (set) {
    const age = ageInDays(set.manifest, set.now);
    setInfo = { origin: set.origin, dir: set.dir, updated: set.manifest.updated, age_days: age, stale: age > STALE_AFTER_DAYS, manifest: set.manifest };
  }
  return {
    set: loaded.set,
    warnings: loaded.warnings,
    unusable: loaded.unusable,
    notices: loaded.notices,
    distinct: loaded.distinct,
    bundled: set !== undefined,
    setInfo,
    files: texts.map((t) => ({ file_path: t.path, sha256: t.sha256 })),
  };
}

/** "Indicators: bundled set of 2026-12-06 (10 days old)"; with a notice and the update command when stale. */
export function setDateLines(info: SetInfo | undefined): string[] {
  if (!info) return [];
  const what = info.origin === "update" ? "updated set" : "bundled set";
  const lines = [`Indicators: ${what} of ${info.updated.slice(0, 10)} (${info.age_days} day${info.age_days === 1 ? "" : "s"} old)`];
  if (info.stale) lines.push(`notice: the indicators are more than ${STALE_AFTER_DAYS} days old; newer attacks may be missed. Run \`spyglass indicators update\` (it goes online; checks never do).`);
  return lines;
}

/** What command.log says of the indicators a run used: counts and files, the set's date, patterns it cannot use. */
export function indicatorLogLines(l: LoadedIndicators): { level: "INFO" | "WARNING"; text: string }[] {
  return [
    { level: "INFO", text: `Loaded ${l.distinct} distinct indicators from ${l.files.map((f) => f.file_path).join(", ")}` },
    ...setDateLines(l.setInfo).map((text) => ({ level: "INFO" as const, text })),
    ...unusableLines(l.unusable).map((text) => ({ level: "WARNING" as const, text })),
  ];
}

/** The indicator set's date and the patterns it could not use, for --json and info.json. */
export function indicatorsJson(l: LoadedIndicators): { indicator_set?: Record<string, unknown>; unusable_indicators: LoadedIndicators["unusable"] } {
  const s = l.setInfo;
  return {
    ...(s ? { indicator_set: { origin: s.origin, updated: s.updated, age_days: s.age_days, stale: s.stale } } : {}),
    unusable_indicators: l.unusable,
  };
}
