/**
 * Finds and loads indicators for a command: --iocs (files or folders), SPYGLASS_IOCS, else the newest of the bundled
 * set and the one `indicators update` stored. A folder with a manifest.json is loaded as a set; any other folder
 * loads its .stix2, .stix and .json files (recursively); a folder with none, or a file in another format, is an error.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, delimiter, join, resolve } from "node:path";
import { createHash } from "node:crypto";
import { SpyglassError } from "../core/errors.ts";
import { loadIndicatorTexts, type IndicatorText } from "../indicators/load.ts";
import type { IndicatorSet } from "../indicators/types.ts";
import { unusableLines, type UnusableKind } from "../indicators/unusable.ts";
import { ageInDays, STALE_AFTER_DAYS, type IndicatorManifest } from "../indicators/manifest.ts";
import { newestSet, readSet, type IndicatorSetDir } from "../node/indicator-store.ts";

export { BUNDLED_INDICATORS } from "../node/indicator-store.ts";

export const BUNDLE_EXTENSIONS = [".stix2", ".stix", ".json"];

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

interface Found {
  readonly path: string;
  readonly label?: string;
}

function setFiles(s: IndicatorSetDir): Found[] {
  return s.manifest.bundles.map((b) => ({ path: join(s.dir, b.file), label: b.name }));
}

function collect(path: string, out: Found[]): void {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new SpyglassError("E_NOT_FOUND", `indicator file or folder not found: ${path}`, { file: path });
  }
  if (!st.isDirectory()) {
    out.push({ path });
    return;
  }
  const set = readSet(path);
  if (set) {
    out.push(...setFiles(set));
    return;
  }
  const before = out.length;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (BUNDLE_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e))) out.push({ path: p });
    }
  };
  walk(path);
  if (out.length === before) throw new SpyglassError("E_USAGE", `no indicator bundle (${BUNDLE_EXTENSIONS.join(", ")}) in ${path}`, { file: path });
}

/** `paths` from --iocs; with none (and no SPYGLASS_IOCS) the newest of the bundled and updated sets. */
export function loadIndicators(paths: readonly string[], env = process.env, now = new Date()): LoadedIndicators {
  const given = [...paths, ...(env.SPYGLASS_IOCS ? env.SPYGLASS_IOCS.split(delimiter).filter(Boolean) : [])];
  const bundled = given.length === 0;
  const found: Found[] = [];
  let setInfo: SetInfo | undefined;
  if (bundled) {
    const s = newestSet(env);
    found.push(...setFiles(s));
    const age = ageInDays(s.manifest, now);
    setInfo = { origin: s.manifest.origin, dir: s.dir, updated: s.manifest.updated, age_days: age, stale: age > STALE_AFTER_DAYS, manifest: s.manifest };
  } else for (const p of given) collect(resolve(p), found);
  const seen = new Set<string>();
  const texts: (IndicatorText & { sha256: string })[] = [];
  for (const f of found) {
    if (seen.has(f.path)) continue;
    seen.add(f.path);
    const buf = readFileSync(f.path);
    texts.push({ name: basename(f.path), path: f.path, label: f.label, text: buf.toString("utf8"), sha256: createHash("sha256").update(buf).digest("hex") });
  }
  const loaded = loadIndicatorTexts(texts);
  return {
    set: loaded.set,
    warnings: loaded.warnings,
    unusable: loaded.unusable,
    notices: loaded.notices,
    distinct: loaded.distinct,
    bundled,
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
