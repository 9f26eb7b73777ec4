/** Root binaries AndroidQF found on the device (root_binaries.json: a JSON list of paths; AndroidQF ≥ 1.7). */
import { defineArtifact } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { ev } from "../../core/events.ts";
import { SpyglassError } from "../../core/errors.ts";
import { readText } from "../../core/source.ts";

export interface RootBinaryRecord {
  path: string;
  /** Base name, lowercased. */
  binary_name: string;
  description: string;
}

/** MVT's descriptions, matched on the lowercased base name. */
const KNOWN_ROOT_BINARIES: ReadonlyMap<string, string> = new Map([
  ["su", "SuperUser binary"],
  ["busybox", "BusyBox utilities"],
  ["supersu", "SuperSU root management"],
  ["superuser.apk", "Superuser app"],
  ["kingouser.apk", "KingRoot app"],
  ["supersu.apk", "SuperSU app"],
  ["magisk", "Magisk root framework"],
  ["magiskhide", "Magisk hide utility"],
  ["magiskinit", "Magisk init binary"],
  ["magiskpolicy", "Magisk policy binary"],
]);

/** A list of a few dozen paths; 4 MiB bounds a hostile one. */
const MAX_BYTES = 4 * 1024 * 1024;

export function rootBinary(rawPath: string): RootBinaryRecord {
  const path = rawPath.trim();
  const binary_name = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  return { path, binary_name, description: KNOWN_ROOT_BINARIES.get(binary_name) ?? "Unknown root binary" };
}

export default defineArtifact<RootBinaryRecord>({
  id: "android.root-binaries",
  platform: "android",
  mvt: "RootBinaries",
  slug: "root_binaries",
  description: "Root binaries (su, busybox, Magisk…) found by AndroidQF (root_binaries.json)",
  sources: [{ from: "androidqf", glob: "root_binaries.json" }],
  async *parse({ file }) {
    let list: unknown;
    try {
      list = JSON.parse(await readText(file, MAX_BYTES));
    } catch (cause) {
      throw new SpyglassError("E_CORRUPT", `root_binaries.json is not valid JSON`, { file: file.path, cause });
    }
    if (!Array.isArray(list)) throw new SpyglassError("E_SCHEMA", "root_binaries.json is not a list of paths", { file: file.path });
    // Empty and non-string entries are skipped, as MVT.
    for (const p of list) if (typeof p === "string" && p.trim() !== "") yield rootBinary(p);
  },
  // MVT gives these events no time (null → ""): they sort first in the timeline.
  timeline: (r) => [ev("", "root_binary_found", `Root binary found: ${r.path} (binary: ${r.binary_name})`)],
  heuristics: [(r) => finding("HIGH", `Found root binary "${r.binary_name}" at path "${r.path}"`, r)],
  // Beyond MVT: the path is also checked against file-path indicators.
  indicators: [{ kind: "file_path", values: (r) => r.path }],
});
