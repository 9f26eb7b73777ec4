/**
 * npm run bench:web [-- --scale 0.1,1 --keep --profile]: the benchmark's generated iPhone backup (10^6 messages at
 * scale 1, as `npm run bench` makes it) checked by the CLI and by the offline page (dist/web, built by
 * `npm run build:web`, served by the project's static server as `spyglass web` serves it) in headless Chromium, in
 * the same run, each scale in turn: wall time and peak memory side by side. The page is driven as a person uses it:
 * the folder picked through data-testid="pick-folder", the verdict waited for, "download results" clicked (the zip is
 * made after the verdict: its time and CPU are printed too) and the zip checked (every file the CLI wrote is in it, of the same size, except info.json, command.log and report.html).
 * Both use the bundled indicators. Browser memory is the peak, sampled every 250 ms, of the proportional set size
 * (PSS: shared pages divided among their processes) summed over every Chromium process, and of its largest process.
 * CPU time beside wall time (the machine is shared: wall times move with its load, CPU times much less): the CLI's
 * process, Chromium's processes from the pick to the verdict, and the renderer's threads by name. Time by phase:
 * each run's command.log (before the modules, each module, after them). --keep keeps the generated backups and
 * writes both command.logs beside them.
 * --profile: CPU profiles of the analysis worker and its nested workers through the DevTools protocol, top
 * functions by self time, and each worker's busy share per second.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { openZip } from "../src/formats/zip.ts";
import { localFile } from "../src/node/fs-source.ts";
import { serveStatic } from "../src/node/static-server.ts";
import { ensureWebBuilt, WEB_DIST } from "../test/helpers/web.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "../test/hosts-browser.ts";
import { benchBackup } from "./generate.ts";
import { step } from "./step.ts";
import { keepWorkersForProfile, threadsCpu, workerProfiler } from "./web-profile.ts";

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const scales = arg("--scale", "1").split(",").map(Number);
const keep = process.argv.includes("--keep");
const profile = process.argv.includes("--profile");
const data = new URL("./.data/", import.meta.url).pathname;
const bundled = new URL("../data/indicators", import.meta.url).pathname;
const mib = (b: number) => Math.round(b / 2 ** 20);
const load = () => loadavg().map((l) => l.toFixed(1)).join(" ");

/** Chromium's name for a process ("renderer", "gpu-process"…; the browser process has none). */
const kindOf = (pid: number) => /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, "utf8"))?.[1] ?? "browser";

/** Every process descending from `root`. */
function treePids(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      /* gone */
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  return [...parent.keys()].filter(inTree);
}

/** PSS in bytes of `pids`, summed, and the largest (and its kind). */
function treePss(pids: readonly number[]): { sum: number; max: number; kind: string } {
  let sum = 0;
  let max = 0;
  let kind = "";
  for (const pid of pids) {
    try {
      const kb = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0);
      sum += kb * 1024;
      if (kb * 1024 > max) [max, kind] = [kb * 1024, kindOf(pid)];
    } catch {
      /* gone */
    }
  }
  return { sum, max, kind };
}

/** CPU seconds (user + system) used by `pids` so far, each process with its ended threads. */
function processesCpu(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      /* gone */
    }
  }
  return ticks / 100; // USER_HZ
}

/**
 * CPU seconds of the renderers' threads, sampled as the run goes (a nested worker's thread is gone from /proc once
 * it ends): the last reading of each thread, summed by name.
 */
class RendererCpu {
  private readonly last = new Map<string, { name: string; cpu: number }>();
  private base = new Map<string, number>();
  /** What the threads had used before the run (loading the page): left out. */
  startHere(pids: readonly number[]): void {
    this.sample(pids);
    this.base = new Map([...this.last].map(([k, t]) => [k, t.cpu]));
  }
  sample(pids: readonly number[]): void {
    for (const pid of pids) {
      let kind: string;
      try {
        kind = kindOf(pid);
      } catch {
        continue;
      }
      if (kind !== "renderer") continue;
      for (const [tid, t] of threadsCpu(pid)) this.last.set(`${pid}/${tid}`, t);
    }
  }
  /** "CrRendererMain 1.2 s, DedicatedWorker thread 30.1 s (3 threads)…", busiest first. */
  describe(): string {
    const byName = new Map<string, { cpu: number; n: number }>();
    for (const [k, t] of this.last) {
      const b = byName.get(t.name) ?? { cpu: 0, n: 0 };
      byName.set(t.name, { cpu: b.cpu + t.cpu - (this.base.get(k) ?? 0), n: b.n + 1 });
    }
    return [...byName].filter(([, b]) => b.cpu >= 0.1).sort((a, b) => b[1].cpu - a[1].cpu).map(([name, b]) => `${name} ${b.cpu.toFixed(1)} s${b.n > 1 ? ` (${b.n} threads)` : ""}`).join(", ");
  }
  total(): number {
    let sum = 0;
    for (const [k, t] of this.last) sum += t.cpu - (this.base.get(k) ?? 0);
    return sum;
  }
}

