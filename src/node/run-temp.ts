/**
 * One private temp folder per run, `$TMPDIR/spyglass-run-<pid>-<random>` (mode 0700), holding every copy of
 * evidence and every scratch file: temp SQLite copies, spilled timeline runs, decrypted files, what worker threads
 * write. Made on first use, removed when the process exits (success, error, or a signal the CLI turns into an exit:
 * entry.ts). A run killed outright (SIGKILL, out of memory) cannot remove it, so the next run removes the folders
 * of ours whose process is gone (`removeStaleRunTemps`).
 */
import { lstatSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isMainThread } from "node:worker_threads";

const PREFIX = "spyglass-run-";
// mkdtemp adds six characters from [A-Za-z0-9].
const NAME = /^spyglass-run-(\d+)-[A-Za-z0-9]{6}$/;
// How a worker thread learns its run's folder (startWorker passes it in the thread's environment).
const ENV = "SPYGLASS_RUN_TEMP";

let dir: string | undefined;

/** The run's temp folder, made on first use; a worker thread gets its parent's. */
export function runTempDir(): string {
  if (dir) return dir;
  if (!isMainThread) {
    const inherited = process.env[ENV];
    if (!inherited) throw new Error("worker thread started without the run's temp folder (startWorker passes it)");
    return (dir = inherited);
  }
  // mkdtemp makes the folder with mode 0700: only this user can list or read the copies inside.
  dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  process.on("exit", removeRunTemp);
  return dir;
}

/** A new folder inside the run's temp folder (`prefix` names what it holds: db-, scratch-, age-…). */
export function runTempSubdir(prefix: string): string {
  return mkdtempSync(join(runTempDir(), prefix));
}

/** The environment a worker thread needs to put its files in the same folder. */
export function workerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, [ENV]: runTempDir() };
}

/** Removes the run's temp folder now (idempotent; also run at exit); whether there was one. Only the main thread owns it. */
export function removeRunTemp(): boolean {
  if (!dir || !isMainThread) return false;
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    // Nothing better to do at exit; the next run removes it (removeStaleRunTemps).
  }
  dir = undefined;
  return true;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // someone else's process: alive
  }
}

/**
 * Removes temp folders left by Spyglass runs that were killed: only folders named as ours, owned by this user,
 * not symbolic links, whose process is gone. A live process's folder is left alone (even if the pid was reused).
 * Returns the paths removed.
 */
export function removeStaleRunTemps(root: string = tmpdir()): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  const uid = process.getuid?.();
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    const path = join(root, name);
    try {
      const st = lstatSync(path);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}
