// manifest.json of an indicator set (the bundled one in data/indicators, or the one `indicators update` writes):
// which files, in which order (the first collection wins a duplicate value), each with its source, licence and
// date, and the date of the set as a whole. Runs in browsers too: no Node imports.
import { SpyglassError } from "../core/errors.ts";
import type { IndicatorFormat } from "./sniff.ts";

export interface ManifestBundle {
  /** Path relative to the manifest's folder. */
  readonly file: string;
  readonly name: string;
  readonly format: IndicatorFormat;
  /** "published" upstream, or "proposed" (an unmerged pull request judged sound). */
  readonly status?: string;
  readonly sources: readonly string[];
  readonly licence: string;
  /** Where the file comes from (and where `indicators update` fetches it). */
  readonly url: string;
  /** YYYY-MM-DD of the research or of the newest object in the bundle; null when the source gives none. */
  readonly published: string | null;
  readonly references?: readonly string[];
  /** SHA-256 of the file as fetched (sets written by `indicators update`). */
  readonly sha256?: string;
}

export interface IndicatorManifest {
  readonly schema: 1;
  readonly origin: "bundled" | "update";
  /** YYYY-MM-DD (bundled) or an ISO time (update): when the set was fetched; its age is measured from this. */
  readonly updated: string;
  readonly bundles: readonly ManifestBundle[];
}

const FORMATS: readonly string[] = ["stix2", "stalkerware-yaml"];

export function parseManifest(text: string, file: string): IndicatorManifest {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (cause) {
    throw new SpyglassError("E_INDICATORS", `${file}: not valid JSON`, { file, cause });
  }
  const o = m as Partial<IndicatorManifest> | null;
  const bad = (why: string): never => {
    throw new SpyglassError("E_INDICATORS", `${file}: ${why}`, { file });
  };
  if (!o || typeof o !== "object" || o.schema !== 1) return bad("not a Spyglass indicator manifest (schema 1)");
  if (typeof o.updated !== "string" || Number.isNaN(Date.parse(o.updated))) return bad("no valid \"updated\" date");
  if (!Array.isArray(o.bundles) || o.bundles.length === 0) return bad("no bundles");
  for (const b of o.bundles) {
    if (!b || typeof b.file !== "string" || b.file === "" || b.file.includes("..") || b.file.startsWith("/")) return bad(`bad bundle path ${JSON.stringify(b?.file)}`);
    if (!FORMATS.includes(b.format)) return bad(`${b.file}: unknown format ${JSON.stringify(b.format)}`);
  }
  return o as IndicatorManifest;
}

/** Whole days from `updated` to `now`. */
export function ageInDays(m: Pick<IndicatorManifest, "updated">, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(m.updated)) / 86_400_000);
}

/** A set older than this gets a notice in every check saying how to update it. */
export const STALE_AFTER_DAYS = 60;
