/** `spyglass check-fs PATH`: an iPhone full-filesystem dump (folder, .tar, .tar.gz or .zip). */
import type { AnyArtifact } from "../core/artifact.ts";
import type { Coverage } from "../core/coverage.ts";
import { artifactsFor } from "../artifacts/select.ts";
import { openIosFs } from "../inputs/ios-fs.ts";
import { globMatch } from "../inputs/glob.ts";
import { nodeHost } from "../node/host.ts";
import type { CommonOptions } from "./common.ts";
import { loadIndicatorsFor, report } from "./common.ts";
import { runScan } from "./run-scan.ts";
import { prepareRun, requireKind, target } from "./preflight.ts";

const globsOf = (artifacts: readonly AnyArtifact[]): string[] =>
  artifacts.flatMap((a) => a.sources.flatMap((s) => (s.from === "ios-fs" && "glob" in s ? [s.glob] : [])));

/** The databases a dump normally holds, by what they tell (a dump missing them was examined only in part). */
const MAIN_PARTS: readonly [words: string, glob: string][] = [
  ["messages (sms.db)", "private/var/mobile/Library/SMS/sms.db"],
  ["network use per process (DataUsage.sqlite)", "private/var/wireless/Library/Databases/DataUsage.sqlite"],
  ["app permissions (TCC.db)", "private/var/mobile/Library/TCC/TCC.db"],
  ["installed apps (iTunesMetadata.plist)", "private/var/containers/Bundle/Application/*/iTunesMetadata.plist"],
];

function coverageOf(kept: readonly string[]): Coverage {
  const has = (glob: string) => kept.some((k) => globMatch(glob, k));
  return {
    examined: ["every file and folder (Filesystem)", ...MAIN_PARTS.filter(([, g]) => has(g)).map(([w]) => w)],
    missing: MAIN_PARTS.filter(([, g]) => !has(g)).map(([w]) => w),
  };
}

export async function checkFs(path: string, opts: CommonOptions): Promise<number> {
  const { abs, input } = target(path);
  // A damaged zip is the right input, broken: the reader says what is wrong with it (exit 1).
  await requireKind(input, abs, "ios-fs", ["damaged-zip"]);
  const output = await prepareRun(abs, opts);
  const artifacts = artifactsFor("ios-fs");
  const dump = await openIosFs(input, nodeHost, { globs: globsOf(artifacts) });
  if (dump.rootedAt && !opts.json) process.stderr.write(`Found the filesystem dump's root in: ${dump.rootedAt}\n`);
  const indicators = loadIndicatorsFor(opts);
  const coverage = coverageOf(dump.kept);
  const summary = await runScan({
    acquisition: dump,
    artifacts,
    indicators,
    output,
    ...(opts.module ? { only: opts.module } : {}),
    command: `check-fs ${abs}`,
    targetPath: abs,
    inputWarnings: dump.warnings,
    timezone: "utc",
    progress: !opts.json,
    coverage,
  });
  return report(summary, indicators, opts);
}
