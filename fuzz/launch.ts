/**
 * Runs the CLI as installed (bin/spyglass.js with its own V8 flags) under a time and memory limit, in its own process
 * group: GNU time records the peak RSS (what the kernel saw, worker threads included), a poll of /proc kills the
 * group above the hard memory limit, a timer kills it when the time is up. The evidence argument goes through
 * printf in a shell, so a path that is not valid UTF-8 reaches the CLI as the same bytes.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

export const BIN = new URL("../bin/spyglass.js", import.meta.url).pathname;

export interface Launch {
  bin: string;
  args: string[]; // after the evidence argument
  command: string;
  evidence: Buffer;
  env: Record<string, string>;
  timeoutMs: number;
  killAboveMiB: number;
  rssFile: string;
}

export interface Outcome {
  code: number | null;
  signal: string | null;
  ms: number;
  peakMiB: number;
  timedOut: boolean;
  killedForMemory: boolean;
  stdout: string;
  stderr: string;
}

const CAP = 1 << 24; // output kept per stream: enough to find a stack trace, bounded if the CLI floods
/** printf %b escapes: every byte outside printable ASCII (and the backslash) as \0ooo. */
const escape = (b: Buffer) => Array.from(b, (c) => (c >= 0x20 && c < 0x7f && c !== 0x5c ? String.fromCharCode(c) : `\\0${c.toString(8).padStart(3, "0")}`)).join("");

function rssMiB(pid: number): number {
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    let kb = 0;
    for (const k of [pid, ...kids]) kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${k}/status`, "utf8"))?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0; // gone
  }
}

export function launch(l: Launch): Promise<Outcome> {
  const script = 'bin=$1; cmd=$2; shift 2; exec "$bin" "$cmd" "$(printf %b "$FUZZ_EVIDENCE")" "$@"';
  const t0 = performance.now();
  const child = spawn("/usr/bin/time", ["-f", "%M", "-o", l.rssFile, "/bin/sh", "-c", script, "sh", l.bin, l.command, ...l.args], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...l.env, FUZZ_EVIDENCE: escape(l.evidence) },
  });
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (b: Buffer) => void (out.stdout.length < CAP && (out.stdout += b.toString("utf8"))));
  child.stderr.on("data", (b: Buffer) => void (out.stderr.length < CAP && (out.stderr += b.toString("utf8"))));
  let timedOut = false;
  let killedForMemory = false;
  let polledMiB = 0;
  const kill = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  };
  const timer = setTimeout(() => ((timedOut = true), kill()), l.timeoutMs);
  const poll = setInterval(() => {
    polledMiB = Math.max(polledMiB, rssMiB(child.pid!));
    if (polledMiB > l.killAboveMiB) (killedForMemory = true), kill();
  }, 100);
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      clearInterval(poll);
      const report = existsSync(l.rssFile) ? readFileSync(l.rssFile, "utf8") : "";
      const kb = Number(/^(\d+)\s*$/m.exec(report)?.[1] ?? 0);
      const sig = /terminated by signal (\d+)/.exec(report)?.[1];
      resolve({
        code: sig ? null : code,
        signal: sig ? `signal ${sig}` : signal,
        ms: performance.now() - t0,
        peakMiB: Math.max(kb / 1024, polledMiB),
        timedOut,
        killedForMemory,
        ...out,
      });
    });
  });
}
