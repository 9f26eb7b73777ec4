/** System properties from AndroidQF's getprop.txt (`getprop` output, `[name]: [value]` lines; Android 4–15). */
import { defineArtifact } from "../../core/artifact.ts";
import { readText } from "../../core/source.ts";
import { getpropHeuristics, getpropIndicators, malformedWarning, parseGetprop } from "../_shared/getprop.ts";
import type { GetpropStats, PropRecord } from "../_shared/getprop.ts";

/** getprop.txt is a few hundred lines; 16 MiB bounds a hostile one. */
const MAX_GETPROP_BYTES = 16 * 1024 * 1024;

export default defineArtifact<PropRecord>({
  id: "android.aqf-get-prop",
  platform: "android",
  mvt: "AQFGetProp",
  slug: "aqf_get_prop",
  description: "System properties (getprop.txt): build, security patch level, time zone",
  sources: [{ from: "androidqf", glob: "getprop.txt" }],
  async *parse({ file }, ctx) {
    const stats: GetpropStats = { malformed: 0 };
    yield* parseGetprop(await readText(file, MAX_GETPROP_BYTES), stats);
    const warning = malformedWarning(stats);
    if (warning) ctx.warn(warning);
  },
  indicators: getpropIndicators,
  heuristics: getpropHeuristics,
});
