/**
 * `spyglass indicators update`: the one command that goes online. Reads the mvt-indicators index and Echap's
 * stalkerware list, downloads every file, validates each, and replaces the user's store in one step; when anything
 * fails nothing changes. Bundled files the index does not list (reviewed proposals, older bundles) are kept.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SpyglassError } from "../core/errors.ts";
import { loadIndicatorTexts, parseIndicatorText, type IndicatorText } from "../indicators/load.ts";
import { dateOfPath, licenceOf, MVT_INDEX_PATH, parseMvtIndex, RAW_GITHUB, STALKERWARE_PATH } from "../indicators/mvt-index.ts";
import type { IndicatorManifest, ManifestBundle } from "../indicators/manifest.ts";
import type { Collection } from "../indicators/types.ts";
import { httpGet } from "../node/http-get.ts";
import { BUNDLED_INDICATORS, newestSet, parsedCacheOf, readSet, replaceStore, storeDir, type IndicatorSetDir } from "../node/indicator-store.ts";
import { PARSED_CACHE } from "../indicators/parsed-cache.ts";
import { EXIT } from "./common.ts";

export interface UpdateOptions {
  readonly source?: string;
  readonly timeoutSeconds: number;
  readonly json: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: Date;
}

const MAX_FILE = 64 * 1024 * 1024;
/** Echap's STIX2 copy in the index is replaced by its ioc.yaml, which is newer and larger. */
const SUPERSEDED = "AssoEchap/stalkerware-indicators/master/generated/stalkerware.stix2";

interface Fetched {
  readonly bundle: ManifestBundle;
  readonly bytes: Uint8Array;
}