/**
 * Where a run's time went, from its command.log: milliseconds before the first module (opening, hashing), each
 * module's own "in N ms", and after the last one (cross checks, writing the results), by module name.
 */
function phasesOf(log: string): Map<string, number> {
  const at = (line: string) => Date.parse(line.slice(0, 23).replace(" ", "T").replace(",", ".") + "Z");
  const lines = log.split("\n").filter((l) => /^\d{4}-/.test(l));
  const phases = new Map<string, number>();
  const first = lines.find((l) => l.includes("Running module"));
  if (first) phases.set("(before the modules)", at(first) - at(lines[0]!));
  let lastEnd = 0;
  for (const l of lines) {
    const m = / - INFO - (\S+): \d+ records, .* in (\d+) ms$/.exec(l);
    if (!m) continue;
    phases.set(m[1]!, Number(m[2]));
    lastEnd = at(l);
  }
  if (lastEnd) phases.set("(after the modules)", at(lines[lines.length - 1]!) - lastEnd);
  return phases;
}

/** The phases over 50 ms in either run, side by side. */
function comparePhases(cli: Map<string, number>, web: Map<string, number>): string {
  const names = [...new Set([...cli.keys(), ...web.keys()])].filter((n) => (cli.get(n) ?? 0) >= 50 || (web.get(n) ?? 0) >= 50);
  return names.map((n) => `    ${n.padEnd(22)} CLI ${String(cli.get(n) ?? "-").padStart(7)} ms, page ${String(web.get(n) ?? "-").padStart(7)} ms`).join("\n");
}

/** Sizes of the files of a results folder, by name. */
const sizesOf = (dir: string) => new Map(readdirSync(dir).map((n) => [n, statSync(join(dir, n)).size]));

/** The CLI's results, by size, against the zip the page saved: names missing or of another size. */
async function compareZip(zipPath: string, cli: Map<string, number>): Promise<{ entries: number; smsBytes: number; differences: string[]; log: string }> {
  const zip = await openZip(localFile(zipPath, "results.zip"));
  const inZip = new Map(zip.entries.map((e) => [e.name, e.size]));
  const differences: string[] = [];
  for (const [name, size] of cli) {
    if (["info.json", "command.log", "report.html"].includes(name)) continue;
    if (inZip.get(name) !== size) differences.push(`${name}: CLI ${size} bytes, zip ${inZip.get(name) ?? "missing"}`);
  }
  if (!inZip.get("sms.json")) differences.push("sms.json is not in the zip");
  const log = zip.entries.find((e) => e.name === "command.log");
  return { entries: zip.entries.length, smsBytes: inZip.get("sms.json") ?? 0, differences, log: log ? new TextDecoder().decode(await zip.bytes(log)) : "" };
}

