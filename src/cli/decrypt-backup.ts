/** `spyglass decrypt-backup SRC DEST` and `spyglass extract-key SRC`: encrypted iTunes/Finder backups. */
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Writable } from "node:stream";
import { SpyglassError, describeError } from "../core/errors.ts";
import { openIosBackup } from "../inputs/ios-backup.ts";
import { exportKeyFile } from "../inputs/ios-backup-keys.ts";
import { parsePlist } from "../formats/plist.ts";
import type { PlistValue } from "../formats/plist.ts";
import { binaryPlist } from "../formats/plist-writer.ts";
import { localDir } from "../node/fs-source.ts";
import { nodeHost } from "../node/host.ts";
import { progressBar } from "./console.ts";
import { EXIT } from "./common.ts";
import { secretFrom, withTries, type SecretOptions } from "./secret.ts";
import { refuseInsideEvidence } from "../node/output-dir.ts";
import { requireKind, target } from "./preflight.ts";
import { terminalSafe } from "../outputs/terminal-safe.ts";

/** The backup folder, refused at once when it is not an iPhone backup. */
async function backupFolder(srcArg: string): Promise<string> {
  const { abs, input } = target(srcArg);
  if (!("list" in input)) throw new SpyglassError("E_USAGE", `${abs} is a file, not a folder: give the backup folder (the one holding Manifest.db)`, { file: abs });
  await requireKind(input, abs, "ios-backup");
  return abs;
}

async function openEncrypted(src: string, o: SecretOptions) {
  const secret = () => secretFrom(o);
  secret(); // reads --key-file now, before the slow key derivation
  const backup = await withTries(secret, (s) => openIosBackup(localDir(src), nodeHost, { secret: s }));
  if (!backup.keys) {
    backup.close();
    throw new SpyglassError("E_USAGE", "this backup is not encrypted: there is nothing to decrypt", { file: backup.root.path });
  }
  return backup;
}

export async function decryptBackup(srcArg: string, destArg: string, o: SecretOptions & { json?: boolean }): Promise<number> {
  const src = await backupFolder(srcArg);
  const dest = resolve(destArg);
  refuseInsideEvidence(dest, [src], "decrypted copy");
  if (existsSync(dest) && (!statSync(dest).isDirectory() || readdirSync(dest).length > 0)) {
    throw new SpyglassError("E_USAGE", `${dest} exists and is not an empty folder: give a new or empty folder for the decrypted copy`, { file: dest });
  }
  mkdirSync(dest, { recursive: true });
  const backup = await openEncrypted(src, o);
  refuseInsideEvidence(dest, [backup.root.path], "decrypted copy");
  const files = [];
  for await (const f of backup.all()) files.push(f);
  const bar = progressBar();
  const failed: string[] = [];
  let bytes = 0;
  for (const [i, f] of files.entries()) {
    bar.update({ index: i, total: files.length, module: "decrypting", records: i });
    const out = join(dest, f.path);
    mkdirSync(dirname(out), { recursive: true });
    try {
      await f.stream().pipeTo(Writable.toWeb(createWriteStream(out)) as WritableStream<Uint8Array>);
      bytes += f.size;
    } catch (err) {
      failed.push(`${f.meta?.domain}/${f.meta?.relativePath} (${f.path}): ${describeError(err)}`);
    }
  }
  bar.done();
  for await (const m of backup.select({ from: "ios-backup", top: "Manifest.db" })) writeFileSync(join(dest, "Manifest.db"), await m.bytes(1 << 30));
  for (const name of ["Info.plist", "Status.plist"]) if (existsSync(join(backup.root.path, name))) writeFileSync(join(dest, name), readFileSync(join(backup.root.path, name)));
  // The copy is a plain backup: Manifest.plist says so and no longer carries the Manifest.db key.
  const manifest = parsePlist(readFileSync(join(backup.root.path, "Manifest.plist"))) as Record<string, PlistValue>;
  const { ManifestKey: _drop, ...plain } = manifest;
  writeFileSync(join(dest, "Manifest.plist"), binaryPlist({ ...plain, IsEncrypted: false }));
  backup.close();
  const summary = { destination: dest, files: files.length - failed.length, bytes, failed };
  if (o.json) process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  else {
    for (const f of failed) process.stdout.write(`warning: ${terminalSafe(f)}\n`);
    process.stdout.write(`Decrypted ${summary.files} files (${(bytes / 1e6).toFixed(1)} MB) into ${dest}${failed.length ? `; ${failed.length} could not be decrypted` : ""}\n`);
  }
  return failed.length ? EXIT.ERROR : EXIT.CLEAN;
}

export async function extractKey(srcArg: string, o: SecretOptions & { output?: string }): Promise<number> {
  const src = await backupFolder(srcArg);
  if (o.output !== undefined) {
    // Checked before the slow key derivation: not in the evidence, a folder to write it in, not over a folder.
    if (!o.output.trim()) throw new SpyglassError("E_USAGE", "the key file name is empty text: give one with --output");
    refuseInsideEvidence(o.output, [src], "key file");
    const parent = dirname(resolve(o.output));
    if (!existsSync(parent) || !statSync(parent).isDirectory()) throw new SpyglassError("E_NOT_FOUND", `${parent} is not an existing folder: the key file cannot be saved there`, { file: parent });
    if (existsSync(o.output) && statSync(o.output).isDirectory()) throw new SpyglassError("E_USAGE", `${resolve(o.output)} is a folder: give a file name for the key`, { file: resolve(o.output) });
  }
  const backup = await openEncrypted(src, { ...o, keyFile: undefined });
  const text = exportKeyFile(backup.keys!.passcodeKey!, { keybagUuid: backup.keys!.keybag.uuid });
  backup.close();
  if (o.output) {
    writeFileSync(resolve(o.output), text, { mode: 0o600 });
    process.stderr.write(`Key saved to ${resolve(o.output)} (readable only by you). Anyone with this file can read the backup: keep it as safe as the password.\n`);
  } else process.stdout.write(text);
  return EXIT.CLEAN;
}
