/** `spyglass decrypt-backup SRC DEST` and `spyglass extract-key SRC`: encrypted iTunes/Finder backups. */
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, isAbsolute } from "node:path";
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
import { terminalSafe } from "../outputs/terminal-safe.ts";
import { secretFrom, type SecretOptions } from "./secret.ts";

const inside = (parent: string, child: string) => {
  const r = relative(parent, child);
  return r === "" || (!r.startsWith("..") && !isAbsolute(r));
};

async function openEncrypted(src: string, o: SecretOptions) {
  const backup = await openIosBackup(localDir(resolve(src)), nodeHost, { secret: secretFrom(o) });
  if (!backup.keys) {
    backup.close();
    throw new SpyglassError("E_USAGE", "this backup is not encrypted: there is nothing to decrypt", { file: backup.root.path });
  }
  return backup;
}

export async function decryptBackup(srcArg: string, destArg: string, o: SecretOptions & { json?: boolean }): Promise<number> {
  const src = resolve(srcArg);
  const dest = resolve(destArg);
  if (inside(src, dest)) throw new SpyglassError("E_USAGE", "the destination must not be inside the backup (evidence is never written to)", { file: dest });
  if (existsSync(dest) && (!statSync(dest).isDirectory() || readdirSync(dest).length > 0)) {
    throw new SpyglassError("E_USAGE", "the destination exists and is not an empty folder", { file: dest });
  }
  const backup = await openEncrypted(src, o);
  if (inside(backup.root.path, dest)) throw new SpyglassError("E_USAGE", "the destination must not be inside the backup", { file: dest });
  mkdirSync(dest, { recursive: true });
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
  const backup = await openEncrypted(srcArg, { ...o, keyFile: undefined });
  const text = exportKeyFile(backup.keys!.passcodeKey!, { keybagUuid: backup.keys!.keybag.uuid });
  backup.close();
  if (o.output) {
    writeFileSync(resolve(o.output), text, { mode: 0o600 });
    process.stderr.write(`Key saved to ${resolve(o.output)} (readable only by you). Anyone with this file can read the backup: keep it as safe as the password.\n`);
  } else process.stdout.write(text);
  return EXIT.CLEAN;
}
