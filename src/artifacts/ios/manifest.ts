/** Every row of a backup's Manifest.db (iOS 10+ SQLite manifest) with the file metadata from its NSKeyedArchiver blob. */
import { parse } from "tldts";
import { defineArtifact, rangeSql } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { ev } from "../../core/events.ts";
import { fromDate, fromUnix } from "../../core/time.ts";
import { parsePlist } from "../../formats/plist.ts";
import type { PlistValue } from "../../formats/plist.ts";
import { isPlistDict } from "../_shared/plist.ts";

export interface ManifestRecord {
  file_id: string;
  domain: string;
  relative_path: string;
  flags: number | null;
  /** Birth time; "" when the row has no readable metadata. */
  created: string;
  /** The keys below are present only when the metadata blob was read. */
  modified?: string;
  status_changed?: string;
  /** st_mode as Python's oct() writes it, e.g. "0o100644". */
  mode?: string;
  owner?: number | null;
  size?: number | null;
}

type Row = { fileID: string; domain: string; relativePath: string; flags: number | null; file: Uint8Array | null };

/** Unix seconds (int/real) or, in very old backups, a date → canonical text. */
const time = (v: PlistValue | undefined): string => (v instanceof Date ? fromDate(v) : fromUnix(v));
const num = (v: PlistValue | undefined): number | null => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : null);
const octal = (n: number): string => (n < 0 ? "-0o" + (-n).toString(8) : "0o" + n.toString(8));

/** The metadata fields of one `file` blob ($objects[1] of the archive), or undefined when it cannot be read (MVT logs and keeps the row). */
function metadata(blob: Uint8Array): Partial<ManifestRecord> | undefined {
  try {
    const archive = parsePlist(blob);
    const objects = isPlistDict(archive) ? archive["$objects"] : undefined;
    const meta = Array.isArray(objects) ? objects[1] : undefined;
    if (!isPlistDict(meta)) return undefined;
    const mode = num(meta["Mode"]);
    if (mode === null || !Number.isInteger(mode)) return undefined; // Python's oct() fails on it, so MVT drops the metadata too
    return {
      created: time(meta["Birth"]),
      modified: time(meta["LastModified"]),
      status_changed: time(meta["LastStatusChange"]),
      mode: octal(mode),
      owner: num(meta["UserID"]),
      size: num(meta["Size"]),
    };
  } catch {
    return undefined;
  }
}

/**
 * Pieces of the lowercased path, split on "_", that have a registrable domain under a known public suffix (WebKit
 * names folders "https_host_0"); "0.localstorage" or "com.apple.plist" have none.
 */
export function domainPieces(relativePath: string): string[] {
  return relativePath
    .toLowerCase()
    .split("_")
    .filter((p) => {
      if (p === "") return false;
      const d = parse(p);
      return d.domain !== null && (d.isIcann === true || d.isPrivate === true);
    });
}

const basename = (p: string) => p.slice(p.lastIndexOf("/") + 1);

export default defineArtifact<ManifestRecord>({
  id: "ios.manifest",
  platform: "ios",
  mvt: "Manifest",
  slug: "manifest",
  description: "Every file and folder listed in the backup's Manifest.db, with its times, mode, owner and size",
  sources: [{ from: "ios-backup", top: "Manifest.db" }],
  splitRows: { table: "Files" },
  async *parse({ file, rows }, ctx) {
    const db = await ctx.sqlite(file);
    if (!db.tables().has("Files")) return;
    // Manifest.db can list 10^5+ files: rows are streamed, never collected; in ROWID order, whole or in ranges.
    const range = rangeSql("ROWID", rows);
    for (const r of db.rows<Row>(`SELECT * FROM Files WHERE ${range.sql} ORDER BY ROWID`, range.params)) {
      const base: ManifestRecord = { file_id: r.fileID, domain: r.domain, relative_path: r.relativePath, flags: r.flags, created: "" };
      const meta = r.file ? metadata(r.file) : undefined;
      if (r.file && !meta) ctx.countProblem("Manifest.db rows have unreadable file metadata", `${r.domain}/${r.relativePath} (${r.fileID})`);
      yield meta ? { ...base, ...meta } : base;
    }
  },
  // MACB names (spec §3): one event per distinct time; M = modified, C = status changed, B = born.
  timeline: (r) =>
    r.modified === undefined || r.status_changed === undefined
      ? []
      : [...new Set([r.created, r.modified, r.status_changed])].map((t) =>
          ev(t, `${t === r.modified ? "M" : "-"}-${t === r.status_changed ? "C" : "-"}${t === r.created ? "B" : "-"}`, `${r.relative_path} - ${r.domain}`),
        ),
  indicators: [
    { kind: "file_path", values: (r) => (r.relative_path ? "/" + r.relative_path : undefined), level: "HIGH" },
    { kind: "url", values: (r) => (r.relative_path ? domainPieces(r.relative_path) : undefined), level: "HIGH" },
  ],
  matchMessage: (r, value) =>
    value.startsWith("/")
      ? `Found a known file path or name in a backup file: ${value} (${r.domain})`
      : `Found mention of domain "${value}" in a backup file with path: ${r.relative_path.toLowerCase()}`,
  heuristics: [
    // MVT 2.x (dropped in v3): with indicators loaded, com.apple.CrashReporter.plist in RootDomain is flagged; Amnesty's
    // 2021 Pegasus methodology saw it written to turn crash reporting off. Recent iOS may keep one there too, hence MEDIUM.
    (r, { indicatorsLoaded }) =>
      indicatorsLoaded &&
      r.domain === "RootDomain" &&
      basename(r.relative_path ?? "") === "com.apple.CrashReporter.plist" &&
      finding("MEDIUM", 'Found a potentially suspicious "com.apple.CrashReporter.plist" file created in RootDomain', r, r.modified ?? ""),
  ],
});
