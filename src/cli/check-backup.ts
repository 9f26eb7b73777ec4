/** `spyglass check-backup PATH`: an iTunes/Finder backup (or the folder holding exactly one). */
import { resolve } from "node:path";
import { statSync } from "node:fs";
import { SpyglassError } from "../core/errors.ts";
import { openIosBackup } from "../inputs/ios-backup.ts";
import { localDir } from "../node/fs-source.ts";
import { nodeHost } from "../node/host.ts";
import { artifactsFor } from "../artifacts/select.ts";
import type { CommonOptions } from "./common.ts";
import { loadIndicatorsFor, report } from "./common.ts";
import { runScan } from "./run-scan.ts";
import { terminalSafe } from "../outputs/terminal-safe.ts";
import { secretFrom, type SecretOptions } from "./secret.ts";

export async function checkBackup(path: string, opts: CommonOptions & SecretOptions): Promise<number> {
  const target = resolve(path);
  let isDir = false;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) throw new SpyglassError("E_NOT_FOUND", `${target} is not a folder: give the backup folder (the one holding Manifest.db)`, { file: target });
  const backup = await openIosBackup(localDir(target), nodeHost, { secret: secretFrom(opts) });
  const indicators = loadIndicatorsFor(opts);
  if (backup.foundIn && !opts.json) process.stderr.write(`Found iTunes backup in subfolder: ${terminalSafe(backup.foundIn)}\n`);
  const summary = await runScan({
    acquisition: backup,
    artifacts: artifactsFor("ios-backup"),
    indicators,
    output: resolve(opts.output),
    only: opts.module,
    command: `check-backup ${target}`,
    targetPath: target,
    inputWarnings: backup.warnings,
    timezone: "utc",
    progress: !opts.json,
  });
  return report(summary, indicators, opts);
}