/** The newest `created`/`modified` day in a bundle: its date when the folder name gives none. */
function newestDay(text: string): string | null {
  let best: string | null = null;
  for (const m of text.matchAll(/"(?:modified|created)"\s*:\s*"(\d{4}-\d{2}-\d{2})/g)) if (!best || m[1]! > best) best = m[1]!;
  return best;
}

function validate(rawPath: string, bytes: Uint8Array): void {
  const name = rawPath.split("/").pop()!;
  // Throws (not JSON, truncated, not a STIX2 bundle, not the YAML we read) with the file's name.
  parseIndicatorText({ name, path: rawPath, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) });
}

/** What a set holds: per bundle URL, its name and its distinct (type, value) pairs. */
function contents(dir: string, bundles: readonly ManifestBundle[], read: (b: ManifestBundle) => string): Map<string, { name: string; values: Set<string> }> {
  const texts: IndicatorText[] = bundles.map((b) => ({ name: b.file.split("/").pop()!, path: join(dir, b.file), text: read(b), label: b.name }));
  const loaded = loadIndicatorTexts(texts);
  const out = new Map<string, { name: string; values: Set<string> }>();
  const byPath = new Map<string, Collection[]>();
  for (const c of loaded.collections) byPath.set(c.stix2_file_path, [...(byPath.get(c.stix2_file_path) ?? []), c]);
  bundles.forEach((b, i) => {
    const values = new Set<string>();
    for (const c of byPath.get(texts[i]!.path) ?? []) for (const ind of c.indicators) values.add(`${ind.bucket}:${ind.value.toLowerCase()}`);
    out.set(b.url, { name: b.name, values });
  });
  return out;
}

export interface UpdateDiff {
  readonly added: { name: string; indicators: number }[];
  readonly removed: { name: string; indicators: number }[];
  readonly changed: { name: string; added: number; removed: number }[];
  readonly before: number;
  readonly after: number;
}

function diff(before: ReturnType<typeof contents>, after: ReturnType<typeof contents>): UpdateDiff {
  const all = (m: ReturnType<typeof contents>) => new Set([...m.values()].flatMap((b) => [...b.values]));
  const d: UpdateDiff = { added: [], removed: [], changed: [], before: all(before).size, after: all(after).size };
  for (const [url, b] of after) {
    const old = before.get(url);
    if (!old) d.added.push({ name: b.name, indicators: b.values.size });
    else {
      const plus = [...b.values].filter((v) => !old.values.has(v)).length;
      const minus = [...old.values].filter((v) => !b.values.has(v)).length;
      if (plus || minus) d.changed.push({ name: b.name, added: plus, removed: minus });
    }
  }
  for (const [url, b] of before) if (!after.has(url)) d.removed.push({ name: b.name, indicators: b.values.size });
  return d;
}

async function fetchAll(base: string, o: UpdateOptions, say: (s: string) => void): Promise<Fetched[]> {
  const get = (rawPath: string) => httpGet(`${base}/${rawPath}`, { timeoutMs: o.timeoutSeconds * 1000, maxBytes: MAX_FILE, env: o.env ?? process.env });
  const indexBytes = await get(MVT_INDEX_PATH);
  const index = parseMvtIndex(new TextDecoder().decode(indexBytes), `${base}/${MVT_INDEX_PATH}`);
  for (const s of index.skipped) say(`skipped an index entry: ${s}`);
  const out: Fetched[] = [];
  const jobs = [
    ...index.entries.filter((e) => e.rawPath !== SUPERSEDED).map((e) => ({ rawPath: e.rawPath, name: e.name.replace(/ Indicators of Compromise$/i, ""), sources: e.sources, references: e.references, repo: e.repo, path: e.path, format: "stix2" as const })),
    { rawPath: STALKERWARE_PATH, name: "Stalkerware (Echap)", sources: ["Echap"], references: ["https://github.com/AssoEchap/stalkerware-indicators"], repo: "AssoEchap/stalkerware-indicators", path: "ioc.yaml", format: "stalkerware-yaml" as const },
  ];
  for (const j of jobs) {
    say(`downloading ${j.rawPath}`);
    const bytes = await get(j.rawPath);
    validate(j.rawPath, bytes);
    const text = new TextDecoder().decode(bytes);
    out.push({
      bytes,
      bundle: {
        file: j.rawPath,
        name: j.name,
        format: j.format,
        status: "published",
        sources: j.sources,
        licence: licenceOf(j.repo),
        url: `${RAW_GITHUB}/${j.rawPath}`,
        published: dateOfPath(j.path) ?? (j.format === "stix2" ? newestDay(text) : null),
        ...(j.references.length ? { references: j.references } : {}),
        sha256: createHash("sha256").update(bytes).digest("hex"),
      },
    });
  }
  return out;
}

/** Bundled files the index does not cover, kept in the new set under bundled/. */
function keptFromBundled(fetched: readonly Fetched[]): Fetched[] {
  const bundled = readSet(BUNDLED_INDICATORS)!;
  const have = new Set(fetched.map((f) => f.bundle.url));
  return bundled.manifest.bundles
    .filter((b) => !have.has(b.url))
    .map((b) => ({ bytes: readFileSync(join(bundled.dir, b.file)), bundle: { ...b, file: `bundled/${b.file}` } }));
}

export async function updateIndicators(o: UpdateOptions): Promise<number> {
  const env = o.env ?? process.env;
  const log = (s: string) => process.stderr.write(s + "\n");
  let base: string;
  try {
    const u = new URL(o.source ?? RAW_GITHUB);
    if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error(u.protocol);
    base = u.href.replace(/\/+$/, "");
  } catch {
    throw new SpyglassError("E_USAGE", `--source must be an http(s) URL: ${o.source}`);
  }
  if (!Number.isFinite(o.timeoutSeconds) || o.timeoutSeconds <= 0) throw new SpyglassError("E_USAGE", "--timeout must be a positive number of seconds");
  const previous: IndicatorSetDir = newestSet(env);
  let fetched: Fetched[];
  try {
    fetched = await fetchAll(base, o, o.json ? () => {} : log);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const url = err && typeof err === "object" && "url" in err ? ` (${String((err as { url: unknown }).url)})` : "";
    log(`spyglass: indicators update failed: ${why}${url}`);
    log(`Nothing was changed: checks keep using the ${previous.manifest.origin === "update" ? "updated" : "bundled"} set of ${previous.manifest.updated.slice(0, 10)}.`);
    return EXIT.ERROR;
  }
  const all = [...fetched, ...keptFromBundled(fetched)];
  const manifest: IndicatorManifest = { schema: 1, origin: "update", updated: (o.now ?? new Date()).toISOString(), bundles: all.map((f) => f.bundle) };
  const dir = storeDir(env);
  const bytesOf = new Map(all.map((f) => [f.bundle.url, f.bytes]));
  let before: ReturnType<typeof contents>;
  try {
    before = contents(previous.dir, previous.manifest.bundles, (b) => readFileSync(join(previous.dir, b.file), "utf8"));
  } catch {
    before = new Map(); // a damaged previous store: everything counts as added
  }
  const d = diff(before, contents(dir, manifest.bundles, (b) => new TextDecoder().decode(bytesOf.get(b.url)!)));
  const files = new Map(all.map((f) => [f.bundle.file, f.bytes]));
  // Checks then read the patterns already parsed (parsed-cache.ts): ~100 ms less at every start.
  files.set(PARSED_CACHE, new TextEncoder().encode(parsedCacheOf(files)));
  replaceStore(dir, files, manifest);
  if (o.json) {
    process.stdout.write(JSON.stringify({ store: dir, updated: manifest.updated, bundles: manifest.bundles.length, ...d }, null, 2) + "\n");
    return EXIT.CLEAN;
  }
  const lines = [
    `Indicators updated in ${dir}: ${manifest.bundles.length} bundles, ${d.after.toLocaleString("en-US")} distinct indicators (before: ${d.before.toLocaleString("en-US")}, ${previous.manifest.origin} set of ${previous.manifest.updated.slice(0, 10)}).`,
    ...d.added.map((b) => `+ ${b.name}: new bundle, ${b.indicators} indicators`),
    ...d.removed.map((b) => `- ${b.name}: no longer listed, ${b.indicators} indicators removed`),
    ...d.changed.map((b) => `~ ${b.name}: +${b.added} −${b.removed} indicators`),
  ];
  if (!d.added.length && !d.removed.length && !d.changed.length) lines.push("No indicator changed.");
  process.stdout.write(lines.join("\n") + "\n");
  return EXIT.CLEAN;
}
