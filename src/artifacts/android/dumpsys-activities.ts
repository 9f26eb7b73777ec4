/**
 * Apps that handle each intent action, from the `package` dumpsys section's "Activity Resolver Table:" →
 * "Non-Data Actions:" list (bugreport dumpstate, AndroidQF dumpsys.txt; Android 7–16).
 */
import { defineArtifact } from "../../core/artifact.ts";
import { serviceSectionRecords } from "../_shared/dumpsys-section.ts";

export interface ActivityRecord {
  intent: string;
  package_name: string;
  /** "pkg/.Class" as printed. */
  activity: string;
}

/**
 * MVT's reading: an action header is indented 6 spaces and has a ":"; its handlers are indented 8 and read
 * "<hash> pkg/.Class …"; a blank line ends the list (and the read: nothing else of the section is needed).
 */
export async function* parseActivities(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<ActivityRecord> {
  let inTable = false;
  let inActions = false;
  let intent: string | undefined;
  for await (const line of lines) {
    if (!inTable) {
      inTable = line.startsWith("Activity Resolver Table:");
      continue;
    }
    if (!inActions) {
      inActions = line.startsWith("  Non-Data Actions:");
      continue;
    }
    if (line.trim() === "") return;
    if (line.startsWith("      ") && !line.startsWith("        ") && line.includes(":")) {
      intent = line.trim().replaceAll(":", "");
      continue;
    }
    if (intent === undefined) continue;
    if (!line.startsWith("        ")) {
      intent = undefined;
      continue;
    }
    const activity = line.trim().split(" ")[1];
    if (activity === undefined) continue;
    yield { intent, package_name: activity.split("/")[0]!, activity };
  }
}

export default defineArtifact<ActivityRecord>({
  id: "android.dumpsys-activities",
  platform: "android",
  mvt: "DumpsysActivities",
  slug: "dumpsys_activities",
  description: "Activities registered for intent actions (dumpsys package, Activity Resolver Table)",
  sources: [
    { from: "bugreport", glob: "@dumpstate" },
    { from: "androidqf", glob: "dumpsys.txt" },
  ],
  parse: ({ file }, ctx) => serviceSectionRecords(file, ctx, "package", parseActivities),
  indicators: [{ kind: "app_id", values: (r) => r.package_name }],
});
