// Echap's stalkerware list (ioc.yaml, read directly: it is newer and larger than its STIX2 copy) turned into
// collections: package names → app_ids, signing-certificate SHA-1s → app_cert_hashes, C2 domains and addresses →
// domains. The vendors' marketing websites are left out, as Echap's own STIX2 export does: a person who looked up
// a stalkerware vendor (often the person who fears it) is not thereby infected.
// Runs in browsers too: no Node imports.
import { SpyglassError } from "../core/errors.ts";
import { parseYamlLite, type YamlValue } from "./yaml-lite.ts";
import type { Collection, Indicator, IndicatorBucket } from "./types.ts";
import type { Stix2File } from "./stix2.ts";

/** Suffix of every stalkerware collection name: what the verdict and its advice key on. */
export const STALKERWARE_SUFFIX = " (stalkerware)";

type Map_ = { [key: string]: YamlValue };
const isMap = (v: YamlValue | undefined): v is Map_ => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: YamlValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.trim() !== "").map((x) => x.trim()) : []);

/** Whether the text looks like Echap's ioc.yaml (a list of entries with `name` and `packages` or `c2`). */
export function looksLikeStalkerwareYaml(text: string): boolean {
  return /^-\s*name\s*:/m.test(text) && /^\s+(packages|certificates|c2)\s*:/m.test(text);
}

export function parseStalkerwareYaml(text: string, file: Stix2File): Collection[] {
  const doc = parseYamlLite(text, file.name);
  if (!Array.isArray(doc)) throw new SpyglassError("E_INDICATORS", `${file.name}: not a list of stalkerware apps`, { file: file.path });
  const out: Collection[] = [];
  for (const entry of doc) {
    if (!isMap(entry) || typeof entry.name !== "string" || entry.name.trim() === "") continue;
    // Watchware (visible monitoring apps) lives in a separate file; only stalkerware entries are read here.
    if (typeof entry.type === "string" && entry.type !== "stalkerware") continue;
    const name = entry.name.trim();
    const c2 = isMap(entry.c2) ? entry.c2 : {};
    const values: [IndicatorBucket, string[]][] = [
      ["app_ids", list(entry.packages)],
      ["app_cert_hashes", list(entry.certificates)],
      ["domains", [...list(c2.domains), ...list(c2.ips), ...list(c2.ip)].map((d) => d.toLowerCase())],
    ];
    const seen = new Set<string>();
    const indicators: Indicator[] = [];
    for (const [bucket, vs] of values) {
      for (const value of vs) {
        const key = `${bucket}\u0000${value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        indicators.push({ id: `stalkerware--${name}--${bucket}--${value}`, bucket, value });
      }
    }
    const aliases = list(entry.names).filter((n) => n !== name);
    out.push({
      id: `malware--stalkerware-${name}`,
      name: name + STALKERWARE_SUFFIX,
      description: aliases.length ? `Also sold as ${aliases.join(", ")}` : "",
      stix2_file_name: file.name,
      stix2_file_path: file.path,
      indicators,
    });
  }
  if (out.length === 0) throw new SpyglassError("E_INDICATORS", `${file.name}: no stalkerware entries`, { file: file.path });
  return out;
}
