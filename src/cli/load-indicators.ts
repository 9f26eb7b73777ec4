/** Finds and loads STIX2 bundles for a command: --iocs (files or folders), SPYGLASS_IOCS, else the bundled set. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, delimiter, join, resolve } from "node:path";
import { PACKAGE_ROOT } from "../node/package-root.ts";
import { createHash } from "node:crypto";
import { SpyglassError } from "../core/errors.ts";
import { loadIndicatorTexts } from "../indicators/load.ts";
import type { IndicatorSet } from "../indicators/types.ts";

export const BUNDLED_INDICATORS = join(PACKAGE_ROOT, "data", "indicators");

export interface LoadedIndicators {
  readonly set: IndicatorSet;
  readonly files: { file_path: string; sha256: string }[];
  readonly warnings: string[];
  readonly bundled: boolean;
}

function collect(path: string, out: string[]): void {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new SpyglassError("E_NOT_FOUND", `indicator file or folder not found: ${path}`, { file: path });
  }
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      const p = join(path, name);
      if (statSync(p).isDirectory()) collect(p, out);
      else if (name.endsWith(".stix2")) out.push(p);
    }
  } else out.push(path);
}

/** `paths` from --iocs; `none` skips indicators entirely (heuristics only). */
export function loadIndicators(paths: readonly string[], env = process.env): LoadedIndicators {
  const given = [...paths, ...(env.SPYGLASS_IOCS ? env.SPYGLASS_IOCS.split(delimiter).filter(Boolean) : [])];
  const bundled = given.length === 0;
  const files: string[] = [];
  for (const p of bundled ? [BUNDLED_INDICATORS] : given) collect(resolve(p), files);
  const unique = [...new Set(files)];
  const texts = unique.map((path) => {
    const buf = readFileSync(path);
    return { name: basename(path), path, text: buf.toString("utf8"), sha256: createHash("sha256").update(buf).digest("hex") };
  });
  const loaded = loadIndicatorTexts(texts);
  return { set: loaded.set, warnings: loaded.warnings, bundled, files: texts.map((t) => ({ file_path: t.path, sha256: t.sha256 })) };
}
