/**
 * The strings fallback of the carver: in free bytes where no record parsed, runs of printable ASCII that look like
 * URLs, e-mail addresses, domains or process names. Shapes are strict (lowercase hosts with a label of 3+ chars, a
 * process name of 6+ lowercase letters or a bundle id standing alone) because random bytes make short printable runs often.
 */

export type StringKind = "url" | "domain" | "email" | "process";

export interface FoundString {
  readonly kind: StringKind;
  readonly text: string;
  /** Offset of the string in the bytes given. */
  readonly at: number;
}

/** Longest string reported (a URL in a message rarely exceeds this; MVT's own URL fields are free text). */
const MAX_TEXT = 2048;

const URL_RE = /https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][^\s"'<>\\^`{|}]*)?/g;
const EMAIL_RE = /[A-Za-z0-9._%+-]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}/g;
const DOMAIN_RE = /(?<![A-Za-z0-9.@-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![A-Za-z0-9-])/g;
/** A daemon-like lowercase name of 6+ letters, or a reverse-DNS bundle id (3+ labels). */
const PROCESS_RE = /^(?:[a-z]{6,32}|[a-z][a-z0-9-]{1,30}(?:\.[A-Za-z][A-Za-z0-9-]{1,62}){2,6})$/;

const latin1 = new TextDecoder("latin1");

export function* stringsIn(b: Uint8Array, start: number, end: number): Generator<FoundString> {
  let runStart = -1;
  for (let i = start; i <= end; i++) {
    const c = i < end ? b[i]! : 0;
    if (c > 0x20 && c < 0x7f) {
      if (runStart < 0) runStart = i;
      continue;
    }
    if (runStart >= 0 && i - runStart >= 5) yield* stringsOfRun(latin1.decode(b.subarray(runStart, Math.min(i, runStart + MAX_TEXT))), runStart);
    runStart = -1;
  }
}

function* stringsOfRun(run: string, at: number): Generator<FoundString> {
  let structured = false;
  for (const m of run.matchAll(URL_RE)) {
    structured = true;
    yield { kind: "url", text: m[0].replace(/[.,;:!?)\]]+$/, ""), at: at + m.index };
  }
  for (const m of run.matchAll(EMAIL_RE)) {
    structured = true;
    yield { kind: "email", text: m[0], at: at + m.index };
  }
  if (structured) return;
  for (const m of run.matchAll(DOMAIN_RE)) {
    const labels = m[0].split(".");
    if (labels.slice(0, -1).some((l) => l.length >= 3)) yield { kind: "domain", text: m[0], at: at + m.index };
  }
  if (PROCESS_RE.test(run)) yield { kind: "process", text: run, at };
}
