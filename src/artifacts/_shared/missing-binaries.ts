/**
 * MVT's filesystem-dump check of per-process network use (Datausage, Netusage): a process with no bundle id is a
 * system binary, so its name should be a file somewhere in the dump; one that is nowhere (a process that deleted
 * itself, or a spoofed name) → MEDIUM. Runs only where the input can list every file (ctx.listing: check-fs).
 */
import type { ParseContext } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";

export interface ProcessUsage {
  readonly proc_name: string | null;
  readonly bundle_id: string | null;
  readonly live_proc_id: number | null;
  readonly live_isodate: string | null;
}

/** iOS keeps 16 characters of a process name (MAXCOMLEN): a name of that length may be cut. */
const MAXCOMLEN = 16;

/**
 * One MEDIUM alert per row with no bundle id whose process binary the dump does not hold, at the row's live_isodate: as
 * MVT (`net_base.py` `_find_suspicious_processes` alerts inside its loop over the rows, so a process with several
 * live-usage rows is told once per row).
 */
export async function flagMissingBinaries(records: readonly ProcessUsage[], ctx: Pick<ParseContext, "listing" | "alert" | "fast">): Promise<void> {
  if (!ctx.listing || ctx.fast) return; // MVT skips this search under --fast
  const unbundled = records.filter((r) => !r.bundle_id);
  const names = new Set(unbundled.flatMap((r) => (r.proc_name ? [r.proc_name] : [])));
  if (unbundled.length === 0) return;
  // The input's index of file names when it has one, else one walk keeping only the names looked for.
  const found = new Set<string>();
  const listing = ctx.listing;
  let indexed = true;
  for (const n of names) {
    const has = listing.hasFileName?.(n);
    if (has === undefined) indexed = false;
    else if (has) found.add(n);
  }
  if (names.size && !indexed) {
    for await (const e of listing.entries()) {
      if (e.kind !== "file") continue;
      const name = e.path.slice(e.path.lastIndexOf("/") + 1);
      if (names.has(name)) found.add(name);
    }
  }
  for (const r of unbundled) {
    const when = r.live_isodate ?? "";
    if (!r.proc_name) {
      ctx.alert(finding("MEDIUM", `Found process entry with empty 'proc_name': ${r.live_proc_id} at ${when}`, r, when));
      continue;
    }
    if (found.has(r.proc_name)) continue;
    const cut = r.proc_name.length === MAXCOMLEN ? " (However, the process name might have been truncated in the database)" : "";
    ctx.alert(finding("MEDIUM", `Could not find the binary associated with the process with name ${r.proc_name}${cut}`, r, when));
  }
}
