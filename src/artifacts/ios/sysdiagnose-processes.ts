/**
 * Processes running when a sysdiagnose was taken (iOS 14–18): `ps.txt` (`ps aux`-like columns ending in COMMAND),
 * `ps_thread.txt` (the same with thread lines, whose continuation lines are skipped) and `taskinfo.txt`
 * (`process: "name" [pid]` blocks). Names are matched as process indicators, executables as file paths; a process
 * running from outside the folders iOS runs programs from is a heuristic finding (spyware ran from /private/var/db,
 * /private/var/tmp).
 */
import { defineArtifact } from "../../core/artifact.ts";
import type { Finding } from "../../core/events.ts";
import { readText } from "../../core/source.ts";

export interface SysdiagnoseProcess {
  /** The file the row came from. */
  source: string;
  pid: number;
  ppid: number | null;
  user: string;
  /** The whole command line (ps) or the task name (taskinfo). */
  command: string;
  /** The executable's path, when the row gives one. */
  path: string;
  /** The executable's name (last path component). */
  name: string;
}

/** These files are a few MB at most; 64 MiB bounds a hostile one. */
const MAX_BYTES = 64 * 1024 * 1024;
/** Where iOS runs programs from: Apple's folders, app bundles, the cryptexes of iOS 16+. */
const USUAL = /^\/(System|usr|sbin|bin|Applications|Developer|Library\/Apple|private\/preboot|(private\/)?var\/containers\/Bundle)\//;

/** The rows of a `ps` listing with a header naming PID and COMMAND (COMMAND last, the rest of the line). */
export function* parsePsListing(text: string, source: string): Generator<SysdiagnoseProcess> {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => /\bPID\b/.test(l) && /\bCOMMAND\s*$/.test(l));
  if (at < 0) return;
  const header = lines[at]!.trim().split(/\s+/);
  const col = (n: string) => header.indexOf(n);
  const [pidAt, ppidAt, userAt] = [col("PID"), col("PPID"), col("USER")];
  const fixed = header.length - 1;
  for (const line of lines.slice(at + 1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length <= fixed || !/^\d+$/.test(cols[pidAt] ?? "")) continue; // a thread line, or not a row
    const command = line.trim().split(/\s+/).slice(fixed).join(" ");
    yield row(source, Number(cols[pidAt]), ppidAt >= 0 && /^\d+$/.test(cols[ppidAt]!) ? Number(cols[ppidAt]) : null, userAt >= 0 ? cols[userAt]! : "", command);
  }
}

/** taskinfo.txt: one `process: "name" [pid]` line per task (the quotes are absent on some versions). */
export function* parseTaskinfo(text: string, source: string): Generator<SysdiagnoseProcess> {
  for (const m of text.matchAll(/^\s*process:\s*"?(.*?)"?\s*\[(\d+)\]\s*$/gm)) yield row(source, Number(m[2]), null, "", m[1]!);
}

/** The executable of a command line: up to the first space, except in a bundle whose name has spaces ("My App.app/My App"). */
export function executableOf(command: string): string {
  if (!command.startsWith("/")) return "";
  const bundle = /^(.*\/([^/]+)\.(?:app|appex)\/)/.exec(command);
  if (bundle && command.startsWith(bundle[2]!, bundle[1]!.length)) {
    const end = bundle[1]!.length + bundle[2]!.length;
    if (end === command.length || command[end] === " ") return command.slice(0, end);
  }
  return command.split(" ")[0]!;
}

function row(source: string, pid: number, ppid: number | null, user: string, command: string): SysdiagnoseProcess {
  const path = executableOf(command);
  const name = (path || command.split(" ")[0]!).split("/").pop() ?? "";
  return { source, pid, ppid, user, command, path, name };
}

function unusualPath(p: SysdiagnoseProcess): Finding | undefined {
  if (!p.path || USUAL.test(p.path)) return undefined;
  return {
    level: "MEDIUM",
    message: `Process ${p.name} (pid ${p.pid}) runs from ${p.path}, outside the folders iOS runs programs from (spyware such as Pegasus and Predator ran from /private/var/db and /private/var/tmp)`,
    event: p,
  };
}

export default defineArtifact<SysdiagnoseProcess>({
  id: "ios.sysdiagnose-processes",
  platform: "ios",
  mvt: "SysdiagnoseProcesses",
  slug: "sysdiagnose_processes",
  description: "Processes running when the sysdiagnose was taken (ps.txt, ps_thread.txt, taskinfo.txt)",
  sources: [
    { from: "sysdiagnose", glob: "ps.txt" },
    { from: "sysdiagnose", glob: "ps_thread.txt" },
    { from: "sysdiagnose", glob: "taskinfo.txt" },
  ],
  async *parse({ file }) {
    const text = await readText(file, MAX_BYTES);
    const source = file.path.split("/").pop()!;
    yield* source === "taskinfo.txt" ? parseTaskinfo(text, source) : parsePsListing(text, source);
  },
  indicators: [
    { kind: "process", values: (p) => p.name },
    { kind: "file_path", values: (p) => p.path },
    { kind: "process_in_path", values: (p) => p.path },
  ],
  heuristics: [unusualPath],
});
