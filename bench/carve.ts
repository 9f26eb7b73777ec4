/**
 * node --import tsx bench/carve.ts [--scale F] [--repeat N] [--keep]: what recovering deleted records (issue 16) costs
 * on the benchmark backup (bench/generate.ts: 10^6 SMS, 3·10^5 Safari visits at scale 1). In one run, alternately,
 * `check-backup` with the Pegasus bundle as users run it (carving on, the default) and with `--no-carve`; the median
 * of each is reported: wall time, CPU, peak RSS, and the time carving adds. Target (issue 16, item 6): at most +30%,
 * and no more peak memory. The backup is removed at the end unless --keep (a later run, or `npm run bench`, reuses it).
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { benchBackup } from "./generate.ts";
import { step } from "./step.ts";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const scale = Number(arg("--scale", "1"));
const repeat = Math.max(1, Number(arg("--repeat", "1")));
const keep = process.argv.includes("--keep");
const data = new URL("./.data/", import.meta.url).pathname;
const pegasus = new URL("../data/indicators/amnesty/pegasus.stix2", import.meta.url).pathname;

const dir = join(data, `backup-v3-${scale}`); // the same cache name as bench/run.ts: one generated backup serves both
const out = join(data, `out-carve-${scale}`);
mkdirSync(data, { recursive: true });
if (!keep) {
  process.on("exit", () => {
    for (const d of [dir, out]) rmSync(d, { recursive: true, force: true });
  });
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => process.exit(130));
}
benchBackup(data, scale);

const check = (extra: string[]) => {
  rmSync(out, { recursive: true, force: true });
  const r = step(["spyglass", "check-backup", dir, "-o", out, "--iocs", pegasus, "--json", ...extra]);
  const summary = JSON.parse(r.stdout) as { modules: { records: number; deleted?: number }[]; detections_total?: number; detections: unknown[] };
  return { ...r, deleted: summary.modules.reduce((n, m) => n + (m.deleted ?? 0), 0), records: summary.modules.reduce((n, m) => n + m.records, 0) };
};
const median = <T extends { ms: number }>(runs: T[]) => [...runs].sort((a, b) => a.ms - b.ms)[(runs.length - 1) >> 1]!;

const on: ReturnType<typeof check>[] = [];
const off: ReturnType<typeof check>[] = [];
for (let i = 0; i < repeat; i++) {
  off.push(check(["--no-carve"]));
  on.push(check([]));
}
rmSync(out, { recursive: true, force: true });
const a = median(off);
const b = median(on);
const row = (name: string, r: ReturnType<typeof check>) => ({
  run: name, "wall s": (r.ms / 1000).toFixed(2), "CPU s": (r.cpuMs / 1000).toFixed(1), "peak RSS MiB": Math.round(r.maxRssMiB), records: r.records, "deleted records": r.deleted,
});
console.table([row("--no-carve", a), row("carving (default)", b)]);
console.log(`scale ${scale}, ${repeat} run(s) each: carving adds ${((b.ms / a.ms - 1) * 100).toFixed(1)}% wall time, ${((b.cpuMs / a.cpuMs - 1) * 100).toFixed(1)}% CPU, ${Math.round(b.maxRssMiB - a.maxRssMiB)} MiB peak RSS`);
