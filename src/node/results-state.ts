/**
 * Whether a results folder holds a finished run. A run writes `INCOMPLETE` into its results folder first and
 * removes it last, so a run stopped any way (Ctrl-C, SIGTERM, an error, SIGKILL, a power cut) leaves the mark.
 * When the process can still act (not SIGKILL), the mark says why, and info.json carries `"complete": false`
 * with the same reason. `report` and `check-iocs` read the mark (`incompleteNotice`).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { terminalSafe } from "../outputs/terminal-safe.ts";
import { INCOMPLETE_MARK } from "../inputs/identify.ts";

const UNKNOWN_REASON = "the run did not finish";

// The folder the running scan writes, until it finishes: what an interruption marks.
let running: { dir: string; info: Record<string, unknown>; onStop?: (reason: string) => void } | undefined;

/** A scan starts writing `dir`; `info` (target_path, command…) goes into info.json if the run stops early. */
export function markResultsStarted(dir: string, info: Record<string, unknown>): void {
  writeFileSync(join(dir, INCOMPLETE_MARK), `${UNKNOWN_REASON}\n`);
  running = { dir, info };
}

/**
 * What the running scan does when stopped early, synchronously (the process exits right after): e.g. write the
 * reason into command.log and flush what it buffered.
 */
export function onResultsStopped(onStop: (reason: string) => void): void {
  if (running) running.onStop = onStop;
}

/** The scan finished: the folder is whole. */
export function markResultsComplete(dir: string): void {
  rmSync(join(dir, INCOMPLETE_MARK), { force: true });
  if (running?.dir === dir) running = undefined;
}

/**
 * The process stops before the running scan finished: the mark and info.json say why, as far as they can be
 * written (a full or unwritable disk is one reason runs stop). Does nothing when no scan is running; whether one was.
 */
export function markResultsInterrupted(reason: string): boolean {
  if (!running) return false;
  const { dir, info, onStop } = running;
  running = undefined;
  try {
    onStop?.(reason);
  } catch {
    // A full or unwritable disk: the mark below may still go through.
  }
  try {
    writeFileSync(join(dir, INCOMPLETE_MARK), `${reason}\n`);
    const infoPath = join(dir, "info.json");
    let written: Record<string, unknown> = info;
    try {
      if (existsSync(infoPath)) written = JSON.parse(readFileSync(infoPath, "utf8")) as Record<string, unknown>;
    } catch {
      // A half-written info.json: replaced by what is known.
    }
    writeFileSync(infoPath, JSON.stringify({ ...written, complete: false, incomplete_reason: reason }, null, 4));
  } catch {
    // The folder cannot be written: the mark written at the start stays.
  }
  return true;
}

/** A plain sentence when `dir` holds an unfinished run's results, else undefined. */
export function incompleteNotice(dir: string): string | undefined {
  const mark = join(dir, INCOMPLETE_MARK);
  if (!existsSync(mark)) return undefined;
  let reason = UNKNOWN_REASON;
  try {
    reason = readFileSync(mark, "utf8").trim() || reason;
  } catch {
    // Unreadable mark: the generic reason.
  }
  return `these results are INCOMPLETE (${terminalSafe(reason)}): records after that point were never read, so a missing alert proves nothing; run the check again`;
}

/** Prints `incompleteNotice` as a warning on stderr (the one line `report` and `check-iocs` call). */
export function warnIfIncomplete(dir: string): boolean {
  const notice = incompleteNotice(dir);
  if (notice) process.stderr.write(`warning: ${notice}\n`);
  return notice !== undefined;
}
