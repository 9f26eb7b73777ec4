/**
 * node --import tsx bench/indicators.ts [--repeat N]: what the whole bundled indicator corpus costs.
 * 1. Loading (read every file, parse, compile) in a fresh process, as a check does once: median of N processes.
 * 2. The same, as seen by a user: `spyglass check-androidqf` on a small acquisition with the bundled set and with
 *    --no-indicators, alternately, N times each (the CLI as installed: dist/ when built); the difference is what
 *    the indicators add to a check.
 * 3. Matching: URLs checked against the compiled corpus at 10^5 … 8·10^5 values; time per match stays flat when
 *    matching is linear in the records.
 * CPU time (user + system) is reported beside wall time: on a shared machine the wall time mostly measures the
 * other processes.
 * Figures are dated in bench/README.md ("Indicators").
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadIndicators } from "../src/cli/load-indicators.ts";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const repeat = Math.max(1, Number(arg("--repeat", "5")));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]!;

if (process.argv.includes("--load-once")) {
  // The parent's environment points XDG_DATA_HOME at its empty folder: no updated set, the bundled one is measured.
  const env = process.env;
  const t = performance.now();
  const c = process.cpuUsage();
  const l = loadIndicators([], env);
  const cpu = process.cpuUsage(c);
  process.stdout.write(JSON.stringify({ ms: performance.now() - t, cpuMs: (cpu.user + cpu.system) / 1000, files: l.files.length, distinct: l.distinct }) + "\n");
  process.exit(0);
}

// Everything this bench writes lives in one temp folder, removed however it ends.
const work = mkdtempSync(join(tmpdir(), "spyglass-bench-indicators-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
const empty = join(work, "xdg"); // no updated set: the bundled one is measured
mkdirSync(empty);
const env = { ...process.env, XDG_DATA_HOME: empty, SPYGLASS_IOCS: "" };

// 1. Cold load in a fresh process.
const loads = Array.from({ length: repeat }, () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", new URL(import.meta.url).pathname, "--load-once"], { encoding: "utf8", env });
  return JSON.parse(r.stdout) as { ms: number; cpuMs: number; files: number; distinct: number };
});
const load = loads[0]!;
console.log(`load: ${load.files} files, ${load.distinct.toLocaleString("en-US")} distinct indicators: median ${median(loads.map((l) => l.ms)).toFixed(0)} ms wall, ${median(loads.map((l) => l.cpuMs)).toFixed(0)} ms CPU (runs: ${loads.map((l) => l.ms.toFixed(0)).join(", ")})`);

// 2. A check with and without the bundled indicators.
const acq = join(work, "acquisition");
mkdirSync(acq);
writeFileSync(join(acq, "packages.json"), JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ name: `com.example.app${i}`, files: [{ path: `/data/app/a${i}/base.apk`, certificate: { Sha1: i.toString(16).padStart(40, "0") } }], installer: "com.android.vending" }))));
const bin = new URL("../bin/spyglass.js", import.meta.url).pathname;
let checks = 0;
/** Wall and CPU ms of one check, from /usr/bin/time (the child's own rusage, worker threads included). */
const timeCheck = (extra: string[]) => {
  const out = join(work, `out-${checks++}`);
  const r = spawnSync("/usr/bin/time", ["-f", "TIME %e %U %S", process.execPath, bin, "check-androidqf", acq, "-o", out, "--json", ...extra], { encoding: "utf8", env });
  if (r.status !== 0 && r.status !== 11) throw new Error(r.stderr);
  rmSync(out, { recursive: true, force: true });
  const [wall, user, sys] = /TIME (\S+) (\S+) (\S+)/.exec(r.stderr)!.slice(1).map(Number);
  return { wall: wall! * 1000, cpu: (user! + sys!) * 1000 };
};
const withSet: { wall: number; cpu: number }[] = [];
const without: { wall: number; cpu: number }[] = [];
for (let i = 0; i < repeat; i++) {
  without.push(timeCheck(["--no-indicators"]));
  withSet.push(timeCheck([]));
}
const m = (xs: { wall: number; cpu: number }[], k: "wall" | "cpu") => median(xs.map((x) => x[k]));
console.log(
  `check-androidqf (300 packages), median of ${repeat} each, alternating: bundled set ${m(withSet, "wall").toFixed(0)} ms wall / ${m(withSet, "cpu").toFixed(0)} ms CPU, ` +
    `--no-indicators ${m(without, "wall").toFixed(0)} / ${m(without, "cpu").toFixed(0)} ms: the corpus adds ${(m(withSet, "wall") - m(without, "wall")).toFixed(0)} ms wall, ${(m(withSet, "cpu") - m(without, "cpu")).toFixed(0)} ms CPU`,
);

// 3. Matching is linear: constant time per URL as the number of URLs grows (10% planted hits).
const set = loadIndicators([], env).set;
const hosts = set.collections.flatMap((c) => c.indicators.filter((i) => i.bucket === "domains").map((i) => i.value));
for (const n of [50_000, 100_000, 200_000, 400_000, 800_000]) {
  const urls = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? `https://cdn.${hosts[i % hosts.length]}/x?i=${i}` : `https://www${i % 5000}.benign${i}.example.com/path/${i}`));
  let hits = 0;
  const t = performance.now();
  const c = process.cpuUsage();
  for (const u of urls) if (set.match("url", u)) hits++;
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(c);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  // The first size warms the JIT up and is not reported.
  if (n > 50_000) console.log(`match ${n.toLocaleString("en-US")} URLs: ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU, ${((cpuMs * 1e6) / n).toFixed(0)} ns CPU per URL, ${hits.toLocaleString("en-US")} hits`);
}
