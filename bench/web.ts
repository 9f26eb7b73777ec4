/**
 * npm run bench:web [-- --scale F --keep]: the benchmark's generated iPhone backup (10^6 messages at scale 1, as
 * `npm run bench` makes it) checked by the CLI and by the analysis worker in headless Chromium, in the same run:
 * wall time and peak memory side by side. The worker is driven through its protocol by a bare harness page (test/
 * hosts-browser.ts) — the same worker the page (web/) starts. Browser memory is the peak, sampled every 250 ms, of
 * the proportional set size (PSS: shared pages divided among their processes) summed over every Chromium process,
 * and of its largest process (the renderer running the worker).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchBackup } from "./generate.ts";
import { step } from "./step.ts";
import { CHROMIUM, CHROMIUM_ARGS, serveWorker } from "../test/hosts-browser.ts";

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const scale = Number(arg("--scale", "1"));
const keep = process.argv.includes("--keep");
const data = new URL("./.data/", import.meta.url).pathname;
const pegasus = new URL("../data/indicators/amnesty/pegasus.stix2", import.meta.url).pathname;

/** PSS in bytes of every process descending from `root`, summed, and the largest. */
function treeRss(root: number): { sum: number; max: number } {
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
  let sum = 0;
  let max = 0;
  for (const pid of parent.keys()) {
    if (!inTree(pid)) continue;
    try {
      const kb = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0);
      sum += kb * 1024;
      max = Math.max(max, kb * 1024);
    } catch {
      /* gone */
    }
  }
  return { sum, max };
}

const { dir, size } = benchBackup(data, scale);
const out = join(data, `web-out-${scale}`);
rmSync(out, { recursive: true, force: true });
const cli = step(["spyglass", "check-backup", dir, "-o", out, "--iocs", pegasus, "--json"]);
const cliOutcome = (JSON.parse(cli.stdout) as { verdict: { outcome: string } }).verdict.outcome;
rmSync(out, { recursive: true, force: true });
console.log(`CLI: ${(cli.ms / 1000).toFixed(1)} s, peak RSS ${Math.round(cli.maxRssMiB)} MiB, ${cliOutcome}`);

const { chromium } = await import("playwright-core");
const siteDir = mkdtempSync(join(tmpdir(), "spyglass-bench-web-"));
const site = await serveWorker(siteDir);
// A persistent (ordinary) profile, not Playwright's default off-the-record context: off the record, Chromium keeps
// every Blob in memory (no paging to disk), and the ~3.4 GB of results at scale 1 then cannot be read back.
const profile = mkdtempSync(join(tmpdir(), "spyglass-bench-profile-"));
const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
let peak = { sum: 0, max: 0 };
const sampler = setInterval(() => {
  const now = treeRss(process.pid);
  peak = { sum: Math.max(peak.sum, now.sum), max: Math.max(peak.max, now.max) };
}, 250);
try {
  const page = await browser.newPage();
  page.on("console", (m) => m.type() === "error" && console.error(`page: ${m.text()}`));
  await page.goto(site.origin + "/");
  await page.setInputFiles("#folder", dir);
  const indicators = [{ name: "pegasus.stix2", text: readFileSync(pegasus, "utf8") }];
  const t = performance.now();
  const r = await page.evaluate(([i]) => (window as any).run("folder", i, undefined, true), [indicators] as const);
  const ms = performance.now() - t;
  if (r.type !== "done") throw new Error(`the worker did not finish: ${JSON.stringify(r)}`);
  const mib = (b: number) => Math.round(b / 2 ** 20);
  console.log(`worker in Chromium: ${(ms / 1000).toFixed(1)} s (${(ms / cli.ms).toFixed(2)}× the CLI), peak PSS ${mib(peak.sum)} MiB over all its processes (largest ${mib(peak.max)} MiB), ${r.outcome}, results zip ${(r.resultsBlob / 1e9).toFixed(2)} GB`);
  console.log(
    JSON.stringify({ date: new Date().toISOString(), scale, ...size, cliSeconds: cli.ms / 1000, cliRssMiB: cli.maxRssMiB, cliOutcome, webSeconds: ms / 1000, webPssSumMiB: mib(peak.sum), webPssLargestMiB: mib(peak.max), webOutcome: r.outcome, zipGB: r.resultsBlob / 1e9 }),
  );
} finally {
  clearInterval(sampler);
  await browser.close();
  await site.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(siteDir, { recursive: true, force: true });
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
