/** Runs one benchmark step (bench/child.ts) in its own process, with the CLI's heap cap; returns time, rows, peak RSS. */
import { spawnSync } from "node:child_process";

const child = new URL("./child.ts", import.meta.url).pathname;

export function step(args: string[], env: Record<string, string> = {}): { ms: number; rows: number; maxRssMiB: number; cpuMs: number; stdout: string } {
  const r = spawnSync(process.execPath, ["--max-old-space-size=512", "--import", "tsx", child, ...args], { encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, ...env } });
  const line = r.stderr.split("\n").find((l) => l.startsWith("BENCH "));
  if (!line) throw new Error(`benchmark step failed: ${args.join(" ")}\n${r.stderr}`);
  return { ...JSON.parse(line.slice(6)), stdout: r.stdout };
}
