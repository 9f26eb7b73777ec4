/** Runs one benchmark step in its own process and reports wall time and peak RSS as a JSON line on stderr. */
import { main } from "../src/cli/main.ts";
import Database from "better-sqlite3";
import { existsSync, readFileSync } from "node:fs";

const BUILT = new URL("../dist/spyglass.js", import.meta.url);

const [mode, ...args] = process.argv.slice(2);
const t0 = performance.now();
let rows = 0;
if (mode === "bare") {
  // The baseline: read every row of the same tables with better-sqlite3, nothing else.
  const [dir] = args;
  const open = (p: string) => new Database(p, { readonly: true });
  const { createHash } = await import("node:crypto");
  const id = (d: string, p: string) => createHash("sha1").update(`${d}-${p}`).digest("hex");
  const path = (d: string, p: string) => `${dir}/${id(d, p).slice(0, 2)}/${id(d, p)}`;
  const queries: [string, string][] = [
    [`${dir}/Manifest.db`, "SELECT * FROM Files"],
    [path("HomeDomain", "Library/SMS/sms.db"), "SELECT message.*, handle.id AS phone_number FROM message LEFT JOIN handle ON handle.ROWID = message.handle_id"],
    [path("AppDomain-com.apple.mobilesafari", "Library/Safari/History.db"), "SELECT * FROM history_items JOIN history_visits ON history_visits.history_item = history_items.id"],
  ];
  for (const [file, sql] of queries) {
    const db = open(file);
    for (const _ of db.prepare(sql).iterate()) rows++;
    db.close();
  }
} else if (mode === "write") {
  // The floor of any tool that writes the results: this many bytes in 1 MiB write(2) calls, nothing else.
  const [path, bytes] = args;
  const { openSync, writeSync, closeSync } = await import("node:fs");
  const fd = openSync(path!, "w");
  const piece = Buffer.alloc(1 << 20, 0x20);
  for (let left = Number(bytes); left > 0; left -= piece.length) writeSync(fd, piece, 0, Math.min(piece.length, left));
  closeSync(fd);
} else if (existsSync(BUILT)) {
  // What users run: the bundled CLI (built by `npm ci`), with its bundled worker threads.
  process.argv = [process.argv[0]!, "spyglass", ...args];
  await import(BUILT.href);
} else {
  await main(["node", "spyglass", ...args]);
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(); // every thread of the process: the worker threads too
process.stderr.write(`\nBENCH ${JSON.stringify({ mode, ms, rows, maxRssMiB: peakRssMiB(), cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);

/**
 * Peak RSS of this process. Linux's ru_maxrss survives exec, so a child forked from a parent that just generated
 * 500 MB of evidence would report the parent's size; VmHWM belongs to the new address space and does not.
 */
function peakRssMiB(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    /* not Linux */
  }
  return process.resourceUsage().maxRSS / 1024;
}
