/**
 * Where indicator sets live: the bundled set (data/indicators) and the user's store, written only by `indicators
 * update` (XDG_DATA_HOME/spyglass/indicators on Linux, ~/Library/Application Support/spyglass/indicators on macOS,
 * %LOCALAPPDATA%\spyglass\indicators on Windows). Analysis uses the newer of the two and never goes online.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { createHash } from "node:crypto";
import { PACKAGE_ROOT } from "./package-root.ts";
import { parseManifest, type IndicatorManifest } from "../indicators/manifest.ts";
import { buildParsedCache } from "../indicators/parsed-cache.ts";

export const BUNDLED_INDICATORS = join(PACKAGE_ROOT, "data", "indicators");
export const MANIFEST = "manifest.json";

export interface IndicatorSetDir {
  readonly dir: string;
  readonly manifest: IndicatorManifest;
}

/** The user's indicator store for this platform. */
export function storeDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === "win32") return join(env.LOCALAPPDATA || join(home, "AppData", "Local"), "spyglass", "indicators");
  if (platform === "darwin") return join(home, "Library", "Application Support", "spyglass", "indicators");
  return join(env.XDG_DATA_HOME || join(home, ".local", "share"), "spyglass", "indicators");
}

/** The set in `dir`, or undefined when there is none; a damaged manifest throws (E_INDICATORS). */
export function readSet(dir: string): IndicatorSetDir | undefined {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return undefined;
  return { dir, manifest: parseManifest(readFileSync(path, "utf8"), path) };
}

/** The newer of the bundled set and the user's store (the bundled one when they are equally old). */
export function newestSet(env: NodeJS.ProcessEnv = process.env): IndicatorSetDir {
  const bundled = readSet(BUNDLED_INDICATORS)!;
  let stored: IndicatorSetDir | undefined;
  try {
    stored = readSet(storeDir(env));
  } catch {
    stored = undefined; // a damaged store is ignored; `indicators update` replaces it
  }
  return stored && Date.parse(stored.manifest.updated) > Date.parse(bundled.manifest.updated) ? stored : bundled;
}

/**
 * Replaces the store with `files` and `manifest` as one step: everything is written to a new folder beside it,
 * then the old folder is renamed away and the new one into place; if that fails the old one is put back.
 */
export function replaceStore(dir: string, files: ReadonlyMap<string, Uint8Array>, manifest: IndicatorManifest): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const fresh = `${dir}.new-${process.pid}`;
  const old = `${dir}.old-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  try {
    for (const [rel, bytes] of files) {
      const path = join(fresh, rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bytes);
    }
    writeFileSync(join(fresh, MANIFEST), JSON.stringify(manifest, null, 2) + "\n");
  } catch (err) {
    rmSync(fresh, { recursive: true, force: true });
    throw err;
  }
  const hadOld = existsSync(dir);
  if (hadOld) renameSync(dir, old);
  try {
    renameSync(fresh, dir);
  } catch (err) {
    if (hadOld) renameSync(old, dir);
    rmSync(fresh, { recursive: true, force: true });
    throw err;
  }
  if (hadOld) rmSync(old, { recursive: true, force: true });
}

/** The parsed cache of a set's files (`file` as the manifest names it), keyed as the loader reads them back. */
export function parsedCacheOf(files: ReadonlyMap<string, Uint8Array>): string {
  return buildParsedCache(
    // Decoded as the loader decodes (Buffer keeps a byte-order mark, TextDecoder drops it): the same text, parsed alike.
    [...files].map(([file, bytes]) => ({ name: basename(file), path: file, text: Buffer.from(bytes).toString("utf8"), sha256: createHash("sha256").update(bytes).digest("hex") })),
  );
}
