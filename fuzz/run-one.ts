/**
 * One fuzz run: a seed's entries mutated, written out as the kind's evidence in a run folder beside a canary (a file
 * and a folder outside the evidence, which symlinks point at) and an empty per-run TMPDIR, then checked by the CLI as
 * installed, and judged: stack traces, crashes, hangs, memory over 1 GiB, evidence changed, reads outside the
 * evidence (the canary's access time, or its content or hash in any output), temp files left behind.
 */
import { createHash, randomBytes } from "node:crypto";
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { packAb, packZip, writeTree, type Entry } from "./entries.ts";
import { BIN, launch, type Outcome } from "./launch.ts";
import { mutate, pickMutations, type Mutation, type Plan } from "./mutate.ts";
import { rng, seedOf } from "./rng.ts";
import type { Kind } from "./seeds.ts";

export const CLASSES = ["stack-trace", "crash", "hang", "memory", "evidence-changed", "read-outside", "temp-left"] as const;
export type FailureClass = (typeof CLASSES)[number];
export interface RunResult {
  kind: string;
  run: number;
  seed: number;
  mutations: string[];
  code: number | null;
  /** The CLI's last line on stderr: what a person saw (a refusal, a warning, an error). */
  said: string;
  ms: number;
  peakMiB: number;
  failures: { class: FailureClass; detail: string }[];
  folder: string;
}
export interface Limits {
  timeoutMs: number;
  memoryMiB: number; // a failure above this
  killAboveMiB: number; // the run is stopped above this
}

const EXIT_CODES = new Set([0, 1, 2, 10, 11]);
const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$|FATAL ERROR|Native stack trace|node:internal\//m;
const OLD_ATIME = 978_307_200; // 2001: any read since updates it, even under relatime
const BIG = 64 << 20;

/** What the evidence is, without following symlinks: type, size, inode change time, and content hash when small. */
function snapshot(path: Buffer, out = new Map<string, string>(), rel = ""): Map<string, string> {
  const st = lstatSync(path);
  let v = `${st.mode.toString(8)}:${st.size}:${st.ctimeMs}`;
  if (st.isFile() && st.size <= BIG) v += ":" + createHash("sha256").update(readFileSync(path)).digest("hex");
  out.set(rel || ".", v);
  if (st.isDirectory()) for (const n of readdirSync(path, { encoding: "buffer" })) snapshot(Buffer.concat([path, Buffer.from("/"), n]), out, `${rel}/${n.toString("latin1")}`);
  return out;
}

/** Whether a file holds one of the needles (read in pieces: result files may be large). */
function fileHolds(path: string, needles: string[]): string | undefined {
  const fd = openSync(path, "r");
  const buf = Buffer.alloc(1 << 20);
  let carry = "";
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) {
      const s = carry + buf.toString("latin1", 0, n);
      const hit = needles.find((x) => s.includes(x));
      if (hit) return hit;
      carry = s.slice(-200);
    }
  } finally {
    closeSync(fd);
  }
}

function walkFiles(dir: string): string[] {
  let st;
  try {
    st = lstatSync(dir);
  } catch {
    return [];
  }
  if (!st.isDirectory()) return st.isFile() ? [dir] : [];
  return readdirSync(dir).flatMap((n) => walkFiles(join(dir, n)));
}

