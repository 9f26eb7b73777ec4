/**
 * The Android commands: check-androidqf (folder or zip, mounting its backup.ab, bugreport.zip and intrusion logs),
 * check-bugreport, check-android-backup (.ab or unpacked folder), check-intrusion-logs. No command runs another:
 * androidqf mounts the nested acquisitions and one scan covers them all.
 */
import { createWriteStream, readFileSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { ageDecrypt, isAgeEncrypted } from "../inputs/age.ts";
import type { Acquisition } from "../core/acquisition.ts";
import type { InputKind } from "../core/artifact.ts";
import { SpyglassError } from "../core/errors.ts";
import type { SourceDir, SourceFile } from "../core/source.ts";
import { artifactsFor } from "../artifacts/select.ts";
import { openAndroidqf } from "../inputs/androidqf.ts";
import { openBugreport } from "../inputs/bugreport.ts";
import { openAndroidBackup } from "../inputs/android-backup.ts";
import { openIntrusionLogs } from "../inputs/intrusion-logs.ts";
import { localDir, localFile } from "../node/fs-source.ts";
import { nodeHost } from "../node/host.ts";
import { runTempSubdir } from "../node/run-temp.ts";
import type { CommonOptions } from "./common.ts";
import { loadIndicatorsFor, report } from "./common.ts";
import { runScan } from "./run-scan.ts";
import { askHidden } from "./secret.ts";

export interface AndroidOptions extends CommonOptions {
  backupPassword?: string;
  timezone?: string;
  ageIdentity?: string;
}

/**
 * An age-encrypted acquisition (`.zip.age`) is decrypted once into a private temp folder (a zip needs random
 * access) and removed after the run; info.json hashes the encrypted original as the evidence.
 */
async function decryptAgeInput(file: SourceFile, o: AndroidOptions): Promise<{ input: SourceFile; cleanup: () => void } | undefined> {
  if (!(await isAgeEncrypted(file))) return undefined;
  if (!o.ageIdentity) throw new SpyglassError("E_ENCRYPTED", "this acquisition is age-encrypted: give androidqf's key file with --age-identity FILE", { file: file.path });
  const stream = await ageDecrypt(file, readFileSync(resolve(o.ageIdentity), "utf8"));
  const dir = runTempSubdir("age-");
  const path = join(dir, "acquisition.zip");
  await stream.pipeTo(Writable.toWeb(createWriteStream(path, { mode: 0o600 })) as WritableStream<Uint8Array>);
  return { input: { ...localFile(path, `${file.path} (decrypted)`), evidence: file } as SourceFile, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A folder or a file given on the command line, named by its absolute path (hashes in info.json use it). */
function target(path: string): { abs: string; input: SourceFile | SourceDir } {
  const abs = resolve(path);
  let st;
  try {
    st = statSync(abs);
  } catch {
    throw new SpyglassError("E_NOT_FOUND", `${abs} does not exist`, { file: abs });
  }
  return { abs, input: st.isDirectory() ? localDir(abs) : localFile(abs, abs, undefined, st) };
}

/** The .ab password: --backup-password, SPYGLASS_ANDROID_BACKUP_PASSWORD, else a no-echo prompt; asked only if needed. */
function backupPassword(o: AndroidOptions): () => Promise<string> {
  return async () => {
    const given = o.backupPassword ?? process.env.SPYGLASS_ANDROID_BACKUP_PASSWORD;
    if (given) return given;
    return askHidden("Android backup password: ", "this Android backup is encrypted: give its password (--backup-password or SPYGLASS_ANDROID_BACKUP_PASSWORD)");
  };
}

async function run(kind: InputKind, kinds: InputKind[], path: string, o: AndroidOptions, open: (input: SourceFile | SourceDir) => Promise<Acquisition & { warnings?: readonly string[] }>, command: string) {
  const { abs, input: given } = target(path);
  const age = "list" in given ? undefined : await decryptAgeInput(given, o);
  try {
    return await scanWith(kind, kinds, abs, age?.input ?? given, o, open, command, age ? [given as SourceFile] : []);
  } finally {
    age?.cleanup();
  }
}

async function scanWith(kind: InputKind, kinds: InputKind[], abs: string, input: SourceFile | SourceDir, o: AndroidOptions, open: (input: SourceFile | SourceDir) => Promise<Acquisition & { warnings?: readonly string[] }>, command: string, evidence: SourceFile[]) {
  const acquisition = await open(input);
  if (o.timezone) (acquisition.device as Record<string, unknown>).timezone = o.timezone;
  const indicators = loadIndicatorsFor(o);
  const summary = await runScan({
    acquisition,
    artifacts: artifactsFor(kind).concat(kinds.flatMap((k) => artifactsFor(k))).filter((a, i, all) => all.indexOf(a) === i),
    indicators,
    output: resolve(o.output),
    ...(o.module ? { only: o.module } : {}),
    command: `${command} ${abs}`,
    targetPath: abs,
    inputWarnings: acquisition.warnings ?? [],
    evidence,
    timezone: "local",
    progress: !o.json,
  });
  return report(summary, indicators, o);
}

export const checkAndroidqf = (path: string, o: AndroidOptions) =>
  run("androidqf", ["bugreport", "android-backup", "intrusion-logs"], path, o, (input) => openAndroidqf(input, nodeHost, { backupPassword: backupPassword(o) }), "check-androidqf");

export const checkBugreport = (path: string, o: AndroidOptions) => run("bugreport", [], path, o, (input) => openBugreport(input), "check-bugreport");

export const checkAndroidBackup = (path: string, o: AndroidOptions) =>
  run("android-backup", [], path, o, (input) => openAndroidBackup(input, nodeHost, { password: backupPassword(o), strict: true }), "check-android-backup");

export const checkIntrusionLogs = (path: string, o: AndroidOptions) => run("intrusion-logs", [], path, o, (input) => openIntrusionLogs(input), "check-intrusion-logs");
