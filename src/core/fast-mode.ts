/** MVT's `--fast`: costly checks a module marks `slow` are left out of the run (the scan and its worker threads). */
import type { AnyArtifact } from "./artifact.ts";

/** The module without its slow indicator checks (the same object when it has none). */
export function withoutSlowChecks(def: AnyArtifact): AnyArtifact {
  if (!def.indicators?.some((c) => c.slow)) return def;
  return { ...def, indicators: def.indicators.filter((c) => !c.slow) };
}
