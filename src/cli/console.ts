/** Terminal output: a progress bar on stderr (TTY only) and the end-of-run summary table. */
import { terminalSafe } from "../outputs/terminal-safe.ts";
import type { Progress } from "../core/scan.ts";

export function progressBar(stream: NodeJS.WriteStream = process.stderr): { update(p: Progress): void; status(text: string): void; done(): void } {
  if (!stream.isTTY) return { update() {}, status() {}, done() {} };
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 80 && p.index < p.total) return;
      last = now;
      const width = 24;
      const filled = Math.round((p.index / Math.max(p.total, 1)) * width);
      const recs = p.records ? ` ${p.records.toLocaleString("en-US")} records` : "";
      stream.write(`\r\x1b[K[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${p.index}/${p.total} ${p.module}${recs}`);
    },
    /** A line for the steps after the modules (the timeline of a large backup takes a while to sort). */
    status(text) {
      stream.write(`\r\x1b[K${text}`);
    },
    done() {
      stream.write("\r\x1b[K");
    },
  };
}

/** A plain-text table with right-aligned numeric columns. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === "number" ? c.toLocaleString("en-US") : terminalSafe(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? "").length)));
  const numeric = header.map((_, i) => rows.every((r) => typeof r[i] === "number"));
  const line = (r: (string | number)[]) =>
    r.map((c, i) => (numeric[i] ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}
