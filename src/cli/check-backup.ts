/** `spyglass check-backup PATH`: an iTunes/Finder backup (or the folder holding exactly one). */
import { SpyglassError } from "../core/errors.ts";
import { nodeHost } from "../node/host.ts";
import { RUN_INPUTS } from "../run/inputs.ts";
import type { CommonOptions } from "./common.ts";
import { scanOpened } from "./scan-opened.ts";
import { secretFrom, withTries, type SecretOptions } from "./secret.ts";
import { prepareRun, requireKind, target } from "./preflight.ts";
import { identifyInput } from "../inputs/identify.ts";
import { terminalSafe } from "../outputs/terminal-safe.ts";

export async function checkBackup(path: string, opts: CommonOptions & SecretOptions): Promise<number> {
  const { abs, input } = target(path);
  if (!("list" in input)) {
    // A file another command reads (a sysdiagnose .tar.gz, an androidqf zip) is refused naming that command.
    if ((await identifyInput(input)).command) await requireKind(input, abs, "ios-backup");
    throw new SpyglassError("E_USAGE", `${abs} is a file, not a folder: give the backup folder (the one holding Manifest.db)`, { file: abs });
  }
  await requireKind(input, abs, "ios-backup");
  const secret = () => secretFrom(opts);
  secret(); // reads --key-file now, before the long work
  const output = await prepareRun(abs, opts);
  const read = RUN_INPUTS["ios-backup"];
  const backup = await withTries(secret, (s) => read.open(input, nodeHost, { backup: s }));
  if (backup.foundIn && !opts.json) process.stderr.write(`Found iTunes backup in subfolder: ${terminalSafe(backup.foundIn)}\n`);
  return scanOpened(read, abs, output, backup, opts);
}
