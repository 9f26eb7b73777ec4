/**
 * Checks a check command makes before any long work (opening a backup, asking a password, loading indicators):
 * the input exists and is what the command reads, the results folder is fit, and given files are there.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { SpyglassError } from "../core/errors.ts";
import type { SourceDir, SourceFile } from "../core/source.ts";
import { identifyInput, refusal, type Identity, type IdentityKind, type ReadKind } from "../inputs/identify.ts";
import { localDir, localFile } from "../node/fs-source.ts";
import { prepareResultsDir } from "../node/output-dir.ts";
import type { CommonOptions } from "./common.ts";

/** A folder or a file given on the command line, named by its absolute path (hashes in info.json use it). */
export function target(path: string): { abs: string; input: SourceFile | SourceDir } {
  const abs = resolve(path);
  let st;
  try {
    st = statSync(abs);
  } catch {
    throw new SpyglassError("E_NOT_FOUND", `${abs} does not exist`, { file: abs });
  }
  return { abs, input: st.isDirectory() ? localDir(abs) : localFile(abs, abs, undefined, st) };
}

/** Refuses (usage error, one line) an input that is not `wanted` nor one of `accepts`, saying what it is instead. */
export async function requireKind(input: SourceFile | SourceDir, abs: string, wanted: ReadKind, accepts: readonly IdentityKind[] = []): Promise<Identity> {
  const id = await identifyInput(input);
  const refused = refusal(id, wanted, accepts, abs);
  if (refused) throw new SpyglassError("E_USAGE", refused, { file: abs });
  return id;
}

/** Each given file exists (a mistyped --iocs or --key-file is reported before the long work, not after). */
export function requireExisting(paths: readonly string[], what: string): void {
  for (const p of paths) {
    try {
      statSync(p);
    } catch {
      throw new SpyglassError("E_NOT_FOUND", `${resolve(p)} does not exist (${what})`, { file: resolve(p) });
    }
  }
}

/** The results folder checked and made, and the indicator paths checked: what every check command does first. */
export async function prepareRun(evidence: string, o: CommonOptions): Promise<string> {
  const out = await prepareResultsDir(o.output, { evidence: [evidence], overwrite: !!o.overwrite });
  if (o.indicators) requireExisting(o.iocs, "indicator file or folder given with --iocs");
  return out;
}

/** A results folder of Spyglass or MVT (for report and check-iocs); anything else is refused saying what it is. */
export async function requireResults(path: string): Promise<string> {
  const { abs, input } = target(path);
  await requireKind(input, abs, "results");
  return abs;
}
