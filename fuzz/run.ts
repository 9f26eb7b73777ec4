/**
 * npm run fuzz [-- --seed N --runs N --kind ID[,ID…] --timeout S --report FILE --keep --only RUN --bin PATH]:
 * mutates the test evidence of every input kind (fuzz/seeds.ts, fuzz/mutate.ts), runs the CLI as installed on each
 * mutant under a time and memory limit, and reports stack traces, crashes, hangs, memory over 1 GiB, evidence
 * changed, reads outside the evidence and temp files left (fuzz/run-one.ts). Prints runs and failures per kind,
 * writes a JSON report (default out/fuzz-report.json), exits 1 when anything failed. Runs one at a time: the
 * machine is shared. A run is reproduced by the same --seed, --kind and --only RUN; --keep keeps the folders of failed
 * runs. --bin runs another installed spyglass (e.g. from `npm install -g`) instead of this checkout's bin/spyglass.js.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { setSqlite } from "./mutate.ts";
import { CLASSES, runOne, type RunResult } from "./run-one.ts";
import { kinds, sqliteBytes } from "./seeds.ts";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const seed = Number(arg("--seed", "1"));
const runs = Number(arg("--runs", "20"));
const only = process.argv.includes("--only") ? Number(arg("--only", "0")) : undefined;
const wanted = arg("--kind", "").split(",").filter(Boolean);
const reportFile = arg("--report", "out/fuzz-report.json");
const keep = process.argv.includes("--keep");
const bin = process.argv.includes("--bin") ? arg("--bin", "") : undefined;
const limits = { timeoutMs: Number(arg("--timeout", "60")) * 1000, memoryMiB: 1024, killAboveMiB: 2048 };

setSqlite(sqliteBytes());
const all = kinds();
const chosen = wanted.length ? all.filter((k) => wanted.includes(k.id)) : all;
if (!chosen.length) {
  console.error(`unknown --kind; kinds: ${all.map((k) => k.id).join(", ")}`);
  process.exit(2);
}
const root = mkdtempSync(join(tmpdir(), "spyglass-fuzz-"));
process.on("exit", () => rmSync(root, { recursive: true, force: true, maxRetries: 3 }));
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => process.exit(130));
console.log(`fuzz: seed ${seed}, ${only === undefined ? `${runs} runs` : `run ${only}`} per kind, timeout ${limits.timeoutMs / 1000} s, kinds ${chosen.map((k) => k.id).join(", ")}`);

const results: RunResult[] = [];
const t0 = performance.now();
for (const kind of chosen) {
  for (const run of only === undefined ? Array.from({ length: runs }, (_, i) => i) : [only]) {
    const folder = join(root, `${kind.id}-${run}`);
    mkdirSync(folder);
    const r = await runOne(kind, seed, run, folder, limits, bin ? { bin } : {});
    results.push(r);
    const mark = r.failures.length ? `FAIL ${[...new Set(r.failures.map((f) => f.class))].join(",")}` : "ok";
    console.log(`${kind.id} #${run} ${mark} exit ${r.code} ${(r.ms / 1000).toFixed(1)} s ${r.peakMiB} MiB: ${r.mutations.join("; ")}${r.code === 1 || r.code === 2 ? ` → ${JSON.stringify(r.said)}` : ""}`);
    if (r.failures.length && keep) {
      const kept = join(tmpdir(), `spyglass-fuzz-kept-${seed}-${kind.id}-${run}`);
      rmSync(kept, { recursive: true, force: true });
      mkdirSync(kept);
      // Moved out of the run root (removed at exit); symlinks in the evidence stay as they were.
      renameSync(folder, join(kept, "run"));
      r.folder = join(kept, "run");
    } else rmSync(folder, { recursive: true, force: true });
  }
}

const table = chosen.map((k) => {
  const rs = results.filter((r) => r.kind === k.id);
  const row: Record<string, string | number> = { kind: k.id, runs: rs.length, failed: rs.filter((r) => r.failures.length).length };
  for (const c of CLASSES) row[c] = rs.filter((r) => r.failures.some((f) => f.class === c)).length;
  const exits = new Map<string, number>();
  for (const r of rs) exits.set(String(r.code ?? "killed"), (exits.get(String(r.code ?? "killed")) ?? 0) + 1);
  row.exits = [...exits].sort().map(([c, n]) => `${c}:${n}`).join(" "); // 1 = refused or unreadable; 0/10/11 = analysed
  row["median s"] = (rs.map((r) => r.ms).sort((a, b) => a - b)[rs.length >> 1]! / 1000).toFixed(1);
  row["max MiB"] = Math.max(...rs.map((r) => r.peakMiB));
  return row;
});
console.table(table);
const failed = results.filter((r) => r.failures.length);
const minutes = (performance.now() - t0) / 60000;
mkdirSync(dirname(reportFile), { recursive: true });
writeFileSync(reportFile, JSON.stringify({ seed, runsPerKind: only === undefined ? runs : 1, minutes: Number(minutes.toFixed(1)), limits, command: ["npm run fuzz --", ...process.argv.slice(2)].join(" "), perKind: table, failures: failed }, null, 1));
console.log(`${results.length} runs in ${minutes.toFixed(1)} min, ${failed.length} with failures; report: ${reportFile}`);
process.exitCode = failed.length ? 1 : 0;
