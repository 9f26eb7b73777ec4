/**
 * Apps that were installed and then uninstalled, from the `platform_compat` dumpsys section: the
 * "ChangeId(168419799; name=DOWNSCALED; … rawOverrides={pkg=…, …};" line keeps per-app overrides of removed
 * packages (bugreport dumpstate, AndroidQF dumpsys.txt; Android 12–16).
 */
import { defineArtifact } from "../../core/artifact.ts";
import { serviceSectionRecords } from "../_shared/dumpsys-section.ts";

export interface PlatformCompatRecord {
  package_name: string;
}

const DOWNSCALED = "ChangeId(168419799; name=DOWNSCALED;";

/** Each "pkg=value" of rawOverrides on the DOWNSCALED change line (MVT). */
export async function* parsePlatformCompat(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<PlatformCompatRecord> {
  for await (const line of lines) {
    if (!line.startsWith(DOWNSCALED)) continue;
    const at = line.indexOf("rawOverrides={");
    if (at < 0) continue;
    const field = line.slice(at + "rawOverrides={".length).split("};")[0]!;
    for (const entry of field.split(", ")) {
      const package_name = entry.split("=")[0]!.trim();
      if (package_name !== "") yield { package_name }; // MVT also lists "" for an empty "rawOverrides={}"
    }
  }
}

export default defineArtifact<PlatformCompatRecord>({
  id: "android.dumpsys-platform-compat",
  platform: "android",
  mvt: "DumpsysPlatformCompat",
  slug: "dumpsys_platform_compat",
  description: "Uninstalled apps still listed in compatibility overrides (dumpsys platform_compat)",
  sources: [
    { from: "bugreport", glob: "@dumpstate" },
    { from: "androidqf", glob: "dumpsys.txt" },
  ],
  parse: ({ file }, ctx) => serviceSectionRecords(file, ctx, "platform_compat", parsePlatformCompat),
  indicators: [{ kind: "app_id", values: (r) => r.package_name }],
});
