/**
 * An AndroidQF acquisition (androidqf 1.x–2.x output: a folder, or a zip of it) as an acquisition of kind
 * "androidqf". Paths are relative to the acquisition folder (`getprop.txt`, `logs/…`); a zip whose members all sit
 * under one folder (`androidqfzip/getprop.txt`) is rooted at that folder, so both read alike.
 *
 * What it holds besides its own files is MOUNTED, not run as another command: the first `*backup.ab`
 * (openAndroidBackup; the password is asked only if it is encrypted, at most once), the first `*bugreport.zip`
 * (openBugreport) and `intrusion_logs/` (openIntrusionLogs). Selectors `{ from: "android-backup" | "bugreport" |
 * "intrusion-logs" }` reach them. Device facts come from getprop.txt, and the acquisition context (MVT's
 * `androidqf_acquisition`: {started, adb_host_public_key}) from acquisition.json, else adb_host_key.pub.
 */
import type { Acquisition } from "../core/acquisition.ts";
import { SpyglassError, describeError } from "../core/errors.ts";
import type { Host } from "../core/host.ts";
import type { SourceDir, SourceFile } from "../core/source.ts";
import { readText } from "../core/source.ts";
import { openAndroidBackup } from "./android-backup.ts";
import { openBugreport } from "./bugreport.ts";
import { folderAcquisition, listFiles } from "./folder.ts";
import { openIntrusionLogs } from "./intrusion-logs.ts";
import { spillTo } from "./spill.ts";
import { openZipDir } from "./zip-dir.ts";

export interface Androidqf extends Acquisition {
  readonly warnings: readonly string[];
  readonly files: readonly string[];
  /** The nested acquisitions found (backup, bugreport, intrusion logs). */
  readonly mounts: readonly Acquisition[];
}

export interface AndroidqfOptions {
  /** Asked only when the nested backup.ab is encrypted, at most once. */
  readonly backupPassword?: () => Promise<string>;
  /** Which members of the nested backup's tar to keep (see openAndroidBackup). */
  readonly keep?: (path: string) => boolean;
}

/** Folders androidqf itself writes: a zip holding only one of them is not rooted there. */
export const OWN_FOLDERS = new Set(["intrusion_logs", "logs", "apks", "backup", "tmp"]);

/** getprop names → device facts (info.json, the summary, modules through ctx.device). */
const PROPS: Record<string, string> = {
  "ro.build.version.release": "android_version",
  "ro.build.version.security_patch": "security_patch",
  "ro.build.version.sdk": "sdk",
  "ro.build.fingerprint": "build_fingerprint",
  "ro.product.model": "model",
  "ro.product.manufacturer": "manufacturer",
  "ro.product.brand": "brand",
  "persist.sys.timezone": "timezone",
};

/** Small text files the input reads itself; larger ones are not what androidqf writes. */
const SMALL = 4 * 1024 * 1024;

const isDir = (x: SourceFile | SourceDir): x is SourceDir => typeof (x as SourceDir).list === "function";

