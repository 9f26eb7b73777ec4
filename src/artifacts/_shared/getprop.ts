/**
 * Android system properties as printed by `getprop` (`[name]: [value]` lines; AndroidQF getprop.txt, the bugreport
 * "SYSTEM PROPERTIES" section; Android 4–15), and the outdated-security-patch heuristic. Shared by AQFGetProp and
 * DumpsysGetProp; the device time zone and wall-clock conversion used by the modules that turn epochs into Android
 * local time.
 */
import type { Heuristic, IndicatorCheck, ParseContext } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import type { Finding } from "../../core/events.ts";
import { localClock } from "../../core/time.ts";

/** One property (MVT: {name, value}). */
export interface PropRecord {
  readonly name: string;
  readonly value: string;
}

/** What a caller learns beyond the records: lines that were not properties (a truncated or garbled file). */
export interface GetpropStats {
  malformed: number;
  /** The first malformed line, cut to 80 characters, for the warning. */
  firstMalformed?: string;
}

/** A multi-line value (getprop prints embedded newlines raw) spans at most this many lines before we give up. */
export const MAX_VALUE_LINES = 64;

const HEAD = /^\[([^\]]+)\]: \[/;

/**
 * Parses getprop text. Blank lines are skipped (as MVT). Deviations from MVT's `\[(.+?)\]: \[(.+?)\]`, which
 * could lose evidence: the value runs to the last `]` of the line (values may contain `]`), an empty value
 * `[]` is kept (a property indicator matches on the name, whatever the value), and a value continued over
 * several lines is joined with "\n". Anything else counts as malformed in `stats`.
 */
export function* parseGetprop(text: string, stats: GetpropStats = { malformed: 0 }): Generator<PropRecord> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const head = HEAD.exec(line);
    const rest = head ? line.slice(head[0].length) : "";
    if (head && rest.endsWith("]")) {
      yield { name: head[1]!, value: rest.slice(0, -1) };
      continue;
    }
    const end = head ? continuationEnd(lines, i) : -1;
    if (head && end > i) {
      const tail = lines[end]!.trimEnd();
      const value = [rest, ...lines.slice(i + 1, end), tail.slice(0, -1)].join("\n");
      yield { name: head[1]!, value };
      i = end;
      continue;
    }
    stats.malformed++;
    stats.firstMalformed ??= line.slice(0, 80);
  }
}

/** The line that closes a value begun on line `i` (ends in "]", before any new property), or -1. */
function continuationEnd(lines: readonly string[], i: number): number {
  for (let j = i + 1; j < lines.length && j - i <= MAX_VALUE_LINES; j++) {
    const t = lines[j]!.trim();
    if (HEAD.test(t)) return -1;
    if (t.endsWith("]")) return j;
  }
  return -1;
}

/** The value of one property in getprop text (e.g. `persist.sys.timezone`), or undefined. */
export function getpropValue(text: string, name: string): string | undefined {
  for (const r of parseGetprop(text)) if (r.name === name) return r.value;
  return undefined;
}

/** The one warning for a file with lines that are not properties, or undefined. */
export function malformedWarning(stats: GetpropStats): string | undefined {
  if (stats.malformed === 0) return undefined;
  return `${stats.malformed} line(s) not in getprop "[name]: [value]" form were skipped (first: ${JSON.stringify(stats.firstMalformed)})`;
}

/** MVT warns when the last security patch is older than 6 × 31 days (`warn_android_patch_level`). */
export const SECURITY_PATCH_MAX_AGE_DAYS = 6 * 31;
const DAY_MS = 86_400_000;

/**
 * MEDIUM when `ro.build.version.security_patch` (YYYY-MM-DD, read as midnight UTC) is more than 186 days
 * before `now` (the time of analysis, as MVT). A value that is not a date gives no finding (MVT would fail).
 */
export function securityPatchFinding(record: PropRecord, now: number = Date.now()): Finding | undefined {
  if (record.name !== "ro.build.version.security_patch") return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(record.value.trim());
  if (!m) return undefined;
  const patch = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(patch) || now - patch <= SECURITY_PATCH_MAX_AGE_DAYS * DAY_MS) return undefined;
  return finding(
    "MEDIUM",
    `This phone has not received security updates for more than six months (last update: ${record.value.trim()})`,
    record,
  );
}

/** The getprop modules' heuristics and indicator checks (declarations shared by both modules). */
export const getpropHeuristics: readonly Heuristic<PropRecord>[] = [(r) => securityPatchFinding(r)];
export const getpropIndicators: readonly IndicatorCheck<PropRecord>[] = [{ kind: "property", values: (r) => r.name }];

/** getprop.txt is small; a bound for reading it from another module. */
const MAX_GETPROP_BYTES = 16 * 1024 * 1024;

/**
 * The device's IANA time zone (`persist.sys.timezone` in the acquisition's getprop.txt), or undefined. Android
 * times in MVT's outputs are device-local wall clock, so modules converting epochs need it.
 */
export async function deviceTimezone(ctx: Pick<ParseContext, "find" | "device">): Promise<string | undefined> {
  // The androidqf input already put persist.sys.timezone (or --timezone) in the device facts.
  const known = ctx.device.timezone;
  if (typeof known === "string" && known) return known;
  const file = await ctx.find({ from: "androidqf", glob: "getprop.txt" });
  if (!file) return undefined;
  const tz = getpropValue(new TextDecoder().decode(await file.bytes(MAX_GETPROP_BYTES)), "persist.sys.timezone")?.trim();
  return tz ? tz : undefined;
}

/** Unix seconds (number or numeric text) → canonical wall-clock text in an IANA zone (see localClock). */
export function wallClock(timeZone: string): (seconds: unknown) => string {
  const clock = localClock(timeZone);
  return (seconds) => {
    const s = typeof seconds === "string" && seconds.trim() !== "" ? Number(seconds) : seconds;
    return typeof s === "number" && Number.isFinite(s) ? clock(Math.round(s * 1e6)) : "";
  };
}
