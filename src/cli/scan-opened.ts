/** Shared by the check-* commands: scan an opened acquisition of one input kind into the results folder, then report. */
import type { SourceFile } from "../core/source.ts";
import { artifactsOfRun, type Opened, type RunInput } from "../run/inputs.ts";
import type { CommonOptions } from "./common.ts";
import { loadIndicatorsFor, report } from "./common.ts";
import { runScan } from "./run-scan.ts";

/** `evidence`: files read before the acquisition was opened (an age-encrypted original), hashed in info.json. */
export async function scanOpened(read: RunInput, abs: string, output: string, acquisition: Opened, o: CommonOptions, evidence: SourceFile[] = []): Promise<number> {
  const indicators = loadIndicatorsFor(o);
  const summary = await runScan({
    acquisition,
    artifacts: artifactsOfRun(read),
    indicators,
    output,
    ...(o.module ? { only: o.module } : {}),
    carve: o.carve !== false,
    fast: !!o.fast,
    command: `${read.command} ${abs}`,
    targetPath: abs,
    inputWarnings: acquisition.warnings ?? [],
    evidence,
    timezone: read.timezone,
    progress: !o.json,
    ...(acquisition.coverage ? { coverage: acquisition.coverage } : {}),
  });
  return report(summary, indicators, o);
}
