/** File listing from AndroidQF's files.json (a JSON array or NDJSON of find results; AndroidQF ≥ 1.0, Android 6–15). */
import { defineArtifact } from "../../core/artifact.ts";
import type { Heuristic } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { ev } from "../../core/events.ts";
import { SpyglassError } from "../../core/errors.ts";
import type { SourceFile } from "../../core/source.ts";
import { fromUnix } from "../../core/time.ts";
import { deviceTimezone, wallClock } from "../_shared/getprop.ts";

/** One file as AndroidQF lists it; the three times become device-local wall-clock text. */
export interface FileRecord {
  path: string;
  size?: number;
  mode?: string;
  user_id?: number;
  user_name?: string;
  group_id?: number;
  group_name?: string;
  changed_time?: string;
  modified_time?: string;
  access_time?: string;
  error?: string;
  context?: string;
  sha1?: string;
  sha256?: string;
  sha512?: string;
  md5?: string;
  [key: string]: unknown;
}

/** One entry is a few hundred bytes; anything over 1 MiB is not a files.json entry. */
export const MAX_ENTRY_CHARS = 1024 * 1024;
/** Text between entries is a few characters; this much with no entry is not a listing (a file of NUL bytes). */
export const MAX_GAP_CHARS = 16 * 1024 * 1024;
const TIMES = ["access_time", "changed_time", "modified_time"] as const;

/** The file as UTF-8 text chunks (a multi-byte character split between chunks is kept whole). */
async function* textChunks(file: SourceFile): AsyncGenerator<string> {
  const reader = file.stream().getReader();
  const decoder = new TextDecoder();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield decoder.decode(r.value, { stream: true });
    yield decoder.decode();
  } finally {
    // Also when the consumer stops early: the rest of the file is not read.
    await reader.cancel().catch(() => undefined);
  }
}

/**
 * The objects of a JSON array or of NDJSON, streamed: a whole-filesystem listing can be hundreds of MB, so the
 * text is never held at once. Only top-level objects (or objects directly in a top-level array) are yielded;
 * `bad` counts the ones that do not parse and stray text, `truncated` is set when the stream ends inside one.
 */
export async function* jsonObjects(file: SourceFile, stats: { bad: number; truncated: boolean }): AsyncGenerator<unknown> {
  let depth = 0, inString = false, escaped = false, stray = false;
  let parts: string[] = [], size = 0, gap = 0;
  for await (const chunk of textChunks(file)) {
    let start = depth > 0 ? 0 : -1;
    let entered = depth > 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (depth === 0) {
        if (c === 0x7b /* { */) (depth = 1), (start = i), (stray = false), (entered = true);
        // Whitespace, "[", "]" and "," are array syntax; anything else counts once per run.
        else if (c > 0x20 && c !== 0x5b && c !== 0x5d && c !== 0x2c && !stray) (stray = true), stats.bad++;
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 0x5c /* \ */) escaped = true;
        else if (c === 0x22 /* " */) inString = false;
      } else if (c === 0x22) inString = true;
      else if (c === 0x7b) depth++;
      else if (c === 0x7d /* } */ && --depth === 0) {
        const text = parts.join("") + chunk.slice(start, i + 1);
        (parts = []), (size = 0), (start = -1);
        try {
          yield JSON.parse(text);
        } catch {
          stats.bad++;
        }
      }
    }
    // Bounded time on a huge file that holds no entries: stop, keeping what was read (one warning, by the engine).
    gap = entered ? 0 : gap + chunk.length;
    if (gap > MAX_GAP_CHARS) throw new SpyglassError("E_LIMIT", `files.json holds over ${MAX_GAP_CHARS} characters with no entry: the rest was not read`, { file: file.path });
    if (depth > 0) {
      const rest = chunk.slice(start);
      size += rest.length;
      if (size > MAX_ENTRY_CHARS) throw new SpyglassError("E_LIMIT", `an entry of files.json is over ${MAX_ENTRY_CHARS} characters`, { file: file.path });
      parts.push(rest);
    }
  }
  if (depth > 0) stats.truncated = true;
}

/** HIGH for a file under /data/local/tmp/ (where exploits drop payloads), except AndroidQF's own collector. */
const suspiciousPath: Heuristic<FileRecord> = (r, { match }) => {
  if (!r.path.startsWith("/data/local/tmp/") || r.path === "/data/local/tmp/collector") return undefined;
  // As MVT: a path that matched an indicator gets only the CRITICAL.
  if (match?.("file_path", r.path)) return undefined;
  const kind = typeof r.mode === "string" && r.mode.includes("x") ? "executable " : "";
  return finding("HIGH", `Found ${kind}file at suspicious path "${r.path}"`, r);
};

export default defineArtifact<FileRecord>({
  id: "android.aqf-files",
  platform: "android",
  mvt: "AQFFiles",
  slug: "aqf_files",
  description: "Files on the device with times, owner, SELinux context and hashes (files.json)",
  sources: [{ from: "androidqf", glob: "files.json" }],
  async *parse({ file }, ctx) {
    const tz = await deviceTimezone(ctx).catch(() => undefined);
    let local: (s: unknown) => string = fromUnix;
    try {
      if (tz) local = wallClock(tz);
    } catch {
      ctx.warn(`device time zone "${tz}" is unknown; file times are in UTC`);
    }
    const stats = { bad: 0, truncated: false };
    for await (const entry of jsonObjects(file, stats)) {
      if (entry === null || typeof entry !== "object" || typeof (entry as FileRecord).path !== "string") {
        stats.bad++;
        continue;
      }
      const rec: FileRecord = { ...(entry as FileRecord) };
      for (const k of TIMES) if (k in rec) rec[k] = local(rec[k]);
      yield rec;
    }
    const problems = [stats.bad && `${stats.bad} entr(ies) that are not file objects were skipped`, stats.truncated && "the file ends inside an entry (truncated)"];
    if (stats.bad || stats.truncated) ctx.warn(problems.filter(Boolean).join("; "));
  },
  // One event per distinct time, named by which of modified/access/changed it is (MVT's "MAC-").
  timeline: (r) =>
    [...new Set(TIMES.map((k) => r[k]))].filter((t): t is string => !!t).map((t) => {
      const macb = `${t === r.modified_time ? "M" : "-"}${t === r.access_time ? "A" : "-"}${t === r.changed_time ? "C" : "-"}-`;
      return ev(t, macb, r.context ? `${r.path} (${r.context})` : r.path);
    }),
  indicators: [
    { kind: "file_path", values: (r) => r.path },
    // MVT checks sha256 only (sha1/md5 are a TODO there); AndroidQF fills all three when it hashes.
    { kind: "hash", values: (r) => [r.sha256, r.sha1, r.md5] },
  ],
  heuristics: [suspiciousPath],
});
