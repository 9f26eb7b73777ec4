/**
 * check-link over 10^5 links from a file (issue 13, item 9): links/s and CPU of the built CLI (`bin/spyglass.js`, run
 * `npm run build` first), with and without the bundled indicators, on two files:
 * - "messages": what phones hold, by share of links: 55% popular sites (ranks drawn towards the top of the popular
 *   list, with paths), 10% URL shorteners, 5% Amnesty operator domains, 30% little-known hosts made of word pairs
 *   and digits (pronounceable names, ~30,000 hosts the scorer has never seen);
 * - "all distinct unknown": 10^5 different little-known hosts, the worst case (no verdict is reused);
 * then the start-up (one never-seen link), and the `links` cross-check alone, in a process of its own, over the links
 * of the 10^6-message benchmark (the same links bench/generate.ts writes: 3·10^5 SMS links, 5·10^4 shortened ones,
 * 3·10^5 Safari URLs, planted Pegasus domains), first use included.
 * `--before DIR`: the same measurements for another checkout's build (e.g. main's, built in a temp folder), alternated
 * with this one's, so that both sides see the same machine load. `--repeat N` (default 3): runs per measurement,
 * medians shown. `--backup`: also runs `check-backup` on the 10^6-message benchmark backup (generated into
 * bench/.data once, removed after unless `--keep`), to give the cross-check's share of that check in the same run.
 * Run:  node --import tsx bench/links.ts [count] [--before DIR] [--repeat N] [--backup [--keep]]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadavg } from "node:os";

const ROOT = new URL("..", import.meta.url).pathname;
const argv = process.argv.slice(2);
const option = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);

if (argv[0] === "--cross-check") {
  // Child mode: the cross-check over the benchmark's links with the sources of checkout argv[1].
  const from = (p: string) => import(join(resolve(argv[1]!), p));
  const { observe } = await from("src/core/cross-check.ts");
  const { lookalikeLinks } = await from("src/checks/lookalike-links.ts");
  const { HOSTS, SHORTENERS, pegasusDomains } = await import("./generate.ts");
  const bad = pegasusDomains();
  const def = { mvt: "SMS", indicators: [{ kind: "url", values: (r: { links: string[] }) => r.links }] };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const check = lookalikeLinks();
  for (let i = 0; i < 1_000_000; i++) {
    const links: string[] = [];
    if (i % 10 < 3) links.push(`https://${i % 100_003 === 0 ? bad[i % bad.length] : HOSTS[i % HOSTS.length]}/article/${i}?ref=sms`);
    if (i % 20 === 7) links.push(`https://${SHORTENERS[(i / 20) & 1]}/${(i * 7919).toString(36)}`);
    if (links.length) observe(check, def, { links });
    if (i < 300_000) observe(check, def, { links: [`https://${HOSTS[i % HOSTS.length]}/page/${i % 50_000}`] });
  }
  const findings = (await check.finish?.({ indicators: undefined })) ?? [];
  const cpu = process.cpuUsage(c0);
  console.log(JSON.stringify({ ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, findings: findings.length }));
  process.exit(0);
}

const COUNT = Number(argv.find((a) => /^\d+$/.test(a) && argv[argv.indexOf(a) - 1] !== "--repeat") ?? 100_000);
const REPEAT = Number(option("--repeat") ?? 3);
const before = option("--before");
const DIR = join(ROOT, "bench", ".data");
const SHARED = join(ROOT, "..", "shared");
mkdirSync(DIR, { recursive: true });

let seed = 7;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;

const popular = readFileSync(join(SHARED, "data/popular-domains/popular-domains.csv"), "utf8").split("\n").slice(1).map((l) => l.split(",")[1]!).filter(Boolean);
const amnestyFile = join(SHARED, "indicators/amnesty/2021-07-18_nso/domains.txt");
const amnesty = existsSync(amnestyFile) ? readFileSync(amnestyFile, "utf8").split("\n").filter(Boolean) : ["icrcworld.com"];
const TLDS = ["com", "net", "org", "info", "co.uk", "de", "fr", "io", "xyz", "online"];
const SHORT = ["bit.ly", "t.co", "tinyurl.com", "goo.gl", "lnkd.in", "forms.gle"];
const ONSETS = "b c d f g h k l m n p r s t v br cr dr fl gr pl st tr".split(" ");
const VOWELS = "a e i o u ai ea io".split(" ");
/** A pronounceable name of 2–5 syllables (brandable-looking, no digits), distinct per `i` (the index is spelled in). */
const unknown = (i: number) => {
  let name = "";
  for (let n = i; n > 0 || !name; n = Math.floor(n / ONSETS.length)) name += ONSETS[n % ONSETS.length]! + pick(VOWELS);
  if (rnd() < 0.5) name += pick(ONSETS) + pick(VOWELS);
  return `${name}.${pick(TLDS)}`;
};

function messages(): string[] {
  const out: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    const r = rnd();
    if (r < 0.55) out.push(`https://www.${popular[Math.floor(rnd() ** 3 * popular.length)]}/article/${i}?ref=sms`);
    else if (r < 0.65) out.push(`https://${pick(SHORT)}/${i.toString(36)}`);
    else if (r < 0.7) out.push(`https://${pick(amnesty)}/${i}`);
    else out.push(`http://${unknown(i + 1)}/page`);
  }
  return out;
}

