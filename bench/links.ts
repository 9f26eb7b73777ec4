/**
 * check-link over 10^5 links from a file (issue 13, item 9): links/s of the built CLI (`bin/spyglass.js`, run
 * `npm run build` first), with and without the bundled indicators, on two files:
 * - "messages": what phones hold, by share of links: 55% popular sites (ranks drawn towards the top of the popular
 *   list, with paths), 10% URL shorteners, 5% Amnesty operator domains, 30% little-known hosts made of word pairs
 *   and digits (pronounceable names, ~30,000 hosts the scorer has never seen);
 * - "all distinct unknown": 10^5 different little-known hosts, the worst case (no verdict is reused).
 * Then the `links` cross-check alone, in this process, over the links of the 10^6-message benchmark (bench/generate.ts:
 * 3·10^5 SMS links and 3·10^5 Safari URLs over eight popular hosts, planted Pegasus domains), first use included
 * (the brand universe loads when the first host that is not popular appears).
 * Run:  node --import tsx bench/links.ts [count]
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AnyArtifact } from "../src/core/artifact.ts";
import { observe } from "../src/core/cross-check.ts";
import { lookalikeLinks } from "../src/checks/lookalike-links.ts";

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

const files = { messages: messages(), "all distinct unknown": Array.from({ length: COUNT }, (_, i) => `http://${unknown(i + 1)}/x`) };
console.log(`check-link over ${COUNT.toLocaleString("en-US")} links (${existsSync(join(ROOT, "dist", "spyglass.js")) ? "dist/" : "sources via tsx"})`);
for (const [name, links] of Object.entries(files)) {
  const file = join(DIR, `links-${name.replace(/ /g, "-")}.txt`);
  writeFileSync(file, links.join("\n") + "\n");
  for (const indicators of [false, true]) {
    const r = run(file, indicators);
    console.log(`  ${name.padEnd(22)} ${indicators ? "with indicators   " : "--no-indicators   "} ${r.seconds.toFixed(2)} s  ${Math.round(r.perSecond).toLocaleString("en-US")} links/s`);
  }
}

// The cross-check over the 10^6-message benchmark's links: the same hosts and shapes as bench/generate.ts.
const HOSTS = ["www.nytimes.com", "en.wikipedia.org", "maps.apple.com", "www.bbc.co.uk", "github.com", "news.ycombinator.com", "www.lemonde.fr", "mail.google.com"];
const def = { mvt: "SMS", indicators: [{ kind: "url", values: (r: { links: string[] }) => r.links }] } as unknown as AnyArtifact;
const start = performance.now();
const check = lookalikeLinks();
for (let i = 0; i < 1_000_000; i++) {
  if (i % 10 < 3) {
    const host = i % 100_003 === 0 ? amnesty[i % amnesty.length] : HOSTS[i % HOSTS.length];
    observe(check, def, { links: [`https://${host}/article/${i}?ref=sms`] });
  }
  if (i < 300_000) observe(check, def, { links: [`https://${HOSTS[i % HOSTS.length]}/page/${i % 50_000}`] });
}
const findings = (await check.finish?.({ indicators: undefined } as never)) ?? [];
console.log(`links cross-check over the 10^6-message benchmark's 600,000 links: ${(performance.now() - start).toFixed(0)} ms (${findings.length} findings)`);
