/** Runs one module (and its dependencies) on a filesystem dump (folder, tar, zip or tar.gz) through the ios-fs input. */
import type { AnyArtifact } from "../../src/core/artifact.ts";
import type { SourceDir, SourceFile } from "../../src/core/source.ts";
import type { IndicatorSet } from "../../src/indicators/types.ts";
import { declaredGlobs } from "../../src/artifacts/select.ts";
import { openIosFs } from "../../src/inputs/ios-fs.ts";
import { localDir } from "../../src/node/fs-source.ts";
import { nodeHost } from "../../src/node/host.ts";
import { runOn, type ModuleRun } from "./run-module.ts";

/** Every ios-fs glob of the artifact table: what check-fs keeps while opening a dump. */
export const FS_GLOBS = declaredGlobs("ios-fs");

export async function runFsModule(def: AnyArtifact, dump: string | SourceFile | SourceDir, indicators?: IndicatorSet): Promise<ModuleRun & { inputWarnings: readonly string[] }> {
  const globs = [...FS_GLOBS, ...declaredGlobs("ios-fs", [def])];
  const fs = await openIosFs(typeof dump === "string" ? localDir(dump) : dump, nodeHost, { globs });
  try {
    return { ...(await runOn(fs, def, indicators)), inputWarnings: fs.warnings };
  } finally {
    fs.close();
  }
}
