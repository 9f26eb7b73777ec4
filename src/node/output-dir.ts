/**
 * Result folder on disk: buffered writers that flush in large chunks (fast, bounded memory); and the checks made
 * before a run writes one: never inside the evidence, never over earlier results unless asked to replace them.
 */
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { OutputDir, OutputWriter } from "../core/host.ts";
import { SpyglassError } from "../core/errors.ts";
import { identifyInput } from "../inputs/identify.ts";
import { localDir } from "./fs-source.ts";

/** The real path of a path that may not exist yet: its nearest existing ancestor resolved, plus the rest. */
export function realPathOf(path: string): string {
  let at = resolve(path);
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(at), ...rest.reverse());
    } catch {
      const parent = dirname(at);
      if (parent === at) return resolve(path);
      rest.push(basename(at));
      at = parent;
    }
  }
}

/** Whether `child` is `parent` or lies under it (both real paths). */
export function isInside(parent: string, child: string): boolean {
  const r = relative(parent, child);
  return r === "" || (r !== ".." && !r.startsWith(".." + sep) && !isAbsolute(r));
}

/** Refuses (usage error) an output path equal to or inside any evidence path, symbolic links resolved. */
export function refuseInsideEvidence(output: string, evidence: readonly string[], what: string): void {
  const real = realPathOf(output);
  for (const e of evidence) {
    if (isInside(realPathOf(e), real)) throw new SpyglassError("E_USAGE", `${resolve(output)} is inside the evidence (${resolve(e)}): write the ${what} elsewhere, evidence is never written to`, { file: resolve(output) });
  }
}

export interface ResultsDirOptions {
  /** The evidence of the run (the input path): the folder must not be inside it. */
  readonly evidence: readonly string[];
  /** Empty a folder of earlier results first (a folder that holds anything else is never emptied). */
  readonly overwrite?: boolean;
}

/**
 * Checks and creates a results folder before any long work: one run per folder. A folder holding earlier results
 * is refused unless `overwrite`, which empties it (only a folder of Spyglass or MVT results, flat, not holding
 * the evidence); a folder holding anything else is refused. Returns the absolute path.
 */
export async function prepareResultsDir(path: string, o: ResultsDirOptions): Promise<string> {
  if (!path.trim()) throw new SpyglassError("E_USAGE", "the results folder is empty text: give a folder name with --output");
  const abs = resolve(path);
  refuseInsideEvidence(abs, o.evidence, "results");
  let exists = false;
  try {
    if (!statSync(abs).isDirectory()) throw new SpyglassError("E_USAGE", `${abs} is a file, not a folder: give a folder for the results`, { file: abs });
    exists = true;
  } catch (err) {
    if (err instanceof SpyglassError || (err as { code?: string }).code !== "ENOENT") throw err;
  }
  const names = exists ? readdirSync(abs) : [];
  if (names.length) {
    if ((await identifyInput(localDir(abs))).kind !== "results") {
      throw new SpyglassError("E_USAGE", `${abs} is not empty and holds no Spyglass or MVT results: give a new or empty folder for the results`, { file: abs });
    }
    if (!o.overwrite) throw new SpyglassError("E_USAGE", `${abs} holds the results of an earlier run: give a new folder, or --overwrite to replace them`, { file: abs });
    const real = realPathOf(abs);
    if (o.evidence.some((e) => isInside(real, realPathOf(e)))) throw new SpyglassError("E_USAGE", `${abs} holds the evidence: it is not emptied`, { file: abs });
    if (names.some((n) => !statSync(join(abs, n)).isFile())) throw new SpyglassError("E_USAGE", `${abs} holds folders besides results: it is not emptied, give a new folder`, { file: abs });
    for (const n of names) rmSync(join(abs, n), { force: true });
  }
  mkdirSync(abs, { recursive: true });
  accessSync(abs, constants.W_OK);
  return abs;
}

const BUFFER = 1 << 20; // bytes gathered before a write(2)
const BIG = 1 << 16; // pieces this long skip the buffer

export function localOutputDir(path: string): OutputDir {
  mkdirSync(path, { recursive: true });
  return {
    path,
    create(name: string): OutputWriter {
      const fd = openSync(join(path, name), "w");
      // Small pieces are encoded straight into one buffer (no join, no string per write); large ones, the usual
      // case for bytes, are written as they are, without a copy.
      const buf = Buffer.allocUnsafe(BUFFER);
      let at = 0;
      const writeAll = (bytes: Uint8Array) => {
        for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
      };
      const flush = () => {
        if (at) writeAll(buf.subarray(0, at));
        at = 0;
      };
      return {
        write(data) {
          if (typeof data !== "string" || data.length >= BIG) {
            flush();
            writeAll(typeof data === "string" ? Buffer.from(data) : data);
            return;
          }
          // UTF-8 takes at most 3 bytes per UTF-16 unit.
          if (BUFFER - at < data.length * 3) flush();
          at += buf.write(data, at);
        },
        async close() {
          flush();
          closeSync(fd);
        },
      };
    },
    async exists(name) {
      return existsSync(join(path, name));
    },
    async read(name) {
      const p = join(path, name);
      return existsSync(p) ? readFileSync(p, "utf8") : undefined;
    },
    async list() {
      return readdirSync(path).sort();
    },
  };
}
