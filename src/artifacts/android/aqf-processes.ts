/** Running processes from AndroidQF's ps.txt (toybox `ps -A` columns, with or without a SELinux label; Android 8–15). */
import { defineArtifact } from "../../core/artifact.ts";
import { readText } from "../../core/source.ts";

/** MVT's record; `aprocress` (sic) is the ADDR column, as MVT names it. */
export interface ProcessRecord {
  user: string;
  pid: number;
  ppid: number;
  virtual_memory_size: number;
  resident_set_size: number;
  wchan: string;
  aprocress: string;
  stat: string;
  proc_name: string;
  label: string;
}

/** A ps listing is a few thousand lines; 32 MiB bounds a hostile one. */
const MAX_PS_BYTES = 32 * 1024 * 1024;
const INT = /^-?\d+$/;

/** One `ps` line → record, or undefined when the columns do not fit (USER PID PPID VSZ RSS [WCHAN] ADDR S NAME). */
export function parsePsLine(line: string): ProcessRecord | undefined {
  let cols = line.trim().split(/\s+/);
  // `ps -Z` puts the SELinux context first.
  const label = cols[0]!.startsWith("u:r") ? cols[0]! : "";
  if (label) cols = cols.slice(1);
  // A blank WCHAN leaves 8 columns: MVT inserts an empty one.
  if (cols.length === 8) cols = [...cols.slice(0, 5), "", ...cols.slice(5)];
  if (cols.length < 9 || !cols.slice(1, 5).every((c) => INT.test(c))) return undefined;
  return {
    user: cols[0]!,
    pid: Number(cols[1]),
    ppid: Number(cols[2]),
    virtual_memory_size: Number(cols[3]),
    resident_set_size: Number(cols[4]),
    wchan: cols[5]!,
    aprocress: cols[6]!,
    stat: cols[7]!,
    // MVT keeps the 9th column only; a name with spaces is kept whole here. Kernel threads lose their brackets.
    proc_name: cols.slice(8).join(" ").replace(/^[[\]]+|[[\]]+$/g, ""),
    label,
  };
}

/** ps lines → records; the count of lines that did not parse goes to `bad`. */
export function* parsePs(text: string, bad: { count: number }): Generator<ProcessRecord> {
  const lines = text.split(/\r?\n/);
  // MVT drops the first line (the header); a file without a header keeps it.
  const start = /\bPID\b/.test(lines[0] ?? "") ? 1 : 0;
  for (const line of lines.slice(start)) {
    if (line.trim() === "") continue;
    const rec = parsePsLine(line);
    if (rec) yield rec;
    else bad.count++;
  }
}

/** gatekeeperd is skipped because it gave false positives (MVT). */
const names = (r: ProcessRecord) => (r.proc_name === "gatekeeperd" ? [] : r.proc_name);

export default defineArtifact<ProcessRecord>({
  id: "android.aqf-processes",
  platform: "android",
  mvt: "AQFProcesses",
  slug: "aqf_processes",
  description: "Processes running at acquisition time (ps.txt)",
  sources: [{ from: "androidqf", glob: "ps.txt" }],
  async *parse({ file }, ctx) {
    const bad = { count: 0 };
    yield* parsePs(await readText(file, MAX_PS_BYTES), bad);
    if (bad.count) ctx.warn(`${bad.count} line(s) that are not ps columns were skipped`);
  },
  // The name is checked as an app id (app processes are named after their package), then as a process.
  indicators: [
    { kind: "app_id", values: names },
    { kind: "process", values: names },
  ],
});
