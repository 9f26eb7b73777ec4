/**
 * Accessibility services from the `accessibility` dumpsys section (bugreport dumpstate, AndroidQF dumpsys.txt):
 * the "installed services: { n : pkg/svc }" list (Android ≤ 13) and "Enabled services:{{pkg/svc}, …}" (Android 14+).
 */
import { defineArtifact } from "../../core/artifact.ts";
import type { Heuristic } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { serviceSectionRecords } from "../_shared/dumpsys-section.ts";

export interface AccessibilityRecord {
  package_name: string;
  /** "pkg/class" in the old syntax; only the class part in the new one (as MVT). */
  service: string;
}

/** Android 14+ prints each enabled service as `{pkg/svc}` on one line. */
const ENABLED = /\{([^{]+?)\}/g;

/**
 * MVT's two passes in one: old-syntax services in order, then (collected meanwhile) the new-syntax ones. The
 * old list ends at its "}" line; the new syntax may appear anywhere in the section.
 */
export async function* parseAccessibility(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<AccessibilityRecord> {
  let state: "before" | "in" | "done" = "before";
  const enabled: AccessibilityRecord[] = [];
  for await (const line of lines) {
    const t = line.trim();
    if (t.startsWith("Enabled services:")) {
      for (const m of t.matchAll(ENABLED)) {
        const body = m[1]!;
        const slash = body.indexOf("/");
        enabled.push(slash < 0 ? { package_name: body, service: "" } : { package_name: body.slice(0, slash), service: body.slice(slash + 1) });
      }
    }
    if (state === "before") {
      if (t.startsWith("installed services:")) state = "in";
      continue;
    }
    if (state !== "in") continue;
    if (t === "}") {
      state = "done";
      continue;
    }
    // "    0 : com.android.settings/.Interceptor": the part after the first ":" (MVT takes split(":")[1]).
    // Only numbered entries count: some Samsung dumps repeat the "installed services: {" header line.
    if (!/^\s*\d+\s*:/.test(line)) continue;
    const parts = line.split(":");
    const service = parts[1]!.trim();
    yield { package_name: service.split("/")[0]!, service };
  }
  yield* enabled;
}

/** Every installed accessibility service can read the screen and act for the user: MEDIUM unless an indicator matched. */
const accessibilityService: Heuristic<AccessibilityRecord> = (r, { match }) =>
  !match?.("app_id", r.package_name) &&
  finding("MEDIUM", `Found an installed accessibility service "${r.service}" of package "${r.package_name}" (it can read the screen and act for the user)`, r);

export default defineArtifact<AccessibilityRecord>({
  id: "android.dumpsys-accessibility",
  platform: "android",
  mvt: "DumpsysAccessibility",
  slug: "dumpsys_accessibility",
  description: "Installed and enabled accessibility services (dumpsys accessibility)",
  sources: [
    { from: "bugreport", glob: "@dumpstate" },
    { from: "androidqf", glob: "dumpsys.txt" },
  ],
  parse: ({ file }, ctx) => serviceSectionRecords(file, ctx, "accessibility", parseAccessibility),
  indicators: [{ kind: "app_id", values: (r) => r.package_name }],
  heuristics: [accessibilityService],
});
