/**
 * An Android backup as an acquisition (kind "android-backup"): an `adb backup` .ab file (plain, compressed or
 * encrypted; formats 1–5) or an unpacked folder holding `apps/`, as MVT's check-backup accepts.
 *
 * A tar has no index and a backup can be gigabytes, so the .ab is read ONCE, streaming, when it is opened: only the
 * members the backup modules want (`keep`, by default the telephony provider's SMS/MMS files) are kept, in memory
 * and bounded; everything else streams past. Modules select them with `{ from: "android-backup", glob }` as they
 * would in the unpacked folder.
 */
import type { Acquisition } from "../core/acquisition.ts";
import { SpyglassError, describeError } from "../core/errors.ts";
import type { Host } from "../core/host.ts";
import type { SourceDir, SourceFile } from "../core/source.ts";
import { memoryFile } from "../core/source.ts";
import { openAndroidBackupFile } from "../formats/android-backup.ts";
import { readTar } from "../formats/tar.ts";
import { folderAcquisition } from "./folder.ts";
import { globMatch } from "./glob.ts";
import { virtualDir } from "./zip-dir.ts";

/** The members MVT's backup modules read (SMS: `apps/com.android.providers.telephony/d_f/*_sms_backup`, `*_mms_backup`). */
export const DEFAULT_KEEP = (path: string): boolean => globMatch("apps/com.android.providers.telephony/**", path);

/** Kept members live in memory: bounded per member and in all (SMS backups are kilobytes to a few MB). */
export const KEEP_LIMITS = { member: 64 * 1024 * 1024, total: 512 * 1024 * 1024 };

export interface AndroidBackup extends Acquisition {
  /** Problems that did not stop the run (a malformed .ab, skipped tar members), one line each. */
  readonly warnings: readonly string[];
  /** The kept (or, for a folder, all) files, relative to the backup root. */
  readonly files: readonly string[];
}

export interface AndroidBackupOptions {
  /** Asked only when the .ab is encrypted, at most once. */
  readonly password?: () => Promise<string>;
  /** Which tar members to keep (paths relative to the tar root). Default DEFAULT_KEEP. */
  readonly keep?: (path: string) => boolean;
  /**
   * Throw on a malformed .ab instead of warning and going on with what was read (MVT's stand-alone check-backup
   * exits 1; nested in androidqf it only warns "Skipping backup modules as backup.ab is malformed"). Wrong or
   * missing passwords always throw (E_BAD_PASSWORD, E_ENCRYPTED), as in MVT.
   */
  readonly strict?: boolean;
  readonly limits?: Partial<typeof KEEP_LIMITS>;
}

const isDir = (x: SourceFile | SourceDir): x is SourceDir => typeof (x as SourceDir).list === "function";

/** Opens a .ab file or an unpacked backup folder (E_NOT_FOUND when the folder has no `apps/`). */
export async function openAndroidBackup(input: SourceFile | SourceDir, _host: Host, opts: AndroidBackupOptions = {}): Promise<AndroidBackup> {
  if (isDir(input)) {
    if (!(await input.dir("apps"))) throw new SpyglassError("E_NOT_FOUND", `${input.path} is not an unpacked Android backup (it has no apps/ folder)`, { file: input.path });
    const acq = await folderAcquisition(input, { kind: "android-backup" });
    return { ...acq, warnings: [] };
  }
  const file = input;
  const name = file.path;
  const keep = opts.keep ?? DEFAULT_KEEP;
  const limits = { ...KEEP_LIMITS, ...opts.limits };
  const warnings: string[] = [];
  const kept = new Map<string, () => SourceFile>();
  let device: Record<string, unknown> = {};
  let total = 0;
  try {
    const ab = await openAndroidBackupFile(file, opts.password ? { password: opts.password } : {});
    device = { android_backup: { version: ab.version, compressed: ab.compressed, encryption: ab.encryption } };
    for await (const e of readTar(ab.tar, { name, onWarning: (w) => warnings.push(w) })) {
      if (e.type !== "file" || !keep(e.path)) continue;
      if (e.size > limits.member || total + e.size > limits.total) {
        warnings.push(`${name}: backup member "${e.path}" (${e.size} bytes) not read: over the in-memory limit of ${Math.min(limits.member, limits.total - total)} bytes`);
        continue;
      }
      const data = await e.bytes(limits.member);
      total += data.length;
      const mtime = e.mtime;
      kept.set(e.path, () => ({ ...memoryFile(e.path, data, { evidence: file.evidence ?? file }), ...(mtime !== undefined ? { mtime } : {}) }));
    }
  } catch (err) {
    const code = err instanceof SpyglassError ? err.code : undefined;
    if (code === "E_BAD_PASSWORD" || code === "E_ENCRYPTED" || opts.strict) throw err;
    const why = err instanceof SpyglassError ? err.message : describeError(err);
    warnings.push(
      kept.size === 0
        ? `skipping backup modules: ${name} is malformed (${why})`
        : `${name} is damaged after ${kept.size} member(s) were read (${why}): the backup modules see only those`,
    );
  }
  const acq = await folderAcquisition(virtualDir(name, kept), { kind: "android-backup", device });
  return { ...acq, opened: [file], warnings };
}
