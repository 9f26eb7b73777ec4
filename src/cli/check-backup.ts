/** `spyglass check-backup PATH`: an iTunes/Finder backup (or the folder holding exactly one). */
import { SpyglassError } from "../core/errors.ts";
import { openIosBackup } from "../inputs/ios-backup.ts";
import { nodeHost } from "../node/host.ts";
import { artifactsFor } from "../artifacts/select.ts";
import type { CommonOptions } from "./common.ts";
import { loadIndicatorsFor, report } from "./common.ts";
import { runScan } from "./run-scan.ts";
import { secretFrom, withTries, type SecretOptions } from "./secret.ts";
import { prepareRun, requireKind, target } from "./preflight.ts";
import { terminalSafe } from "../outputs/terminal-safe.ts";

export async function checkBackup(path: string, opts: CommonOptions & SecretOptions): Promise<number> {
  const { abs, input } = target(path);
  if (!("list" in input)) throw new SpyglassError("E_USAGE", `${abs} is a file, not a folder: give the backup folder (the one holding Manifest.db)`, { file: abs });
  await requireKind(input, abs, "ios-backup");
  const secret = () => secretFrom(opts);
  secret(); // reads --key-file now, before the long work
  const output = await prepareRun(abs, opts);
  const backup = await withTries(secret, (s) => openIosBackup(input, nodeHost, { secret: s }));
  const indicators = loadIndicatorsFor(opts);
  if (backup.foundIn && !opts.json) process.stderr.write(`Found iTunes backup in subfolder: ${terminalSafe(backup.foundIn)}\n`);
  const summary = await runScan({
    acquisition: backup,
    artifacts: artifactsFor("ios-backup"),
    indicators,
    output,
    only: opts.module,
    carve: opts.carve !== false,
    command: `check-backup ${abs}`,
    targetPath: abs,
    inputWarnings: backup.warnings,
    timezone: "utc",
    progress: !opts.json,
  });
  return report(summary, indicators, opts);
}
