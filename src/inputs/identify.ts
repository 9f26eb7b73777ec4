/**
 * What a folder or file given on the command line is, from what each input kind declares makes it that kind, so
 * that a command never reads the wrong input as "no known traces": `check-androidqf` on an iPhone backup is refused
 * with "this is an iPhone backup: use check-backup". Pure over a SourceTree; reads names and a few leading bytes only.
 */
import type { SourceDir, SourceFile } from "../core/source.ts";
import { OWN_FOLDERS } from "./androidqf.ts";
import { identifyTar } from "./identify-tar.ts";
import { openZipDir } from "./zip-dir.ts";
import { isSysdiagnoseArchive, SYSDIAGNOSE_DIRS, SYSDIAGNOSE_FILES, SYSDIAGNOSE_TOP } from "./sysdiagnose-identify.ts";

export type IdentityKind =
  | "ios-backup"
  | "ios-fs"
  | "sysdiagnose"
  | "androidqf"
  | "bugreport"
  | "android-backup"
  | "intrusion-logs"
  | "results"
  | "age"
  | "damaged-zip"
  | "empty"
  | "unknown";

export interface Identity {
  readonly kind: IdentityKind;
  /** The kind in words, as the refusal says it ("an iPhone backup"). */
  readonly what: string;
  /** The command that reads it, when one does. */
  readonly command?: string;
}

const KINDS: Record<IdentityKind, Omit<Identity, "kind">> = {
  "ios-backup": { what: "an iPhone backup", command: "check-backup" },
  "ios-fs": { what: "an iPhone filesystem dump", command: "check-fs" },
  sysdiagnose: { what: "an iPhone sysdiagnose", command: "check-sysdiagnose" },
  androidqf: { what: "an androidqf acquisition", command: "check-androidqf" },
  bugreport: { what: "an Android bugreport", command: "check-bugreport" },
  "android-backup": { what: "an Android backup", command: "check-android-backup" },
  "intrusion-logs": { what: "Android intrusion logs", command: "check-intrusion-logs" },
  results: { what: "a results folder of Spyglass or MVT", command: "report or check-iocs" },
  age: { what: "an age-encrypted file" },
  "damaged-zip": { what: "a damaged zip file" },
  empty: { what: "an empty folder" },
  unknown: { what: "none of the inputs Spyglass reads" },
};

const identity = (kind: IdentityKind): Identity => ({ kind, ...KINDS[kind] });

/** The kinds a command reads. */
export type ReadKind = "ios-backup" | "ios-fs" | "sysdiagnose" | "androidqf" | "bugreport" | "android-backup" | "intrusion-logs" | "results";

/** What makes each kind, as its declaration (also the words of a refusal). */
export const DECLARED: Readonly<Record<ReadKind, string>> = {
  "ios-backup": "Manifest.db, in the folder or in one subfolder",
  "ios-fs": "a private/var folder, at the top or in one subfolder (a folder, .tar, .tar.gz or .zip)",
  sysdiagnose: "a sysdiagnose_* top folder (or its .tar.gz), system_logs.logarchive/, ps_thread.txt, taskinfo.txt, remotectl_dumpstate.txt or crashes_and_spins/",
  androidqf: "getprop.txt, packages.json, ps.txt, dumpsys.txt, settings_*.txt, files.json, backup.ab or bugreport.zip",
  bugreport: "main_entry.txt, dumpstate.txt, dumpState_*.log or bugreport-*.txt",
  "android-backup": 'a file starting "ANDROID BACKUP", or a folder holding apps/',
  "intrusion-logs": "NDJSON log files (*.txt), or zips of them",
  results: "info.json or command.log, beside the module results (*.json, timeline.csv)",
};

const ANDROIDQF_FILES = /^(getprop\.txt|packages\.(json|txt)|ps\.txt|processes\.json|dumpsys\.txt|settings_[a-z]+\.txt|files\.json|root_binaries\.json|acquisition\.json|adb_host_key\.pub|logcat\.txt|backup\.ab|bugreport\.zip)$/;
const ANDROIDQF_DIRS = new Set(["intrusion_logs", "logs", "apks"]);
const BUGREPORT_FILES = /^(main_entry\.txt|dumpstate\.txt|dumpstate_board\.txt|dumpState_.*\.log|bugreport-.*\.txt)$/;
const RESULT_FILE = /^(timeline\.csv|alerts\.json|alerts_timeline\.csv|verdict\.json|report\.html|.+\.json)$/;

const AB_MAGIC = "ANDROID BACKUP\n";
const AGE_MAGIC = "age-encryption.org/v1";
/** Leading bytes read to tell a file's format (a tar's "ustar" is at 257), and an NDJSON log from other text. */
const HEAD = 512;

const isDir = (x: SourceFile | SourceDir): x is SourceDir => typeof (x as SourceDir).list === "function";

