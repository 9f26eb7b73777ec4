/** `spyglass check-fs PATH`: an iPhone full-filesystem dump (folder, .tar, .tar.gz or .zip). */
import { nodeHost } from "../node/host.ts";
import { RUN_INPUTS } from "../run/inputs.ts";
import type { CommonOptions } from "./common.ts";
import { scanOpened } from "./scan-opened.ts";
import { prepareRun, requireKind, target } from "./preflight.ts";
import { terminalSafe } from "../outputs/terminal-safe.ts";

export async function checkFs(path: string, opts: CommonOptions): Promise<number> {
  const { abs, input } = target(path);
  // A damaged zip is the right input, broken: the reader says what is wrong with it (exit 1).
  await requireKind(input, abs, "ios-fs", ["damaged-zip"]);
  const output = await prepareRun(abs, opts);
  const read = RUN_INPUTS["ios-fs"];
  const dump = await read.open(input, nodeHost);
  if (dump.foundIn && !opts.json) process.stderr.write(`Found the filesystem dump's root in: ${terminalSafe(dump.foundIn)}\n`);
  return scanOpened(read, abs, output, dump, opts);
}