/** `only`: these mutations instead of random ones ([] = the seed as it is); `bin`: another command to judge (tests). */
export async function runOne(kind: Kind, baseSeed: number, run: number, folder: string, limits: Limits, opts: { only?: Mutation[]; bin?: string } = {}): Promise<RunResult> {
  const seed = seedOf(baseSeed, kind.id, run);
  const r = rng(seed);
  const plan: Plan = { entries: kind.entries.map((e): Entry => ({ ...e })), done: [] };
  for (const m of opts.only ?? pickMutations(r)) await mutate(kind, m, plan, r, { file: join(folder, "outside/canary.txt"), dir: join(folder, "outside/canary-dir"), fromRoot: "../../outside/canary.txt" });
  if (kind.layout === "ab") plan.abPassword = r.chance(0.3);

  // The canary: content found nowhere else, times set far back so a read shows.
  const token = `SPYGLASS-CANARY-${randomBytes(12).toString("hex")}`;
  const canaryText = `${token}\n`.repeat(200);
  const canaryHash = createHash("sha256").update(canaryText).digest("hex");
  mkdirSync(join(folder, "outside/canary-dir"), { recursive: true });
  const canaries = [join(folder, "outside/canary.txt"), join(folder, "outside/canary-dir/Manifest.db")];
  for (const c of canaries) writeFileSync(c, canaryText), utimesSync(c, OLD_ATIME, OLD_ATIME + 1);
  const canaryTimes = canaries.map((c) => statSync(c).atimeMs);
  const canaryWrites = canaries.map((c) => `${statSync(c).size}:${statSync(c).mtimeMs}`); // a write through a symlink

  const tmp = join(folder, "tmp");
  mkdirSync(tmp);
  mkdirSync(join(folder, "ev"));
  const name = plan.badRootName ? Buffer.from([0x65, 0x76, 0xff, 0xfe]) : Buffer.from("evidence");
  const evidence = Buffer.concat([Buffer.from(join(folder, "ev") + "/"), name]);
  const asFile = (kind.layout === "dir") === !!plan.otherType;
  if (!asFile) writeTree(evidence, plan.entries);
  else {
    let bytes = kind.layout === "dir" ? Buffer.from(JSON.stringify({ note: "a file where a folder is expected" })) : kind.layout === "zip" ? packZip(plan.entries) : packAb(plan.entries, plan.abPassword ? "123456" : undefined);
    if (plan.packed && kind.layout !== "dir") bytes = plan.packed(bytes);
    writeFileSync(evidence, bytes);
  }
  const before = snapshot(evidence);
  const out = join(folder, "out");
  const o: Outcome = await launch({
    command: kind.command,
    bin: opts.bin ?? BIN,
    evidence,
    args: ["-o", out],
    env: { ...kind.env, TMPDIR: tmp, SPYGLASS_IOCS: "" },
    timeoutMs: limits.timeoutMs,
    killAboveMiB: limits.killAboveMiB,
    rssFile: join(folder, "rss.txt"),
  });

  const failures: RunResult["failures"] = [];
  const fail = (c: FailureClass, detail: string) => failures.push({ class: c, detail });
  const text = o.stdout + o.stderr;
  const trace = STACK.exec(text);
  if (trace) fail("stack-trace", text.slice(Math.max(0, trace.index - 300), trace.index + 300));
  if (o.timedOut) fail("hang", `no exit after ${limits.timeoutMs / 1000} s`);
  if (o.killedForMemory || o.peakMiB > limits.memoryMiB) fail("memory", `peak RSS ${Math.round(o.peakMiB)} MiB${o.killedForMemory ? " (stopped)" : ""}`);
  if (!o.timedOut && !o.killedForMemory && (o.code === null || !EXIT_CODES.has(o.code))) fail("crash", `exit ${o.code ?? o.signal}: ${o.stderr.slice(-300)}`);
  const after = snapshot(evidence);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
  if (changed.length) fail("evidence-changed", changed.slice(0, 5).join(", "));
  const written = canaries.filter((c, i) => `${statSync(c).size}:${statSync(c).mtimeMs}` !== canaryWrites[i]);
  if (written.length) fail("evidence-changed", `written through a symlink: ${written.join(", ")}`);
  const read = canaries.filter((c, i) => statSync(c).atimeMs !== canaryTimes[i]);
  if (read.length) fail("read-outside", `canary read: ${read.join(", ")}`);
  for (const f of walkFiles(out)) {
    const hit = fileHolds(f, [token, canaryHash]);
    if (hit) fail("read-outside", `${hit === token ? "canary content" : "canary sha256"} in ${f.slice(folder.length + 1)}`);
  }
  if (text.includes(token) || text.includes(canaryHash)) fail("read-outside", "canary content or hash in the terminal output");
  let left = readdirSync(tmp);
  for (let i = 0; i < 30 && left.length; i++) await sleep(100), (left = readdirSync(tmp)); // removal may finish just after exit
  // A run stopped with SIGKILL cannot clean up: only a run that ended by itself is held to it.
  if (left.length && !o.timedOut && !o.killedForMemory) fail("temp-left", left.slice(0, 5).join(", "));
  return { kind: kind.id, run, seed, mutations: plan.done, code: o.code, said: o.stderr.trim().split("\n").pop()!.slice(0, 300), ms: Math.round(o.ms), peakMiB: Math.round(o.peakMiB), failures, folder };
}
