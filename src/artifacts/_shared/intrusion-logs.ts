/**
 * The reader shared by DnsEvent, ConnectEvent and SecurityEvent: Android 16 Advanced Protection intrusion logs as
 * exported by Google (NDJSON `*.txt`, each line one object whose single top-level key names the event type:
 * `{"dns_event": {...}}`), streamed line by line, integers beyond 2^53 (nanosecond times) kept exact, identical
 * events across files dropped as MVT does, times turned into the device's wall clock.
 */
import type { ArtifactInput, ParseContext, Selector } from "../../core/artifact.ts";
import { ExactInteger, exactInteger } from "../../core/exact-int.ts";
import type { SourceFile } from "../../core/source.ts";
import { formatMicros, localClock } from "../../core/time.ts";

/** Every module reads every log file and keeps its own event type (MVT reads them once and routes by type). */
export const INTRUSION_LOG_SOURCES: readonly Selector[] = [{ from: "intrusion-logs", glob: "**/*.txt" }];
export const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set(["dns_event", "connect_event", "security_event"]);

export const INTRUSION_LOG_LIMITS = {
  /** A real event line is well under 1 KiB; longer lines are skipped with a warning instead of buffered. */
  lineChars: 1 << 20,
  /**
   * A "line" this long is no text log (a file of NUL bytes, say, 4 GiB of holes): the file is read no further
   * (one warning), as the dumpsys reader does, so the time spent is bounded however large the file.
   */
  notTextChars: 16 << 20,
  /**
   * Fingerprint text kept to drop duplicate events, per module run. The Set holds one canonical JSON string per
   * distinct event of one type (~200 chars each, so ~300,000 events), lives only while that module reads, and at
   * 64 Mi chars (~80 MB with Set overhead, well under the CLI's 512 MB heap) stops growing: later events are
   * then kept even if repeated (one warning), so a bound never drops evidence. Full strings, not hashes: a
   * crafted hostname must not collide with a benign event and be dropped as its "duplicate".
   */
  dedupChars: 64 << 20,
  /** Unparseable-line warnings per file before one summary warning. */
  lineWarnings: 10,
};

/** One event of the requested type, with where it came from and a per-run "first time?" test for warn-once notes. */
export interface LogEvent {
  readonly event: Record<string, unknown>;
  readonly line: number;
  readonly once: (key: string) => boolean;
}

interface RunState {
  readonly type: string;
  readonly seen: Set<string>;
  chars: number;
  readonly notes: Set<string>;
}

/**
 * Per-run state, keyed by the acquisition root: the engine calls `parse` once per file, and de-duplication spans
 * files. A run starts at the first file the selector names (so a second scan of the same acquisition starts
 * afresh); one state per root at a time, as modules run one after another, so only one Set is ever alive.
 */
const RUNS = new WeakMap<object, RunState>();

async function runState(input: ArtifactInput, ctx: ParseContext, type: string): Promise<RunState> {
  const first = await ctx.find(INTRUSION_LOG_SOURCES[0]!);
  let state = RUNS.get(input.root);
  if (!state || state.type !== type || first?.path === input.file.path) {
    state = { type, seen: new Set(), chars: 0, notes: new Set() };
    RUNS.set(input.root, state);
  }
  return state;
}

/** The known event type a line names first (`"dns_event"`…), if any: which module a garbled line is reported by. */
function claimedBy(line: string): string | undefined {
  let best: string | undefined;
  let at = Infinity;
  for (const t of KNOWN_EVENT_TYPES) {
    const i = line.indexOf(`"${t}"`);
    if (i !== -1 && i < at) [best, at] = [t, i];
  }
  return best;
}

/**
 * Events of one type from one log file. A line that does not name the type is not parsed (each module reads every
 * file; this keeps it to one JSON.parse per line and module that matters). Problems are warnings, never fatal, and
 * each is reported once across the three modules: a garbled line by the module whose type it names first, and by
 * the `owner` module (DnsEvent, first in MVT's order) when it names none, as are unknown top-level event types.
 */
