/**
 * Streaming reader for Android `dumpsys` / `dumpstate` text (bugreport dumpstate, AndroidQF dumpsys.txt, loose
 * `adb shell dumpsys <service>` captures; Android 7–16): finds one section in a single pass over a file of any
 * size (a bugreport's dumpstate reaches 500 MB), yielding only that section's lines and stopping there.
 *
 * A service section starts at a line that equals `DUMP OF SERVICE <name>:` (surrounding white space ignored) and
 * ends before the next line that starts with 78 `-` (MVT `extract_dumpsys_section`); only the first such
 * section counts. A dumpstate block (`------ SYSTEM PROPERTIES (getprop) ------`) ends at the next line that
 * starts with `------`. Lines are cut into bytes first and decoded only inside the wanted section, so the
 * 499 MB around it cost a newline search and a byte compare per line.
 */
import type { SourceFile } from "../core/source.ts";

/** The line of 78 dashes between dumpsys services. */
export const DUMPSYS_DELIMITER = "-".repeat(78);
/** Longest line kept (1 MiB): a hostile file with no newline must not grow one string without bound; the rest is dropped. */
export const MAX_LINE_BYTES = 1 << 20;
/**
 * Longest line read past at all (16 MiB; real dumpstate lines stay under a few KiB, the longest seen ~200 KiB): past
 * it the file is not line text (a hostile dumpstate of one 700 MiB line of NUL bytes) and reading stops there, so each
 * module reads at most this much of such a line instead of the whole file, and says so once per file.
 */
export const MAX_RUN_BYTES = 16 << 20;
/**
 * Most of one section a module reads (128 MiB): the largest real ones (package, batterystats) are tens of MB, and a
 * module keeps what it parses, so a hostile section (400 MiB of 1 MiB intent lines: 48 s, 696 MB) must not be read
 * whole. Past it, the section is cut there with a warning.
 */
export const MAX_SECTION_BYTES = 128 << 20;

/** Which part of the file to read. */
export type SectionSpec =
  | { readonly kind: "service"; readonly name: string }
  | { readonly kind: "block"; readonly title: string };

/** `DUMP OF SERVICE <name>:` … up to the 78-dash line. */
export const serviceSection = (name: string): SectionSpec => ({ kind: "service", name });
/** `------ <title>…` … up to the next `------` line (dumpstate's own blocks, e.g. "SYSTEM PROPERTIES"). */
export const dumpstateBlock = (title: string): SectionSpec => ({ kind: "block", title });

/** What one read found, for the module's single warning. */
export interface SectionStats {
  /** The header line was seen. */
  found: boolean;
  /** The file has no `DUMP OF SERVICE` line at all, so it was read whole as the section (a loose capture). */
  wholeFile: boolean;
  /** The file ends inside the section in the middle of a line: most likely cut short. */
  truncated: boolean;
  /** Lines longer than MAX_LINE_BYTES (cut). */
  longLines: number;
  /** Lines with NUL bytes or invalid UTF-8 in a text section. */
  garbledLines: number;
  /** The section ran past MAX_SECTION_BYTES and was cut there. */
  cutAtLimit?: boolean;
  /** Reading stopped at a line over MAX_RUN_BYTES: the offset where that line starts. */
  stoppedAt?: number;
}

export const newSectionStats = (): SectionStats => ({ found: false, wholeFile: false, truncated: false, longLines: 0, garbledLines: 0 });

/** The file each read was of, and the files whose stop at an over-long line was reported (by the first module). */
const readOf = new WeakMap<SectionStats, object>();
const stopReported = new WeakSet<object>();

const enc = new TextEncoder();
const SERVICE_PREFIX = enc.encode("DUMP OF SERVICE ");
const DELIM = enc.encode(DUMPSYS_DELIMITER);
const DASHES6 = enc.encode("------");
/** dumpsys' own closing line: "--------- 0.002s was the duration of dumpsys X, ending at: …". */
const DURATION = /^-{9} .* was the duration of /;

const isSpace = (b: number) => b === 32 || (b >= 9 && b <= 13);

function startsAfterSpace(line: Uint8Array, prefix: Uint8Array): boolean {
  let i = 0;
  while (i < line.length && isSpace(line[i]!)) i++;
  if (line.length - i < prefix.length) return false;
  for (let j = 0; j < prefix.length; j++) if (line[i + j] !== prefix[j]) return false;
  return true;
}

