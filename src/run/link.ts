/** One link from a message judged offline, as `check-link` prints it (--json) and the page shows it. */
import { scoreDomain, type LinkLevel, type Score } from "../checks/lookalike.ts";
import { normalizeUrl } from "../checks/url-normalize.ts";
import type { IndicatorSet } from "../indicators/types.ts";

/** One verdict, also the shape of a --json line. */
export interface LinkVerdict {
  readonly url: string;
  /** The domain judged (registrable domain, or the host), null when the text holds no web address. */
  readonly domain: string | null;
  /** A known indicator, or impersonation at MEDIUM or above. */
  readonly suspicious: boolean;
  /** CRITICAL for a known indicator; HIGH or MEDIUM for impersonation by the strength of its signals; LOW for a note
   *  only (a URL shortener or a raw IP: the real destination is hidden, which is not suspicious by itself); else null. */
  readonly level: "CRITICAL" | LinkLevel | null;
  /** The indicator collection it belongs to, when it matched one. */
  readonly known: { readonly name: string; readonly file: string } | null;
  readonly reasons: readonly string[];
}

/**
 * The reason texts of a score, one array per score (the scorer hands every link of a host the same score): links
 * that are no known indicator share it, so check-link renders a host's verdict once (check-link.ts).
 */
const TEXTS = new Map<Score, readonly string[]>();
/** Scores whose texts are kept (a WeakMap cost more than the texts: ~1 µs a link); past it, they are made again. */
const TEXTS_MAX = 50_000;
function textsOf(s: Score): readonly string[] {
  let t = TEXTS.get(s);
  if (!t) {
    if (TEXTS.size >= TEXTS_MAX) TEXTS.clear();
    TEXTS.set(s, (t = s.reasons.map((r) => r.text)));
  }
  return t;
}

/** Judges one link: known indicator first, then the lookalike scorer. Never throws. */
export function judgeLink(url: string, indicators: IndicatorSet | undefined, bundled: boolean): LinkVerdict {
  const n = normalizeUrl(url);
  if (!n) return { url, domain: null, suspicious: false, level: null, known: null, reasons: [] };
  const s = scoreDomain(n);
  // The link as written is asked too when the parser rewrote it (most links are written as it writes them).
  const m = indicators?.match("url", n.url) ?? (n.url !== url ? indicators?.match("url", url) : undefined);
  const known = m ? { name: m.name, file: m.stix2_file_name } : null;
  const reasons = m ? [`known ${m.name} ${m.type === "urls" ? "address" : "domain"} (${bundled ? "Amnesty indicators" : m.stix2_file_name})`, ...textsOf(s)] : textsOf(s);
  const level = m ? "CRITICAL" : (s.level ?? null);
  return { url, domain: s.domain, suspicious: !!m || s.suspicious, level, known, reasons };
}