export async function* readEvents(input: ArtifactInput, ctx: ParseContext, type: string, opts: { owner?: boolean } = {}): AsyncGenerator<LogEvent> {
  const state = await runState(input, ctx, type);
  const once = (key: string) => !state.notes.has(key) && !!state.notes.add(key);
  const own = `"${type}"`;
  let bad = 0;
  const garbled = (n: number, line: string | undefined, why: string) => {
    const claim = line === undefined ? undefined : claimedBy(line);
    if (claim === undefined ? !opts.owner : claim !== type) return;
    if (++bad <= INTRUSION_LOG_LIMITS.lineWarnings) ctx.warn(`line ${n} skipped: ${why}`);
  };
  for await (const { n, text, notText } of lines(input.file, INTRUSION_LOG_LIMITS.lineChars, INTRUSION_LOG_LIMITS.notTextChars)) {
    if (notText) {
      if (opts.owner) ctx.warn(`line ${n} runs past ${INTRUSION_LOG_LIMITS.notTextChars} characters without a line break: this is not a text log, the rest of the file was not read`);
      break;
    }
    if (text === undefined) {
      garbled(n, undefined, `longer than ${INTRUSION_LOG_LIMITS.lineChars} characters`);
      continue;
    }
    const line = text.trim();
    // A key may be written with escapes ("dns\u005fevent"): such lines are always parsed, never skipped unread.
    if (line === "" || (!opts.owner && !line.includes(own) && !line.includes("\\u"))) continue;
    let entry: unknown;
    try {
      entry = parseJsonExact(line);
    } catch (err) {
      garbled(n, line, `not valid JSON (${String((err as Error).message).slice(0, 120)})`);
      continue;
    }
    if (!isObject(entry)) {
      garbled(n, line, "not a JSON object");
      continue;
    }
    for (const [key, value] of Object.entries(entry)) {
      if (key !== type) {
        if (opts.owner && !KNOWN_EVENT_TYPES.has(key) && once(`type:${key}`)) {
          ctx.warn(`Found unknown intrusion logging event type(s): ${key} (first on line ${n}); no module reads it`);
        }
        continue;
      }
      // MVT: only object payloads are events.
      if (!isObject(value)) continue;
      const fp = canonical(value);
      if (state.seen.has(fp)) continue;
      if (state.chars + fp.length <= INTRUSION_LOG_LIMITS.dedupChars) {
        state.seen.add(fp);
        state.chars += fp.length;
      } else if (once("dedup-limit")) {
        ctx.warn(`over ${INTRUSION_LOG_LIMITS.dedupChars} characters of distinct ${type} events: later duplicates are kept, not dropped`);
      }
      yield { event: value, line: n, once };
    }
  }
  if (bad > INTRUSION_LOG_LIMITS.lineWarnings) ctx.warn(`${bad - INTRUSION_LOG_LIMITS.lineWarnings} more unparseable lines skipped`);
}

/**
 * Lines of a file as text, streamed; a line over `maxChars` comes back as `text: undefined` without being buffered.
 * A line that reaches `stopChars` ends the reading: it comes back with `notText` and nothing follows.
 */
export async function* lines(file: SourceFile, maxChars: number, stopChars = Infinity): AsyncGenerator<{ n: number; text: string | undefined; notText?: true }> {
  // The cast: TypeScript's DOM typings declare the writable side as BufferSource, a superset of Uint8Array.
  const reader = file.stream().pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>).getReader();
  let buf = "";
  let n = 0;
  let tooLong = false;
  let longChars = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let start = 0;
      for (let i = value.indexOf("\n"); i !== -1; i = value.indexOf("\n", start)) {
        const text = tooLong ? undefined : buf + value.slice(start, i);
        start = i + 1;
        buf = "";
        tooLong = false;
        longChars = 0;
        yield { n: ++n, text: text !== undefined && text.length > maxChars ? undefined : text };
      }
      if (!tooLong) buf += value.slice(start);
      else if ((longChars += value.length - start) >= stopChars) {
        yield { n: ++n, text: undefined, notText: true };
        return;
      }
      if (buf.length > maxChars) {
        longChars = buf.length;
        tooLong = true;
        buf = "";
      }
    }
    finished = true;
    if (tooLong || buf !== "") yield { n: ++n, text: tooLong ? undefined : buf };
  } finally {
    // A consumer that stops early (or an error) cancels the file stream, so the host can close the file.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

// Integer literals of 16+ digits outside strings: a double may not hold them (nanosecond event_time ~1.7e18).
const BIG_OR_STRING = /"(?:[^"\\]|\\.)*"|(?<![\w.+-])-?\d{16,}(?![.\deE])/g;
// Stands in for a big integer inside the JSON text; random so that no string in the evidence can forge one.
const MARK = `\u0001bigint-${crypto.randomUUID()}:`;
const MARK_JSON = JSON.stringify(MARK).slice(1, -1);

