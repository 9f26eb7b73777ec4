/** Mounted file systems from AndroidQF's mounts.json (a JSON list of `mount` output lines; AndroidQF ≥ 1.7, Android 8–15). */
import { defineArtifact } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import type { Finding } from "../../core/events.ts";
import { SpyglassError } from "../../core/errors.ts";
import { readText } from "../../core/source.ts";

export interface MountRecord {
  device: string;
  mount_point: string;
  filesystem_type: string;
  mount_options: string;
  options_list: string[];
  is_system_partition: boolean;
  is_read_write: boolean;
}

/** Partitions that stock Android mounts read-only; MVT tests them as string prefixes (so /system_dlkm counts). */
const SYSTEM_MOUNT_POINTS = ["/system", "/vendor", "/product", "/system_ext"];
const SUSPICIOUS_OPTIONS: ReadonlySet<string> = new Set(["rw", "remount", "noatime", "nodiratime"]);
/** Partitions that many stock devices mount with noatime (MVT's allow-list). */
const NOATIME_ALLOWED: ReadonlySet<string> = new Set(["/system_dlkm", "/system_ext", "/product", "/vendor", "/vendor_dlkm"]);
const MAX_BYTES = 8 * 1024 * 1024;

function record(device: string, mount_point: string, filesystem_type: string, mount_options: string): MountRecord {
  const options_list = mount_options.split(",").map((o) => o.trim()).filter((o) => o !== "");
  return {
    device, mount_point, filesystem_type, mount_options, options_list,
    is_system_partition: SYSTEM_MOUNT_POINTS.some((p) => mount_point.startsWith(p)),
    is_read_write: options_list.includes("rw"),
  };
}

/**
 * One line → record. `dev on /mp type fs (opts)` is what AndroidQF stores (and all MVT reads); the
 * /proc/mounts form `dev /mp fs opts 0 0` is read too. Anything else → undefined.
 */
export function parseMountLine(raw: string): MountRecord | undefined {
  const line = raw.trim();
  const on = line.indexOf(" on ");
  const type = on < 0 ? -1 : line.indexOf(" type ", on + 4);
  if (on >= 0 && type >= 0) {
    const device = line.slice(0, on).trim();
    const mountPoint = line.slice(on + 4, type).trim();
    const fs = line.slice(type + 6).trim();
    const paren = fs.indexOf("(");
    const withOpts = paren >= 0 && fs.endsWith(")");
    const fsType = withOpts ? fs.slice(0, paren).trim() : fs;
    if (!device || !mountPoint || !fsType) return undefined;
    return record(device, mountPoint, fsType, withOpts ? fs.slice(paren + 1, -1).trim() : "");
  }
  const cols = line.split(/\s+/);
  if (cols.length >= 4 && cols[1]!.startsWith("/")) return record(cols[0]!, cols[1]!, cols[2]!, cols[3]!);
  return undefined;
}

function systemReadWrite(m: MountRecord): Finding | undefined {
  if (!m.is_system_partition || !m.is_read_write) return undefined;
  const message = m.mount_point === "/system"
    ? "Root detected /system partition is mounted as read-write (rw)"
    : `System partition ${m.mount_point} is mounted as read-write (rw). This may indicate system modifications.`;
  return finding("HIGH", message, m);
}

function suspiciousOptions(m: MountRecord): Finding | undefined {
  const opts = m.options_list.filter((o) => SUSPICIOUS_OPTIONS.has(o));
  if (!opts.length || !m.is_system_partition) return undefined;
  // As MVT: an allow-listed partition with noatime is not checked at all (even if rw).
  if (m.mount_options.includes("noatime") && NOATIME_ALLOWED.has(m.mount_point)) return undefined;
  return finding("MEDIUM", `Suspicious mount options found for ${m.mount_point}: ${opts.join(", ")}`, m);
}

export default defineArtifact<MountRecord>({
  id: "android.mounts",
  platform: "android",
  mvt: "Mounts",
  slug: "mounts",
  description: "Mounted partitions and their options (mounts.json): system partitions remounted read-write",
  sources: [{ from: "androidqf", glob: "mounts.json" }],
  async *parse({ file }, ctx) {
    let lines: unknown;
    try {
      lines = JSON.parse(await readText(file, MAX_BYTES));
    } catch (cause) {
      throw new SpyglassError("E_CORRUPT", "mounts.json is not valid JSON", { file: file.path, cause });
    }
    if (!Array.isArray(lines)) throw new SpyglassError("E_SCHEMA", "mounts.json is not a list of mount lines", { file: file.path });
    let bad = 0;
    for (const line of lines) {
      const rec = typeof line === "string" ? parseMountLine(line) : undefined;
      if (rec) yield rec;
      else if (typeof line !== "string" || line.trim() !== "") bad++;
    }
    if (bad) ctx.warn(`${bad} entr(ies) that are not mount lines were skipped`);
  },
  heuristics: [systemReadWrite, suspiciousOptions],
  indicators: [
    { kind: "file_path", values: (m) => m.mount_point },
    { kind: "file_path", values: (m) => m.device },
  ],
});