function equalsStripped(line: Uint8Array, want: Uint8Array): boolean {
  let a = 0;
  let b = line.length;
  while (a < b && isSpace(line[a]!)) a++;
  while (b > a && isSpace(line[b - 1]!)) b--;
  if (b - a !== want.length) return false;
  for (let j = 0; j < want.length; j++) if (line[a + j] !== want[j]) return false;
  return true;
}

/** What a line callback learns besides the bytes. */
interface LineInfo {
  /** The line was longer than the limit and was cut. */
  cut: boolean;
  /** The line ended with "\n" (false only for a last line at end of file). */
  terminated: boolean;
}

/** Return false to stop reading. */
type OnLine = (line: Uint8Array, info: LineInfo) => boolean;

/**
 * Splits a byte stream into lines ("\n" or "\r\n", the "\r" dropped), as views into the chunks where possible,
 * each at most `maxLine` bytes, handing them to a synchronous callback: a 500 MB dumpstate has ~10 M lines,
 * and an async step per line would cost more than the search itself.
 */
class LineSplitter {
  private parts: Uint8Array[] = [];
  private held = 0;
  private cut = false;
  /** Bytes of the current line so far (kept or dropped), and where it started. */
  private lineBytes = 0;
  private lineStart = 0;
  private offset = 0;
  /** Set when a line ran past `maxRun`: where it started (reading stops). */
  runaway: number | undefined;
  private readonly info: LineInfo = { cut: false, terminated: true };
  constructor(
    private readonly maxLine = MAX_LINE_BYTES,
    private readonly maxRun = MAX_RUN_BYTES,
  ) {}

  private hold(part: Uint8Array): void {
    this.lineBytes += part.length;
    const room = this.maxLine - this.held;
    if (part.length > room) this.cut = true;
    const kept = part.length > room ? part.subarray(0, room) : part;
    if (kept.length) {
      this.parts.push(kept);
      this.held += kept.length;
    }
  }

  private emit(line: Uint8Array, cut: boolean, terminated: boolean, on: OnLine): boolean {
    this.info.cut = cut;
    this.info.terminated = terminated;
    return on(line.length && line[line.length - 1] === 13 ? line.subarray(0, line.length - 1) : line, this.info);
  }

  private take(): Uint8Array {
    const line = this.parts.length === 1 ? this.parts[0]! : new Uint8Array(this.held);
    if (this.parts.length !== 1) {
      let o = 0;
      for (const p of this.parts) {
        line.set(p, o);
        o += p.length;
      }
    }
    this.parts = [];
    this.held = 0;
    return line;
  }

  /** Feeds one chunk; false when the callback asked to stop or a line ran past `maxRun` (see `runaway`). */
  push(chunk: Uint8Array, on: OnLine): boolean {
    const base = this.offset;
    this.offset += chunk.length;
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) {
        this.hold(chunk.subarray(pos));
        if (this.lineBytes <= this.maxRun) return true;
        this.runaway = this.lineStart;
        return false;
      }
      if (this.held === 0 && !this.cut && this.lineBytes === 0 && nl - pos <= this.maxLine) {
        const line = chunk.subarray(pos, nl);
        pos = nl + 1;
        this.lineStart = base + pos;
        if (!this.emit(line, false, true, on)) return false;
        continue;
      }
      this.hold(chunk.subarray(pos, nl));
      pos = nl + 1;
      const cut = this.cut;
      this.cut = false;
      this.lineBytes = 0;
      this.lineStart = base + pos;
      if (!this.emit(this.take(), cut, true, on)) return false;
    }
    return true;
  }

  /** The last line when the stream did not end with a newline. */
  end(on: OnLine): void {
    if (this.held === 0 && !this.cut) return;
    const cut = this.cut;
    this.cut = false;
    this.emit(this.take(), cut, false, on);
  }
}

/**
 * Runs `on` over every line of a stream; each chunk's wanted lines (collected by `on` into `out`) are yielded
 * after the chunk. Reading stops (and the stream is cancelled, closing the file) as soon as `on` says so.
 */
