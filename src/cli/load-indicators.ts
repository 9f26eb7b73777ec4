/**
 * Finds and loads indicators for a command: --iocs (files or folders), SPYGLASS_IOCS, else the newest of the bundled
 * set and the one `indicators update` stored. A folder with a manifest.json is loaded as a set; any other folder
 * loads its .stix2, .stix and .json files (recursively); a folder with none, or a file in another format, is an error.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, delimiter, join, resolve } from "node:path";
import { createHash } from "node:crypto";
import { SpyglassError } from "../core/errors.ts";
import { newestSet, readSet, type IndicatorSetDir } from "../node/indicator-store.ts";
import { indicatorsFromTexts, type HashedIndicatorText, type LoadedIndicators } from "../run/indicators.ts";
import { PARSED_CACHE, readParsedCache, type ParsedLookup } from "../indicators/parsed-cache.ts";

export { indicatorLogLines, indicatorsJson, setDateLines, type LoadedIndicators, type SetInfo } from "../run/indicators.ts";

export { BUNDLED_INDICATORS } from "../node/indicator-store.ts";

export const BUNDLE_EXTENSIONS = [".stix2", ".stix", ".json"];

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

/** The set's parsed cache, if it has a readable one (else every file is parsed: slower, never wrong). */
function parsedCacheIn(dir: string): ParsedLookup | undefined {
  try {
    return readParsedCache(readFileSync(join(dir, PARSED_CACHE), "utf8"));
  } catch {
    return undefined;
  }
}

/** `paths` from --iocs; with none (and no SPYGLASS_IOCS) the newest of the bundled and updated sets. */
export function loadIndicators(paths: readonly string[], env = process.env, now = new Date()): LoadedIndicators {
  const given = [...paths, ...(env.SPYGLASS_IOCS ? env.SPYGLASS_IOCS.split(delimiter).filter(Boolean) : [])];
  const found: Found[] = [];
  const set = given.length === 0 ? newestSet(env) : undefined;
  if (set) found.push(...setFiles(set));
  else for (const p of given) collect(resolve(p), found);
  const seen = new Set<string>();
  const texts: HashedIndicatorText[] = [];
  for (const f of found) {
    if (seen.has(f.path)) continue;
    seen.add(f.path);
    const buf = readFileSync(f.path);
    texts.push({ name: basename(f.path), path: f.path, label: f.label, text: buf.toString("utf8"), sha256: createHash("sha256").update(buf).digest("hex") });
  }
  return indicatorsFromTexts(texts, set && { origin: set.manifest.origin, dir: set.dir, manifest: set.manifest, now }, set && parsedCacheIn(set.dir));
}