export async function openAndroidqf(input: SourceFile | SourceDir, host: Host, opts: AndroidqfOptions = {}): Promise<Androidqf> {
  const warnings: string[] = [];
  const spill = spillTo(host);
  let root: SourceDir;
  if (isDir(input)) root = input;
  else {
    const zip = await openZipDir(input, { rootSingleFolder: (top) => !OWN_FOLDERS.has(top), spill: spill.spill });
    // MVT's wording for unsafe intrusion-log members, so users find the same line.
    for (const s of zip.skipped) warnings.push(/(^|[\\/])intrusion_logs[\\/]/.test(s.name) ? `Skipping unsafe intrusion log archive entry: ${s.name} (${s.reason})` : `${input.path}: skipped member "${s.name}": ${s.reason}`);
    warnings.push(...zip.warnings.filter((w) => !w.startsWith(`${input.path}: skipped member "`)));
    root = zip;
  }
  const files = (await listFiles(root)).sort();
  const opened: SourceFile[] = [];
  const read = async (path: string): Promise<string | undefined> => {
    const f = await root.file(path);
    if (!f) return undefined;
    opened.push(f);
    try {
      return await readText(f, SMALL);
    } catch (err) {
      warnings.push(`${path} could not be read: ${describeError(err)}`);
      return undefined;
    }
  };

  const device: Record<string, unknown> = {};
  const getprop = files.find((f) => f === "getprop.txt") ?? files.find((f) => f.endsWith("/getprop.txt"));
  const props = getprop ? await read(getprop) : undefined;
  for (const line of props?.split(/\r?\n/) ?? []) {
    const m = /^\[([^\]]+)\]: \[(.*)\]$/.exec(line.trim());
    const key = m && PROPS[m[1]!];
    if (key && m[2] !== "") device[key] = m[2];
  }
  const context = await acquisitionContext(files, read, warnings);
  if (context) device["androidqf_acquisition"] = context;

  const mounts: Acquisition[] = [];
  const backup = files.find((f) => f.endsWith("backup.ab"));
  const backupFile = backup ? await root.file(backup) : undefined;
  if (backupFile) {
    let asked: Promise<string> | undefined;
    const password = opts.backupPassword && (() => (asked ??= opts.backupPassword!()));
    const ab = await openAndroidBackup(backupFile, host, { ...(password ? { password } : {}), ...(opts.keep ? { keep: opts.keep } : {}) });
    warnings.push(...ab.warnings);
    mounts.push(ab);
  }
  const bugreport = files.find((f) => f.endsWith("bugreport.zip"));
  const bugreportFile = bugreport ? await root.file(bugreport) : undefined;
  if (bugreportFile) {
    try {
      const br = await openBugreport(bugreportFile);
      warnings.push(...br.warnings);
      mounts.push(br);
    } catch (err) {
      // Evidence is hostile: a damaged bugreport must not stop the androidqf modules.
      warnings.push(`skipping bugreport modules: ${err instanceof SpyglassError ? err.message : describeError(err)} (${bugreport})`);
    }
  }
  const logsAt = files.map((f) => /^(.*?\/)?intrusion_logs\//.exec(f)).find((m) => m)?.[0];
  const logsDir = logsAt ? await root.dir(logsAt.slice(0, -1)) : undefined;
  if (logsDir) {
    const il = await openIntrusionLogs(logsDir);
    warnings.push(...il.warnings);
    mounts.push(il);
  }

  const acq = await folderAcquisition(root, { kind: "androidqf", device, mounts });
  const close = () => {
    acq.close();
    spill.dispose();
  };
  return { ...acq, close, opened: [...opened, ...mounts.flatMap((m) => m.opened)], warnings, mounts };
}

/** {started, adb_host_public_key} from acquisition.json; the key from adb_host_key.pub (as is) when the JSON has none. */
async function acquisitionContext(files: readonly string[], read: (p: string) => Promise<string | undefined>, warnings: string[]): Promise<Record<string, string> | undefined> {
  const out: Record<string, string> = {};
  if (files.includes("acquisition.json")) {
    const text = await read("acquisition.json");
    try {
      const doc: unknown = text === undefined ? undefined : JSON.parse(text);
      if (typeof doc === "object" && doc !== null && !Array.isArray(doc)) {
        const d = doc as Record<string, unknown>;
        if (typeof d["started"] === "string") out["started"] = d["started"];
        if (typeof d["adb_host_public_key"] === "string") out["adb_host_public_key"] = d["adb_host_public_key"];
      }
    } catch (err) {
      warnings.push(`acquisition.json is not valid JSON (${describeError(err)})`);
    }
  }
  if (out["adb_host_public_key"] === undefined && files.includes("adb_host_key.pub")) {
    const key = await read("adb_host_key.pub");
    if (key !== undefined) out["adb_host_public_key"] = key;
  }
  return Object.keys(out).length ? out : undefined;
}
