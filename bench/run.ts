/**
 * npm run bench [-- --scale F[,F…] --repeat N --keep]: generates an iPhone backup (10^6 SMS with 30% links, 3·10^5
 * Safari visits, 5·10^4 Manifest rows at scale 1; one scale, 1, unless --scale lists more), then measures side by
 * side in one run: a bare better-sqlite3 read of the same tables, and `spyglass check-backup` with the full Pegasus
 * bundle, on worker threads (the default) and on one thread (SPYGLASS_WORKERS=0); then the time to write as many
 * bytes as the check wrote (the floor any writer pays here).
 * Prints wall and CPU time, records/s, peak RSS, ratios. With --repeat N, the bare read and the check run N times,
 * alternately, and the median run of each is reported (this virtual machine's speed drifts by ±10%).
 * Then the encrypted-backup crypto figures (bench/backup-crypto.ts). Results are dated in bench/README.md.
 * It says how much disk it needs before it starts (and stops if the disk has less), and removes bench/.data when it
 * ends, however it ends, unless --keep (then a later run reuses the generated evidence).
 * `npm run bench -- --fs [--fs-files N,N] [--fs-heap MB] [--keep]` runs only the filesystem-dump scenario instead (bench/fs.ts).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync, statfsSync } from "node:fs";
import { join } from "node:path";
import { benchBackup } from "./generate.ts";
import { step } from "./step.ts";

if (process.argv.includes("--fs")) {
  // The filesystem-dump scenario alone (check-fs on a dump of 5·10^5 files), chosen by flag: the default stays bounded.
  const fs = spawnSync(process.execPath, ["--import", "tsx", new URL("./fs.ts", import.meta.url).pathname, ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(fs.status ?? 1);
}

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const scales = arg("--scale", "1").split(",").map(Number);
const repeat = Math.max(1, Number(arg("--repeat", "1")));
const keep = process.argv.includes("--keep");
const data = new URL("./.data/", import.meta.url).pathname;
const pegasus = new URL("../data/indicators/amnesty/pegasus.stix2", import.meta.url).pathname;

/**
 * Disk the run needs at its peak, from measured sizes (2026-12, scale 1): the backup ~0.6 GB, the check's results
 * ~3.4 GB (sms.json alone 2.9 GB), its scratch runs in TMPDIR up to ~1 GB; the write floor rewrites the results' size
 * after they are removed. The Android acquisitions (125 + 500 MB bugreports and their results) ~1 GB. Each scale's
 * data is removed once measured, unless --keep (then they add up).
 */
const GB_PER_SCALE = 0.6 + 3.4 + 1;
const ANDROID_GB = 1;
const needGB = (keep ? scales.reduce((n, s) => n + s, 0) : Math.max(...scales)) * GB_PER_SCALE + ANDROID_GB;
mkdirSync(data, { recursive: true });
const fs = statfsSync(data);
const freeGB = (fs.bavail * fs.bsize) / 1e9;
console.log(`bench: scale ${scales.join(", ")}; needs about ${needGB.toFixed(1)} GB free in ${data} and TMPDIR (${freeGB.toFixed(1)} GB free)${keep ? "; --keep: the data stays" : "; removed at the end (--keep to keep it)"}`);
if (freeGB < needGB) {
  console.error(`bench: not enough free disk (${freeGB.toFixed(1)} GB < ${needGB.toFixed(1)} GB): free some, or pass a smaller --scale`);
  process.exit(1);
}
if (!keep) {
  // However the run ends (done, a failed step, Ctrl-C): the generated evidence and results go.
  process.on("exit", () => rmSync(data, { recursive: true, force: true }));
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => process.exit(130));
}

const MVT_SECONDS = 330;

/** The median of runs by wall time: one run's own figures, not a mix of several. */
function median<T extends { ms: number }>(runs: T[]): T {
  return [...runs].sort((a, b) => a.ms - b.ms)[(runs.length - 1) >> 1]!;
}

/** Bytes of every file in a folder (what a check wrote). */
function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

const results = [];
for (const scale of scales) {
  const { dir, size } = benchBackup(data, scale);
  const out = join(data, `out-${scale}`);
  const check = (env: Record<string, string>) => {
    rmSync(out, { recursive: true, force: true });
    return step(["spyglass", "check-backup", dir, "-o", out, "--iocs", pegasus, "--json"], env);
  };
  const one = check({ SPYGLASS_WORKERS: "0" }); // everything on the main thread
  const bares = [];
  const checks = [];
  for (let i = 0; i < repeat; i++) {
    bares.push(step(["bare", dir]));
    checks.push(check({})); // the default: worker threads for the large tables
  }
  const bare = median(bares);
  const sg = median(checks);
  const written = folderBytes(out);
  if (!keep) rmSync(out, { recursive: true, force: true });
  const floor = step(["write", join(data, "write-floor.tmp"), String(written)]);
  rmSync(join(data, "write-floor.tmp"), { force: true });
  const summary = JSON.parse(sg.stdout) as { modules: { records: number }[]; detections: unknown[]; detections_total?: number };
  const records = summary.modules.reduce((n, m) => n + m.records, 0);
  results.push({
    scale, ...size, bareSeconds: bare.ms / 1000, bareRssMiB: bare.maxRssMiB, spyglassSeconds: sg.ms / 1000, spyglassRssMiB: sg.maxRssMiB,
    cpuSeconds: sg.cpuMs / 1000, oneThreadSeconds: one.ms / 1000, oneThreadRssMiB: one.maxRssMiB, writtenGB: written / 1e9, writeFloorSeconds: floor.ms / 1000,
    records, recordsPerSecond: Math.round(records / (sg.ms / 1000)), detections: summary.detections_total ?? summary.detections.length, ratioToBare: sg.ms / bare.ms,
  });
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
console.table(results.map((r) => ({
  scale: r.scale,
  sms: r.sms,
  "bare read s": r.bareSeconds.toFixed(2),
  "spyglass s": r.spyglassSeconds.toFixed(2),
  "× bare": r.ratioToBare.toFixed(2),
  "1 thread s": r.oneThreadSeconds.toFixed(2),
  "CPU s": r.cpuSeconds.toFixed(1),
  "records/s": r.recordsPerSecond,
  "peak RSS MiB": Math.round(r.spyglassRssMiB),
  "1 thread RSS": Math.round(r.oneThreadRssMiB),
  "bare RSS MiB": Math.round(r.bareRssMiB),
  "written GB": r.writtenGB.toFixed(2),
  "write floor s": r.writeFloorSeconds.toFixed(2),
  detections: r.detections,
})));
const full = results.find((r) => r.scale === 1);
if (full) console.log(`10^6 messages: ${(MVT_SECONDS / full.spyglassSeconds).toFixed(1)}× faster than MVT's ~${MVT_SECONDS} s (~8 GB) on this kind of machine (figure from the project brief).`);

// Android: androidqf with 2,000 packages, 50,000 files and a bugreport of 125 and 500 MB.
console.log("\nAndroid (check-androidqf):");
const android = spawnSync(process.execPath, ["--import", "tsx", new URL("./android.ts", import.meta.url).pathname], { encoding: "utf8" });
process.stdout.write(android.stdout + android.stderr);

// Encrypted backups: key derivation and decryption, ours (WebCrypto) next to node:crypto, in one run.
console.log("\nEncrypted-backup crypto:");
const crypto = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", new URL("./backup-crypto.ts", import.meta.url).pathname], { encoding: "utf8" });
process.stdout.write(crypto.stdout + crypto.stderr);
