/** `spyglass check-sysdiagnose PATH`: an iPhone sysdiagnose (.tar.gz as the phone writes it, or its unpacked folder). */
import { nodeHost } from "../node/host.ts";
import { artifactsOfRun, RUN_INPUTS } from "../run/inputs.ts";
import type { CommonOptions } from "./common.ts";
import { loadIndicatorsFor, report } from "./common.ts";
import { prepareRun, requireKind, target } from "./preflight.ts";
import { runScan } from "./run-scan.ts";

export async function checkSysdiagnose(path: string, opts: CommonOptions): Promise<number> {
  const { abs, input } = target(path);
  await requireKind(input, abs, "sysdiagnose");
  const output = await prepareRun(abs, opts);
  const read = RUN_INPUTS.sysdiagnose;
  const acquisition = await read.open(input, nodeHost);
  const indicators = loadIndicatorsFor(opts);
  // runScan closes the acquisition (and frees its scratch files) when it ends.
  const summary = await runScan({
    acquisition,
    artifacts: artifactsOfRun(read),
    indicators,
    output,
    ...(opts.module ? { only: opts.module } : {}),
    carve: opts.carve !== false,
    command: `${read.command} ${abs}`,
    targetPath: abs,
    inputWarnings: acquisition.warnings,
    timezone: read.timezone,
    progress: !opts.json,
    coverage: acquisition.coverage,
  });
  return report(summary, indicators, opts);
}
