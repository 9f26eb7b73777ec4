/** Runs one benchmark step (bench/child.ts) in its own process, with the CLI's V8 flags; returns time, rows, peak RSS, CPU. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const child = new URL("./child.ts", import.meta.url).pathname;
// The CLI's own V8 flags, from its shebang line: the benchmark measures what users run.
const CLI_FLAGS = readFileSync(new URL("../bin/spyglass.js", import.meta.url), "utf8").split("\n")[0]!.split(/\s+/).filter((f) => f.startsWith("--"));

export function step(args: string[], env: Record<string, string> = {}): { ms: number; rows: number; maxRssMiB: number; cpuMs: number; stdout: string } {
  // Gigabytes written by the step before are flushed first, so the kernel's write-back does not run into this one.
  spawnSync("sync");
  const r = spawnSync(process.execPath, [...CLI_FLAGS, "--import", "tsx", child, ...args], { encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, ...env } });
  const line = r.stderr.split("\n").find((l) => l.startsWith("BENCH "));
  if (!line) throw new Error(`benchmark step failed: ${args.join(" ")}\n${r.stderr}`);
  return { ...JSON.parse(line.slice(6)), stdout: r.stdout };
}
