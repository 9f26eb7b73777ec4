/** What makes a folder or a .tar.gz a sysdiagnose (identify.ts): names only, and the archive's first member name. */
import type { Coverage } from "../core/coverage.ts";
import type { SourceFile } from "../core/source.ts";
import { readTar } from "../formats/tar.ts";

/** The top folder the phone names (`sysdiagnose_2024.01.15_10-20-30-0800_iPhone-OS_iPhone_21C66`). */
export const SYSDIAGNOSE_TOP = /^sysdiagnose_/;
/** Files only a sysdiagnose holds at its top (ps.txt alone is androidqf's too). */
export const SYSDIAGNOSE_FILES: ReadonlySet<string> = new Set(["ps_thread.txt", "taskinfo.txt", "remotectl_dumpstate.txt", "sysdiagnose.log"]);
export const SYSDIAGNOSE_DIRS: ReadonlySet<string> = new Set(["system_logs.logarchive", "crashes_and_spins"]);

/** A gzip file's content as a stream (the Web-standard DecompressionStream; a gzip cut short errors at its end). */
export function gunzip(file: SourceFile): ReadableStream<Uint8Array> {
  return file.stream().pipeThrough(new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
}

/** A gzip whose tar's first member sits in a `sysdiagnose_*` folder (only the first header is inflated). */
export async function isSysdiagnoseArchive(file: SourceFile): Promise<boolean> {
  let first: string | undefined;
  try {
    for await (const e of readTar(gunzip(file), { name: file.path })) {
      first = e.path;
      break;
    }
  } catch {
    // Not a gzip, or not a tar inside; or (Chromium) stopping the inflation early threw after the first header.
  }
  return first !== undefined && SYSDIAGNOSE_TOP.test(first);
}

type Part = { readonly name: string; readonly files: RegExp };
/** What every sysdiagnose of iOS 15+ holds: without them a run examined less than it seems (a partly copied folder). */
const MAIN: readonly Part[] = [
  { name: "reboot log (system_logs.logarchive/Extra/shutdown.log)", files: /^system_logs\.logarchive\/Extra\/shutdown\.log$/ },
  { name: "running processes (ps.txt)", files: /^ps\.txt$/ },
  { name: "app installation logs (logs/MobileInstallation/)", files: /^logs\/MobileInstallation\/mobile_installation\.log/ },
];
/** A phone that crashed nothing lately has no reports: examined when there, never "missing". */
const OPTIONAL: readonly Part[] = [
  { name: "crash and spin reports (crashes_and_spins/)", files: /^crashes_and_spins\// },
  { name: "app permissions (logs/Accessibility/TCC.db)", files: /^logs\/Accessibility\/TCC\.db$/ },
];

/** A sysdiagnose's coverage from the paths of its (kept) files, relative to its top folder. */
export function sysdiagnoseCoverage(files: readonly string[]): Coverage {
  const has = (p: Part) => files.some((f) => p.files.test(f));
  return { examined: [...MAIN, ...OPTIONAL].filter(has).map((p) => p.name), missing: MAIN.filter((p) => !has(p)).map((p) => p.name) };
}
