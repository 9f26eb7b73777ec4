/** `spyglass check-fs PATH`: an iPhone full-filesystem dump (folder, .tar, .tar.gz or .zip). */
import { nodeHost } from "../node/host.ts";
import { artifactsOfRun, RUN_INPUTS } from "../run/inputs.ts";
import type { CommonOptions } from "./common.ts";
import { loadIndicatorsFor, report } from "./common.ts";
import { runScan } from "./run-scan.ts";
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
  const indicators = loadIndicatorsFor(opts);
  const summary = await runScan({
    acquisition: dump,
    artifacts: artifactsOfRun(read),
    indicators,
    output,
    ...(opts.module ? { only: opts.module } : {}),
    carve: opts.carve !== false,
    command: `${read.command} ${abs}`,
    targetPath: abs,
    inputWarnings: dump.warnings,
    timezone: read.timezone,
    progress: !opts.json,
    coverage: dump.coverage,
  });
  return report(summary, indicators, opts);
}
