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
/** The packages DEFAULT_KEEP reads from (see `packages`). */
export const DEFAULT_KEEP_PACKAGES: readonly string[] = ["com.android.providers.telephony"];

/**
 * Kept members live in memory: bounded per member and in all (SMS backups are kilobytes to a few MB). A member
 * nobody reads must still be inflated (and decrypted) to get past it in a compressed or encrypted backup: one over
 * `skip` (4 GiB, ~15 s of inflating; app data files are rarely over a few hundred MB) stops the reading there.
 */
export const KEEP_LIMITS = { member: 64 * 1024 * 1024, total: 512 * 1024 * 1024, skip: 4 * 1024 ** 3 };

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
   * The packages (`apps/<package>/…`) every kept member belongs to; default DEFAULT_KEEP_PACKAGES with the default
   * `keep`, none with another. `adb backup` writes each package's members together, so once each of these has been
   * passed, no wanted member can follow and reading stops (the rest of the backup is never inflated).
   */
  readonly packages?: readonly string[];
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
  const awaited = new Set(opts.packages ?? (opts.keep ? [] : DEFAULT_KEEP_PACKAGES));
  const stopEarly = awaited.size > 0;
  let current: string | undefined; // the package of the members being read
  const limits = { ...KEEP_LIMITS, ...opts.limits };
  const warnings: string[] = [];
  const kept = new Map<string, () => SourceFile>();
  let device: Record<string, unknown> = {};
  let total = 0;
  try {
    const ab = await openAndroidBackupFile(file, opts.password ? { password: opts.password } : {});
    device = { android_backup: { version: ab.version, compressed: ab.compressed, encryption: ab.encryption } };
    for await (const e of readTar(ab.tar, { name, onWarning: (w) => warnings.push(w), ...(ab.seek ? { seek: ab.seek } : {}) })) {
      const pkg = packageOf(e.path);
      if (pkg !== current) {
        if (current !== undefined) awaited.delete(current);
        current = pkg;
        if (stopEarly && awaited.size === 0) break; // every wanted package passed: leaving the loop cancels the stream
      }
      if (e.type !== "file" || !keep(e.path)) {
        // Unread bytes of a compressed or encrypted stream are inflated to get past them: bounded.
        if (e.size > limits.skip && (ab.compressed || ab.encryption !== "none")) {
          warnings.push(`${name}: reading stopped at backup member "${e.path}" (${e.size} bytes, over the ${limits.skip}-byte limit for a member no module reads): the members after it were not read`);
          break;
        }
        continue;
      }
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

/** `apps/<package>/…` → the package; other top folders (`shared/…`) count as one group each. */
function packageOf(path: string): string {
  const [top, second] = path.split("/");
  return top === "apps" && second !== undefined ? second : `/${top}`;
}