async function* scanLines(stream: ReadableStream<Uint8Array>, out: Uint8Array[], on: OnLine, stats: SectionStats): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  const splitter = new LineSplitter();
  let finished = false;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      const more = splitter.push(r.value, on);
      for (const line of out.splice(0)) yield line;
      if (splitter.runaway !== undefined) stats.stoppedAt = splitter.runaway;
      if (!more) return;
    }
    finished = true;
    splitter.end(on);
    for (const line of out.splice(0)) yield line;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * The raw lines of one section (binary-safe: the ADB keystore is binary XML). When the file has no `DUMP OF
 * SERVICE` line at all it is a loose capture of one service and is read whole (a second pass, only then).
 */
export async function* sectionBytes(file: Pick<SourceFile, "stream">, spec: SectionSpec, stats: SectionStats = newSectionStats()): AsyncGenerator<Uint8Array> {
  readOf.set(stats, file);
  const header = enc.encode(spec.kind === "service" ? `DUMP OF SERVICE ${spec.name}:` : `------ ${spec.title}`);
  const end = spec.kind === "service" ? DELIM : DASHES6;
  let inSection = false;
  let anyService = false;
  let bytes = 0;
  const over = (line: Uint8Array): boolean => (bytes += line.length + 1) > MAX_SECTION_BYTES && (stats.cutAtLimit = true);
  const out: Uint8Array[] = [];
  yield* scanLines(file.stream(), out, (line, info) => {
    if (!inSection) {
      if (spec.kind === "service" ? equalsStripped(line, header) : startsAfterSpace(line, header)) {
        inSection = true;
        stats.found = true;
      } else if (!anyService && startsAfterSpace(line, SERVICE_PREFIX)) anyService = true;
      return true;
    }
    if (startsAfterSpace(line, end) || over(line)) return false;
    if (info.cut) stats.longLines++;
    if (!info.terminated && !DURATION.test(latin1(line))) stats.truncated = true;
    out.push(line);
    return true;
  }, stats);
  if (stats.found || anyService || spec.kind !== "service" || stats.stoppedAt !== undefined) return;
  stats.wholeFile = true;
  yield* scanLines(file.stream(), out, (line, info) => {
    if (over(line)) return false;
    if (info.cut) stats.longLines++;
    out.push(line);
    return true;
  }, stats);
}

const latin1 = (b: Uint8Array) => String.fromCharCode(...b.subarray(0, 80));

/** The decoded lines of one section (UTF-8; invalid bytes become U+FFFD and are counted in `garbledLines`). */
export async function* sectionLines(file: Pick<SourceFile, "stream">, spec: SectionSpec, stats: SectionStats = newSectionStats()): AsyncGenerator<string> {
  const dec = new TextDecoder("utf-8");
  for await (const raw of sectionBytes(file, spec, stats)) {
    const text = dec.decode(raw);
    if (raw.includes(0) || text.includes("\uFFFD")) stats.garbledLines++;
    yield text;
  }
}

/** The whole section as one string, lines joined with "\n" (MVT's form; for small sections and tests). */
export async function sectionText(file: Pick<SourceFile, "stream">, spec: SectionSpec, stats?: SectionStats): Promise<string> {
  const out: string[] = [];
  for await (const line of sectionLines(file, spec, stats)) out.push(line);
  return out.join("\n");
}

/** At most one warning sentence for a section read, or undefined when nothing looked wrong. */
export function sectionWarning(stats: SectionStats, label: string): string | undefined {
  const problems: string[] = [];
  if (stats.truncated) problems.push(`the file ends inside the ${label} section in the middle of a line (truncated?)`);
  if (stats.garbledLines) problems.push(`${stats.garbledLines} line(s) of the ${label} section are not UTF-8 text (garbled?)`);
  if (stats.longLines) problems.push(`${stats.longLines} line(s) of the ${label} section were longer than ${MAX_LINE_BYTES} bytes and were cut`);
  if (stats.cutAtLimit) problems.push(`the ${label} section is longer than ${MAX_SECTION_BYTES} bytes: only its first ${MAX_SECTION_BYTES} bytes were read`);
  // One file, several modules: only the first says where reading stopped; the others stop there silently.
  const file = readOf.get(stats);
  if (stats.stoppedAt !== undefined && file && !stopReported.has(file)) {
    stopReported.add(file);
    problems.push(`the file is not line text from byte ${stats.stoppedAt} on (a line longer than ${MAX_RUN_BYTES} bytes, e.g. NUL bytes): reading stopped there for every module`);
  }
  if (!problems.length) return undefined;
  const text = problems.join("; ");
  return text[0]!.toUpperCase() + text.slice(1) + "; the records read before it are kept";
}
