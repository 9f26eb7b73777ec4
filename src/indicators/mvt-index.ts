// The mvt-indicators index (indicators.yaml, what MVT's download-iocs reads): each entry names a STIX2 file in a
// GitHub repository. Runs in browsers too: no Node imports.
import { SpyglassError } from "../core/errors.ts";
import { parseYamlLite, type YamlValue } from "./yaml-lite.ts";

export const RAW_GITHUB = "https://raw.githubusercontent.com";
export const MVT_INDEX_PATH = "mvt-project/mvt-indicators/main/indicators.yaml";
export const STALKERWARE_PATH = "AssoEchap/stalkerware-indicators/master/ioc.yaml";

export interface IndexEntry {
  readonly name: string;
  readonly sources: string[];
  readonly references: string[];
  /** owner/repo/branch/path: the file's path under raw.githubusercontent.com (or a mirror of it). */
  readonly rawPath: string;
  readonly repo: string;
  readonly path: string;
}

type M = { [k: string]: YamlValue };
const isMap = (v: YamlValue | undefined): v is M => typeof v === "object" && v !== null && !Array.isArray(v);
const strs = (v: YamlValue | undefined) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const SAFE = /^[A-Za-z0-9._-]+$/;

/** The github entries of the index; others are returned in `skipped` with the reason. */
export function parseMvtIndex(text: string, file: string): { entries: IndexEntry[]; skipped: string[] } {
  const doc = parseYamlLite(text, file);
  const list = isMap(doc) ? doc.indicators : undefined;
  if (!Array.isArray(list)) throw new SpyglassError("E_INDICATORS", `${file}: no "indicators" list`, { file });
  const entries: IndexEntry[] = [];
  const skipped: string[] = [];
  for (const e of list) {
    if (!isMap(e)) continue;
    const name = typeof e.name === "string" ? e.name : "(unnamed)";
    const g = isMap(e.github) ? e.github : undefined;
    const parts = g ? [g.owner, g.repo, g.branch ?? "main"] : [];
    const path = g && typeof g.path === "string" ? g.path : "";
    if (e.type !== "github" || !parts.every((p) => typeof p === "string" && SAFE.test(p)) || path === "" || path.split("/").some((p) => !SAFE.test(p) || p === "..")) {
      skipped.push(`${name}: not a GitHub file entry Spyglass can fetch`);
      continue;
    }
    entries.push({ name, sources: strs(e.sources), references: strs(e.references), rawPath: `${parts.join("/")}/${path}`, repo: `${parts[0]}/${parts[1]}`, path });
  }
  return { entries, skipped };
}

/** Licences of the repositories the index points to (from their LICENSE files / READMEs). */
export function licenceOf(repo: string): string {
  if (repo === "AmnestyTech/investigations") return "CC-BY-2.0";
  if (repo === "mvt-project/mvt-indicators") return "MIT";
  if (repo === "AssoEchap/stalkerware-indicators") return "CC-BY-4.0";
  return "see the source repository";
}

/** "2023-04-11" from a folder such as `2023-04-11_quadream/` or `2023-06_01_operation_triangulation/`. */
export function dateOfPath(path: string): string | null {
  const m = /(?:^|\/)(\d{4}-\d{2})[-_](\d{2})[_-]/.exec(path);
  return m ? `${m[1]}-${m[2]}` : null;
}
