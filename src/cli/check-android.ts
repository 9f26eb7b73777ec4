/**
 * The Android commands: check-androidqf (folder or zip, mounting its backup.ab, bugreport.zip and intrusion logs),
 * check-bugreport, check-android-backup (.ab or unpacked folder), check-intrusion-logs. No command runs another:
 * androidqf mounts the nested acquisitions and one scan covers them all.
 */
import { createWriteStream, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { ageDecrypt, isAgeEncrypted } from "../inputs/age.ts";
import { SpyglassError } from "../core/errors.ts";
import type { SourceDir, SourceFile } from "../core/source.ts";
import type { IdentityKind, ReadKind } from "../inputs/identify.ts";
import { localFile } from "../node/fs-source.ts";
import { nodeHost } from "../node/host.ts";
import { runTempSubdir } from "../node/run-temp.ts";
import type { CommonOptions } from "./common.ts";
import { scanOpened } from "./scan-opened.ts";
import { androidBackupPassword, withTries } from "./secret.ts";
import { RUN_INPUTS, type RunInput } from "../run/inputs.ts";
import { prepareRun, requireExisting, requireKind, target } from "./preflight.ts";

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

/**
 * Refuses an input that is not `kind` (one line saying what it is) before anything else; then the results folder
 * and the given files; then opens (again while a password typed at the prompt is wrong) and scans.
 */
async function run(read: RunInput & { kind: ReadKind }, path: string, o: AndroidOptions) {
  const kind = read.kind;
  const { abs, input: given } = target(path);
  // A damaged zip is the right input, broken: the reader says what is wrong with it (exit 1).
  const accepts: IdentityKind[] = kind === "androidqf" ? ["age", "damaged-zip"] : ["damaged-zip"];
  await requireKind(given, abs, kind, accepts);
  if (o.ageIdentity) requireExisting([o.ageIdentity], "the age key file given with --age-identity");
  const output = await prepareRun(abs, o);
  const age = "list" in given ? undefined : await decryptAgeInput(given, o);
  try {
    if (age) await requireKind(age.input, abs, kind, accepts);
    return await scanWith(read, abs, output, age?.input ?? given, o, age ? [given as SourceFile] : []);
  } finally {
    age?.cleanup();
  }
}

async function scanWith(read: RunInput, abs: string, output: string, input: SourceFile | SourceDir, o: AndroidOptions, evidence: SourceFile[]) {
  const acquisition = await withTries(() => androidBackupPassword(o.backupPassword), (password) => read.open(input, nodeHost, { androidBackup: password }));
  if (o.timezone) (acquisition.device as Record<string, unknown>).timezone = o.timezone;
  return scanOpened(read, abs, output, acquisition, o, evidence);
}

export const checkAndroidqf = (path: string, o: AndroidOptions) => run(RUN_INPUTS.androidqf, path, o);
export const checkBugreport = (path: string, o: AndroidOptions) => run(RUN_INPUTS.bugreport, path, o);
export const checkAndroidBackup = (path: string, o: AndroidOptions) => run(RUN_INPUTS["android-backup"], path, o);
export const checkIntrusionLogs = (path: string, o: AndroidOptions) => run(RUN_INPUTS["intrusion-logs"], path, o);
