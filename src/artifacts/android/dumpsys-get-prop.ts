/**
 * System properties from a bugreport dumpstate's "------ SYSTEM PROPERTIES (getprop) ------" block
 * (`[name]: [value]` lines; Android 7–16), parsed as AndroidQF's getprop.txt is.
 */
import { defineArtifact } from "../../core/artifact.ts";
import { SpyglassError } from "../../core/errors.ts";
import { dumpstateBlock, newSectionStats, sectionLines, sectionWarning } from "../../formats/dumpsys.ts";
import { getpropHeuristics, getpropIndicators, malformedWarning, parseGetprop } from "../_shared/getprop.ts";
import type { GetpropStats, PropRecord } from "../_shared/getprop.ts";

/** A device has a few thousand properties (~200 KB); 16 MiB bounds a hostile block. */
const MAX_BLOCK_CHARS = 16 * 1024 * 1024;

export default defineArtifact<PropRecord>({
  id: "android.dumpsys-get-prop",
  platform: "android",
  mvt: "DumpsysGetProp",
  slug: "dumpsys_get_prop",
  description: "System properties from the bugreport (build, security patch level, time zone)",
  sources: [{ from: "bugreport", glob: "@dumpstate" }],
  async *parse({ file }, ctx) {
    const stats = newSectionStats();
    // The block ends at the next "------" line (its "was the duration" footer). MVT reads on to a line that is
    // exactly "------", which dumpstate does not print, so it scans the rest of the file for "[a]: [b]" lines.
    const lines: string[] = [];
    let chars = 0;
    for await (const line of sectionLines(file, dumpstateBlock("SYSTEM PROPERTIES"), stats)) {
      chars += line.length + 1;
      if (chars > MAX_BLOCK_CHARS) throw new SpyglassError("E_LIMIT", `the SYSTEM PROPERTIES block is over ${MAX_BLOCK_CHARS} characters`);
      lines.push(line);
    }
    const props: GetpropStats = { malformed: 0 };
    yield* parseGetprop(lines.join("\n"), props);
    const warning = [sectionWarning(stats, "SYSTEM PROPERTIES"), malformedWarning(props)].filter(Boolean).join("; ");
    if (warning) ctx.warn(warning);
  },
  indicators: getpropIndicators,
  heuristics: getpropHeuristics,
});
