/** `spyglass check-sysdiagnose PATH`: an iPhone sysdiagnose (.tar.gz as the phone writes it, or its unpacked folder). */
import { artifactsFor } from "../artifacts/select.ts";
import { globMatch } from "../inputs/glob.ts";
import { openSysdiagnose } from "../inputs/sysdiagnose.ts";
import { sysdiagnoseCoverage } from "../inputs/sysdiagnose-identify.ts";
import { nodeHost } from "../node/host.ts";
import type { CommonOptions } from "./common.ts";
import { loadIndicatorsFor, report } from "./common.ts";
import { prepareRun, requireKind, target } from "./preflight.ts";
import { runScan } from "./run-scan.ts";

export async function checkSysdiagnose(path: string, opts: CommonOptions): Promise<number> {
  const { abs, input } = target(path);
  await requireKind(input, abs, "sysdiagnose");
  const output = await prepareRun(abs, opts);
  const artifacts = artifactsFor("sysdiagnose");
  // An archive is read once: only what a module reads is kept from it.
  const globs = artifacts.flatMap((a) => a.sources.flatMap((s) => (s.from === "sysdiagnose" && "glob" in s ? [s.glob] : [])));
  const acquisition = await openSysdiagnose(input, nodeHost, { keep: (p) => globs.some((g) => globMatch(g, p)) });
  const indicators = loadIndicatorsFor(opts);
  // runScan closes the acquisition (and frees its scratch files) when it ends.
  const summary = await runScan({
    acquisition,
    artifacts,
    indicators,
    output,
    ...(opts.module ? { only: opts.module } : {}),
    command: `check-sysdiagnose ${abs}`,
    targetPath: abs,
    inputWarnings: acquisition.warnings,
    timezone: "utc",
    progress: !opts.json,
    coverage: sysdiagnoseCoverage(acquisition.files),
  });
  return report(summary, indicators, opts);
}
