/**
 * `npm run bench -- --fs [--fs-files N[,N…]] [--keep]`: a generated iOS filesystem dump (the check-fs builder's
 * realistic tree, Pegasus traces planted, plus filler files: photos in camera folders of 1,000 and app data in
 * folders of 10, see fillerPath) of
 * 500,000 files by default, written as a folder and as a tar, then measured side by side in one run, each in its own
 * process under /usr/bin/time (wall time, peak RSS):
 * - **bare walk**: the least any tool does to list the dump with its times: readdir + lstat of every entry (folder),
 *   or every tar header read with the member data skipped by seeking (tar);
 * - **output floor**: the same walk writing what MVT's Filesystem module writes of each entry (filesystem.json, and
 *   timeline.csv sorted by time) and nothing else, on one thread, no indicators, every row in memory
 *   (`fs-bare.mjs --render`): the least any tool writing MVT's output does;
 * - **spyglass**: the installed bin (`bin/spyglass.js`: dist/ when built) `check-fs` with the full Pegasus bundle.
 * Three sizes (default 125,000, 250,000 and 500,000) show whether memory stays flat as the dump grows: the table gives
 * the peak RSS added per entry from one size to the next. `--fs-heap MB` runs spyglass once more per dump with V8's heap
 * capped at MB (the installed bin caps it at 512): a run that passes under a small cap and peaks lower tells that
 * the difference was garbage V8 had not collected yet, not memory the run needs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statfsSync } from "node:fs";
import { join } from "node:path";
import { IosFsBuilder, standardDump, writeTarFile } from "../test/builders/ios-fs.ts";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const ROOT = new URL("..", import.meta.url).pathname;
const BIN = join(ROOT, "bin/spyglass.js");
const PEGASUS = join(ROOT, "data/indicators/amnesty/pegasus.stix2");
const BARE = join(ROOT, "bench/fs-bare.mjs");
const data = join(ROOT, "bench/.data/fs");
const keep = process.argv.includes("--keep");
/** The filler files' times: from 2021-01-01, spread over three years (seconds). */
const FILLER_FROM = 1_609_459_200;
const FILLER_SPAN = 3 * 365 * 86_400;

/**
 * A filler file's path, as a phone's files are spread: two in five are photos in camera folders of 1,000, the rest
 * app data in folders of 10 (each app's container holding 100 of them), as a phone's many small folders are.
 */
function fillerPath(i: number): string {
  if (i % 5 < 2) return `private/var/mobile/Media/DCIM/${100 + Math.floor(i / 2500)}APPLE/IMG_${i}.JPG`;
  const app = Math.floor(i / 5) * 3 + (i % 5) - 2; // the app files counted alone
  const f = Math.floor(app / 10);
  return `private/var/mobile/Containers/Data/Application/${Math.floor(f / 100)}/Library/Caches/${f % 100}/f_${i}.dat`;
}

