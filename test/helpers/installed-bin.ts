/** Runs the CLI as installed (bin/spyglass.js: dist/ when built, else the sources), with its peak RSS when /usr/bin/time exists. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const ROOT = new URL("../..", import.meta.url).pathname;
export const BIN = join(ROOT, "bin/spyglass.js");
export const PEGASUS = join(ROOT, "data/indicators/amnesty/pegasus.stix2");
const TIME = "/usr/bin/time";

export function installed(args: string[]): { code: number | null; stdout: string; stderr: string; rssBytes: number | undefined; seconds: number } {
  const timed = existsSync(TIME);
  const start = Date.now();
  const [file, argv] = timed ? [TIME, ["-f", "\nRSS_KB=%M", BIN, ...args]] : [BIN, args];
  const r = spawnSync(file, argv, { encoding: "utf8", env: { ...process.env, SPYGLASS_IOCS: "" }, timeout: 180_000 });
  const rss = /RSS_KB=(\d+)/.exec(r.stderr)?.[1];
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replace(/\nRSS_KB=\d+\n?$/, ""), rssBytes: rss === undefined ? undefined : Number(rss) * 1024, seconds: (Date.now() - start) / 1000 };
}
