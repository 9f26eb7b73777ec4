/**
 * Native crash reports ("tombstones") from a bugreport's FS/data/tombstones/ or an AndroidQF acquisition: the
 * text form (all Android versions) and `tombstone_NN.pb` protobufs (Android 12+), one record per file.
 */
import { defineArtifact } from "../../core/artifact.ts";
import type { Heuristic } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { SpyglassError } from "../../core/errors.ts";
import { fromUnix } from "../../core/time.ts";
import { decodeTombstone } from "../../formats/tombstone-pb.ts";
import type { PbCause } from "../../formats/tombstone-pb.ts";

export interface SignalInfo {
  code: number;
  code_name: string;
  name: string;
  number: number | null;
}

/** MVT's TombstoneCrashResult, field for field and in its order (absent optional fields are null). */
export interface TombstoneRecord {
  file_name: string;
  /** The file's modification time (the host's view of it). */
  file_timestamp: string;
  build_fingerprint: string;
  revision: string;
  arch: string | null;
  /** The crash time as the device wrote it (its wall clock; the offset is dropped), cut to µs. */
  timestamp: string;
  process_uptime: number | null;
  command_line: string[] | null;
  pid: number;
  tid: number;
  process_name: string | null;
  binary_path: string | null;
  selinux_label: string | null;
  uid: number;
  signal_info: SignalInfo;
  cause: string | null;
  causes: PbCause[] | null;
  abort_message: string | null;
  extra: string | null;
}

/** A text tombstone with all threads' stacks and memory maps is under a few MB. */
const MAX_TOMBSTONE_BYTES = 64 * 1024 * 1024;
const DELIMITER = "*** *** *** *** *** *** *** *** *** *** *** *** *** *** *** ***";
/** MVT: crashes of root, system and shell processes deserve a look (when indicators are loaded). */
const SUSPICIOUS_UIDS = new Set([0, 1000, 2000]);