/** The page as `npm run build:web` makes it; for --profile, built again unminified (functions keep their names). */
function siteDir(): string {
  ensureWebBuilt();
  if (!profile) return WEB_DIST;
  const dir = mkdtempSync(join(tmpdir(), "spyglass-bench-web-"));
  const vite = new URL("../node_modules/vite/bin/vite.js", import.meta.url).pathname;
  const r = spawnSync(process.execPath, [vite, "build", "--config", "web/vite.config.ts", "--minify", "false", "--outDir", dir], { cwd: new URL("../", import.meta.url).pathname, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr}`);
  return dir;
}

const { chromium } = await import("playwright-core");
const root = siteDir();
const site = await serveStatic(root);
const rows: Record<string, unknown>[] = [];
try {
  for (const scale of scales) {
    const { dir, size } = benchBackup(data, scale);
    const out = join(data, `web-out-${scale}`);
    rmSync(out, { recursive: true, force: true });
    const loadBefore = load();
    const cli = step(["spyglass", "check-backup", dir, "-o", out, "--iocs", bundled, "--json"]);
    const cliOutcome = (JSON.parse(cli.stdout) as { verdict: { outcome: string } }).verdict.outcome;
    const cliSizes = sizesOf(out);
    const cliLog = readFileSync(join(out, "command.log"), "utf8");
    const cliPhases = phasesOf(cliLog);
    if (keep) writeFileSync(join(data, `cli-command-${scale}.log`), cliLog);
    rmSync(out, { recursive: true, force: true });
    console.log(`scale ${scale} (${size.sms} SMS), load ${loadBefore}: CLI ${(cli.ms / 1000).toFixed(1)} s, CPU ${(cli.cpuMs / 1000).toFixed(1)} s, peak RSS ${Math.round(cli.maxRssMiB)} MiB, ${cliOutcome}`);

    // An ordinary (persistent) profile, as a person's browser: off the record, Chromium keeps storage in memory.
    const profileDir = mkdtempSync(join(tmpdir(), "spyglass-bench-profile-"));
    const browser = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, acceptDownloads: true });
    let peak = { sum: 0, max: 0, kind: "" };
    const cpu = new RendererCpu();
    let sampling = true; // the renderers' CPU: until the verdict (the download after it is not the run)
    const sampler = setInterval(() => {
      const pids = treePids(process.pid);
      if (sampling) cpu.sample(pids);
      const now = treePss(pids);
      peak = { sum: Math.max(peak.sum, now.sum), ...(now.max > peak.max ? { max: now.max, kind: now.kind } : { max: peak.max, kind: peak.kind }) };
    }, 250);
    try {
      const page = await browser.newPage();
      page.on("console", (m) => m.type() === "error" && console.error(`page: ${m.text()}`));
      page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
      if (profile) await keepWorkersForProfile(page);
      await page.goto(site.url);
      const profiler = profile ? await workerProfiler(page) : undefined;
      cpu.startHere(treePids(process.pid));
      const chromiumCpuBefore = processesCpu(treePids(process.pid));
      const t = performance.now();
      await page.getByTestId("pick-folder").setInputFiles(dir);
      const verdict = page.getByTestId("verdict");
      await Promise.race([verdict.waitFor({ state: "visible", timeout: 0 }), page.locator("#message").waitFor({ state: "visible", timeout: 0 })]);
      const ms = performance.now() - t;
      cpu.sample(treePids(process.pid));
      const chromiumCpu = processesCpu(treePids(process.pid)) - chromiumCpuBefore; // every Chromium process, the browser's file reads too
      sampling = false;
      const webOutcome = (await verdict.count()) ? await verdict.getAttribute("data-verdict") : `message: ${await page.locator("#message").textContent()}`;
      if (profiler) console.log(await profiler.stop());
      const [download] = await Promise.all([page.waitForEvent("download", { timeout: 0 }), page.getByTestId("download-results").click()]);
      // The zip is made after the verdict (its CRC-32s read back from the written files): ready when its saving starts.
      const readyMs = performance.now() - t;
      const readyCpu = processesCpu(treePids(process.pid)) - chromiumCpuBefore;
      const zipPath = (await download.path())!;
      const zipBytes = statSync(zipPath).size;
      const check = await compareZip(zipPath, cliSizes);
      const pss = { ...peak }; // the run and the download
      console.log(
        `  page in Chromium: ${(ms / 1000).toFixed(1)} s (${(ms / cli.ms).toFixed(2)}× the CLI), peak PSS ${mib(pss.sum)} MiB over all its processes (largest ${mib(pss.max)} MiB, the ${pss.kind} process), ${webOutcome}; ` +
          `CPU ${chromiumCpu.toFixed(1)} s over all Chromium's processes (${(chromiumCpu / (cli.cpuMs / 1000)).toFixed(2)}× the CLI's), the renderer's threads ${cpu.total().toFixed(1)} s (${cpu.describe()}); results zip ready at ${(readyMs / 1000).toFixed(1)} s (${(readyMs / cli.ms).toFixed(2)}×), CPU ${readyCpu.toFixed(1)} s (${(readyCpu / (cli.cpuMs / 1000)).toFixed(2)}×); download ${(zipBytes / 1e9).toFixed(2)} GB, ${check.entries} files, sms.json ${(check.smsBytes / 1e9).toFixed(2)} GB, ${check.differences.length ? `DIFFERENT from the CLI: ${check.differences.join("; ")}` : "every file the CLI's size"}; load ${load()}`,
      );
      if (keep) writeFileSync(join(data, `web-command-${scale}.log`), check.log);
      console.log(`  time by phase (command.log):\n${comparePhases(cliPhases, phasesOf(check.log))}`);
      rows.push({ date: new Date().toISOString(), scale, ...size, loadBefore, loadAfter: load(), cliSeconds: cli.ms / 1000, cliCpuSeconds: cli.cpuMs / 1000, cliRssMiB: cli.maxRssMiB, cliOutcome, webSeconds: ms / 1000, webCpuSeconds: chromiumCpu, zipReadySeconds: readyMs / 1000, zipReadyCpuSeconds: readyCpu, webRendererCpuSeconds: cpu.total(), cpuRatio: chromiumCpu / (cli.cpuMs / 1000), ratio: ms / cli.ms, webPssSumMiB: mib(pss.sum), webPssLargestMiB: mib(pss.max), webPssLargestKind: pss.kind, webOutcome, zipGB: zipBytes / 1e9, zipDifferences: check.differences });
    } finally {
      clearInterval(sampler);
      await browser.close();
      rmSync(profileDir, { recursive: true, force: true });
      if (!keep) rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  site.server.close();
  if (root !== WEB_DIST) rmSync(root, { recursive: true, force: true });
}
for (const r of rows) console.log(JSON.stringify(r));