// The CLI's own V8 flags, from its shebang line: the benchmark measures what users run.
const CLI_FLAGS = readFileSync(join(ROOT, "bin", "spyglass.js"), "utf8").split("\n")[0]!.split(/\s+/).filter((f) => f.startsWith("--"));

/** One CLI run of checkout `root`: wall ms and the process's CPU ms (all threads), output discarded. */
function cli(root: string, args: string[]): { ms: number; cpuMs: number } {
  const bin = new URL(`file://${join(resolve(root), "bin", "spyglass.js")}`).href;
  const code = `process.on("exit", () => { const c = process.cpuUsage(); process.stderr.write("\\nCPU " + (c.user + c.system) / 1000 + "\\n"); });
process.argv = [process.argv[0], "spyglass", ...${JSON.stringify(args)}]; await import(${JSON.stringify(bin)});`;
  const t = performance.now();
  const r = spawnSync(process.execPath, [...CLI_FLAGS, "--input-type=module", "-e", code], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", maxBuffer: 1 << 26 });
  const ms = performance.now() - t;
  const cpu = /\nCPU ([\d.]+)\n/.exec(r.stderr ?? "");
  if (!cpu || (r.status !== 0 && r.status !== 10)) throw new Error(`check-link failed (${r.status}): ${r.stderr}`);
  return { ms, cpuMs: Number(cpu[1]) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]!;
const builds: [string, string][] = before ? [["before", before], ["after", ROOT]] : [["this build", ROOT]];
/** Runs `measure` REPEAT times per build, the builds alternated; prints medians. */
function compare(title: string, measure: (root: string) => { ms: number; cpuMs: number }, per?: number): void {
  const runs = new Map<string, { ms: number; cpuMs: number }[]>(builds.map(([name]) => [name, []]));
  for (let r = 0; r < REPEAT; r++) for (const [name, root] of builds) runs.get(name)!.push(measure(root));
  for (const [name] of builds) {
    const ms = median(runs.get(name)!.map((x) => x.ms));
    const cpu = median(runs.get(name)!.map((x) => x.cpuMs));
    const rate = per ? `  ${Math.round(per / (ms / 1000)).toLocaleString("en-US")} links/s` : "";
    console.log(`  ${title.padEnd(44)} ${name.padEnd(10)} ${(ms / 1000).toFixed(2)} s wall, ${(cpu / 1000).toFixed(2)} s CPU${rate}   (runs: ${runs.get(name)!.map((x) => (x.ms / 1000).toFixed(2)).join(" ")})`);
  }
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
console.log(`${new Date().toISOString()}  load average ${load()}  node ${process.version}  ${builds.map(([n, r]) => `${n}: ${r}`).join(", ")}`);
const files = { messages: messages(), "all distinct unknown": Array.from({ length: COUNT }, (_, i) => `http://${unknown(i + 1)}/x`) };
for (const [name, links] of Object.entries(files)) {
  const file = join(DIR, `links-${name.replace(/ /g, "-")}.txt`);
  writeFileSync(file, links.join("\n") + "\n");
  for (const indicators of [false, true]) {
    compare(`${name} ${indicators ? "(indicators)" : "(--no-indicators)"}`, (root) => cli(root, ["check-link", "--file", file, "--json", ...(indicators ? [] : ["--no-indicators"])]), COUNT);
  }
}
compare("start-up: one never-seen link", (root) => cli(root, ["check-link", "--no-indicators", "http://brailiostrea.com/x"]));

const crossCheck = (root: string) => {
  const r = spawnSync(process.execPath, ["--import", "tsx", new URL(import.meta.url).pathname, "--cross-check", root], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { ms: number; cpuMs: number };
};
compare("links cross-check, 10^6-message benchmark", crossCheck);

if (argv.includes("--backup")) {
  // The cross-check's share of the 10^6-message check, measured in this run (this build only).
  const { benchBackup } = await import("./generate.ts");
  const { dir } = benchBackup(DIR, 1);
  const out = join(DIR, "out-links");
  const pegasus = join(SHARED, "indicators", "amnesty", "2021-07-18_nso", "pegasus.stix2");
  rmSync(out, { recursive: true, force: true });
  // As bench/run.ts measures it (bench/step.ts: the built CLI in a process of its own, CPU of every thread).
  const { step } = await import("./step.ts");
  const check = step(["spyglass", "check-backup", dir, "-o", out, "--iocs", pegasus, "--json"]);
  rmSync(out, { recursive: true, force: true });
  const cc = crossCheck(ROOT);
  console.log(`  check-backup, 10^6 messages: ${(check.ms / 1000).toFixed(2)} s wall, ${(check.cpuMs / 1000).toFixed(2)} s CPU; links cross-check alone ${cc.ms.toFixed(0)} ms wall, ${cc.cpuMs.toFixed(0)} ms CPU: ${((100 * cc.ms) / check.ms).toFixed(1)}% of the check's wall time, ${((100 * cc.cpuMs) / check.cpuMs).toFixed(1)}% of its CPU`);
  if (!argv.includes("--keep")) rmSync(dir, { recursive: true, force: true });
}
console.log(`load average at the end ${load()}`);
