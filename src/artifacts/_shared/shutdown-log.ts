/**
 * The shutdown.log parser (iOS 15–18), as MVT reads it: per reboot, "After 0.06s, these clients are still here:"
 * blocks of "remaining client pid: N (path)" lines, then "SIGTERM: [unix seconds]" (older: "… @unix seconds").
 */
import { fromUnix } from "../../core/time.ts";

export interface ShutdownRecord {
  isodate: string;
  pid: string;
  client: string;
  /** Seconds waited so far at this block (the "After Ns" values summed, as MVT does). */
  delay: number;
  times_delayed: number;
}

/** MVT's parser, line by line; a SIGTERM line without a readable time gives "" (MVT: none). */
export function parseShutdownLog(text: string): ShutdownRecord[] {
  const out: ShutdownRecord[] = [];
  let current: Omit<ShutdownRecord, "isodate">[] = [];
  let recent: Omit<ShutdownRecord, "isodate">[] = [];
  let delay = 0;
  let times = 0;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("remaining client pid:")) {
      const pid = line.slice(line.indexOf("pid: ") + 5, indexOr(line, " (")).trim();
      const client = line.slice(line.indexOf("(") + 1, indexOr(line, ")", line.indexOf("(") + 1));
      current.push({ pid, client, delay, times_delayed: times });
    } else if (line.startsWith("After ")) {
      recent.push(...current);
      current = [];
      const secs = Number.parseFloat((line.split(" ")[1] ?? "").replace(/s,?$/, ""));
      delay = round(delay + (Number.isFinite(secs) ? secs : 0));
      times++;
    } else if (line.startsWith("SIGTERM: ")) {
      recent.push(...current);
      const secs = sigtermTime(line);
      const isodate = secs ? fromUnix(secs) : "";
      for (const p of recent) out.push({ isodate, ...p });
      current = [];
      recent = [];
      delay = 0;
      times = 0;
    }
  }
  return out.sort((a, b) => (a.isodate < b.isodate ? -1 : a.isodate > b.isodate ? 1 : 0));
}

const indexOr = (s: string, what: string, from = 0) => (s.indexOf(what, from) < 0 ? s.length : s.indexOf(what, from));
/** Sums of decimal seconds stay as written (0.1 + 0.2 is 0.3, not 0.30000000000000004). */
const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** "[1695112140]", else the 10 digits after " @"; 0 (no time) when neither reads. */
function sigtermTime(line: string): number {
  const bracket = /\[(\d+)\]/.exec(line);
  if (bracket) return Number(bracket[1]);
  const at = line.indexOf(" @");
  const digits = at < 0 ? "" : /^\d{1,10}/.exec(line.slice(at + 2))?.[0];
  return digits ? Number(digits) : 0;
}

