/**
 * check-link over 10^5 links from a file (issue 13, item 9): links/s of the built CLI (`bin/spyglass.js`, run
 * `npm run build` first), with and without the bundled indicators, on two files:
 * - "messages": what phones hold, by share of links: 55% popular sites (ranks drawn towards the top of the popular
 *   list, with paths), 10% URL shorteners, 5% Amnesty operator domains, 30% little-known hosts made of word pairs
 *   and digits (each distinct: ~30,000 hosts the scorer has never seen);
 * - "all distinct unknown": 10^5 different little-known hosts, the worst case (no verdict is reused).
 * Run:  node --import tsx bench/links.ts [count]
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const COUNT = Number(process.argv[2] ?? 100_000);
const ROOT = new URL("..", import.meta.url).pathname;
const DIR = join(ROOT, "bench", ".data");
const SHARED = join(ROOT, "..", "shared");
mkdirSync(DIR, { recursive: true });

let seed = 7;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;

const popular = readFileSync(join(SHARED, "data/popular-domains/popular-domains.csv"), "utf8").split("\n").slice(1).map((l) => l.split(",")[1]!).filter(Boolean);
const amnestyFile = join(SHARED, "indicators/amnesty/2021-07-18_nso/domains.txt");
const amnesty = existsSync(amnestyFile) ? readFileSync(amnestyFile, "utf8").split("\n").filter(Boolean) : ["icrcworld.com"];
const WORDS = "river stone blue garden cafe north studio bright family local market table green maple city harbor lake sun press media".split(" ");
const TLDS = ["com", "net", "org", "info", "co.uk", "de", "fr", "io", "xyz", "online"];
const SHORT = ["bit.ly", "t.co", "tinyurl.com", "goo.gl", "lnkd.in", "forms.gle"];
const unknown = (i: number) => `${pick(WORDS)}${pick(WORDS)}${i}.${pick(TLDS)}`;

function messages(): string[] {
  const out: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    const r = rnd();
    if (r < 0.55) out.push(`https://www.${popular[Math.floor(rnd() ** 3 * popular.length)]}/article/${i}?ref=sms`);
    else if (r < 0.65) out.push(`https://${pick(SHORT)}/${i.toString(36)}`);
    else if (r < 0.7) out.push(`https://${pick(amnesty)}/${i}`);
    else out.push(`http://${unknown(i)}/page`);
  }
  return out;
}

function run(file: string, indicators: boolean): { seconds: number; perSecond: number } {
  const args = [join(ROOT, "bin", "spyglass.js"), "check-link", "--file", file, "--json", ...(indicators ? [] : ["--no-indicators"])];
  const start = performance.now();
  try {
    execFileSync(process.execPath, args, { stdio: ["ignore", "ignore", "inherit"], maxBuffer: 1 << 30 });
  } catch (err) {
    if ((err as { status?: number }).status !== 10) throw err; // 10: some link suspicious, as expected
  }
  const seconds = (performance.now() - start) / 1000;
  return { seconds, perSecond: COUNT / seconds };
}

const files = { messages: messages(), "all distinct unknown": Array.from({ length: COUNT }, (_, i) => `http://${unknown(i)}/x`) };
console.log(`check-link over ${COUNT.toLocaleString("en-US")} links (${existsSync(join(ROOT, "dist", "spyglass.js")) ? "dist/" : "sources via tsx"})`);
for (const [name, links] of Object.entries(files)) {
  const file = join(DIR, `links-${name.replace(/ /g, "-")}.txt`);
  writeFileSync(file, links.join("\n") + "\n");
  for (const indicators of [false, true]) {
    const r = run(file, indicators);
    console.log(`  ${name.padEnd(22)} ${indicators ? "with indicators   " : "--no-indicators   "} ${r.seconds.toFixed(2)} s  ${Math.round(r.perSecond).toLocaleString("en-US")} links/s`);
  }
}
