/** One link from a message judged offline, as `check-link` prints it (--json) and the page shows it. */
import { scoreUrl, type LinkLevel } from "../checks/lookalike.ts";
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

/** Judges one link: known indicator first, then the lookalike scorer. Never throws. */
export function judgeLink(url: string, indicators: IndicatorSet | undefined, bundled: boolean): LinkVerdict {
  const s = scoreUrl(url);
  if (!s) return { url, domain: null, suspicious: false, level: null, known: null, reasons: [] };
  const reasons = s.reasons.map((r) => r.text);
  const m = indicators?.match("url", s.normalized.url) ?? indicators?.match("url", url);
  const known = m ? { name: m.name, file: m.stix2_file_name } : null;
  if (m) reasons.unshift(`known ${m.name} ${m.type === "urls" ? "address" : "domain"} (${bundled ? "Amnesty indicators" : m.stix2_file_name})`);
  const level = m ? "CRITICAL" : (s.level ?? null);
  return { url, domain: s.domain, suspicious: !!m || s.suspicious, level, known, reasons };
}