/** The first bytes, from the first chunk of a stream: a deflated member's slice would inflate all of it. */
async function head(file: SourceFile): Promise<string> {
  const reader = file.stream().getReader();
  try {
    const { value } = await reader.read();
    // One character per byte: browsers decode "latin1" as windows-1252 (0x8b, gzip's second byte, becomes "‹").
    return String.fromCharCode(...(value ?? new Uint8Array()).subarray(0, HEAD));
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** Identifies a folder or a file (a zip is identified by what it holds, rooted as androidqf roots its zip). */
export async function identifyInput(input: SourceFile | SourceDir): Promise<Identity> {
  if (isDir(input)) return identifyFolder(input);
  const start = await head(input).catch(() => "");
  if (start.startsWith(AB_MAGIC)) return identity("android-backup");
  if (start.startsWith(AGE_MAGIC)) return identity("age");
  if (start.startsWith("\x1f\x8b") && (await isSysdiagnoseArchive(input))) return identity("sysdiagnose");
  const tar = start.length >= 262 && start.slice(257, 262) === "ustar";
  if (tar || start.startsWith("\x1f\x8b") || /\.(tar|tgz|tar\.gz)$/i.test(input.path)) {
    const t = await identifyTar(input, !tar && start.startsWith("\x1f\x8b"));
    if (t === "ios-fs") return identity("ios-fs");
  }
  if (start.startsWith("PK") || /\.zip$/i.test(input.path)) {
    try {
      return await identifyFolder(await openZipDir(input, { rootSingleFolder: (top) => !OWN_FOLDERS.has(top) }));
    } catch {
      return identity("damaged-zip"); // the command's reader names what is wrong with it
    }
  }
  return identity("unknown");
}

async function identifyFolder(dir: SourceDir): Promise<Identity> {
  const entries = await dir.list();
  if (entries.length === 0) return identity("empty");
  const files = entries.filter((e) => e.kind === "file").map((e) => e.name);
  const dirs = entries.filter((e) => e.kind === "dir").map((e) => e.name);
  if (await isResults(dir, files)) return identity("results");
  if (["Manifest.db", "Manifest.plist", "Status.plist"].some((f) => files.includes(f))) return identity("ios-backup");
  for (const d of dirs) if (await (await dir.dir(d))?.file("Manifest.db")) return identity("ios-backup");
  if (await dir.dir("private/var")) return identity("ios-fs");
  for (const d of dirs) if (await dir.dir(`${d}/private/var`)) return identity("ios-fs");
  if (dirs.includes("apps")) return identity("android-backup");
  // Before androidqf: a sysdiagnose holds a ps.txt too.
  if ((dirs.length === 1 && files.length === 0 && SYSDIAGNOSE_TOP.test(dirs[0]!)) || SYSDIAGNOSE_TOP.test(dir.path.split("/").pop() ?? "")) return identity("sysdiagnose");
  if (files.some((f) => SYSDIAGNOSE_FILES.has(f)) || dirs.some((d) => SYSDIAGNOSE_DIRS.has(d))) return identity("sysdiagnose");
  if (files.some((f) => BUGREPORT_FILES.test(f))) return identity("bugreport");
  if (files.some((f) => ANDROIDQF_FILES.test(f)) || dirs.some((d) => ANDROIDQF_DIRS.has(d))) return identity("androidqf");
  if (await holdsIntrusionLogs(dir)) return identity("intrusion-logs");
  return identity("unknown");
}

/** Written into a results folder when a run starts and removed when it ends: its presence means "not finished". */
export const INCOMPLETE_MARK = "INCOMPLETE";

/** A results folder: info.json naming its target (Spyglass and MVT write one), command.log beside results, or an interrupted run's mark. */
async function isResults(dir: SourceDir, files: readonly string[]): Promise<boolean> {
  if (files.includes("info.json")) {
    const info = await dir.file("info.json");
    const text = info && info.size < 1 << 20 ? new TextDecoder().decode(await info.bytes(1 << 20).catch(() => new Uint8Array())) : "";
    if (/"(target_path|mvt_version|spyglass_version)"\s*:/.test(text)) return true;
  }
  // An interrupted run leaves its mark first (src/node/results-state.ts), maybe with nothing else.
  return files.includes(INCOMPLETE_MARK) || (files.includes("command.log") && files.some((f) => RESULT_FILE.test(f)));
}

/** How far identification looks for log files: a home folder given by mistake is not walked whole. */
const LOOK = { depth: 4, entries: 10_000, texts: 8 };

/** NDJSON logs: a `*.txt` whose first non-blank character opens a JSON object, or a zip (of logs) to look into. */
async function holdsIntrusionLogs(dir: SourceDir): Promise<boolean> {
  let seen = 0;
  let texts = 0;
  const walk = async (d: SourceDir, depth: number): Promise<boolean> => {
    for (const e of await d.list()) {
      if (++seen > LOOK.entries) return false;
      if (e.kind === "dir") {
        const sub = depth < LOOK.depth ? await d.dir(e.name) : undefined;
        if (sub && (await walk(sub, depth + 1))) return true;
      } else if (/\.zip$/i.test(e.name)) return true;
      else if (/\.txt$/i.test(e.name) && texts++ < LOOK.texts) {
        const f = await d.file(e.name);
        if (f && /^\s*\{/.test(await head(f).catch(() => ""))) return true;
      }
    }
    return false;
  };
  return walk(dir, 0);
}

/**
 * The one-line refusal when an input is not what a command reads (undefined when it is): what it looks like
 * instead and which command reads it.
 */
export function refusal(id: Identity, wanted: ReadKind, accepts: readonly IdentityKind[], path: string): string | undefined {
  if (id.kind === wanted || accepts.includes(id.kind)) return undefined;
  const expected = KINDS[wanted].what;
  if (id.command) return `${path}: this is ${id.what}, not ${expected}: use spyglass ${id.command}`;
  if (id.kind !== "unknown") return `${path} is ${id.what}, not ${expected}`;
  return `${path} is not ${expected} (it holds none of: ${DECLARED[wanted]})`;
}