/** One step in its own process: wall seconds and peak RSS (MiB) from /usr/bin/time. */
function timed(argv: string[]): { seconds: number; cpu: number; rssMiB: number; code: number | null; stdout: string } {
  const t = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "RSS_KB=%M CPU=%U+%S", ...argv], { encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, SPYGLASS_IOCS: "" } });
  const rss = Number(/RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  if (r.status !== 0 && r.status !== 10 && r.status !== 11) throw new Error(`${argv.join(" ")} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const cpu = /CPU=([\d.]+)\+([\d.]+)/.exec(r.stderr);
  return { seconds: (performance.now() - t) / 1000, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN, rssMiB: rss, code: r.status, stdout: r.stdout };
}

const sizes = arg("--fs-files", "125000,250000,500000").split(",").map(Number);
const heapCap = process.argv.includes("--fs-heap") ? Number(arg("--fs-heap", "0")) : undefined;
const free = statfsSync(ROOT);
const needGB = (Math.max(...sizes) / 1e6) * 5; // measured: ~2 GB of inodes and blocks per 10^6 files as folder, 1 GB as tar, 1.5 GB of results
console.log(`bench fs: dumps of ${sizes.join(", ")} files; needs about ${needGB.toFixed(1)} GB free (${((free.bavail * free.bsize) / 1e9).toFixed(1)} GB free)`);
if (!keep) process.on("exit", () => rmSync(data, { recursive: true, force: true }));
if (!existsSync(join(ROOT, "dist/spyglass.js"))) console.log("note: dist/ is not built: the installed bin runs the sources through tsx (npm run build first to measure the bundle)");

const rows: Record<string, unknown>[] = [];
const lastRss = new Map<string, { entries: number; rssMiB: number }>();
for (const files of sizes) {
  const dir = join(data, `dump-${files}-m`);
  const tar = join(data, `dump-${files}-m.tar`);
  if (!existsSync(tar)) {
    rmSync(dir, { recursive: true, force: true });
    const t = performance.now();
    const base = standardDump(dir, { spyware: true });
    const b = new IosFsBuilder(base);
    // Times spread over three years as a phone's photos are (a fixed time made every timeline row equal: its sort
    // was free and its two-thread merge put every row on one thread).
    for (let i = 0; i < files; i++) b.file(fillerPath(i), "x", FILLER_FROM + ((i * 2_654_435_761) % FILLER_SPAN));
    b.finish();
    writeTarFile(base, tar);
    console.log(`generated ${dir} and its tar (${files} filler files) in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  for (const [form, input, bareFlag] of [["folder", dir, "--folder"], ["tar", tar, "--tar"]] as const) {
    const bare = timed([process.execPath, BARE, bareFlag, input]);
    const out = join(data, `out-${files}-${form}`);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out);
    const floor = timed([process.execPath, BARE, bareFlag, input, "--render", out]);
    rmSync(out, { recursive: true, force: true });
    const sg = timed([BIN, "check-fs", input, "-o", out, "--iocs", PEGASUS, "--json"]);
    const summary = JSON.parse(sg.stdout) as { modules: { name: string; records: number }[]; detections_total?: number; detections: unknown[] };
    rmSync(out, { recursive: true, force: true });
    // The same run under a smaller heap cap (node's flags given directly: the bin's own line then does not apply).
    let capped: { rssMiB: number; code: number | string | null } | undefined;
    try {
      if (heapCap) capped = timed([process.execPath, `--max-old-space-size=${heapCap}`, BIN, "check-fs", input, "-o", out, "--iocs", PEGASUS, "--json"]);
    } catch {
      capped = { rssMiB: NaN, code: "failed: out of heap?" };
    }
    rmSync(out, { recursive: true, force: true });
    const entries = Number(bare.stdout.trim());
    const before = lastRss.get(form);
    lastRss.set(form, { entries, rssMiB: sg.rssMiB });
    rows.push({
      files, form, entries, "bare walk s": bare.seconds.toFixed(2), "output floor s": floor.seconds.toFixed(2), "floor × bare": (floor.seconds / bare.seconds).toFixed(2),
      "spyglass s": sg.seconds.toFixed(2), "× bare": (sg.seconds / bare.seconds).toFixed(2), "× floor": (sg.seconds / floor.seconds).toFixed(2),
      "bare CPU s": bare.cpu.toFixed(2), "spyglass CPU s": sg.cpu.toFixed(2), "CPU × bare": (sg.cpu / bare.cpu).toFixed(2),
      "peak RSS MiB": Math.round(sg.rssMiB), "bare RSS MiB": Math.round(bare.rssMiB),
      // Peak RSS added per entry since the previous size: what "flat" is measured by.
      "RSS B/entry since last": before ? Math.round(((sg.rssMiB - before.rssMiB) * 1024 * 1024) / (entries - before.entries)) : "",
      ...(capped ? { [`peak RSS MiB, heap ≤ ${heapCap} MB`]: `${Math.round(capped.rssMiB)} (exit ${capped.code})` } : {}),
      "Filesystem records": summary.modules.find((m) => m.name === "Filesystem")?.records,
      exit: sg.code, detections: summary.detections_total ?? summary.detections.length,
    });
  }
  if (!keep) rmSync(dir, { recursive: true, force: true }), rmSync(tar, { force: true });
}
console.table(rows);
