/**
 * Broadcast receivers per intent action from the `package` dumpsys section's "Receiver Resolver Table:" →
 * "Non-Data Actions:" list (bugreport dumpstate, AndroidQF dumpsys.txt; Android 7–16). A dict in MVT's output:
 * {intent: [{package_name, receiver}]}.
 */
import { defineArtifact } from "../../core/artifact.ts";
import type { Heuristic } from "../../core/artifact.ts";
import { SpyglassError } from "../../core/errors.ts";
import type { Finding } from "../../core/events.ts";
import { serviceSectionRecords } from "../_shared/dumpsys-section.ts";

export interface Receiver {
  package_name: string;
  /** "pkg/.Class" as printed. */
  receiver: string;
}

/** One key of dumpsys_receivers.json: [intent action, its receivers]. */
export type ReceiversRecord = [intent: string, receivers: Receiver[]];

/** A phone has a few thousand receivers; the dict is held until the list ends, so it is bounded. */
export const MAX_RECEIVERS = 1_000_000;

/**
 * MVT's reading: an action line ends with ":"; its receivers are indented 8 and read "<hash> pkg/.Class …";
 * a blank line ends the list. An action header with the wrong indent is still taken as the next action
 * (vendor dumps vary); a repeated action replaces the earlier list and keeps its place (a Python dict).
 */
export async function readReceivers(lines: AsyncIterable<string> | Iterable<string>): Promise<Map<string, Receiver[]>> {
  const out = new Map<string, Receiver[]>();
  let inTable = false;
  let inActions = false;
  let intent: string | undefined;
  let count = 0;
  for await (const line of lines) {
    if (!inTable) {
      inTable = line.startsWith("Receiver Resolver Table:");
      continue;
    }
    if (!inActions) {
      inActions = line.startsWith("  Non-Data Actions:");
      continue;
    }
    const t = line.trim();
    if (t === "") break;
    const header = line.startsWith("      ") ? t.includes(":") : t.endsWith(":");
    if (!line.startsWith("        ") && header) {
      intent = t.replaceAll(":", "");
      out.set(intent, []);
      continue;
    }
    if (intent === undefined) continue;
    if (!line.startsWith("        ")) {
      intent = undefined;
      continue;
    }
    const receiver = t.split(" ")[1];
    if (receiver === undefined) continue;
    if (++count > MAX_RECEIVERS) throw new SpyglassError("E_LIMIT", `more than ${MAX_RECEIVERS} receivers`);
    out.get(intent)!.push({ package_name: receiver.split("/")[0]!, receiver });
  }
  return out;
}

/**
 * The indicator check, per receiver (MVT): an exact app id match on its package → CRITICAL, the event being
 * {intent: receiver}. Declared as a heuristic because a dict entry holds many receivers and each matches alone.
 */
const receiverIndicators: Heuristic<ReceiversRecord> = ([intent, receivers], { match }) => {
  if (!match) return undefined;
  const out: Finding[] = [];
  for (const r of receivers) {
    const m = match("app_id", r.package_name);
    if (m) {
      out.push({
        level: "CRITICAL",
        message: `Found a known app id "${m.value}" of ${m.name} in DumpsysReceivers: ${r.package_name}`,
        event: { [intent]: r },
        matched_indicator: m,
      });
    }
  }
  return out;
};

export default defineArtifact<ReceiversRecord>({
  id: "android.dumpsys-receivers",
  platform: "android",
  mvt: "DumpsysReceivers",
  slug: "dumpsys_receivers",
  description: "Broadcast receivers per intent, e.g. SMS and call interception (dumpsys package)",
  sources: [
    { from: "bugreport", glob: "@dumpstate" },
    { from: "androidqf", glob: "dumpsys.txt" },
  ],
  output: "dict",
  parse: ({ file }, ctx) => serviceSectionRecords(file, ctx, "package", readReceivers),
  heuristics: [receiverIndicators],
});