/** JSON.parse that keeps integers beyond 2^53 exact (as ExactInteger); Node 20 has no JSON.parse source access. */
export function parseJsonExact(text: string): unknown {
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  let replaced = false;
  const patched = text.replace(BIG_OR_STRING, (m) => {
    if (m.startsWith('"')) return m;
    replaced = true;
    return `"${MARK_JSON}${m}"`;
  });
  if (!replaced) return JSON.parse(text);
  return JSON.parse(patched, (_k, v) => (typeof v === "string" && v.startsWith(MARK) ? exactInteger(v.slice(MARK.length)) : v));
}

/** Key-order-independent JSON of an event (MVT: json.dumps(sort_keys=True)): what makes two events identical. */
export function canonical(v: unknown): string {
  if (v instanceof ExactInteger) return v.digits;
  if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
  if (isObject(v)) {
    return "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + canonical(v[k])).join(",") + "}";
  }
  return JSON.stringify(v) ?? "null";
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof ExactInteger);
}

/** An event time (number, numeric string or ExactInteger) in `unit` since 1970 → microseconds; 0/missing → undefined (MVT: null). */
export function eventMicros(value: unknown, unit: "ms" | "ns"): number | undefined {
  let digits: string;
  if (value instanceof ExactInteger) digits = value.digits;
  else if (typeof value === "number" && Number.isFinite(value)) {
    if (!Number.isInteger(value)) return value === 0 ? undefined : unit === "ms" ? Math.round(value * 1000) : Math.round(value / 1000);
    digits = BigInt(value).toString();
  } else if (typeof value === "string" && /^\s*-?\d+\s*$/.test(value)) digits = value.trim();
  else return undefined;
  const big = BigInt(digits);
  if (big === 0n) return undefined;
  // ns → µs rounds to the nearest microsecond, as Python's fromtimestamp does with MVT's ns / 1e9.
  return Number(unit === "ms" ? big * 1000n : (big + (big < 0n ? -500n : 500n)) / 1000n);
}

const clocks = new Map<string, (micros: number) => string>();

/**
 * Microseconds since 1970 as the device's wall clock in `timeZone` (IANA name), MVT's canonical text without
 * offset; UTC when no zone is known. An unknown zone name throws RangeError (the caller warns and uses UTC).
 */
export function wallClock(micros: number, timeZone?: string): string {
  if (!timeZone || timeZone === "UTC") return formatMicros(micros);
  let clock = clocks.get(timeZone);
  if (!clock) clocks.set(timeZone, (clock = localClock(timeZone)));
  return clock(micros);
}

/** The device's IANA time zone when the acquisition knows it (androidqf getprop `persist.sys.timezone`, or --timezone). */
export function deviceTimeZone(ctx: ParseContext): string | undefined {
  const tz = ctx.device.timezone;
  return typeof tz === "string" && tz !== "" ? tz : undefined;
}

/** `timestamp` of a record: wall clock in the device zone, null without a time (as MVT). Warns once on a bad zone name. */
export function eventTimestamp(value: unknown, unit: "ms" | "ns", ctx: ParseContext, timeZone: string | undefined, once: (k: string) => boolean): string | null {
  const us = eventMicros(value, unit);
  if (us === undefined) return null;
  try {
    return wallClock(us, timeZone) || null;
  } catch {
    if (once("bad-zone")) ctx.warn(`unknown time zone "${timeZone}": times are given in UTC`);
    return formatMicros(us) || null;
  }
}

/** Python's str() of a value as MVT's f-strings print it; `missing` for an absent key (MVT's .get default). */
export function pyStr(v: unknown, missing = ""): string {
  if (v === undefined) return missing;
  if (typeof v === "string") return v;
  return pyRepr(v);
}

/** Python repr() of a parsed JSON value (dicts in timeline text, as MVT's str(dict) prints them). */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (v instanceof ExactInteger) return v.digits;
  if (typeof v === "number") return String(v);
  if (typeof v === "string") {
    const q = v.includes("'") && !v.includes('"') ? '"' : "'";
    return q + v.replace(/\\/g, "\\\\").replace(new RegExp(q, "g"), "\\" + q).replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t") + q;
  }
  if (Array.isArray(v)) return "[" + v.map(pyRepr).join(", ") + "]";
  if (isObject(v)) return "{" + Object.entries(v).map(([k, x]) => pyRepr(k) + ": " + pyRepr(x)).join(", ") + "}";
  return String(v);
}

/** Python truthiness of a JSON value (MVT tests `success` both as a bool and as SecurityLog's int 0/1). */
export function pyTruthy(v: unknown): boolean {
  if (v instanceof ExactInteger) return v.digits !== "0";
  if (Array.isArray(v)) return v.length > 0;
  if (isObject(v)) return Object.keys(v).length > 0;
  return !!v;
}