/** "2023-04-12 12:32:40.518290770+0200" → "2023-04-12 12:32:40.518290": the device's wall clock, offset dropped. */
export function wallClock(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*(?:Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) return undefined;
  return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}.${(m[7] ?? "").slice(0, 6).padEnd(6, "0")}`;
}

type TombstoneFields = { -readonly [K in keyof TombstoneRecord]?: TombstoneRecord[K] };

const int = (v: string, what: string): number => {
  if (!/^\s*[+-]?\d+\s*$/.test(v)) throw new SpyglassError("E_SCHEMA", `${what} is not a number: ${JSON.stringify(v.slice(0, 40))}`);
  return Number(v);
};

/** "signal 11 (SIGSEGV), code 1 (SEGV_MAPERR), fault addr …" */
function signalLine(line: string): SignalInfo {
  const part = (text: string | undefined, prefix: string): [number, string] => {
    const rest = text?.split(prefix)[1];
    if (rest === undefined) throw new SpyglassError("E_SCHEMA", `unreadable signal line: ${JSON.stringify(line.slice(0, 80))}`);
    const name = rest.includes("(") ? rest.split("(")[1]!.split(")")[0]! : "UNKNOWN";
    return [int(rest.trim().split(/\s+/)[0] ?? "", "signal number"), name];
  };
  const [sig, code] = line.split(",").map((s) => s.trim());
  const [number, name] = part(sig, "signal ");
  const [codeNumber, codeName] = part(code, "code ");
  return { code: codeNumber, code_name: codeName, name, number };
}

/** "pid: 25541, tid: 21307, name: mtk.ape.decoder  >>> /vendor/bin/… <<<" (only the first, the crashing thread). */
function pidLine(line: string, t: TombstoneFields): void {
  const parts = line.includes(" >>> ") ? line.split(" >>> ") : line.split(">>>");
  for (const info of parts[0]!.split(",").map((s) => s.trim())) {
    const colon = info.indexOf(":");
    if (colon < 0) throw new SpyglassError("E_SCHEMA", `unreadable pid line: ${JSON.stringify(line.slice(0, 80))}`);
    const key = info.slice(0, colon).trim();
    const value = info.slice(colon + 1).trim();
    if (key === "pid") t.pid = int(value, "pid");
    else if (key === "tid") t.tid = int(value, "tid");
    else if (key === "name") t.process_name = value;
  }
  if (parts.length > 1) t.binary_path = parts[1]!.trim().replace(/[ <]+$/, "");
}

/** Text tombstone header lines → record fields (MVT's key list, matched at the start of a line). */
const TEXT_KEYS: [prefix: string, apply: (value: string, t: TombstoneFields, line: string) => void][] = [
  ["Build fingerprint", (v, t) => (t.build_fingerprint = v)],
  ["Revision", (v, t) => (t.revision = v)],
  ["ABI", (v, t) => (t.arch = v)],
  ["Timestamp", (_, t, line) => (t.timestamp = wallClock(line.slice(line.indexOf(":") + 1)) ?? badTime(line))],
  ["Process uptime", (v, t) => (t.process_uptime = /^\d+s?$/.test(v) ? Number(v.replace(/s$/, "")) : null)],
  ["Cmdline", (v, t) => (t.command_line = [v])],
  ["pid", (_, t, line) => t.pid === undefined && pidLine(line, t)],
  ["tid", (v, t) => (t.tid = int(v, "tid"))],
  ["name", (v, t) => (t.process_name = v)],
  ["binary_path", (v, t) => (t.binary_path = v)],
  ["uid", (v, t) => (t.uid = int(v, "uid"))],
  ["signal", (_, t, line) => (t.signal_info = signalLine(line))],
  ["code", () => undefined], // MVT's "code" key never fits a real line; the code is read from the signal line
  ["Cause", (v, t) => (t.cause = v)],
  ["Abort message", (v, t) => (t.abort_message = v)],
];

const badTime = (line: string): never => {
  throw new SpyglassError("E_SCHEMA", `unreadable Timestamp line: ${JSON.stringify(line.slice(0, 80))}`);
};

/** Parses a text tombstone. The first matching key of a line is used; a value is trimmed, then its quotes. */
export function parseTextTombstone(text: string): TombstoneFields {
  const t: TombstoneFields = {};
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "" || line.includes(DELIMITER)) continue;
    const hit = TEXT_KEYS.find(([key]) => line.startsWith(key));
    if (!hit) continue;
    const [key, apply] = hit;
    if (key === "pid" || key === "signal" || key === "Timestamp") {
      apply("", t, line);
      continue;
    }
    // "Key: value"; a line that only starts like a key ("code around pc:") is not that key (MVT rejects the file).
    const colon = line.indexOf(":");
    if (colon < 0 || line.slice(0, colon) !== key) continue;
    apply(line.slice(colon + 1).trim().replace(/^'+|'+$/g, ""), t, line);
  }
  return t;
}

/** Protobuf tombstone → record fields; the process name is the crashing thread's (MVT), else "Unknown". */
export function pbFields(bytes: Uint8Array): TombstoneFields {
  const pb = decodeTombstone(bytes);
  const timestamp = wallClock(pb.timestamp);
  if (timestamp === undefined) throw new SpyglassError("E_SCHEMA", `unreadable timestamp ${JSON.stringify(pb.timestamp.slice(0, 40))}`);
  return {
    build_fingerprint: pb.build_fingerprint, revision: pb.revision, arch: pb.arch, timestamp, process_uptime: pb.process_uptime,
    command_line: pb.command_line, pid: pb.pid, tid: pb.tid, process_name: pb.threads.find((th) => th.id === pb.tid && th.name)?.name ?? "Unknown",
    selinux_label: pb.selinux_label, uid: pb.uid,
    ...(pb.signal_info ? { signal_info: { code: pb.signal_info.code, code_name: pb.signal_info.code_name, name: pb.signal_info.name, number: pb.signal_info.number } } : {}),
    causes: pb.causes, abort_message: pb.abort_message,
  };
}

const REQUIRED = ["build_fingerprint", "revision", "timestamp", "pid", "tid", "uid", "signal_info"] as const;

/** The record in MVT's field order; a tombstone without its required fields is rejected (E_SCHEMA), as MVT's model does. */
export function toRecord(fileName: string, fileTimestamp: string, t: TombstoneFields): TombstoneRecord {
  const missing = REQUIRED.filter((k) => t[k] === undefined);
  if (missing.length) throw new SpyglassError("E_SCHEMA", `not a complete tombstone: no ${missing.join(", ")}`);
  return {
    file_name: fileName, file_timestamp: fileTimestamp, build_fingerprint: t.build_fingerprint!, revision: t.revision!, arch: t.arch ?? null,
    timestamp: t.timestamp!, process_uptime: t.process_uptime ?? null, command_line: t.command_line ?? null, pid: t.pid!, tid: t.tid!,
    process_name: t.process_name ?? null, binary_path: t.binary_path ?? null, selinux_label: t.selinux_label ?? null, uid: t.uid!,
    signal_info: t.signal_info!, cause: t.cause ?? null, causes: t.causes ?? null, abort_message: t.abort_message ?? null, extra: t.extra ?? null,
  };
}

const commandName = (r: TombstoneRecord) => r.command_line?.[0]?.split("/").pop() ?? "";

/** A crash of a root/system/shell process: MEDIUM, only with indicators loaded and when no indicator matched (MVT). */
const suspiciousUid: Heuristic<TombstoneRecord> = (r, { indicatorsLoaded, match }) =>
  indicatorsLoaded &&
  SUSPICIOUS_UIDS.has(r.uid) &&
  !(r.process_name && match?.("process", r.process_name)) &&
  !match?.("process", commandName(r)) &&
  finding("MEDIUM", `Potentially suspicious crash in process '${r.process_name ?? "None"}' running as UID '${r.uid}' in tombstone '${r.file_name}' at ${r.timestamp}`, r, r.timestamp);

export default defineArtifact<TombstoneRecord>({
  id: "android.tombstones",
  platform: "android",
  mvt: "Tombstones",
  slug: "tombstones",
  description: "Native crash reports (tombstones, text and protobuf)",
  sources: [
    { from: "bugreport", glob: "**/tombstone_*" },
    { from: "androidqf", glob: "**/tombstone_*" },
  ],
  async *parse({ file }) {
    const bytes = await file.bytes(MAX_TOMBSTONE_BYTES);
    const name = file.path.split("/").pop()!;
    const fields = name.endsWith(".pb") ? pbFields(bytes) : parseTextTombstone(new TextDecoder("utf-8").decode(bytes));
    yield toRecord(name, file.mtime === undefined ? "" : fromUnix(file.mtime), fields);
  },
  timeline: (r) => [{
    timestamp: r.timestamp,
    event: "Tombstone",
    data: `Crash in '${r.process_name ?? "None"}' process running as UID '${r.uid}' in file '${r.file_name}' Crash type '${r.signal_info.name}' with code '${r.signal_info.code_name}'`,
  }],
  indicators: [{ kind: "process", values: (r) => [r.process_name ?? "", commandName(r)] }],
  matchTime: (r) => r.timestamp,
  heuristics: [suspiciousUid],
});
